"""The events a corpus covers (rounds of talks, summits, elections): ``events.csv``.

A corpus may describe the events its documents belong to in an optional
``events.csv`` beside ``documents.csv``: one row per value of the documents'
``event`` column, with a short ``label`` for figures and the event's
``first_day`` and ``last_day`` (``YYYY-MM-DD``; empty where the event has no
single span, such as "other"). Any further columns (``place``, ``format``,
``description``) are kept as text. Loaded, the table is ``Corpus.events``;
:func:`framing.plots.mark_events` draws it on a time axis, so that a round's
dates are written once, in the corpus, and never retyped in a notebook.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._validation import InstanceOf, check_param
from ..errors import CorpusFormatError, InputError

__all__ = ["EVENT_COLUMNS", "read_events", "check_events", "write_events"]

#: The columns every events table has, in this order; others may follow.
EVENT_COLUMNS = ["event", "label", "first_day", "last_day"]


def check_events(events: pd.DataFrame, documents: pd.DataFrame | None = None, *, where: str = "events") -> pd.DataFrame:
    """Validate an events table and return it with parsed dates.

    Parameters
    ----------
    events : pandas.DataFrame
        Columns ``event``, ``label``, ``first_day``, ``last_day`` (dates as
        ``YYYY-MM-DD`` strings, datetimes, or empty/missing), others optional.
    documents : pandas.DataFrame, optional
        The corpus's documents table; when it has an ``event`` column, every
        value used there must be described in ``events``.
    where : str, default='events'
        How to name the table in error messages (a file path when read).

    Returns
    -------
    pandas.DataFrame
        A copy with a fresh index, ``first_day``/``last_day`` as
        ``datetime64`` (NaT where empty) and the other columns as text.

    Raises
    ------
    InputError
        For a missing column, a duplicate or empty event key, an unparsable
        date, a last day before the first, a span with only one end, or a
        document event the table does not describe (the message names the
        event and the row).

    Examples
    --------
    >>> ev = pd.DataFrame({"event": ["r1", "other"], "label": ["R1", "other"],
    ...                    "first_day": ["2026-01-23", ""], "last_day": ["2026-01-24", ""]})
    >>> check_events(ev)["last_day"].tolist()
    [Timestamp('2026-01-24 00:00:00'), NaT]
    """
    check_param(where, "events", events, [InstanceOf(pd.DataFrame, "a pandas DataFrame")])
    missing = [c for c in EVENT_COLUMNS if c not in events.columns]
    if missing:
        raise InputError(f"{where}: missing column(s) {missing}; an events table needs {EVENT_COLUMNS}")
    out = events.reset_index(drop=True).copy()
    keys = out["event"].astype("string").fillna("")
    if (keys == "").any():
        row = int((keys == "").to_numpy().nonzero()[0][0])
        raise InputError(f"{where}, row {row + 1}: empty event key; every row needs an 'event'")
    dup = keys.duplicated()
    if dup.any():
        raise InputError(f"{where}: event {keys[dup].iloc[0]!r} is described twice; keep one row per event")
    for col in out.columns:
        if col not in ("first_day", "last_day"):
            out[col] = out[col].astype("string").fillna("").astype(object)
    for col in ("first_day", "last_day"):
        raw = out[col]
        text = raw.astype("string").fillna("").str.strip()
        if pd.api.types.is_datetime64_any_dtype(raw):
            parsed = raw.astype("datetime64[ns]")
        else:
            parsed = pd.to_datetime(text.where(text != "").astype(object), format="%Y-%m-%d", errors="coerce")
            parsed = parsed.astype("datetime64[ns]")
        bad = (text != "") & parsed.isna()
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(f"{where}, row {row + 1}: {col} {raw.iloc[row]!r} is not a date (use YYYY-MM-DD)")
        out[col] = parsed
    one_end = out["first_day"].isna() != out["last_day"].isna()
    if one_end.any():
        row = int(one_end.to_numpy().nonzero()[0][0])
        raise InputError(f"{where}, row {row + 1}: event {out['event'].iloc[row]!r} has only one of first_day/last_day")
    backwards = out["last_day"] < out["first_day"]
    if backwards.any():
        row = int(backwards.to_numpy().nonzero()[0][0])
        raise InputError(f"{where}, row {row + 1}: event {out['event'].iloc[row]!r} ends before it starts")
    if documents is not None and "event" in documents.columns:
        used = pd.Index(documents["event"].astype("string").fillna("").unique()).difference([""])
        unknown = used.difference(pd.Index(out["event"]))
        if len(unknown):
            raise InputError(
                f"{where}: the documents use event(s) {sorted(unknown)} that the events table does not describe; "
                "add a row for each"
            )
    return out


def read_events(path: Path, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check an ``events.csv`` (RFC 4180, UTF-8); see :func:`check_events`.

    Raises
    ------
    CorpusFormatError
        Naming the file, for anything :func:`check_events` refuses or a file
        that is not a UTF-8 table.
    """
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        return check_events(table, documents, where=str(path))
    except UnicodeDecodeError as exc:
        raise CorpusFormatError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusFormatError(f"{path}: cannot be parsed as a table: {exc}") from None
    except InputError as exc:
        raise CorpusFormatError(str(exc)) from None


def _field(column: str, value) -> str:
    """One CSV field: RFC 4180 quoting, always for ``description`` (free text)."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    if column in ("first_day", "last_day") and text:
        text = pd.Timestamp(value).strftime("%Y-%m-%d")
    if column == "description" or any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_events(events: pd.DataFrame, path: Path) -> None:
    """Write an events table as ``events.csv``.

    Dates are written as ``YYYY-MM-DD`` (empty for none); a ``description``
    column is always quoted, other fields only when they need it (RFC 4180),
    so that the bundled corpus's file round-trips byte for byte.
    """
    lines = [",".join(_field("", c) for c in events.columns)]
    lines += [",".join(_field(c, v) for c, v in zip(events.columns, row)) for row in events.itertuples(index=False)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
