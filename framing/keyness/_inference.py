"""Document-level inference for keyness: document frequencies and the permutation test over documents."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .. import _stats
from ._scores import _abs_log_odds_z_fast, _g2_fast, _statistic

MIN_N_PERM = 100
REFINE_P = 0.01
REFINE_FACTOR = 10
_CHUNK = 250


def _group_doc_freq(blocks, codes, n_groups, n_terms):
    """Number of documents (units) of each group that use each term, block by block."""
    out = np.zeros((n_groups, n_terms))
    for part in _stats._as_blocks(blocks).map(_doc_freq_part, np.asarray(codes), int(n_groups)):
        out += part
    return out.astype(np.int64)


def _doc_freq_part(pos, block, codes, n_groups):
    present = sparse.csr_matrix(block, copy=True)
    present.data = (present.data > 0).astype(float)
    c = codes[pos]
    agg = sparse.csr_matrix((np.ones(len(c)), (c, np.arange(len(c)))), shape=(n_groups, len(c)))
    return (agg @ present).toarray()


def _pool_part(pos, block, codes, pool_codes, keep):
    mask = np.isin(codes[pos], pool_codes)
    rows = sparse.csr_matrix(block)[mask]
    return codes[pos][mask], rows[:, keep], np.asarray(rows.sum(axis=1)).ravel()


def _pooled_units(blocks, codes, t_idx, r_idx, keep):
    """The pooled documents of a comparison: (kept-term counts (n_kept, n_pool), token totals, is-target)."""
    parts = _stats._as_blocks(blocks).map(_pool_part, np.asarray(codes), np.asarray(t_idx + r_idx), keep)
    unit_codes = np.concatenate([p[0] for p in parts])
    X = sparse.vstack([p[1] for p in parts]).T.tocsr()
    tok = np.concatenate([p[2] for p in parts]).astype(float)
    return X, tok, np.isin(unit_codes, t_idx)


def _perm_p(method, pooled, obs_abs, prior, alpha0, yates, n_perm, rng):
    """Two-stage permutation p-values: ``n_perm`` shuffles for every term, then, for the terms with
    p <= REFINE_P, ``REFINE_FACTOR * n_perm`` fresh shuffles whose p replaces the first (see keyness Notes)."""
    X, tok, is_target = pooled
    exceed = _perm_exceed(method, X, tok, is_target, obs_abs, prior, alpha0, yates, n_perm, rng)
    p = _stats.permutation_p(exceed, n_perm)
    refine = np.flatnonzero(p <= REFINE_P)
    if refine.size:
        n2 = REFINE_FACTOR * n_perm
        exceed2 = _perm_exceed(method, X[refine], tok, is_target, obs_abs[refine], prior[refine], alpha0, yates, n2, rng)
        p[refine] = _stats.permutation_p(exceed2, n2)
    return p


def _perm_exceed(method, X, tok, is_target, obs_abs, prior, alpha0, yates, n_perm, rng, chunk=None):
    """How many of ``n_perm`` document permutations give |statistic| >= the observed one, per kept term."""
    chunk = chunk or _CHUNK
    col = np.asarray(X.sum(axis=1)).ravel()
    n_all = tok.sum()
    n_target = int(is_target.sum())
    n_pool = is_target.size
    tol = 1e-9 * np.maximum(1.0, obs_abs)
    exceed = np.zeros(X.shape[0], dtype=np.int64)
    for s in range(0, n_perm, chunk):
        e = min(n_perm, s + chunk)
        P = _stats.permutation_indicators(n_target, n_pool, e - s, rng)  # (chunk, n_pool)
        a = (X @ P.T).T  # (chunk, n_kept)
        b = col[None, :] - a
        n_t = (P @ tok)[:, None]
        n_r = n_all - n_t
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "log_odds":
                stat = _abs_log_odds_z_fast(a, col, n_t, n_r, prior, alpha0)
            elif method in ("g2", "pmi"):
                stat = _g2_fast(a, col, n_t, n_r)
            else:
                stat = np.abs(_statistic(method, a, b, n_t, n_r, prior[None, :], alpha0, yates))
        exceed += (stat >= obs_abs[None, :] - tol[None, :]).sum(axis=0)
    return exceed
