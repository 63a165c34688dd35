"""Readers that bring a researcher's own texts in: CSV, JSONL and a folder of .txt files.

Each reader returns a :class:`~framing.Corpus` built with
:meth:`~framing.Corpus.from_texts` whose ``report``
(:class:`~framing.ReadReport`) says how many documents were read and which
records were skipped and why. Whenever something was skipped the reader also
warns with the report's summary: nothing is dropped silently.

Encodings: files are read as strict UTF-8 (a byte-order mark is accepted)
unless ``encoding=`` is given. Undecodable bytes in a single file raise an
error naming the file, the byte offset and the line; in a folder the file is
skipped and reported. Texts that look like mojibake (UTF-8 that was once read
as cp1252 or latin-1, e.g. ``Ã©`` for ``é``) give a warning naming the rows.
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

from ..errors import InputError
from ._container import Corpus
from ._report import ReadReport

__all__ = ["read_csv", "read_jsonl", "read_folder", "looks_like_mojibake"]

_REPORT_COLUMNS = ["where", "doc_id", "reason"]
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


def _decode(raw: bytes, path: Path, encoding: str | None) -> str:
    """Decode a whole file strictly; raise InputError naming the file, byte and line."""
    enc = "utf-8-sig" if encoding is None else encoding
    try:
        return raw.decode(enc)
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not a known text encoding (e.g. 'utf-8', 'cp1251', 'latin-1')") from None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4]
        what = "not valid UTF-8" if encoding is None else f"not valid {encoding}"
        raise InputError(
            f"{path}: {what}: undecodable bytes {bad!r} at byte {exc.start} (line {line}); {_ENCODING_HINT}"
        ) from None


def _read_bytes(path) -> tuple[Path, bytes]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    return path, path.read_bytes()


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


def _finish(
    path: Path,
    texts: list,
    meta: pd.DataFrame,
    ids: list[str],
    labels: list[str],
    skipped: list[tuple],
    *,
    id_column: str,
    name: str | None,
    warn: bool,
    n_jobs,
) -> Corpus:
    """Skip empty texts and duplicate ids (reporting them), build the corpus, attach the report."""
    keep, seen = [], set()
    for i, (doc_id, text) in enumerate(zip(ids, texts)):
        if not isinstance(text, str) or not text.strip():
            skipped.append((labels[i], doc_id, "empty text"))
        elif doc_id in seen:
            skipped.append((labels[i], doc_id, "duplicate id"))
        else:
            seen.add(doc_id)
            keep.append(i)
    report = ReadReport(str(path), 0, pd.DataFrame(skipped, columns=_REPORT_COLUMNS))
    if not keep:
        raise InputError(f"{path}: no usable document, the corpus would be empty ({report})")
    _warn_mojibake([texts[i] for i in keep], [labels[i] for i in keep], path)
    meta = meta.iloc[keep].reset_index(drop=True).copy()
    meta.insert(0, id_column, [ids[i] for i in keep])
    corpus = Corpus.from_texts(
        [texts[i] for i in keep], meta, id_column=id_column, name=name or path.stem,
        on_duplicate="skip", warn=False, n_jobs=n_jobs,
    )  # fmt: skip
    inner = corpus.report
    all_skipped = pd.concat([report.skipped, inner.skipped], ignore_index=True) if inner.n_skipped else report.skipped
    corpus.report = ReadReport(str(path), inner.n_read, all_skipped)
    if warn and corpus.report.n_skipped:
        warnings.warn(str(corpus.report), stacklevel=3)
    return corpus


def read_csv(
    path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding: str | None = None,
    delimiter: str = ",",
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
    encoding : str, optional
        Default: strict UTF-8 (with or without a byte-order mark).
    delimiter : str, default=','
        Use ``'\\t'`` for a tab-separated file.
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
        lists skipped rows (``where`` is ``'line N'``) with the reason:
        ``'empty text'``, ``'duplicate id'``, ``'missing doc_id'``,
        ``'missing text column'`` (a short row).

    Raises
    ------
    InputError
        No such file; undecodable bytes (names the byte offset and line and
        suggests ``encoding=``); no column named ``text_column`` (lists the
        columns found); a row with more fields than the header; no usable
        document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "news.csv"
    >>> _ = f.write_text("doc_id,language,text\\na,en,Talks resumed in Geneva.\\n", encoding="utf-8")
    >>> corpus = read_csv(f)
    >>> corpus.report.n_read, corpus.documents.loc["a", "language"]
    (1, 'en')
    """
    path, raw = _read_bytes(path)
    text = _decode(raw, path, encoding)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path}: the file is empty (expected a header row with a {text_column!r} column)") from None
    except csv.Error as exc:
        raise InputError(f"{path}, line 1: cannot parse the CSV header: {exc}") from None
    header = [h.strip() for h in header]
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
    rows, labels, skipped = [], [], []
    start = reader.line_num + 1
    try:
        for n, row in enumerate(reader, 1):
            label = f"line {start}"
            start = reader.line_num + 1
            if not row or (len(row) == 1 and not row[0].strip() and len(header) > 1):
                continue  # a blank line is not a record
            if len(row) > len(header):
                raise InputError(
                    f"{path}, {label}: {len(row)} fields but the header has {len(header)}; "
                    "check the quoting and delimiter of that line"
                )
            if len(row) <= t_idx:
                skipped.append((label, row[i_idx] if i_idx is not None and i_idx < len(row) else None, "missing text column"))
                continue
            row = row + [""] * (len(header) - len(row))
            rows.append(row)
            labels.append(label)
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: cannot parse the CSV: {exc}") from None
    table = pd.DataFrame(rows, columns=header, dtype=object)
    texts = table[text_column].tolist()
    if i_idx is not None:
        ids = [str(v).strip() for v in table[id_column]]
    else:
        width = max(4, len(str(len(rows))))
        ids = [f"doc-{i + 1:0{width}d}" for i in range(len(rows))]
    keep = [i for i, d in enumerate(ids) if d]
    for i in range(len(ids)):
        if not ids[i]:
            skipped.append((labels[i], None, "missing doc_id"))
    meta = table.drop(columns=[c for c in (text_column, id_column) if c in table.columns]).iloc[keep]
    return _finish(
        path, [texts[i] for i in keep], meta, [ids[i] for i in keep], [labels[i] for i in keep], skipped,
        id_column=id_column, name=name, warn=warn, n_jobs=n_jobs,
    )  # fmt: skip


