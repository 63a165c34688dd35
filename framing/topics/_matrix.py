"""The rows a topic model is fitted on: checks of the matrix, empty rows, proportions, row ids, topic labels, tf-idf.

Shared by :class:`~framing.TopicModel`, its online fit and its persistence,
and by :class:`~framing.STM`.
"""

from __future__ import annotations

import warnings
from contextlib import nullcontext

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from .._stats import top_k
from ..errors import InputError

__all__ = ["drop_empty_rows", "normalise_rows", "tfidf_from_idf"]


def _blas_threads(estimator):
    """One BLAS thread for NMF: its products are thin (n x K), so threads cost more than they save."""
    return threadpool_limits(limits=1, user_api="blas") if isinstance(estimator, NMF) else nullcontext()


def _check_matrix(matrix, name: str) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise InputError(f"{name} is empty (shape {matrix.shape}); a topic model needs rows and terms")
    data = matrix.data
    if not np.all(np.isfinite(data)):
        raise InputError(f"{name} has {int((~np.isfinite(data)).sum())} non-finite entries (NaN or inf); counts must be finite")
    if (data < 0).any():
        raise InputError(f"{name} has {int((data < 0).sum())} negative entries (smallest {data.min()}); counts must be >= 0")
    matrix = matrix.copy()
    matrix.eliminate_zeros()
    return matrix


def normalise_rows(a) -> np.ndarray:
    a = np.asarray(a, dtype=float)
    s = a.sum(axis=1, keepdims=True)
    k = a.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(s > 0, a / np.where(s > 0, s, 1.0), 1.0 / k)
    return out


def drop_empty_rows(dtm, where: str, *, stacklevel: int = 2):
    """Leave out the rows of a document-term matrix that have no term, with a warning naming them.

    Returns the kept matrix, the boolean mask of empty rows and the ids of the
    rows left out (``model.dropped_``). Raises InputError when every row is empty.
    """
    matrix = _check_matrix(dtm.matrix, "X")
    empty = np.diff(matrix.indptr) == 0
    if empty.all():
        raise InputError(f"all {matrix.shape[0]} rows are empty after preprocessing; relax min_df/stop_words")
    dropped: list[str] = []
    if empty.any():
        dropped = _row_ids(dtm.rows[empty])
        warnings.warn(
            f"{where}: {int(empty.sum())} of {matrix.shape[0]} rows have no term left after "
            f"preprocessing and are left out (see model.dropped_): {dropped[:5]}",
            stacklevel=stacklevel + 1,
        )
        dtm = dtm.select_rows(~empty)
    return dtm, empty, dropped


def _labels(topic_term, vocabulary, n: int) -> list[str]:
    labels = []
    for k, row in enumerate(topic_term):
        # rounded: terms whose weights differ only in the last bits (words that always occur together)
        # are ordered by the vocabulary (alphabetically), the same on every machine
        order = top_k(row, n, decimals=12)
        labels.append(f"{k}: " + " ".join(str(vocabulary[i]) for i in order))
    return labels


def _row_ids(rows: pd.DataFrame) -> list[str]:
    if "doc_id" not in rows.columns:
        return [str(i) for i in rows.index]
    ids = rows["doc_id"].astype(str).to_numpy(dtype=object)
    if "para" in rows.columns:
        return [f"{d}#{p}" for d, p in zip(ids, rows["para"].to_numpy())]
    return list(ids)


def tfidf_from_idf(idf: np.ndarray) -> TfidfTransformer:
    """A fitted :class:`~sklearn.feature_extraction.text.TfidfTransformer` (sublinear tf, l2 rows) with these idf.

    For models whose idf were computed elsewhere (streamed over a disk corpus,
    or read from a saved model).
    """
    tfidf = TfidfTransformer(sublinear_tf=True)
    tfidf.idf_ = np.asarray(idf, dtype=np.float64).copy()
    tfidf.n_features_in_ = len(tfidf.idf_)
    return tfidf
