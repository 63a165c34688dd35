"""Readers that bring a researcher's own texts in: CSV, JSONL and a folder of .txt files.

Each reader returns a :class:`~framing.Corpus` built with
:meth:`~framing.Corpus.from_texts` whose ``report``
(:class:`~framing.ReadReport`) accounts for every record seen:
``n_read + n_skipped == n_seen``, with the line, record or file and the
reason of each skipped record. Whenever something was skipped the reader also
warns with the report's summary: nothing is dropped silently.

The options every reader shares (``id_column``, ``title_column``,
``encoding``, ``errors``, ``name``, ``warn``, ``n_jobs``) are declared once
(:data:`framing.corpus._readbase.READER_CONSTRAINTS`) and documented once
(:mod:`framing._docs`). ``errors='skip'`` (default) skips a record the reader
cannot use and reports it; ``errors='raise'`` stops at the first one with an
:class:`~framing.errors.InputError` naming the file and line. Reasons:
``'malformed quoting'``, ``'too many fields'``, ``'too few fields'`` (CSV);
``'not valid JSON'``, ``'not a JSON object'``, ``'text is not a string'``,
``'missing text column'`` (JSONL); ``'dangling link'``, ``'link outside the
folder'``, ``'unreadable file'``, ``'undecodable bytes (not UTF-8)'``
(folder); and in every reader ``'missing doc_id'``, ``'invalid doc_id'``,
``'empty text'``, ``'duplicate id'``, ``'no tokens (only punctuation or
symbols)'``.

CSV is parsed strictly (RFC 4180): a quote that opens a field and is not
closed where it should be never swallows the rows after it; the record is
skipped (or raised) with its line, and reading resumes on the next line.

Encodings: see :mod:`framing.corpus._decode` (strict UTF-8 unless
``encoding=`` is given; undecodable bytes in a single file are an error, in a
folder the file is skipped and reported; mojibake warns).
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

from .._docs import fill_doc
from .._validation import validate_params
from ..errors import InputError
from ._container import Corpus
from ._decode import UNDECODABLE, decode, looks_like_mojibake, read_bytes
from ._inputs import is_missing
from ._readbase import READER_CONSTRAINTS, ReadOptions, Skips, finish

__all__ = ["read_csv", "read_jsonl", "read_folder", "looks_like_mojibake"]


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


@validate_params({**READER_CONSTRAINTS, "text_column": ["str"], "delimiter": ["str"]})
@fill_doc
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
    {params.reader_title_column}
    {params.reader_encoding}
    delimiter : str, default=','
        Use ``'\\t'`` for a tab-separated file.
    {params.reader_errors}
    {params.reader_name}
    {params.reader_warn}
    {params.n_jobs_build}

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
    path, raw = read_bytes(path)
    text = decode(raw, path, encoding)
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
    skips = Skips(path, errors)
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
    opts = ReadOptions(id_column, title_column, name, warn, n_jobs)
    return finish(path, recs, columns, skips, opts, n_seen=n_seen)


@validate_params({**READER_CONSTRAINTS, "text_column": ["str"]})
@fill_doc
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
    {params.reader_title_column}
    {params.reader_encoding}
    {params.reader_errors}
    {params.reader_name}
    {params.reader_warn}
    {params.n_jobs_build}

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
    path, raw = read_bytes(path)
    text = decode(raw, path, encoding)
    skips = Skips(path, errors)
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
    opts = ReadOptions(id_column, title_column, name, warn, n_jobs)
    return finish(path, recs, columns, skips, opts, n_seen=n_seen)


@validate_params({**READER_CONSTRAINTS, "pattern": ["str"], "file_column": ["str"]})
@fill_doc
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
    {params.reader_title_column}
    {params.reader_encoding}
    {params.reader_errors}
    {params.reader_name}
    {params.reader_warn}
    {params.n_jobs_build}

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
    skips = Skips(folder, errors)
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
            text = decode(raw, p, encoding)
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
    opts = ReadOptions(id_column, title_column, name or folder.name, warn, n_jobs)
    return finish(folder, recs, columns, skips, opts, n_seen=len(entries), unmatched=unmatched)


def _folder_metadata(metadata, file_column: str) -> pd.DataFrame | None:
    if metadata is None:
        return None
    if isinstance(metadata, pd.DataFrame):
        table = metadata.reset_index(drop=True).copy()
        where = "metadata"
    else:
        mpath, raw = read_bytes(metadata)
        text = decode(raw, mpath, None)
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
