"""Intervals: Wilson score, percentile and Hesterberg's expanded percentile levels."""

from __future__ import annotations

import numpy as np
from scipy import stats

from ..errors import InputError
from ._checks import check_alpha


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

    Raises
    ------
    InputError
        ``k`` outside 0..n, or ``alpha`` not in (0, 1).

    Examples
    --------
    >>> low, high = wilson_interval(3, 10)
    >>> round(float(low), 3), round(float(high), 3)
    (0.108, 0.603)

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209-212.
    """
    check_alpha(alpha)
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(k < 0) or np.any(k > n):
        raise InputError("wilson_interval(): need 0 <= k <= n for every proportion (k successes of n trials)")
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        denom = 1 + z**2 / n
        centre = (p + z**2 / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    low, high = centre - half, centre + half
    # exact at the edges: k = 0 gives low = 0 and k = n gives high = 1 (no rounding residue)
    low = np.where(k == 0, 0.0, low)
    high = np.where(k == n, 1.0, high)
    return np.clip(low, 0, 1), np.clip(high, 0, 1)


def percentile_interval(samples, alpha: float = 0.05, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13).

    The interval is :math:`[\hat q_{\alpha/2}, \hat q_{1-\alpha/2}]` of the
    :math:`B` replicates, each quantile by linear interpolation between
    order statistics: :math:`\hat q_u = x_{(k)} + (h-k)(x_{(k+1)}-x_{(k)})`
    with :math:`h = (B-1)u + 1`, :math:`k=\lfloor h \rfloor` (sample
    quantile definition 7 of Hyndman & Fan 1996, numpy's default). NaN
    replicates are ignored.

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

    Raises
    ------
    InputError
        ``alpha`` not in (0, 1).

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.

    Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical
    packages. *The American Statistician*, 50(4), 361-365.

    Examples
    --------
    >>> low, high = percentile_interval(np.arange(101.0), alpha=0.1)
    >>> float(low), float(high)
    (5.0, 95.0)
    """
    check_alpha(alpha)
    samples = np.asarray(samples, dtype=float)
    if samples.shape[axis] == 0:  # n_boot=0: no bootstrap, no interval
        empty = np.full(np.delete(samples.shape, axis), np.nan)
        return (empty, empty.copy()) if empty.ndim else (np.float64(np.nan), np.float64(np.nan))
    # np.quantile is vectorised; np.nanquantile loops in Python along the axis
    quantile = np.nanquantile if np.isnan(samples).any() else np.quantile
    low, high = quantile(samples, [alpha / 2, 1 - alpha / 2], axis=axis)
    return low, high


def expanded_alpha(n, df=None, alpha: float = 0.05):
    r"""Tail level of Hesterberg's expanded percentile interval.

    The percentile interval is too narrow in small samples: the bootstrap
    spread is the plug-in one (divisor :math:`n`) and its tails are normal
    ones. The *expanded* percentile interval takes the bootstrap quantiles
    at :math:`\alpha'/2` and :math:`1-\alpha'/2` with

    .. math::
        \alpha' = 2\,\Phi\!\left(-c\; t_{\nu,\,1-\alpha/2}\right)

    where for one sample :math:`c=\sqrt{n/(n-1)}` and :math:`\nu = n-1`
    (Hesterberg 2015, sec. 3.4). For a difference of two means ``n`` is
    replaced by the ratio of the unbiased to the plug-in variance of the
    difference (pass ``n`` = that ratio / (ratio - 1), i.e. give ``c``
    through ``n``) and :math:`\nu` by Welch's degrees of freedom.

    Parameters
    ----------
    n : array-like
        Sample size(s) (> 1).
    df : array-like, optional
        Degrees of freedom; default ``n - 1``.
    alpha : float, default=0.05

    Returns
    -------
    ndarray
        :math:`\alpha'` (< ``alpha``).

    Raises
    ------
    InputError
        ``alpha`` not in (0, 1).

    References
    ----------
    Hesterberg, T. C. (2015). What teachers should know about the bootstrap:
    resampling in the undergraduate statistics curriculum. *The American
    Statistician*, 69(4), 371-386.

    Examples
    --------
    >>> round(float(expanded_alpha(12)), 4)  # quantiles at 1.08% and 98.92% instead of 2.5% and 97.5%
    0.0215
    """
    n = np.asarray(n, dtype=float)
    df = n - 1 if df is None else np.asarray(df, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2 * stats.norm.cdf(-np.sqrt(n / (n - 1)) * stats.t.ppf(1 - alpha / 2, df))


def two_sample_expanded_alpha(x, y, alpha: float = 0.05) -> float:
    r"""Tail level of the expanded percentile interval of a difference of two means (see :func:`expanded_alpha`).

    :math:`c^2` is the ratio of the unbiased to the plug-in variance of
    :math:`\bar x - \bar y` and :math:`\nu` Welch's degrees of freedom;
    ``alpha`` itself when either sample has fewer than two values or no
    variance.

    Parameters
    ----------
    x, y : array-like
        The two samples (one score per document).
    alpha : float, default=0.05
        One minus the nominal coverage.

    Returns
    -------
    float
        The tail level :math:`\alpha'` to take the bootstrap quantiles at.

    Raises
    ------
    InputError
        ``alpha`` not in (0, 1).

    References
    ----------
    Hesterberg, T. C. (2015). What teachers should know about the bootstrap:
    resampling in the undergraduate statistics curriculum. *The American
    Statistician*, 69(4), 371-386.

    Examples
    --------
    >>> a = two_sample_expanded_alpha([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 5.0, 6.0])
    >>> bool(0 < a < 0.05)
    True
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    if x.size < 2 or y.size < 2:
        return alpha
    vx, vy = x.var(ddof=1), y.var(ddof=1)
    se2 = vx / x.size + vy / y.size
    if not se2 > 0:
        return alpha
    se2_plugin = vx * (x.size - 1) / x.size**2 + vy * (y.size - 1) / y.size**2
    ratio = se2 / se2_plugin
    nu = se2**2 / ((vx / x.size) ** 2 / (x.size - 1) + (vy / y.size) ** 2 / (y.size - 1))
    return float(expanded_alpha(ratio / (ratio - 1), df=nu, alpha=alpha))
