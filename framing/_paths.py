"""Where the package's data lives: the one paths module.

Package data is found relative to the package (``importlib.resources``),
never through the current directory. The bundled corpora are inside the
installed package as ``framing/_corpora`` (a wheel built by hatchling copies
the repository's ``corpora/`` folder there); in a source checkout or an
editable install they are the repository's ``corpora/`` folder.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from .errors import InputError

__all__ = ["data_dir", "corpora_dir", "bundled_corpora", "FIGURE_NAME", "check_figure_name"]

_PACKAGE = Path(str(resources.files("framing")))


def data_dir() -> Path:
    """The folder of small package data (stop words, lexicons, dictionaries).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    None
        The path is computed from the package, never the current directory.

    Examples
    --------
    >>> (data_dir() / "stopwords").is_dir()
    True
    """
    return _PACKAGE / "_data"


def corpora_dir() -> Path:
    """The folder that holds the bundled corpora, one sub-folder each.

    Returns
    -------
    pathlib.Path
        ``framing/_corpora`` in an installed package, else ``corpora/`` beside it.

    Raises
    ------
    None
        The path is computed from the package, never the current directory.

    Examples
    --------
    >>> (corpora_dir() / "peace-talks-2026").is_dir()
    True
    """
    installed = _PACKAGE / "_corpora"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "corpora"


def bundled_corpora() -> list[str]:
    """Names of the bundled corpora, sorted.

    Returns
    -------
    list of str
        The sub-folders of :func:`corpora_dir` with a ``documents.csv``.

    Raises
    ------
    None
        An installation without corpora gives an empty list.

    Examples
    --------
    >>> bundled_corpora()
    ['peace-talks-2026']
    """
    root = corpora_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "documents.csv").is_file())


#: A figure's file stem (``save_figure``'s ``name``, a ``MANIFEST.csv`` row): letters, digits,
#: ``.``, ``_`` and ``-``, starting with a letter or digit. So no path separator, no ``..``
#: component and no absolute path can name a file outside the figures folder.
FIGURE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_figure_name(name: object, where: str = "name") -> str:
    """Return ``name`` if it is a usable figure file stem, else raise.

    The one name rule of :func:`framing.style.save_figure` and of the names
    ``framing reproduce`` reads back from ``MANIFEST.csv``.

    Parameters
    ----------
    name : object
        The candidate stem, e.g. ``'03-keyness-en'``.
    where : str, default='name'
        What to call it in the message (the parameter, or file and line).

    Returns
    -------
    str

    Raises
    ------
    InputError
        If ``name`` is not a string of letters, digits, ``.``, ``_`` and
        ``-`` starting with a letter or digit (so it holds no separator, is
        not ``..`` and is not an absolute path).

    Examples
    --------
    >>> check_figure_name("03-keyness-en")
    '03-keyness-en'
    >>> check_figure_name("../notes")
    Traceback (most recent call last):
    ...
    framing.errors.InputError: name: '../notes' is not a usable figure name; use letters, digits, '.', '_' and '-', starting with a letter or digit (no folders, e.g. '03-keyness-en')
    """
    if not isinstance(name, str) or not FIGURE_NAME.match(name):
        raise InputError(
            f"{where}: {name!r} is not a usable figure name; use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit (no folders, e.g. '03-keyness-en')"
        )
    return name
