"""Readers that bring a researcher's own texts in: CSV, JSONL and a folder of .txt files.

Each reader returns a :class:`~framing.Corpus` built with
:meth:`~framing.Corpus.from_texts` whose ``report``
(:class:`~framing.ReadReport`) accounts for every record seen:
``n_read + n_skipped == n_seen``, with the line, record or file and the
reason of each skipped record. Whenever something was skipped the reader also
warns with the report's summary: nothing is dropped silently.

One option, the same in every reader: ``errors='skip'`` (default) skips a
record the reader cannot use and reports it; ``errors='raise'`` stops at the
first one with an :class:`~framing.errors.InputError` naming the file and
line. Reasons: ``'malformed quoting'``, ``'too many fields'``,
``'too few fields'`` (CSV); ``'not valid JSON'``, ``'not a JSON object'``,
``'text is not a string'``, ``'missing text column'`` (JSONL); ``'dangling
link'``, ``'link outside the folder'``, ``'unreadable file'``,
``'undecodable bytes (not UTF-8)'`` (folder); and in every reader
``'missing doc_id'``, ``'invalid doc_id'``, ``'empty text'``,
``'duplicate id'``, ``'no tokens (only punctuation or symbols)'``.

CSV is parsed strictly (RFC 4180): a quote that opens a field and is not
closed where it should be never swallows the rows after it; the record is
skipped (or raised) with its line, and reading resumes on the next line.

Encodings: files are read as strict UTF-8 unless ``encoding=`` is given; a
byte-order mark is removed whatever ``encoding`` says. Undecodable bytes in
a single file raise an error naming the file, the byte offset and the line;
in a folder the file is skipped and reported. Texts that look like mojibake
(UTF-8 that was once read as cp1252 or latin-1, e.g. ``Ã©`` for ``é``) give a
warning naming the rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ._container import Corpus
from ._inputs import clean_id, is_missing
from ._report import ReadReport

__all__ = ["read_csv", "read_jsonl", "read_folder", "looks_like_mojibake"]

_REPORT_COLUMNS = ["where", "doc_id", "reason"]
_UNMATCHED_COLUMNS = ["where", "file", "reason"]
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


def _check_errors(errors) -> None:
    if errors not in ("raise", "skip"):
        raise InputError(f"errors must be 'raise' or 'skip', got {errors!r}")


def _decode(raw: bytes, path: Path, encoding: str | None) -> str:
    """Decode a whole file strictly, without its byte-order mark; raise InputError naming the file, byte and line."""
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


def _read_bytes(path) -> tuple[Path, bytes]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _warn_mojibake(texts: list, labels: list[str], path: Path) -> None:
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


class _Skips:
    """The skipped records of one read; with ``errors='raise'`` the first one is an error."""

    def __init__(self, path: Path, errors: str):
        self.path, self.errors, self.rows = path, errors, []

    def add(self, where: str, doc_id, reason: str, detail: str = "") -> None:
        if self.errors == "raise":
            shown = f" (doc_id {doc_id!r})" if doc_id is not None else ""
            raise InputError(
                f"{self.path}, {where}: {reason}{detail}{shown}; fix the record, or pass errors='skip' to skip "
                "such records and list them in corpus.report"
            )
        self.rows.append((where, doc_id, reason))


def _finish(
    path: Path,
    records: list[tuple[str, object, object, dict]],
    columns: list[str],
    skips: _Skips,
    *,
    n_seen: int,
    id_column: str,
    name: str | None,
    warn: bool,
    n_jobs,
    unmatched: list[tuple] = (),
    title_column: str | None = None,
) -> Corpus:
    """Check ids and texts of ``(where, raw id, text, metadata)`` records, build the corpus, attach the report."""
    keep, seen = [], set()
    for where, raw_id, text, meta in records:
        doc_id, problem, detail = clean_id(raw_id)
        if problem:
            skips.add(where, None if problem == "missing doc_id" else raw_id, problem, f" ({raw_id!r} {detail})" if problem != "missing doc_id" else "")
        elif not isinstance(text, str) or not text.strip():
            skips.add(where, doc_id, "empty text")
        elif doc_id in seen:
            skips.add(where, doc_id, "duplicate id")
        else:
            seen.add(doc_id)
            keep.append((where, doc_id, text, meta))
    unmatched_df = pd.DataFrame(list(unmatched), columns=_UNMATCHED_COLUMNS)
    if not keep:
        report = ReadReport(str(path), 0, pd.DataFrame(skips.rows, columns=_REPORT_COLUMNS), n_seen=n_seen, unmatched=unmatched_df)
        raise InputError(f"{path}: no usable document, the corpus would be empty ({report})")
    labels = [k[0] for k in keep]
    _warn_mojibake([k[2] for k in keep], labels, path)
    meta = pd.DataFrame([[k[3].get(c) for c in columns] for k in keep], columns=columns, dtype=object)
    meta.insert(0, id_column, [k[1] for k in keep])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus = Corpus.from_texts(
                [k[2] for k in keep], meta, id_column=id_column, title_column=title_column,
                name=name or path.stem, on_duplicate="raise", warn=False, n_jobs=n_jobs,
            )  # fmt: skip
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    for w in caught:
        warnings.warn(f"{path}: {w.message}", w.category, stacklevel=3)
    inner = corpus.report
    where_of = dict(zip((k[1] for k in keep), labels))
    for _, row in inner.skipped.iterrows():  # no tokens: reported under the record's own line or file
        skips.add(where_of.get(row["doc_id"], row["where"]), row["doc_id"], row["reason"])
    corpus.report = ReadReport(
        str(path), inner.n_read, pd.DataFrame(skips.rows, columns=_REPORT_COLUMNS), n_seen=n_seen, unmatched=unmatched_df
    )
    if corpus.report.n_read + corpus.report.n_skipped != n_seen:  # pragma: no cover - a bug, not bad input
        raise AssertionError(f"read report does not add up: {corpus.report} of {n_seen} records")
    if warn and (corpus.report.n_skipped or len(unmatched_df)):
        warnings.warn(str(corpus.report), stacklevel=3)
    return corpus


def _csv_records(text: str, delimiter: str):
    """``(line, fields or None, error)`` per CSV record, parsed strictly.

    A record that does not parse (a quote opened and not closed where it
    should be) is yielded as ``(line, None, message)`` and parsing resumes on
    the line after the one where that record started, so a stray quote never
    swallows the rows after it.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [ln + "\n" for ln in lines]
    pos = 0
    while pos < len(lines):
        consumed = [0]

        def feed(start=pos):
            for ln in lines[start:]:
                consumed[0] += 1
                yield ln

        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        before = 0
        try:
            for row in reader:
                yield pos + before + 1, row, None
                before = consumed[0]
        except csv.Error as exc:
            yield pos + before + 1, None, str(exc)
            pos = pos + before + 1
            continue
        break


