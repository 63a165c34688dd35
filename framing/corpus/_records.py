"""Records streamed from CSV, JSON Lines, folders or any iterable, one at a time.

:func:`framing.build_corpus` reads its input through :func:`iter_records`, so
that memory is bounded by a chunk of records and never by the whole input.
Each record carries where it came from (file and line) and its global record
number (1-based, over all inputs together), so that a malformed record can be
reported wherever it sits in a stream of millions.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from .._validation import check_param
from ..errors import InputError

__all__ = ["Record", "RecordError", "iter_records", "check_errors", "describe_sources"]

ERRORS = ("raise", "skip")


@dataclass
class Record:
    """One input record: its text, metadata and where it came from."""

    number: int  # global record number, 1-based
    where: str  # file and line (or item) of the record
    doc_id: str | None
    text: object
    meta: dict


class RecordError(Exception):
    """A malformed record (reported or skipped by the caller, with its place)."""

    def __init__(self, number: int, where: str, reason: str, doc_id=None):
        super().__init__(f"{where} (record {number:,}): {reason}")
        self.number, self.where, self.reason, self.doc_id = number, where, reason, doc_id


def check_errors(errors: str, where: str = "build_corpus()") -> str:
    """Check the ``errors=`` option shared with the readers (the constraint of ``READER_CONSTRAINTS``)."""
    from ._readbase import READER_CONSTRAINTS

    check_param(where, "errors", errors, READER_CONSTRAINTS["errors"])
    return errors


def describe_sources(sources) -> list[str]:
    """A short, stable description of each input (paths as given; other iterables by type)."""
    return [str(s) if isinstance(s, (str, Path)) else f"<{type(s).__name__}>" for s in _as_list(sources)]


def _as_list(sources) -> list:
    if isinstance(sources, (str, Path)):
        return [sources]
    if isinstance(sources, Mapping):
        raise InputError("build_corpus(): inputs must be paths or an iterable of records, got a mapping")
    if isinstance(sources, (list, tuple)) and all(isinstance(s, (str, Path)) for s in sources):
        return list(sources)
    return [sources]  # one iterable of records


def iter_records(sources, *, text_column: str = "text", id_column: str = "doc_id", encoding: str = "utf-8") -> Iterator:
    """Yield :class:`Record` objects or :class:`RecordError` objects, in input order.

    Parameters
    ----------
    sources : path, list of paths, or iterable
        ``.csv``/``.tsv`` files, ``.jsonl``/``.ndjson`` files, folders of
        ``.txt`` files (one document per file, ``doc_id`` = file name without
        extension, sorted by name), or an iterable of strings or mappings
        (a mapping holds ``text_column``, optionally ``id_column`` and metadata).
    text_column, id_column : str
    encoding : str, default='utf-8'

    Yields
    ------
    Record or RecordError
        A malformed record is yielded as a :class:`RecordError` (not raised),
        so that the caller decides whether to stop or skip.
    """
    number = 0
    for src in _as_list(sources):
        if isinstance(src, (str, Path)):
            path = Path(src)
            if path.is_dir():
                gen = _folder(path, encoding)
            elif not path.is_file():
                raise InputError(f"build_corpus(): no file or folder at {path}")
            elif path.suffix.lower() in (".csv", ".tsv"):
                gen = _csv(path, text_column, id_column, encoding, "\t" if path.suffix.lower() == ".tsv" else ",")
            elif path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
                gen = _jsonl(path, text_column, id_column, encoding)
            else:
                raise InputError(
                    f"build_corpus(): cannot tell the format of {path} from its extension; "
                    "use .csv, .tsv, .jsonl/.ndjson or a folder of .txt files"
                )
        elif isinstance(src, Iterable):
            gen = _iterable(src, text_column, id_column)
        else:
            raise InputError(f"build_corpus(): an input must be a path or an iterable of records, got {type(src).__name__}")
        for where, item in gen:
            number += 1
            if isinstance(item, str):  # a reason: the record is malformed
                yield RecordError(number, where, item)
            else:
                doc_id, text, meta = item
                yield Record(number, where, doc_id, text, meta)


def _split(row: Mapping, text_column: str, id_column: str):
    if text_column not in row:
        return f"no {text_column!r} field (fields: {', '.join(map(str, row))})"
    meta = {k: v for k, v in row.items() if k not in (text_column, id_column)}
    doc_id = row.get(id_column)
    return (None if doc_id is None else str(doc_id).strip(), row[text_column], meta)


def _csv(path: Path, text_column, id_column, encoding, delimiter):
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, newline="", encoding="utf-8-sig" if encoding.lower().replace("-", "") == "utf8" else encoding) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read the header line: {exc}") from None
        if text_column not in header:
            raise InputError(f"{path}: no column {text_column!r}; columns are {', '.join(header)} (set text_column=)")
        n = len(header)
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield f"{path}, line {line}", f"unreadable row ({exc})"
                continue
            if not row:
                continue
            where = f"{path}, line {line}"
            if len(row) != n:
                yield where, f"{len(row)} fields where the header has {n}"
                continue
            yield where, _split(dict(zip(header, row)), text_column, id_column)


def _jsonl(path: Path, text_column, id_column, encoding):
    with open(path, "rb") as fh:
        for i, raw in enumerate(fh, start=1):
            where = f"{path}, line {i}"
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode(encoding))
            except UnicodeDecodeError as exc:
                yield where, f"not {encoding} ({exc.reason} at byte {exc.start})"
                continue
            except json.JSONDecodeError as exc:
                yield where, f"invalid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(obj, dict):
                yield where, f"a JSON {type(obj).__name__}, not an object"
                continue
            yield where, _split(obj, text_column, id_column)


def _folder(path: Path, encoding):
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise InputError(f"build_corpus(): no .txt files in {path}")
    for f in files:
        try:
            text = f.read_bytes().decode(encoding)
        except UnicodeDecodeError as exc:
            yield str(f), f"not {encoding} ({exc.reason} at byte {exc.start})"
            continue
        yield str(f), (f.stem, text, {"file": f.name})


def _iterable(items, text_column, id_column):
    for i, item in enumerate(items, start=1):
        where = f"item {i:,}"
        if isinstance(item, str):
            yield where, (None, item, {})
        elif isinstance(item, Mapping):
            yield where, _split(item, text_column, id_column)
        else:
            yield where, f"a {type(item).__name__}, not a text or a mapping"
