"""Helpers shared by the validation modules: aligning codes, scores and documents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import Options, check_param
from ..errors import InputError

__all__ = ["wide_codes", "consensus", "wide_scores", "frame_list"]


def frame_list(frames, available, what: str) -> list[str]:
    """The frames to use: ``frames`` if given (each must be available), else all available."""
    available = list(available)
    if frames is None:
        return available
    frames = [frames] if isinstance(frames, str) else list(frames)
    missing = [f for f in frames if f not in available]
    if missing:
        raise InputError(f"{what}: frame(s) {missing} not found; available: {available}")
    return frames


def wide_codes(codes, what: str) -> pd.DataFrame:
    """Codes as one row per (doc_id, coder), one column per frame.

    Accepts the long table of :func:`framing.read_codes` (``doc_id``,
    ``coder``, ``frame``, ``code``) or a wide table indexed by ``doc_id``
    (one coder, or the consensus) with one 0/1 column per frame.
    """
    if not isinstance(codes, pd.DataFrame):
        raise InputError(f"{what}: codes must be a pandas DataFrame (see read_codes), got {type(codes).__name__}")
    if {"doc_id", "coder", "frame", "code"} <= set(codes.columns):
        dup = codes.duplicated(["doc_id", "coder", "frame"])
        if dup.any():
            first = codes.loc[dup, ["doc_id", "coder", "frame"]].iloc[0].tolist()
            raise InputError(
                f"{what}: codes hold {int(dup.sum())} repeated (doc_id, coder, frame) rows, e.g. {first}; "
                "keep one code per coder, document and frame"
            )
        wide = codes.pivot(index=["doc_id", "coder"], columns="frame", values="code")
        wide.columns.name = None
        return wide.reindex(columns=list(dict.fromkeys(codes["frame"]))).astype(float)
    wide = codes.copy()
    if "doc_id" in wide.columns:
        wide = wide.set_index("doc_id")
    wide.index = wide.index.astype(str)
    wide.index.name = "doc_id"
    bad = [c for c in wide.columns if not pd.api.types.is_numeric_dtype(wide[c])]
    if bad:
        raise InputError(
            f"{what}: code columns must be numeric (0/1), but {bad} are not; pass the long table of read_codes "
            "or a table indexed by doc_id with one 0/1 column per frame"
        )
    wide = wide.astype(float)
    wide["coder"] = "codes"
    return wide.set_index("coder", append=True)


def consensus(codes, what: str, rule: str = "majority") -> pd.DataFrame:
    """One 0/1 label per document and frame from one or several coders.

    ``'majority'``: positive when more than half of the coders who coded
    the document say so, and on a tie (e.g. one of two coders) too;
    ``'all'``: every coder; ``'any'``: at least one coder.
    Documents no coder coded for a frame are NaN.
    """
    check_param(what, "rule", rule, [Options(("majority", "any", "all"))])
    wide = wide_codes(codes, what)
    bad = ~wide.isna() & ~wide.isin([0.0, 1.0])
    if bad.to_numpy().any():
        where = bad.stack()
        d, c, f = where[where].index[0]
        raise InputError(
            f"{what}: codes must be 0 or 1 for a yes/no frame; doc_id {d!r}, coder {c!r}, frame {f!r} "
            f"has {wide.loc[(d, c), f]!r}"
        )
    g = wide.groupby(level="doc_id", sort=False)
    share = g.mean()
    if rule == "majority":
        out = (share >= 0.5).astype(float)
    elif rule == "any":
        out = (share > 0).astype(float)
    else:
        out = (share >= 1).astype(float)
    out[share.isna()] = np.nan
    out.index = out.index.astype(str)
    return out


def wide_scores(scores, what: str, value: str | None = None) -> pd.DataFrame:
    """Scores as one row per document (``doc_id`` index), one column per frame.

    Accepts a wide table (index ``doc_id`` or a ``doc_id`` column) or the
    tidy output of :func:`framing.frame_scores` (``doc_id``, ``frame`` and
    the ``value`` column, default ``rate``).
    """
    if not isinstance(scores, pd.DataFrame):
        raise InputError(f"{what}: scores must be a pandas DataFrame, got {type(scores).__name__}")
    if {"doc_id", "frame"} <= set(scores.columns):
        value = value or "rate"
        if value not in scores.columns:
            raise InputError(f"{what}: scores have no column {value!r}; columns: {list(scores.columns)}")
        wide = scores.pivot(index="doc_id", columns="frame", values=value)
        wide = wide.reindex(columns=list(dict.fromkeys(scores["frame"])))
    else:
        wide = scores.set_index("doc_id") if "doc_id" in scores.columns else scores.copy()
    wide.columns.name = None
    wide.index = wide.index.astype(str)
    wide.index.name = "doc_id"
    bad = [c for c in wide.columns if not pd.api.types.is_numeric_dtype(wide[c])]
    if bad:
        raise InputError(f"{what}: score columns must be numeric, but {bad} are not")
    if wide.index.duplicated().any():
        raise InputError(
            f"{what}: scores repeat doc_id {wide.index[wide.index.duplicated()][0]!r}; give one row per document"
        )
    return wide.astype(float)
