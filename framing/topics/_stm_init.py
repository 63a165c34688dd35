"""Deterministic spectral initialisation of the topic-word distributions (anchor words).

Arora et al. (2013), as used by stm's ``init.type = "Spectral"``:

1. The word co-occurrence matrix
   :math:`Q = \\sum_d \\frac{w_d w_d^\\top - \\operatorname{diag}(w_d)}{n_d(n_d-1)}`
   over documents with at least two tokens, rows normalised to sum to 1
   (:math:`\\bar Q`).
2. *K* anchor words by stabilised Gram-Schmidt: repeatedly the row of
   :math:`\\bar Q` with the largest norm after projecting out the anchors
   found so far.
3. RecoverL2: each word's row of :math:`\\bar Q` is written as a convex
   combination :math:`C_i` of the anchor rows (least squares on the simplex,
   solved here for all words at once by accelerated projected gradient);
   then :math:`A_{ik} \\propto C_{ik}\\,p(w_i)` and
   :math:`\\beta_k = A_{\\cdot k} / \\sum_i A_{ik}`.

As Arora et al. (2013, section 4) require, anchors are chosen only among
words in at least ``min_doc_share`` of the documents (and at least 5):
rare words have noisy co-occurrence rows with large norms that the greedy
search would otherwise pick. Only the ``max_terms`` most frequent terms enter the Gram matrix (stm's
``maxV``); the others start with a small uniform share (0.001 / V, as stm
does for words it removes).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .._stats import top_k


def gram_matrix(matrix: sparse.csr_matrix) -> np.ndarray:
    """Row-normalised co-occurrence matrix :math:`\\bar Q` (dense, V x V)."""
    m = sparse.csr_matrix(matrix, dtype=float)
    nd = np.asarray(m.sum(axis=1)).ravel()
    m = m[nd >= 2]
    nd = nd[nd >= 2]
    div = nd * (nd - 1)
    scaled = sparse.diags(1.0 / np.sqrt(div)) @ m
    q = (scaled.T @ scaled).toarray()
    q[np.diag_indices_from(q)] -= np.asarray((sparse.diags(1.0 / div) @ m).sum(axis=0)).ravel()
    np.maximum(q, 0.0, out=q)
    return q


def fast_anchor(qbar: np.ndarray, k: int, candidates=None) -> np.ndarray:
    """Indices of *k* anchor rows by stabilised Gram-Schmidt (stm's ``fastAnchor``).

    ``candidates`` (boolean, per row) limits which rows may become anchors.
    """
    q = qbar.copy()
    allowed = np.ones(q.shape[0], bool) if candidates is None else np.asarray(candidates, bool)
    norms = (q**2).sum(axis=1)
    norms[~allowed] = 0.0
    basis = []
    for _ in range(k):
        i = int(np.argmax(norms))
        basis.append(i)
        q[i] /= np.sqrt(norms[i])
        proj = q @ q[i]
        proj[basis] = 0.0
        q -= np.outer(proj, q[i])
        norms = (q**2).sum(axis=1)
        norms[basis] = 0.0
        norms[~allowed] = 0.0
    return np.array(basis)


def _project_simplex(y: np.ndarray) -> np.ndarray:
    """Euclidean projection of each row onto the probability simplex (Duchi et al. 2008)."""
    n, k = y.shape
    u = -np.sort(-y, axis=1)
    css = np.cumsum(u, axis=1) - 1
    ind = np.arange(1, k + 1)
    cond = u - css / ind > 0
    rho = k - 1 - np.argmax(cond[:, ::-1], axis=1)
    tau = css[np.arange(n), rho] / (rho + 1)
    return np.maximum(y - tau[:, None], 0.0)


def recover_l2(qbar: np.ndarray, anchors: np.ndarray, wprob: np.ndarray, *, n_iter: int = 500) -> np.ndarray:
    """RecoverL2 for all words at once; returns beta of shape (K, V)."""
    x = qbar[anchors]  # (K, V)
    xtx = x @ x.T
    b = qbar @ x.T  # (V, K)
    lip = 2 * np.linalg.eigvalsh(xtx).max()
    k = len(anchors)
    c = np.full((qbar.shape[0], k), 1.0 / k)
    z, t = c.copy(), 1.0
    for _ in range(n_iter):
        grad = 2 * (z @ xtx - b)
        c_new = _project_simplex(z - grad / lip)
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = c_new + ((t - 1) / t_new) * (c_new - c)
        if np.abs(c_new - c).max() < 1e-9:
            c = c_new
            break
        c, t = c_new, t_new
    c[anchors] = np.eye(k)
    c = np.maximum(c, np.finfo(float).eps)
    a = c * wprob[:, None]
    return (a / a.sum(axis=0)).T


def spectral_beta(matrix: sparse.csr_matrix, k: int, *, max_terms: int = 3000, min_doc_share: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """Spectral (anchor-word) topic-word distributions, shape (K, V), and the anchor term indices."""
    m = sparse.csr_matrix(matrix)
    v = m.shape[1]
    freq = np.asarray(m.sum(axis=0)).ravel().astype(float)
    keep = np.sort(top_k(freq, min(v, max_terms)))
    q = gram_matrix(m[:, keep])
    sums = q.sum(axis=1)
    ok = sums > 0
    keep, q = keep[ok], q[np.ix_(ok, ok)] / sums[ok][:, None]
    if len(keep) <= k:
        raise ValueError(f"only {len(keep)} terms co-occur; the spectral start needs more than n_topics={k}")
    wprob = freq[keep] / freq[keep].sum()
    df = np.diff(sparse.csc_matrix(m[:, keep]).indptr)
    min_docs = max(5, int(np.ceil(min_doc_share * m.shape[0])))
    candidates = df >= min_docs
    if candidates.sum() < k:
        candidates = df >= np.sort(df)[-k]
    anchors = fast_anchor(q, k, candidates)
    part = recover_l2(q, anchors, wprob)
    beta = np.zeros((k, v))
    beta[:, keep] = part
    beta += 0.001 / v
    beta /= beta.sum(axis=1, keepdims=True)
    return beta, keep[anchors]
