"""Checksums of a corpus folder (``SHA256SUMS``): write them, and check them strictly.

``SHA256SUMS`` has one line per file, ``<sha256 hex digest>  <file name>``
(the format of GNU ``sha256sum``; a ``*`` before the name is accepted).
Checking is strict so that the checksums cannot be switched off by editing
or deleting them:

- every data file present in the folder must be listed: a file that is not
  listed (e.g. after its line was deleted) is an error, not a file that is
  silently trusted. Data files are all files except ``SHA256SUMS`` itself,
  hidden files (``.DS_Store``) and documentation (``.md``, ``.txt``,
  ``.rst``, ``.html``, ``.pdf``), which may be listed but need not be;
- an entry must be a plain file name in the folder (no ``/``, ``\\``,
  ``..``, absolute path or control character): no file outside the folder is
  ever opened;
- a listed file that is missing, a digest that differs, a malformed or
  repeated line are errors that name the file and line;
- a folder without ``SHA256SUMS`` is an error for a bundled corpus and a
  warning for a folder of the user's.

Used by :func:`framing.load_corpus` and :func:`framing.write_features`, and
by any other corpus store that keeps its files in one folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path

from ..errors import CorpusFormatError, InputError

__all__ = ["SUMS_FILE", "sha256_file", "write_checksums", "verify_checksums", "must_be_listed"]

SUMS_FILE = "SHA256SUMS"
#: Files with these suffixes are documentation: they may be listed, but need not be.
DOC_SUFFIXES = frozenset({".md", ".txt", ".rst", ".html", ".pdf"})
_DIGEST = re.compile(r"[0-9a-f]{64}")


def sha256_file(path) -> str:
    """SHA-256 hex digest of a file, read in 1 MiB blocks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.tsv"
    >>> _ = f.write_bytes(b"")
    >>> sha256_file(f)[:16]
    'e3b0c44298fc1c14'
    """
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def must_be_listed(name: str) -> bool:
    """Whether a file of this name must be listed in ``SHA256SUMS`` (data, not documentation).

    Examples
    --------
    >>> must_be_listed("counts.tsv"), must_be_listed("DATASHEET.md"), must_be_listed(".DS_Store")
    (True, False, False)
    """
    return name != SUMS_FILE and not name.startswith(".") and Path(name).suffix.lower() not in DOC_SUFFIXES


def _plain_name(name: str) -> bool:
    return (
        bool(name)
        and name not in (".", "..")
        and "/" not in name
        and "\\" not in name
        and not re.match(r"^[A-Za-z]:", name)
        and not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name)
    )


def write_checksums(folder, names: Iterable[str] | None = None) -> Path:
    """Write ``SHA256SUMS`` for the files of ``folder``.

    Parameters
    ----------
    folder : path-like
    names : iterable of str, optional
        The files to list, in this order (plain names in ``folder``).
        Default: every file that :func:`must_be_listed`, sorted by name.

    Returns
    -------
    pathlib.Path
        The ``SHA256SUMS`` file.

    Raises
    ------
    InputError
        For a name that is not a plain file name, or a file that does not exist.
    """
    folder = Path(folder)
    if names is None:
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and must_be_listed(p.name))
    lines = []
    for name in names:
        if not _plain_name(name):
            raise InputError(f"write_checksums(): {name!r} is not a plain file name in {folder}")
        if not (folder / name).is_file():
            raise InputError(f"write_checksums(): {folder / name} does not exist")
        lines.append(f"{sha256_file(folder / name)}  {name}\n")
    out = folder / SUMS_FILE
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    return out


def verify_checksums(folder, *, required: bool = False) -> str | None:
    """Check ``SHA256SUMS`` in ``folder`` strictly; return the digest of that file.

    Parameters
    ----------
    folder : path-like
    required : bool, default=False
        Whether the folder must have a ``SHA256SUMS`` (True for a bundled
        corpus). When it has none: an error if required, else a warning,
        and None is returned.

    Returns
    -------
    str or None
        SHA-256 of ``SHA256SUMS`` (identifies the exact files), or None
        when there is none.

    Raises
    ------
    CorpusFormatError
        A missing ``SHA256SUMS`` when required; a malformed or repeated
        line; an entry that is not a plain file name in the folder; a
        listed file that is missing or whose digest differs; a data file
        that is not listed. The message names the file (and line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "counts.tsv").write_text("doc_id\\tpara\\n", encoding="utf-8")
    >>> _ = write_checksums(d)
    >>> verify_checksums(d) == sha256_file(d / "SHA256SUMS")
    True
    """
    folder = Path(folder)
    sums = folder / SUMS_FILE
    if not sums.is_file():
        msg = (
            f"{folder}: no {SUMS_FILE} file, so the corpus files cannot be checked for damage or edits"
        )
        if required:
            raise CorpusFormatError(f"{msg}; restore it from the original corpus (reinstall framing)")
        warnings.warn(f"{msg}; write one with framing.write_features() or `sha256sum * > {SUMS_FILE}`", stacklevel=3)
        return None
    try:
        text = sums.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusFormatError(f"{sums}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    listed: dict[str, int] = {}
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9A-Fa-f]+) [ *](.*)", line)
        if m is None or not _DIGEST.fullmatch(m.group(1).lower()):
            raise CorpusFormatError(f"{sums}, line {lineno}: expected '<sha256>  <file>', got {line!r}")
        digest, name = m.group(1).lower(), m.group(2)
        if not _plain_name(name):
            raise CorpusFormatError(
                f"{sums}, line {lineno}: {name!r} is not a plain file name in the corpus folder "
                "(paths, '..' and control characters are not allowed); the file was not opened"
            )
        if name in listed:
            raise CorpusFormatError(f"{sums}, line {lineno}: {name!r} is listed twice (first on line {listed[name]})")
        listed[name] = lineno
        target = folder / name
        if target.is_symlink() or not target.is_file():
            what = "a symbolic link" if target.is_symlink() else "missing"
            raise CorpusFormatError(f"{target}: listed in {SUMS_FILE} but {what}; restore the file or re-export the corpus")
        if sha256_file(target) != digest:
            raise CorpusFormatError(
                f"{target}: damaged (its SHA-256 checksum does not match {SUMS_FILE}, line {lineno}); "
                "restore the file from the original corpus"
            )
    unlisted = sorted(p.name for p in folder.iterdir() if p.is_file() and must_be_listed(p.name) and p.name not in listed)
    if unlisted:
        raise CorpusFormatError(
            f"{folder / unlisted[0]}: not listed in {SUMS_FILE}"
            + (f" (nor are {unlisted[1:]})" if len(unlisted) > 1 else "")
            + "; a data file without a checksum may have been added or edited. Restore the original "
            "corpus, or re-export it with write_features() to list every file"
        )
    return sha256_file(sums)
