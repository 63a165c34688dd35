"""Checks on what a corpus is built from: document ids and metadata tables.

Shared by :meth:`framing.Corpus.from_texts` and the readers so that every
way in applies the same rules:

- a document id is a non-empty string or an integer (written as its
  digits); a missing id (None, NaN, ``pd.NA``, blank) is never turned into
  ``'nan'``, a float id never into ``'1.0'``, and an id holding a tab, line
  break or other control character is refused (it could not be exported);
- metadata column names are unique strings; a name the kit uses for its own
  columns (``n_tokens``, ``n_paragraphs``, ``para``, ``role``, ``doc_id``,
  ``text``) is renamed to ``user_<name>`` with a warning, never overwritten;
- metadata values are scalars (lists, dicts and sets cannot be grouped or
  exported).
"""

from __future__ import annotations

import math
import unicodedata
import warnings
from collections.abc import Hashable

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["RESERVED_COLUMNS", "clean_id", "is_missing", "check_metadata", "boolean_mask"]

#: Column names the kit gives its own columns (documents table, paragraph rows of a dtm).
RESERVED_COLUMNS = ("doc_id", "n_paragraphs", "n_tokens", "para", "role", "text")


def is_missing(value) -> bool:
    """Whether ``value`` is a missing scalar: None, NaN, ``pd.NA`` or ``NaT``.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, "", 0)]
    [True, True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, (float, np.floating)):
        return math.isnan(value)
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return bool(np.isnat(value))
    return False


def _has_control(s: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in s)


def clean_id(value) -> tuple[str | None, str | None, str]:
    """A document id as a string, or the reason it is not one.

    Returns
    -------
    (str, None, '') or (None, reason, detail)
        The id (stripped; an integer as its digits), or None, the reason
        (``'missing doc_id'`` or ``'invalid doc_id'``) and what is wrong.

    Examples
    --------
    >>> clean_id(" a-1 "), clean_id(7)
    (('a-1', None, ''), ('7', None, ''))
    >>> clean_id(float("nan")), clean_id(1.0)
    ((None, 'missing doc_id', 'is missing'), (None, 'invalid doc_id', 'is a float'))
    """
    if is_missing(value):
        return None, "missing doc_id", "is missing"
    if isinstance(value, (bool, np.bool_)):
        return None, "invalid doc_id", "is a bool"
    if isinstance(value, (int, np.integer)):
        return str(int(value)), None, ""
    if not isinstance(value, str):
        return None, "invalid doc_id", f"is a {type(value).__name__}"
    s = value.strip()
    if not s:
        return None, "missing doc_id", "is blank"
    if _has_control(s):
        return None, "invalid doc_id", "holds a tab, line break or other control character"
    return s, None, ""


def check_metadata(meta: pd.DataFrame, *, stacklevel: int = 3) -> pd.DataFrame:
    """Check a metadata table's column names and values; rename the kit's own names.

    Parameters
    ----------
    meta : pandas.DataFrame
        Without the id column.

    Returns
    -------
    pandas.DataFrame
        ``meta``, with a column named like one of :data:`RESERVED_COLUMNS`
        renamed to ``user_<name>`` (a warning says so).

    Raises
    ------
    InputError
        A column name that is not a string; a repeated name; a value that is
        a list, dict, set or another unhashable object (names column and row).
    """
    names = list(meta.columns)
    for c in names:
        if not isinstance(c, str):
            raise InputError(f"metadata column names must be strings, got {c!r}; rename the column")
    dup = sorted({c for c in names if names.count(c) > 1})
    if dup:
        raise InputError(f"metadata column name(s) {dup} occur more than once; column names must be unique")
    for c in names:
        col = meta[c]
        if col.dtype != object:
            continue
        for i, v in enumerate(col.tolist()):
            if not isinstance(v, Hashable) or isinstance(v, (tuple, frozenset)):
                raise InputError(
                    f"metadata column {c!r}, row {i + 1}: a {type(v).__name__}; metadata values must be scalars "
                    "(text, numbers, booleans, dates). Convert nested values to text, e.g. with json.dumps"
                )
    clash = [c for c in names if c in RESERVED_COLUMNS]
    if clash:
        new = [f"user_{c}" for c in clash]
        taken = [n for n in new if n in names]
        if taken:
            raise InputError(f"metadata columns {clash} are the kit's own names and {taken} are taken; rename them")
        warnings.warn(
            f"metadata column(s) {clash} have the names of the kit's own columns; renamed to {new}",
            stacklevel=stacklevel,
        )
        meta = meta.rename(columns=dict(zip(clash, new)))
    return meta

def boolean_mask(m, index: pd.Index) -> np.ndarray:
    """One bool per document from a mask: a Series is aligned by doc_id, anything else is in corpus order."""
    if isinstance(m, pd.Series):
        if not isinstance(m.index, pd.RangeIndex) or not m.index.equals(pd.RangeIndex(len(index))):
            if len(m) != len(index) or m.index.has_duplicates or not m.index.isin(index).all():
                raise InputError(
                    "subset(): the mask is a Series whose index is not the corpus's doc_ids; index it by doc_id "
                    "(e.g. a condition on corpus.documents) or pass a list in corpus order"
                )
            m = m.reindex(index)
        values = m.to_numpy(dtype=object)
    else:
        values = np.asarray(m, dtype=object)
    if values.ndim != 1 or len(values) != len(index):
        raise InputError(f"subset(): mask has {values.size} values, the corpus has {len(index)} documents")
    bad = [v for v in values if not isinstance(v, (bool, np.bool_))]
    if bad:
        raise InputError(
            f"subset(): the mask must hold booleans (True/False), got {bad[0]!r} ({type(bad[0]).__name__}); "
            "for a list of documents use doc_ids=..."
        )
    return values.astype(bool)