def read_csv(
    path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    title_column: str | None = None,
    encoding: str | None = None,
    delimiter: str = ",",
    errors: str = "skip",
    name: str | None = None,
    warn: bool = True,
    n_jobs=1,
) -> Corpus:
    """Read a CSV file with one document per row into a corpus.

    Parameters
    ----------
    path : str or path-like
    text_column : str, default='text'
        The column that holds the text; paragraphs are its lines.
    id_column : str, default='doc_id'
        The column of document ids; when the file has none, ids are
        ``doc-0001``, ``doc-0002``, ... by data row.
    title_column : str, optional
        The column that holds each document's title (headline): it becomes the
        document's first paragraph with role ``'title'`` and stays in the
        metadata (see :meth:`Corpus.from_texts`).
    encoding : str, optional
        Default: strict UTF-8. A byte-order mark is removed whatever the
        encoding.
    delimiter : str, default=','
        Use ``'\\t'`` for a tab-separated file.
    errors : {'skip', 'raise'}, default='skip'
        What to do with a row that cannot be used (malformed quoting, a
        wrong number of fields, an empty text, a missing or repeated id):
        skip it and report it, or stop with an error naming its line.
    name : str, optional
        Corpus name (default: the file name without extension).
    warn : bool, default=True
        Warn with the report's summary when records were skipped.
    n_jobs : int, default=1
        Passed to :meth:`Corpus.from_texts`.

    Returns
    -------
    Corpus
        All other columns become metadata (strings). ``corpus.report``
        accounts for every data row (``where`` is ``'line N'``, the line
        where the record starts).

    Notes
    -----
    Parsing is strict (RFC 4180): a quote that opens a field must close it
    right before a delimiter or a line end. A stray quote inside a quoted
    field therefore breaks the parse at the next quoted field, and that
    record is skipped (or raised) with the line where it starts; reading
    resumes on the next line, so the rows after it are kept. One damage no
    parser can tell from valid CSV: a stray quote closed by a later quoted
    field that begins with a quote or a comma; the rows in between then end
    up in one field.

    Raises
    ------
    InputError
        No such file; undecodable bytes (names the byte offset and line and
        suggests ``encoding=``); an unreadable header; no column named
        ``text_column`` (lists the columns found); with ``errors='raise'``,
        the first row that cannot be used; no usable document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = f.write_text("doc_id,language,text\\na,en,Talks resumed in Geneva.\\n", encoding="utf-8")
    >>> corpus = read_csv(f)
    >>> corpus.report.n_read, corpus.documents.loc["a", "language"]
    (1, 'en')
    """
    _check_errors(errors)
    path, raw = _read_bytes(path)
    text = _decode(raw, path, encoding)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    records = _csv_records(text, delimiter)
    first = next(records, None)
    if first is None:
        raise InputError(f"{path}: the file is empty (expected a header row with a {text_column!r} column)")
    if first[1] is None:
        raise InputError(f"{path}, line 1: cannot parse the CSV header: {first[2]}")
    header = [h.strip() for h in first[1]]
    if text_column not in header:
        raise InputError(
            f"{path}: no text column {text_column!r}; the columns found are {header}. "
            "Name the text column with text_column=..."
        )
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise InputError(f"{path}, line 1: repeated column name(s) {dup}; column names must be unique")
    t_idx = header.index(text_column)
    i_idx = header.index(id_column) if id_column in header else None
    columns = [c for c in header if c not in (text_column, id_column)]
    skips = _Skips(path, errors)
    rows, n_seen = [], 0
    for lineno, row, problem in records:
        label = f"line {lineno}"
        if row is not None and (not row or (len(row) == 1 and not row[0].strip() and len(header) > 1)):
            continue  # a blank line is not a record
        n_seen += 1
        if row is None:
            skips.add(label, None, "malformed quoting", f" (a quoted field is not closed where it should be: {problem})")
            continue
        if len(row) != len(header):
            doc_id = row[i_idx] if i_idx is not None and i_idx < len(row) else None
            reason = "too many fields" if len(row) > len(header) else "too few fields"
            skips.add(label, doc_id, reason, f" ({len(row)}, the header has {len(header)})")
            continue
        rows.append((label, row))
    width = max(4, len(str(len(rows))))
    recs = []
    for n, (label, row) in enumerate(rows, 1):
        doc_id = row[i_idx] if i_idx is not None else f"doc-{n:0{width}d}"
        recs.append((label, doc_id, row[t_idx], dict(zip(header, row))))
    return _finish(
        path, recs, columns, skips, n_seen=n_seen, id_column=id_column, name=name, warn=warn, n_jobs=n_jobs,
        title_column=title_column,
    )  # fmt: skip