def read_jsonl(
    path,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    encoding: str | None = None,
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
        The key of document ids (default ids ``doc-0001``, ... by line).
    encoding : str, optional
        Default: strict UTF-8 (a byte-order mark is accepted).
    name : str, optional
    warn : bool, default=True
    n_jobs : int, default=1

    Returns
    -------
    Corpus
        Other keys become metadata columns (in order of first appearance).
        ``corpus.report`` lists skipped lines with the reason
        (``'missing text column'``, ``'empty text'``, ``'duplicate id'``,
        ``'missing doc_id'``). Blank lines are not records.

    Raises
    ------
    InputError
        A line that is not valid JSON or not an object (names the line);
        undecodable bytes; no record has ``text_column`` (lists the keys
        found); no usable document.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "news.jsonl"
    >>> _ = f.write_text('{"doc_id": "a", "text": "Talks resumed."}\\n', encoding="utf-8")
    >>> len(read_jsonl(f))
    1
    """
    path, raw = _read_bytes(path)
    text = _decode(raw, path, encoding)
    records, labels, skipped, keys = [], [], [], {}
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}, line {lineno}: not valid JSON ({exc.msg} at column {exc.colno}); "
                "each line must hold one JSON object"
            ) from None
        if not isinstance(rec, dict):
            raise InputError(f"{path}, line {lineno}: expected a JSON object, got {type(rec).__name__}")
        for k in rec:
            keys.setdefault(k, None)
        label = f"line {lineno}"
        if text_column not in rec or rec[text_column] is None:
            skipped.append((label, rec.get(id_column), "missing text column"))
            continue
        if not isinstance(rec[text_column], str):
            raise InputError(
                f"{path}, {label}: {text_column!r} must be a string, got {type(rec[text_column]).__name__}"
            )
        records.append(rec)
        labels.append(label)
    if text_column not in keys:
        raise InputError(
            f"{path}: no record has a text column {text_column!r}; the keys found are {list(keys)}. "
            "Name the text key with text_column=..."
        )
    width = max(4, len(str(len(records))))
    ids, keep = [], []
    for i, rec in enumerate(records):
        d = rec.get(id_column, f"doc-{i + 1:0{width}d}")
        d = "" if d is None else str(d).strip()
        if not d:
            skipped.append((labels[i], None, "missing doc_id"))
            continue
        ids.append(d)
        keep.append(i)
    cols = [k for k in keys if k not in (text_column, id_column)]
    meta = pd.DataFrame([[records[i].get(k) for k in cols] for i in keep], columns=cols, dtype=object)
    return _finish(
        path, [records[i][text_column] for i in keep], meta, ids, [labels[i] for i in keep], skipped,
        id_column=id_column, name=name, warn=warn, n_jobs=n_jobs,
    )  # fmt: skip


def read_folder(
    path,
    *,
    metadata=None,
    pattern: str = "*.txt",
    file_column: str = "file",
    id_column: str = "doc_id",
    encoding: str | None = None,
    name: str | None = None,
    warn: bool = True,
    n_jobs=1,
) -> Corpus:
    """Read a folder of plain-text files, one document per file.

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
        its extension.
    encoding : str, optional
        Default: strict UTF-8. A file that does not decode is skipped and
        reported (``'undecodable bytes (not UTF-8)'``), not read as mojibake.
    name : str, optional
    warn : bool, default=True
    n_jobs : int, default=1

    Returns
    -------
    Corpus
        Files in name order. ``corpus.report`` lists skipped files
        (``where`` is the file name) and metadata rows whose file is missing.

    Raises
    ------
    InputError
        No such folder; no file matches ``pattern``; a metadata table
        without ``file_column``; no usable document.

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
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    if not files:
        raise InputError(f"{folder}: no file matches pattern={pattern!r}")
    meta_table = _folder_metadata(metadata, file_column)
    skipped: list[tuple] = []
    by_file = {}
    if meta_table is not None:
        names = {p.relative_to(folder).as_posix() for p in files}
        for i, row in meta_table.iterrows():
            fname = row[file_column]
            if fname in by_file:
                skipped.append((f"metadata row {i + 1}", fname, "duplicate file name in metadata"))
            elif fname not in names:
                skipped.append((f"metadata row {i + 1}", row.get(id_column), "file listed in metadata not found"))
            else:
                by_file[fname] = i
    texts, ids, labels, meta_rows = [], [], [], []
    no_meta = 0
    for p in files:
        rel = p.relative_to(folder).as_posix()
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8-sig" if encoding is None else encoding)
        except UnicodeDecodeError:
            skipped.append((rel, None, UNDECODABLE if encoding is None else f"undecodable bytes (not {encoding})"))
            continue
        except LookupError:
            raise InputError(f"encoding={encoding!r} is not a known text encoding") from None
        row = meta_table.loc[by_file[rel]] if rel in by_file else None
        if meta_table is not None and row is None:
            no_meta += 1
        doc_id = p.stem if row is None or id_column not in row.index or not str(row[id_column]).strip() else str(row[id_column]).strip()
        texts.append(text)
        ids.append(doc_id)
        labels.append(rel)
        meta_rows.append({} if row is None else row.drop([c for c in (file_column, id_column) if c in row.index]).to_dict())
    if no_meta:
        warnings.warn(f"{folder}: {no_meta} file(s) have no row in the metadata table; their metadata is empty", stacklevel=2)
    cols = [] if meta_table is None else [c for c in meta_table.columns if c not in (file_column, id_column)]
    meta = pd.DataFrame([[r.get(c) for c in cols] for r in meta_rows], columns=cols, dtype=object)
    meta.insert(0, file_column, labels)
    if not texts:
        report = ReadReport(str(folder), 0, pd.DataFrame(skipped, columns=_REPORT_COLUMNS))
        raise InputError(f"{folder}: no usable document, the corpus would be empty ({report})")
    return _finish(
        folder, texts, meta, ids, labels, skipped, id_column=id_column, name=name or folder.name,
        warn=warn, n_jobs=n_jobs,
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
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        where = str(mpath)
    if file_column not in table.columns:
        raise InputError(
            f"{where}: no column {file_column!r} with the file names; the columns found are "
            f"{list(table.columns)}. Name it with file_column=..."
        )
    table[file_column] = table[file_column].astype(str).str.strip()
    return table
