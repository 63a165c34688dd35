"""Loading bundled and exported (derived-feature) corpora."""

from __future__ import annotations

from pathlib import Path

from .. import _paths
from .._validation import InstanceOf, check_param
from ..errors import InputError
from ._container import Corpus
from ._disk import DiskCorpus, is_store
from ._features import read_features

__all__ = ["list_corpora", "load_corpus"]


def list_corpora() -> list[str]:
    """Names of the bundled corpora.

    Returns
    -------
    list of str
        Sorted names, each loadable with :func:`load_corpus`.

    Raises
    ------
    None
        The package's data folder is always there.

    Examples
    --------
    >>> "peace-talks-2026" in list_corpora()
    True
    """
    return _paths.bundled_corpora()


def load_corpus(name_or_path="peace-talks-2026"):
    """Load a bundled corpus by name, or a corpus folder by path (derived features or an on-disk store).

    The files' checksums (``SHA256SUMS``) and their consistency (row counts,
    token totals per paragraph and document) are checked; a damaged file
    gives an error that names it.

    Parameters
    ----------
    name_or_path : str or path-like, default='peace-talks-2026'
        A bundled corpus name (see :func:`list_corpora`), a folder written
        by :meth:`Corpus.to_features`, or a folder written by
        :func:`framing.build_corpus` (opened as a :class:`DiskCorpus`, its
        counts memory-mapped and read block by block).

    Returns
    -------
    Corpus or DiskCorpus
        A counts-only corpus.

    Raises
    ------
    InputError
        For an unknown name (the message lists the bundled corpora).
    CorpusFormatError
        For a damaged or inconsistent file.

    Examples
    --------
    >>> corpus = load_corpus("peace-talks-2026")
    >>> len(corpus)
    602
    """
    check_param("load_corpus()", "name_or_path", name_or_path, [InstanceOf((str, Path), "a corpus name or folder")])
    if isinstance(name_or_path, Path) or (isinstance(name_or_path, str) and ("/" in name_or_path or "\\" in name_or_path)):
        folder = Path(name_or_path)
        if not folder.is_dir():
            raise InputError(f"load_corpus(): no corpus folder at {folder}")
        name = folder.name
        bundled = False
    else:
        name = name_or_path
        folder = _paths.corpora_dir() / name
        bundled = name in _paths.bundled_corpora()
        if not bundled:
            local = Path(name)
            if local.is_dir() and ((local / "documents.csv").is_file() or is_store(local)):
                folder = local
            else:
                raise InputError(
                    f"no bundled corpus named {name!r}; bundled corpora: {', '.join(_paths.bundled_corpora()) or 'none'}. "
                    "To load an exported corpus, pass its folder path"
                )
    if is_store(folder):
        return DiskCorpus(folder)
    parts = read_features(folder, bundled=bundled)
    return Corpus(
        parts["documents"], parts["paragraphs"], parts["counts"], parts["vocabulary"],
        ngrams=parts["ngrams"], shingles=parts["shingles"], events=parts["events"], name=name,
        checksum=parts["checksum"],
    )  # fmt: skip
