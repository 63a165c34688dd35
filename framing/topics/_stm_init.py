"""Deterministic spectral initialisation of the topic-word distributions (anchor words).

Arora et al. (2013), as used by stm's ``init.type = "Spectral"``:

1. The word co-occurrence matrix
   :math:`Q = \\sum_d \\frac{w_d w_d^\\top - \\operatorname{diag}(w_d)}{n_d(n_d-1)}`
   over documents with at least two tokens, rows normalised to sum to 1
   (:math:`\\bar Q`).
2. *K* anchor rows by stabilised Gram-Schmidt (stm's ``fastAnchor``):
   repeatedly the row with the largest norm after projecting out the
   anchors found so far.
3. RecoverL2: each word's row of :math:`\\bar Q` is written as a convex
   combination :math:`C_i` of the anchor rows (least squares on the simplex,
   solved here for all words at once by accelerated projected gradient);
   then :math:`A_{ik} \\propto C_{ik}\\,p(w_i)` and
   :math:`\\beta_k = A_{\\cdot k} / \\sum_i A_{ik}`.

Two changes against sampling noise, because stm's plain version merged two
planted topics in most small simulations (1,000 documents of 60 tokens: a
topic with cosine below 0.5 in 18 of 20 starts; ``benchmarks/bench_stm.py``):

* **Rectification** (Lee, Bindel & Mimno 2015): before normalising, *Q* is
  projected onto its top-*K* non-negative eigenpairs and clipped at 0
  (:func:`rectify`), as a noiseless :math:`Q = ARA^\\top` would be.
* **Vertex hunting over cluster centres** (Ke & Wang 2024): the candidate
  rows are grouped by k-means (3K clusters, weighted by word frequency, a
  fixed seed), and Gram-Schmidt runs on the clusters' frequency-weighted
  mean rows, so one noisy rare word can no longer become a vertex. The
  chosen centres are the anchor rows of RecoverL2; ``anchors_`` reports the
  most frequent word of each chosen cluster.

Together: a planted topic below cosine 0.5 in 1 of 21 starts, mean cosine
0.752 -> 0.981.

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


def rectify(q: np.ndarray, k: int) -> np.ndarray:
    """Project the co-occurrence matrix onto its top-*k* positive eigenpairs and clip negatives to 0.

    One alternating-projection step of Lee, Bindel & Mimno (2015): a noiseless
    :math:`Q = A R A^\\top` has rank *k* and non-negative entries, so this removes
    the sampling noise that makes the rows of rare words look like vertices of
    the convex hull (and so become anchors). Further steps changed nothing on
    planted data.
    """
    v = q.shape[0]
    if v <= 600:
        w, u = np.linalg.eigh(q)
        w, u = w[-k:], u[:, -k:]
    else:
        from scipy.sparse.linalg import eigsh

        w, u = eigsh(q, k=k, which="LA", v0=np.ones(v) / np.sqrt(v))  # fixed start: deterministic
    w = np.maximum(w, 0.0)
    out = (u * w) @ u.T
    np.maximum(out, 0.0, out=out)
    return out


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


def cluster_centres(rows: np.ndarray, weights: np.ndarray, n_clusters: int) -> tuple[np.ndarray, list]:
    """Frequency-weighted k-means of ``rows`` (fixed seed): the clusters' weighted mean rows and members."""
    from sklearn.cluster import KMeans

    n_clusters = min(n_clusters, len(np.unique(rows, axis=0)))  # duplicate rows (tiny corpora) form one cluster
    labels = KMeans(n_clusters, n_init=3, random_state=0).fit(rows, sample_weight=weights).labels_
    members = [np.flatnonzero(labels == j) for j in range(n_clusters)]
    members = [idx for idx in members if idx.size]
    centres = np.array([weights[idx] @ rows[idx] / weights[idx].sum() for idx in members])
    return centres, members


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


def recover_l2(qbar: np.ndarray, anchors, wprob: np.ndarray, *, n_iter: int = 500, rows=None) -> np.ndarray:
    """RecoverL2 for all words at once; returns beta of shape (K, V).

    ``rows`` (K, V): the anchor rows, when they are not rows of ``qbar`` (cluster centres); then
    ``anchors`` may be empty and no word is fixed to one topic.
    """
    x = qbar[anchors] if rows is None else rows  # (K, V)
    xtx = x @ x.T
    b = qbar @ x.T  # (V, K)
    lip = 2 * np.linalg.eigvalsh(xtx).max()
    k = x.shape[0]
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
    if rows is None:
        c[anchors] = np.eye(k)
    c = np.maximum(c, np.finfo(float).eps)
    a = c * wprob[:, None]
    return (a / a.sum(axis=0)).T


def spectral_beta(
    matrix: sparse.csr_matrix, k: int, *, max_terms: int = 3000, min_doc_share: float = 0.01, rectified: bool = True,
    clustered: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Spectral (anchor-word) topic-word distributions, shape (K, V), and the anchor term indices."""
    m = sparse.csr_matrix(matrix)
    v = m.shape[1]
    freq = np.asarray(m.sum(axis=0)).ravel().astype(float)
    keep = np.sort(top_k(freq, min(v, max_terms)))
    q = gram_matrix(m[:, keep])
    if rectified:
        q = rectify(q, k)
    sums = q.sum(axis=1)
    ok = sums > 0
    keep, q = keep[ok], q[np.ix_(ok, ok)] / sums[ok][:, None]
    if len(keep) <= k:
        raise ValueError(f"only {len(keep)} terms co-occur; the spectral start needs more than n_topics={k}")
    wprob = freq[keep] / freq[keep].sum()
    df = np.diff(sparse.csc_matrix(m[:, keep]).indptr)
    min_docs = max(5, int(np.ceil(min_doc_share * m.shape[0])))
    candidates = np.flatnonzero(df >= min_docs)
    if candidates.size < k:
        candidates = np.flatnonzero(df >= np.sort(df)[-k])
    if not clustered:  # stm's fastAnchor on the candidate words' own rows
        anchors = candidates[fast_anchor(q[candidates], k)]
        return _embed(recover_l2(q, anchors, wprob), keep, k, v), keep[anchors]
    centres, members = cluster_centres(q[candidates], freq[keep][candidates], min(candidates.size, 3 * k))
    if len(centres) < k:
        raise ValueError(f"the candidate anchor words form only {len(centres)} distinct groups, fewer than n_topics={k}")
    pick = fast_anchor(centres, k)
    part = recover_l2(q, np.array([], dtype=int), wprob, rows=centres[pick])
    anchors = np.array([candidates[members[j]][np.argmax(freq[keep][candidates[members[j]]])] for j in pick])
    return _embed(part, keep, k, v), keep[anchors]


def _embed(part, keep, k, v):
    """The (K, V) start from the kept terms' columns; the other terms get 0.001 / V (as stm)."""
    beta = np.zeros((k, v))
    beta[:, keep] = part
    beta += 0.001 / v
    return beta / beta.sum(axis=1, keepdims=True)