def read_jsonl(
    path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    title_column: str | None = None,
    encoding: str | None = None,
    errors: str = "skip",
    name: str | None = None,
    warn: bool = True,
    n_jobs=1,
) -> Corpus:
    """Read a JSON Lines file (one JSON object per line) into a corpus.

    Parameters
    ----------
    path : str or path-like
    text_column : str, default='text'
        The key that holds the text.
    id_column : str, default='doc_id'
        The key of document ids (default ids ``doc-0001``, ... by record).
        An id is a string or an integer; a float, bool or missing id is a
        skipped record (``'invalid doc_id'``, ``'missing doc_id'``).
    title_column : str, optional
        The key that holds each document's title (headline): it becomes the
        document's first paragraph with role ``'title'`` and stays in the
        metadata (see :meth:`Corpus.from_texts`).
    encoding : str, optional
        Default: strict UTF-8 (a byte-order mark is removed).
    errors : {'skip', 'raise'}, default='skip'
        What to do with a line that cannot be used (not valid JSON, not an
        object, no text or a text that is not a string, an empty text, a
        missing or repeated id): skip and report it, or stop with an error
        naming its line.
    name : str, optional
    warn : bool, default=True
    n_jobs : int, default=1

    Returns
    -------
    Corpus
        Other keys become metadata columns (in order of first appearance);
        a nested value (list or object) is stored as its JSON text, with a
        warning. ``corpus.report`` accounts for every non-blank line.

    Raises
    ------
    InputError
        Undecodable bytes; no record has ``text_column`` (lists the keys
        found); with ``errors='raise'``, the first line that cannot be used;
        no usable document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> _ = f.write_text('{"doc_id": "a", "text": "Talks resumed."}\\n', encoding="utf-8")
    >>> len(read_jsonl(f))
    1
    """
    _check_errors(errors)
    path, raw = _read_bytes(path)
    text = _decode(raw, path, encoding)
    skips = _Skips(path, errors)
    objects, keys, n_seen = [], {}, 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        n_seen += 1
        label = f"line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            skips.add(label, None, "not valid JSON", f" ({exc.msg} at column {exc.colno}; each line must hold one JSON object)")
            continue
        if not isinstance(rec, dict):
            skips.add(label, None, "not a JSON object", f" (got {type(rec).__name__})")
            continue
        for k in rec:
            keys.setdefault(k, None)
        objects.append((label, rec))
    if text_column not in keys and objects:
        raise InputError(
            f"{path}: no record has a text column {text_column!r}; the keys found are {list(keys)}. "
            "Name the text key with text_column=..."
        )
    width = max(4, len(str(len(objects))))
    recs, nested = [], {}
    for n, (label, rec) in enumerate(objects, 1):
        value = rec.get(text_column)
        if is_missing(value):
            skips.add(label, rec.get(id_column), "missing text column")
            continue
        if not isinstance(value, str):
            skips.add(label, rec.get(id_column), "text is not a string", f" (got {type(value).__name__})")
            continue
        meta = {}
        for k, v in rec.items():
            if isinstance(v, (dict, list)):
                nested[k] = nested.get(k, 0) + 1
                v = json.dumps(v, ensure_ascii=False)
            meta[k] = v
        recs.append((label, rec.get(id_column, f"doc-{n:0{width}d}"), value, meta))
    if nested:
        warnings.warn(
            f"{path}: {sum(nested.values())} nested value(s) in key(s) {list(nested)} stored as JSON text "
            "(lists and objects cannot be grouped or exported as such)",
            stacklevel=2,
        )
    columns = [k for k in keys if k not in (text_column, id_column)]
    return _finish(
        path, recs, columns, skips, n_seen=n_seen, id_column=id_column, name=name, warn=warn, n_jobs=n_jobs,
        title_column=title_column,
    )  # fmt: skip


