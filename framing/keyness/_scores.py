"""Keyness statistics of a 2x2 table (target vs reference counts of a term): log-odds z, G2, chi-square, PMI.

The point scores, their fast forms for many replicates at once, and the
percentile interval of bootstrap replicates. Formulas and sources are in
:func:`framing.keyness` (Notes, References).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from .. import _stats

METHODS = ("log_odds", "g2", "chi2", "pmi")


# --------------------------------------------------------------------------- statistics
def _log_odds_z(a, b, n_t, n_r, prior, alpha0):
    """Monroe et al. (2008) eq. 16 and 20: z of the prior-smoothed log-odds ratio."""
    delta = np.log((a + prior) / (n_t + alpha0 - a - prior)) - np.log((b + prior) / (n_r + alpha0 - b - prior))
    var = 1.0 / (a + prior) + 1.0 / (b + prior)
    return delta / np.sqrt(var)


def _table(a, b, n_t, n_r):
    """Observed and expected cells of the term's 2x2 table (term / other tokens x target / reference)."""
    c, d = n_t - a, n_r - b
    n = n_t + n_r
    row1 = a + b
    row2 = c + d
    obs = (a, b, c, d)
    exp = (row1 * n_t / n, row1 * n_r / n, row2 * n_t / n, row2 * n_r / n)
    return obs, exp


def _g2(a, b, n_t, n_r):
    """Log-likelihood ratio G² = 2 Σ O ln(O/E) over the four cells.

    With E = row x column / n this equals
    2 [Σ O ln O - Σ rows ln rows - Σ columns ln columns + n ln n],
    which needs fewer logarithms.
    """
    c, d = n_t - a, n_r - b
    n = n_t + n_r
    xl = special.xlogy
    g = 2.0 * (
        xl(a, a) + xl(b, b) + xl(c, c) + xl(d, d)
        - xl(a + b, a + b) - xl(c + d, c + d)
        - (xl(n_t, n_t) + xl(n_r, n_r) - xl(n, n))
    )  # fmt: skip
    return np.maximum(g, 0.0)


def _chi2(a, b, n_t, n_r, yates):
    """Pearson's X² on the 2x2 table, optionally with Yates's continuity correction."""
    obs, exp = _table(a, b, n_t, n_r)
    dev = np.abs(a - exp[0])
    if yates:
        dev = np.maximum(dev - 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = sum(dev**2 / e for e in exp)
    return np.where(a + b > 0, x2, 0.0)  # a term absent from both sides: no evidence, X² = 0


def _pmi(a, b, n_t, n_r):
    """log2 P(term, target) / (P(term) P(target)) = log2 (a/n_t) / ((a+b)/(n_t+n_r))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(a / n_t) - np.log2((a + b) / (n_t + n_r))
    return np.where(a > 0, pmi, -np.inf)


def _sign(a, b, n_t, n_r):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sign(a / n_t - b / n_r)


def _score(method, a, b, n_t, n_r, prior, alpha0, yates):
    if method == "log_odds":
        return _log_odds_z(a, b, n_t, n_r, prior, alpha0)
    if method == "g2":
        return _sign(a, b, n_t, n_r) * _g2(a, b, n_t, n_r)
    if method == "chi2":
        return _sign(a, b, n_t, n_r) * _chi2(a, b, n_t, n_r, yates)
    return _pmi(a, b, n_t, n_r)


def _abs_log_odds_z_fast(a, col, n_t, n_r, prior, alpha0):
    r"""|z| of :func:`_log_odds_z` with one logarithm per cell (b = col - a; the same value).

    With :math:`A = a+\alpha_w`, :math:`B = b+\alpha_w`:
    :math:`\delta = \ln\frac{A\,(n_r+\alpha_0-B)}{(n_t+\alpha_0-A)\,B}` and
    :math:`1/\sigma^2 = AB/(A+B)`, where :math:`A+B` is fixed per term.
    """
    A = a + prior[None, :]
    B = (col + prior)[None, :] - a
    num = A * (n_r + alpha0 - B)
    num /= (n_t + alpha0 - A) * B
    np.log(num, out=num)
    np.abs(num, out=num)
    A *= B
    A /= (col + 2 * prior)[None, :]
    np.sqrt(A, out=A)
    num *= A
    return num


def _xlogx(x):
    """x ln x with 0 ln 0 = 0, in place (x >= 0)."""
    y = np.maximum(x, 1e-300)
    np.log(y, out=y)
    y *= x
    return y


def _g2_fast(a, col, n_t, n_r):
    """:func:`_g2` for replicates with fixed term totals ``col`` (b = col - a; the same value)."""
    n = n_t + n_r
    g = _xlogx(a)
    g += _xlogx(col[None, :] - a)
    g += _xlogx(n_t - a)
    g += _xlogx(n_r - col[None, :] + a)
    g -= (_xlogx(col) + _xlogx(n - col))[None, :] if np.ndim(n) == 0 else _xlogx(col[None, :]) + _xlogx(n - col[None, :])
    g -= _xlogx(n_t) + _xlogx(n_r) - _xlogx(n)
    g *= 2.0
    return np.maximum(g, 0.0, out=g)


def _statistic(method, a, b, n_t, n_r, prior, alpha0, yates):
    """The test statistic whose absolute value the permutation test compares."""
    if method == "log_odds":
        return _log_odds_z(a, b, n_t, n_r, prior, alpha0)
    if method == "chi2":
        return _chi2(a, b, n_t, n_r, yates)
    return _g2(a, b, n_t, n_r)


def _boot_scores(method, a_boot, b_boot, tok_t, tok_r, prior, alpha0, yates, chunk: int = 250):
    """Scores of the kept terms on each bootstrap replicate, shape (n_boot, n_kept).

    ``a_boot``/``b_boot`` are the replicates' target and reference counts of
    the kept terms, ``tok_t``/``tok_r`` their token totals (all terms).
    """
    n_boot = a_boot.shape[0]
    out = np.empty((n_boot, a_boot.shape[1]), dtype=np.float64)
    for s in range(0, n_boot, chunk):
        e = min(n_boot, s + chunk)
        with np.errstate(divide="ignore", invalid="ignore"):
            rep = _score(method, a_boot[s:e], b_boot[s:e], tok_t[s:e, None], tok_r[s:e, None], prior[None, :], alpha0, yates)
        if method == "log_odds":
            # a replicate without the term on either side is no evidence either way: 0, as for g2 and chi2
            rep = np.where((a_boot[s:e] == 0) & (b_boot[s:e] == 0), 0.0, rep)
        out[s:e] = rep
    return out


def _interval(boot, alpha):
    """Percentile interval; -inf (PMI of a term absent from a replicate) is kept as -inf."""
    neg_inf = np.isneginf(boot)
    if neg_inf.any():
        boot = np.where(neg_inf, -1e300, boot)
    low, high = _stats.percentile_interval(boot, alpha, axis=0)
    if neg_inf.any():
        low = np.where(low < -1e299, -np.inf, low)
        high = np.where(high < -1e299, -np.inf, high)
    return low, high
