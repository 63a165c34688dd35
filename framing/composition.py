"""Corpus composition: how many documents each group has on each day.

The table behind :func:`framing.plots.plot_composition` (a plot draws a table
and computes nothing; the counting is here).
"""

from __future__ import annotations

import warnings

import pandas as pd

from ._docs import fill_doc
from ._validation import InstanceOf, validate_params
from .errors import InputError

__all__ = ["documents_per_day"]


@fill_doc
@validate_params({"date": [InstanceOf(str, "a column name (str)")]})
def documents_per_day(corpus, by, *, groups=None, column: str = "source", date: str = "date") -> pd.DataFrame:
    """Documents per day and group: one row for every day from the first dated document to the last.

    Parameters
    ----------
    corpus : Corpus
        The documents; their ``date`` column holds ``YYYY-MM-DD`` dates.
    {params.by}
    {params.groups}
    {params.column}
    date : str, default='date'
        The metadata column holding each document's date.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64, one per calendar day, days without a
        document included), ``group`` and ``n_docs`` (documents of the group
        published that day, 0 when none); rows by date, then group. Without
        ``groups`` the groups are ordered by their number of documents,
        largest first (ties in order of appearance).

    Raises
    ------
    InputError
        For an unknown ``date`` column or grouping (see
        :meth:`framing.Corpus.groups`), or when no document has both a valid
        date and a group.

    Warns
    -----
    UserWarning
        Counting the documents left out: without a date (an empty value),
        with a date that is not ``YYYY-MM-DD``, or without a group.

    Examples
    --------
    >>> corpus = load_corpus("peace-talks-2026")
    >>> dated = corpus.subset(corpus.documents["date"] != "")
    >>> table = documents_per_day(dated, "ownership")
    >>> list(table.columns)
    ['date', 'group', 'n_docs']
    >>> int(table["n_docs"].sum()) == len(dated)
    True
    """
    docs = corpus.documents
    if date not in docs.columns:
        raise InputError(
            f"documents_per_day(): no metadata column date={date!r}; columns are {', '.join(map(str, docs.columns))}"
        )
    labels = corpus.groups(by, column=column, groups=groups)
    raw = docs[date]
    empty = raw.isna() | (raw.astype(str).str.strip() == "")
    days = pd.to_datetime(raw.where(~empty), errors="coerce", format="%Y-%m-%d")
    bad = days.isna() & ~empty
    ungrouped = labels.isna() & days.notna()
    left_out = []
    if empty.any():
        left_out.append(f"{int(empty.sum())} without a date")
    if bad.any():
        shown = ", ".join(repr(v) for v in raw[bad].unique()[:3])
        left_out.append(f"{int(bad.sum())} whose {date} is not YYYY-MM-DD (e.g. {shown}; fix them in the metadata)")
    if ungrouped.any():
        left_out.append(f"{int(ungrouped.sum())} dated document(s) without a group")
    if left_out:
        warnings.warn(f"documents_per_day(): left out {'; '.join(left_out)}", stacklevel=2)
    keep = days.notna() & labels.notna()
    if not keep.any():
        raise InputError(
            f"documents_per_day(): no document has both a valid {date!r} (YYYY-MM-DD) and a group; "
            "check the date column and the grouping"
        )
    counts = pd.crosstab(days[keep].rename("date"), labels[keep].rename("group"))
    if groups is not None:
        order = [g for g in ([groups] if isinstance(groups, str) else list(groups)) if g in counts.columns]
    else:
        first_seen = list(dict.fromkeys(labels[keep]))
        totals = counts.sum().reindex(first_seen)
        order = totals.sort_values(ascending=False, kind="stable").index.tolist()
    span = pd.date_range(counts.index.min(), counts.index.max(), freq="D", name="date")
    counts = counts.reindex(index=span, columns=order, fill_value=0)
    out = counts.stack().rename("n_docs").reset_index()
    out["n_docs"] = out["n_docs"].astype("int64")
    out["group"] = out["group"].astype(object)
    return out[["date", "group", "n_docs"]]