def read_folder(
    path,
    *,
    metadata=None,
    pattern: str = "*.txt",
    file_column: str = "file",
    id_column: str = "doc_id",
    title_column: str | None = None,
    encoding: str | None = None,
    errors: str = "skip",
    name: str | None = None,
    warn: bool = True,
    n_jobs=1,
) -> Corpus:
    """Read a folder of plain-text files, one document per file.

    The reader stays inside the folder: a symbolic link that points out of
    it is not followed (``'link outside the folder'``), and a pattern with
    ``..`` or an absolute path is refused.

    Parameters
    ----------
    path : str or path-like
        The folder.
    metadata : str, path-like or pandas.DataFrame, optional
        A table (CSV file, UTF-8) keyed by file name: its ``file_column``
        holds names relative to the folder (``'a.txt'``); other columns
        become metadata. Without it, documents have no metadata.
    pattern : str, default='*.txt'
        Glob pattern of the files to read (``'**/*.txt'`` for sub-folders).
    file_column : str, default='file'
    id_column : str, default='doc_id'
        Metadata column of document ids; default: the file name without
        its extension. A metadata row with a missing id is a skipped file
        (``'missing doc_id'``), never the id ``'nan'``.
    title_column : str, optional
        The metadata column that holds each document's title (headline): it becomes the
        document's first paragraph with role ``'title'`` and stays in the
        metadata (see :meth:`Corpus.from_texts`).
    encoding : str, optional
        Default: strict UTF-8. A file that does not decode is skipped and
        reported (``'undecodable bytes (not UTF-8)'``), not read as mojibake.
    errors : {'skip', 'raise'}, default='skip'
        What to do with a file that cannot be used (a dangling link, a link
        out of the folder, an unreadable or undecodable file, an empty
        text, a missing or repeated id): skip and report it, or stop with an
        error naming it.
    name : str, optional
    warn : bool, default=True
    n_jobs : int, default=1

    Returns
    -------
    Corpus
        Files in name order. ``corpus.report`` accounts for every file
        matched (``where`` is the file name); metadata rows that match no
        file are listed apart, in ``corpus.report.unmatched``.

    Raises
    ------
    InputError
        No such folder; a pattern that leaves the folder; no file matches
        ``pattern``; a metadata table without ``file_column``; with
        ``errors='raise'``, the first file that cannot be used; no usable
        document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Talks resumed.\\nNo deal yet.", encoding="utf-8")
    >>> read_folder(d).paragraphs["para"].tolist()
    [0, 1]
    """
    _check_errors(errors)
    folder = Path(path)
    if not folder.is_dir():
        raise InputError(f"no such folder: {folder}")
    if not isinstance(pattern, str) or not pattern or Path(pattern).is_absolute() or pattern.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", pattern):
        raise InputError(
            f"read_folder(): pattern={pattern!r} leaves the folder; give a pattern relative to it without '..', "
            "e.g. '*.txt' or '**/*.txt'"
        )
    root = folder.resolve()
    entries = sorted(p for p in folder.glob(pattern) if p.is_symlink() or not p.is_dir())
    if not entries:
        raise InputError(f"{folder}: no file matches pattern={pattern!r}")
    meta_table = _folder_metadata(metadata, file_column)
    skips = _Skips(folder, errors)
    unmatched: list[tuple] = []
    by_file: dict[str, int] = {}
    if meta_table is not None:
        names = {p.relative_to(folder).as_posix() for p in entries}
        for i, fname in enumerate(meta_table[file_column].tolist()):
            where = f"metadata row {i + 1}"
            if is_missing(fname) or not str(fname).strip():
                unmatched.append((where, None, "missing file name"))
            elif fname in by_file:
                unmatched.append((where, fname, "duplicate file name in metadata"))
            elif fname not in names:
                unmatched.append((where, fname, "file not found"))
            else:
                by_file[fname] = i
    recs, no_meta = [], 0
    for p in entries:
        rel = p.relative_to(folder).as_posix()
        if not p.exists():
            skips.add(rel, None, "dangling link")
            continue
        target = p.resolve()
        if not target.is_relative_to(root):
            skips.add(rel, None, "link outside the folder", f" (it points to {target})")
            continue
        if not target.is_file():
            skips.add(rel, None, "unreadable file", " (not a regular file)")
            continue
        try:
            raw = p.read_bytes()
        except OSError as exc:
            skips.add(rel, None, "unreadable file", f" ({exc.strerror or exc})")
            continue
        try:
            text = _decode(raw, p, encoding)
        except InputError as exc:
            if "not a known text encoding" in str(exc):
                raise
            skips.add(rel, None, UNDECODABLE if encoding is None else f"undecodable bytes (not {encoding})")
            continue
        row = meta_table.iloc[by_file[rel]] if rel in by_file else None
        if meta_table is not None and row is None:
            no_meta += 1
        meta = {file_column: rel}
        if row is not None:
            meta.update({c: row[c] for c in meta_table.columns if c not in (file_column, id_column)})
        doc_id = row[id_column] if row is not None and id_column in row.index else p.stem
        recs.append((rel, doc_id, text, meta))
    if no_meta:
        warnings.warn(f"{folder}: {no_meta} file(s) have no row in the metadata table; their metadata is empty", stacklevel=2)
    columns = [file_column] + ([] if meta_table is None else [c for c in meta_table.columns if c not in (file_column, id_column)])
    return _finish(
        folder, recs, columns, skips, n_seen=len(entries), id_column=id_column, name=name or folder.name,
        warn=warn, n_jobs=n_jobs, unmatched=unmatched, title_column=title_column,
    )  # fmt: skip


def _folder_metadata(metadata, file_column: str) -> pd.DataFrame | None:
    if metadata is None:
        return None
    if isinstance(metadata, pd.DataFrame):
        table = metadata.reset_index(drop=True).copy()
        where = "metadata"
    else:
        mpath, raw = _read_bytes(metadata)
        text = _decode(raw, mpath, None)
        try:
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{mpath}: cannot be parsed as a CSV table: {exc}") from None
        where = str(mpath)
    if file_column not in table.columns:
        raise InputError(
            f"{where}: no column {file_column!r} with the file names; the columns found are "
            f"{list(table.columns)}. Name it with file_column=..."
        )
    table[file_column] = [v if is_missing(v) else str(v).strip() for v in table[file_column]]
    return table
