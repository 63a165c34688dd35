"""Where the package's data lives: the one paths module.

Package data is found relative to the package (``importlib.resources``),
never through the current directory. The bundled corpora are inside the
installed package as ``framing/_corpora`` (a wheel built by hatchling copies
the repository's ``corpora/`` folder there); in a source checkout or an
editable install they are the repository's ``corpora/`` folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_dir", "corpora_dir", "bundled_corpora"]

_PACKAGE = Path(str(resources.files("framing")))


def data_dir() -> Path:
    """The folder of small package data (stop words, lexicons, dictionaries)."""
    return _PACKAGE / "_data"


def corpora_dir() -> Path:
    """The folder that holds the bundled corpora, one sub-folder each."""
    installed = _PACKAGE / "_corpora"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "corpora"


def bundled_corpora() -> list[str]:
    """Names of the bundled corpora, sorted."""
    root = corpora_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "documents.csv").is_file())
