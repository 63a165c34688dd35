"""Decoding a reader's bytes: strict UTF-8 (or a given encoding), byte-order marks, mojibake warnings.

Files are read as strict UTF-8 unless ``encoding=`` is given; a byte-order
mark is removed whatever ``encoding`` says. Undecodable bytes raise an error
naming the file, the byte offset and the line. Texts that look like mojibake
(UTF-8 that was once read as cp1252 or latin-1, e.g. ``Ã©`` for ``é``) give a
warning naming the rows.
"""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

from ..errors import InputError

__all__ = ["decode", "read_bytes", "warn_mojibake", "looks_like_mojibake", "UNDECODABLE"]

_UTF8_BOM = b"\xef\xbb\xbf"
UNDECODABLE = "undecodable bytes (not UTF-8)"
_ENCODING_HINT = (
    "pass the file's encoding, e.g. encoding='cp1251' (Cyrillic, Windows), encoding='cp1252' or "
    "encoding='latin-1' (Western European), or re-save the file as UTF-8"
)

# A UTF-8 lead byte (C2-DF, or E2 followed by 80) read as cp1252/latin-1, followed by a
# continuation byte (80-BF) read the same way: 'Ã©' for 'é', 'Ð¿' for 'п', 'â€™' for '’'.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_CONT = f"[\u0080-\u00bf{_CP1252_HIGH}]"
_MOJIBAKE_RE = re.compile(f"[\u00c2-\u00df]{_CONT}|[\u00e0-\u00ef]{_CONT}{_CONT}")


def _as_utf8_char(pair: str) -> bool:
    """Whether ``pair`` is the cp1252/latin-1 reading of one UTF-8 encoded character."""
    for enc in ("cp1252", "latin-1"):
        try:
            raw = pair.encode(enc)
        except UnicodeEncodeError:
            continue
        try:
            raw.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def looks_like_mojibake(text: str) -> str | None:
    """The first stretch of ``text`` that looks like UTF-8 read as cp1252/latin-1, or None.

    Parameters
    ----------
    text : str

    Returns
    -------
    str or None
        E.g. ``'Ã©'`` (which was ``'é'``); None when the text looks clean.

    Raises
    ------
    None
        A value that is not a str gives None.

    Examples
    --------
    >>> looks_like_mojibake("cafÃ© au lait")
    'Ã©'
    >>> looks_like_mojibake("café au lait") is None
    True
    """
    if not isinstance(text, str) or text.isascii():
        return None
    for m in _MOJIBAKE_RE.finditer(text):
        if _as_utf8_char(m.group()):
            return m.group()
    return None


def decode(raw: bytes, path: Path, encoding: str | None) -> str:
    """Decode a whole file strictly, without its byte-order mark.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    path : pathlib.Path
        The file, for messages.
    encoding : str or None
        None: strict UTF-8.

    Returns
    -------
    str

    Raises
    ------
    InputError
        An unknown encoding; undecodable bytes (names the file, the byte
        offset and the line, and suggests ``encoding=``).

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfcaf\\xc3\\xa9", Path("a.txt"), None)
    'café'
    >>> decode(b"ok\\n\\xff", Path("a.txt"), None)
    Traceback (most recent call last):
    ...
    framing.errors.InputError: a.txt: not valid UTF-8: undecodable bytes b'\\xff' at byte 3 (line 2); pass the file's encoding, e.g. encoding='cp1251' (Cyrillic, Windows), encoding='cp1252' or encoding='latin-1' (Western European), or re-save the file as UTF-8
    """
    enc = "utf-8" if encoding is None else encoding
    try:
        is_utf8 = codecs.lookup(enc).name == "utf-8" or codecs.lookup(enc).name == "utf-8-sig"
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not a known text encoding (e.g. 'utf-8', 'cp1251', 'latin-1')") from None
    offset = 0
    if raw.startswith(_UTF8_BOM):
        if not is_utf8 and not codecs.lookup(enc).name.startswith("utf"):
            warnings.warn(
                f"{path} starts with a UTF-8 byte-order mark but encoding={encoding!r} was given; the mark is "
                "removed and the rest read as given (the file is probably UTF-8: try encoding=None)",
                stacklevel=4,
            )
        if is_utf8 or not codecs.lookup(enc).name.startswith("utf"):
            offset = len(_UTF8_BOM)
    try:
        text = raw[offset:].decode("utf-8" if is_utf8 else enc)
    except UnicodeDecodeError as exc:
        start = exc.start + offset
        line = raw[:start].count(b"\n") + 1
        bad = raw[start : start + 4]
        what = "not valid UTF-8" if encoding is None else f"not valid {encoding}"
        raise InputError(
            f"{path}: {what}: undecodable bytes {bad!r} at byte {start} (line {line}); {_ENCODING_HINT}"
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_bytes(path) -> tuple[Path, bytes]:
    """The bytes of a file, with its path.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    (pathlib.Path, bytes)

    Raises
    ------
    InputError
        No such file, or a file that cannot be read (the message names it).

    Examples
    --------
    >>> read_bytes("/no/such/file.csv")
    Traceback (most recent call last):
    ...
    framing.errors.InputError: no such file: /no/such/file.csv
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def warn_mojibake(texts: list, labels: list[str], path: Path) -> None:
    """Warn (once, naming up to five records) when texts look like UTF-8 read as cp1252/latin-1.

    Parameters
    ----------
    texts : list of str
    labels : list of str
        Where each text came from (``'line 3'``, a file name).
    path : pathlib.Path
        The file or folder read.

    Raises
    ------
    None
        It only warns.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_mojibake(["cafÃ©", "fine"], ["line 2", "line 3"], Path("news.csv"))
    >>> "line 2 ('Ã©')" in str(w[0].message)
    True
    """
    hits = []
    for text, label in zip(texts, labels):
        found = looks_like_mojibake(text)
        if found:
            hits.append((label, found))
    if hits:
        shown = "; ".join(f"{label} ({found!r})" for label, found in hits[:5])
        more = f" and {len(hits) - 5} more" if len(hits) > 5 else ""
        warnings.warn(
            f"{path}: {len(hits)} text(s) look like mojibake (UTF-8 that was read as cp1252/latin-1, "
            f"e.g. 'Ã©' for 'é'): {shown}{more}. Fix the source file or pass the right encoding=",
            stacklevel=4,
        )
