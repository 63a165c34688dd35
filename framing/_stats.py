"""Statistics shared by the analyses: bootstrap over documents, intervals, FDR.

Analyses import these instead of writing their own, so that every interval
and every corrected p-value in the kit is computed one way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .errors import InputError

__all__ = [
    "as_generator",
    "benjamini_hochberg",
    "wilson_interval",
    "bootstrap_weights",
    "percentile_interval",
    "check_alpha",
]


def as_generator(seed) -> np.random.Generator:
    """A :class:`numpy.random.Generator` from a seed, a Generator or None.

    ``None`` gives seed 0, so that results are reproducible by default.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        seed = 0
    if isinstance(seed, (bool, float)) or not isinstance(seed, (int, np.integer)):
        raise InputError(f"seed must be an int, a numpy Generator or None, got {seed!r}")
    return np.random.default_rng(int(seed))


def check_alpha(alpha: float) -> float:
    """Validate a significance level / interval width parameter."""
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise InputError(f"alpha must be between 0 and 1 (e.g. 0.05 for 95% intervals), got {alpha!r}")
    return float(alpha)


def benjamini_hochberg(p) -> np.ndarray:
    r"""Benjamini-Hochberg adjusted p-values (false discovery rate).

    For :math:`m` p-values sorted ascending, :math:`p_{(i)}`, the adjusted
    value is :math:`\tilde p_{(i)} = \min_{j \ge i} \min(1, m\,p_{(j)}/j)`.
    A hypothesis is rejected at FDR level :math:`q` when its adjusted value is
    at most :math:`q`. NaN p-values are left as NaN and do not count in
    :math:`m`.

    Parameters
    ----------
    p : array-like of shape (m,)
        Raw p-values in [0, 1].

    Returns
    -------
    ndarray of shape (m,)
        Adjusted p-values, in the input order.

    References
    ----------
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
    rate: a practical and powerful approach to multiple testing. *Journal of
    the Royal Statistical Society B*, 57(1), 289-300.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    if (q < 0).any() or (q > 1).any():
        raise InputError("p-values must lie in [0, 1]")
    order = np.argsort(q, kind="mergesort")
    ranked = q[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(m)
    adj[order] = np.minimum(ranked, 1.0)
    out[ok] = adj
    return out


def wilson_interval(k, n, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    r"""Wilson score interval for a binomial proportion.

    With :math:`\hat p = k/n` and :math:`z = \Phi^{-1}(1-\alpha/2)`:

    .. math::
        \frac{\hat p + z^2/(2n) \pm z\sqrt{\hat p(1-\hat p)/n + z^2/(4n^2)}}
             {1 + z^2/n}

    Parameters
    ----------
    k, n : array-like
        Successes and trials (``n = 0`` gives NaN).
    alpha : float, default=0.05
        One minus the coverage.

    Returns
    -------
    (low, high) : tuple of ndarray

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209-212.
    """
    check_alpha(alpha)
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(k < 0) or np.any(k > n):
        raise InputError("wilson_interval(): need 0 <= k <= n for every proportion")
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    low, high = centre - half, centre + half
    return np.clip(low, 0, 1), np.clip(high, 0, 1)


def bootstrap_weights(groups, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Resampling weights for a bootstrap over documents within groups.

    Each replicate draws, within each group, as many documents as the group
    has, with replacement (a stratified nonparametric bootstrap; Efron &
    Tibshirani 1993, ch. 6). The draw is expressed as how many times each
    document is taken, so a replicate's group totals are ``W @ X``.

    Parameters
    ----------
    groups : array-like of shape (n_docs,)
        Group label of each document (documents with a missing label are
        never drawn).
    n_boot : int
        Number of replicates.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (n_boot, n_docs)
        Integer weights; within each group a row sums to the group size.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.
    """
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise InputError(f"n_boot must be a positive integer, got {n_boot!r}")
    labels = pd.Series(np.asarray(groups, dtype=object))
    weights = np.zeros((int(n_boot), len(labels)), dtype=np.int32)
    for _, idx in sorted(labels.dropna().groupby(labels.dropna()).indices.items(), key=lambda kv: str(kv[0])):
        idx = np.asarray(idx)
        n = idx.size
        weights[:, idx] = rng.multinomial(n, np.full(n, 1.0 / n), size=int(n_boot))
    return weights


def percentile_interval(samples, alpha: float = 0.05, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13).

    Parameters
    ----------
    samples : array-like
        Bootstrap replicates along ``axis``.
    alpha : float, default=0.05
        One minus the coverage.
    axis : int, default=0

    Returns
    -------
    (low, high) : tuple of ndarray
        The ``alpha/2`` and ``1-alpha/2`` quantiles, ignoring NaN.
    """
    check_alpha(alpha)
    samples = np.asarray(samples, dtype=float)
    # np.quantile is vectorised; np.nanquantile loops in Python along the axis
    quantile = np.nanquantile if np.isnan(samples).any() else np.quantile
    low, high = quantile(samples, [alpha / 2, 1 - alpha / 2], axis=axis)
    return low, high
