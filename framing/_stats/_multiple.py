"""Multiple testing: Benjamini-Hochberg adjusted p-values."""

from __future__ import annotations

import numpy as np

from ..errors import InputError


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

    Raises
    ------
    InputError
        A p-value outside [0, 1].

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, float("nan")]).round(3).tolist()
    [0.03, 0.04, 0.04, nan]

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
        raise InputError("benjamini_hochberg(): p must hold p-values in [0, 1] (NaN for untested rows)")
    order = np.argsort(q, kind="mergesort")
    ranked = q[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(m)
    adj[order] = np.minimum(ranked, 1.0)
    out[ok] = adj
    return out
