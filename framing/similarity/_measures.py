"""The distance measures (Jensen-Shannon, tf-idf cosine), the checks of their inputs, and the long table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .._stats import cosine_similarity
from .._validation import InstanceOf, Options
from ..corpus import DocumentTermMatrix
from ..errors import InputError

_MEASURES = ("jsd", "cosine")


def jensen_shannon_matrix(counts) -> np.ndarray:
    r"""Pairwise Jensen-Shannon distances (base 2) between the rows of a count matrix.

    Each row is normalised to a distribution :math:`P`. With
    :math:`M = (P + Q)/2`,

    .. math::
        \mathrm{JSD}(P, Q) = \sqrt{\tfrac12 D(P\,\|\,M) + \tfrac12 D(Q\,\|\,M)},
        \qquad D(P\,\|\,M) = \sum_w p_w \log_2 \frac{p_w}{m_w}.

    A term only one of the two rows uses contributes :math:`p_w \log_2 2 =
    p_w`, so only the shared terms need computing (sparse rows).

    Parameters
    ----------
    counts : array-like or sparse matrix of shape (n_rows, n_terms)
        Non-negative; every row must have a positive total.

    Returns
    -------
    ndarray of shape (n_rows, n_rows)
        Symmetric, zero diagonal, values in [0, 1].

    Raises
    ------
    InputError
        A row without counts, or negative counts.

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy.
    *IEEE Transactions on Information Theory*, 37(1), 145-151.

    Examples
    --------
    >>> float(jensen_shannon_matrix([[1, 0], [0, 1]])[0, 1])
    1.0
    """
    X = sparse.csr_matrix(counts, dtype=float)
    totals = np.asarray(X.sum(axis=1)).ravel()
    if (totals <= 0).any():
        raise InputError(f"jensen_shannon_matrix(): row(s) {np.flatnonzero(totals <= 0)[:5].tolist()} have no counts; drop empty rows first")
    if X.data.size and X.data.min() < 0:
        raise InputError("jensen_shannon_matrix(): counts must be non-negative (token counts per row)")
    P = sparse.diags(1.0 / totals) @ X
    P = P.tocsr()
    P.eliminate_zeros()
    n = P.shape[0]
    row_of = np.repeat(np.arange(n), np.diff(P.indptr))
    q = P.data
    out = np.zeros((n, n))
    for i in range(n):
        p_dense = np.zeros(P.shape[1])
        sl = slice(P.indptr[i], P.indptr[i + 1])
        p_dense[P.indices[sl]] = P.data[sl]
        p = p_dense[P.indices]
        both = p > 0
        pb, qb, rb = p[both], q[both], row_of[both]
        m = (pb + qb) / 2
        kl_p = np.bincount(rb, pb * np.log2(pb / m), minlength=n) + 1 - np.bincount(rb, pb, minlength=n)
        kl_q = np.bincount(rb, qb * np.log2(qb / m), minlength=n) + 1 - np.bincount(rb, qb, minlength=n)
        out[i] = np.sqrt(np.clip((kl_p + kl_q) / 2, 0, 1))
    out = (out + out.T) / 2
    np.fill_diagonal(out, 0.0)
    return out


def _cosine_matrix(doc_counts, row_counts) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfTransformer

    tf = TfidfTransformer().fit(doc_counts)  # idf from the documents
    sim = cosine_similarity(tf.transform(row_counts))
    out = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(out, 0.0)
    return out


def _measures(measure) -> list[str]:
    """The measures asked for (checked by ``validate_params``: one of :data:`_MEASURES` or a list of them)."""
    return [measure] if isinstance(measure, str) else list(measure)


_MEASURE = [Options(_MEASURES, many=True)]


_DTM = [InstanceOf(DocumentTermMatrix, "a DocumentTermMatrix (from corpus.dtm(...))"), None]


def _doc_matrix(corpus, dtm, where: str):
    if dtm is None:
        dtm = corpus.dtm("document", lowercase=True)
    if dtm.level != "document" or "doc_id" not in dtm.rows.columns:
        raise InputError(
            f"{where}: dtm must be a document-level matrix with a doc_id column, got level={dtm.level!r}; "
            "build it with corpus.dtm('document', ...)"
        )
    return dtm


def _long(labels, mats: dict, extra=None, *, pair=("group_a", "group_b")) -> pd.DataFrame:
    iu = np.triu_indices(len(labels), k=1)
    labels = np.asarray(labels, dtype=object)
    frames = []
    for measure, m in mats.items():
        f = pd.DataFrame({pair[0]: labels[iu[0]], pair[1]: labels[iu[1]], "distance": m[iu], "measure": measure})
        if extra is not None:
            for col, values in extra.get(measure, {}).items():
                f[col] = values[iu] if np.ndim(values) == 2 else values
        frames.append(f)
    return pd.concat(frames, ignore_index=True)
