"""What the three readers share: their common options, skipped records, and building the corpus with its report.

Every reader returns a :class:`~framing.Corpus` built with
:meth:`~framing.Corpus.from_texts` whose ``report``
(:class:`~framing.ReadReport`) accounts for every record seen:
``n_read + n_skipped == n_seen``; nothing is dropped silently.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .._validation import Options
from ..errors import InputError
from ._container import Corpus
from ._decode import warn_mojibake
from ._inputs import clean_id
from ._report import ReadReport

__all__ = ["READER_CONSTRAINTS", "ReadOptions", "Skips", "finish"]

_REPORT_COLUMNS = ["where", "doc_id", "reason"]
_UNMATCHED_COLUMNS = ["where", "file", "reason"]

#: The options every reader takes, declared once (checked by ``validate_params``).
READER_CONSTRAINTS = {
    "id_column": ["str"],
    "title_column": ["str", None],
    "encoding": ["str", None],
    "errors": [Options(("skip", "raise"))],
    "name": ["str", None],
    "warn": ["boolean"],
}


class ReadOptions(NamedTuple):
    """The options a reader passes on to :func:`finish` unchanged."""

    id_column: str
    title_column: str | None
    name: str | None
    warn: bool
    n_jobs: object


class Skips:
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


def finish(
    path: Path,
    records: list[tuple[str, object, object, dict]],
    columns: list[str],
    skips: Skips,
    opts: ReadOptions,
    *,
    n_seen: int,
    unmatched: list[tuple] = (),
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
    warn_mojibake([k[2] for k in keep], labels, path)
    meta = pd.DataFrame([[k[3].get(c) for c in columns] for k in keep], columns=columns, dtype=object)
    meta.insert(0, opts.id_column, [k[1] for k in keep])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            corpus = Corpus.from_texts(
                [k[2] for k in keep], meta, id_column=opts.id_column, title_column=opts.title_column,
                name=opts.name or path.stem, on_duplicate="raise", warn=False, n_jobs=opts.n_jobs,
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
    if opts.warn and (corpus.report.n_skipped or len(unmatched_df)):
        warnings.warn(str(corpus.report), stacklevel=3)
    return corpus
