"""Statistics shared by the analyses: bootstrap over documents, intervals, FDR.

Analyses import these instead of writing their own, so that every interval
and every corrected p-value in the kit is computed one way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse, stats

from .corpus._blocks import LocalBlocks, _as_blocks, group_sums, matrix_blocks
from .errors import InputError

__all__ = [
    "as_generator",
    "benjamini_hochberg",
    "wilson_interval",
    "bootstrap_weights",
    "bootstrap_group_sums",
    "group_sums",
    "matrix_blocks",
    "LocalBlocks",
    "percentile_interval",
    "check_alpha",
    "bootstrap_group_means",
    "compare_group_means",
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


def int_seed(seed) -> int:
    """An int seed for libraries that take only ints (e.g. networkx): an int as given, one drawn from a Generator.

    ``None`` gives 0, as in :func:`as_generator`.
    """
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**32))
    if seed is None:
        return 0
    if isinstance(seed, (bool, float)) or not isinstance(seed, (int, np.integer)):
        raise InputError(f"seed must be an int, a numpy Generator or None, got {seed!r}")
    return int(seed)


def check_alpha(alpha: float) -> float:
    """Validate a significance level / interval width parameter."""
    if not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise InputError(f"alpha must be between 0 and 1 (e.g. 0.05 for 95% intervals), got {alpha!r}")
    return float(alpha)


#: The fewest bootstrap replicates a function accepts (``n_boot=0`` means no bootstrap).
N_BOOT_MIN = 10


def check_n_boot(n_boot, minimum: int = N_BOOT_MIN) -> int:
    """Validate a number of bootstrap replicates: 0 (no bootstrap) or at least ``minimum``.

    The one rule for every ``n_boot=`` of the kit: ``0`` means "no bootstrap"
    (interval columns are NaN), and a positive value below ``minimum``
    (default :data:`N_BOOT_MIN`, 10) is an error, since a percentile
    interval from a handful of replicates means nothing.

    Examples
    --------
    >>> check_n_boot(0), check_n_boot(2000)
    (0, 2000)
    """
    if not isinstance(n_boot, (int, np.integer)) or isinstance(n_boot, bool) or (0 < n_boot < minimum) or n_boot < 0:
        raise InputError(
            f"n_boot must be 0 (no bootstrap) or an integer of at least {minimum} (e.g. 2000), got {n_boot!r}"
        )
    return int(n_boot)


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
    # exact at the edges: k = 0 gives low = 0 and k = n gives high = 1 (no rounding residue)
    low = np.where(k == 0, 0.0, low)
    high = np.where(k == n, 1.0, high)
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
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise InputError(f"n_boot must be an integer >= 0, got {n_boot!r}")
    labels = pd.Series(np.asarray(groups, dtype=object))
    weights = np.zeros((int(n_boot), len(labels)), dtype=np.int32)
    for _, idx, w in _group_draws(labels, n_boot, rng):
        weights[:, idx] = w
    return weights


def _group_draws(labels: pd.Series, n_boot: int, rng: np.random.Generator):
    """Yield ``(group, positions, weights (n_boot, n_in_group))`` group by group, groups sorted as strings.

    The one place the bootstrap over documents draws its random numbers:
    :func:`bootstrap_weights` and the block-by-block :func:`bootstrap_group_sums`
    both use it, so that they give the same replicates for the same seed.
    Replicates are drawn one at a time (the same stream as one call with
    ``size=n_boot``) into int32, so a group needs 4 bytes per replicate and document.
    """
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise InputError(f"n_boot must be an integer >= 0 (0: no bootstrap), got {n_boot!r}")
    present = labels.dropna()
    for g, idx in sorted(present.groupby(present).indices.items(), key=lambda kv: str(kv[0])):
        idx = np.asarray(idx)
        n = idx.size
        p = np.full(n, 1.0 / n)
        w = np.empty((int(n_boot), n), dtype=np.int32)
        for r in range(int(n_boot)):
            w[r] = rng.multinomial(n, p)
        yield g, idx, w
        del w, p  # drop this group's weights before drawing the next group's


def _boot_part(pos, block, which, rank, weights, columns):
    """Per group of a batch: (W_g[:, rows] @ X[rows][:, columns], W_g[:, rows] @ row totals) for one block."""
    wb = which[pos]
    out = []
    for b, w in enumerate(weights):
        sel = np.flatnonzero(wb == b)
        if not sel.size:
            out.append(None)
            continue
        rows = block[sel]
        wsub = w[:, rank[pos[sel]]].astype(np.float64)  # (n_boot, rows)
        out.append(((rows[:, columns].T @ wsub.T).T, wsub @ np.asarray(rows.sum(axis=1), dtype=np.float64).ravel()))
    return out


def bootstrap_group_sums(blocks, groups, n_boot: int, rng: np.random.Generator, columns, *, budget_mb: float = 256.0):
    """Column sums and row totals within groups on each bootstrap replicate, block by block.

    The replicates are those of :func:`bootstrap_weights` for the same
    ``groups`` and generator (documents drawn with replacement within each
    group; Efron & Tibshirani 1993, ch. 6), but the weight matrix is never
    held whole: groups are drawn in turn and the matrix is read once per
    batch of groups whose weights fit in ``budget_mb``.

    Parameters
    ----------
    blocks : callable or LocalBlocks
        As for :func:`group_sums`.
    groups : array-like of shape (n_rows,)
        Group label of each row (missing labels are never drawn).
    n_boot : int
    rng : numpy.random.Generator
    columns : ndarray of int
        The columns to sum (row totals always use every column).
    budget_mb : float, default=256
        Memory for the weights of the groups handled in one pass.

    Returns
    -------
    labels : list
        Group labels, sorted as strings.
    sums : ndarray of shape (n_groups, n_boot, len(columns))
        ``sums[g] == W_g @ X_g[:, columns]``.
    totals : ndarray of shape (n_groups, n_boot)
        ``W_g @ X_g.sum(axis=1)``.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> from scipy import sparse
    >>> X = sparse.csr_matrix([[1, 0], [2, 3], [0, 4]])
    >>> labels, sums, totals = bootstrap_group_sums(matrix_blocks(X), ["a", "b", "a"], 3,
    ...                                             np.random.default_rng(0), np.array([0, 1]))
    >>> W = bootstrap_weights(["a", "b", "a"], 3, np.random.default_rng(0))
    >>> bool(np.array_equal(sums[0] + sums[1], W @ X.toarray()))
    True
    """
    blocks = _as_blocks(blocks)
    labels_s = pd.Series(np.asarray(groups, dtype=object))
    columns = np.asarray(columns, dtype=np.int64)
    n_boot = int(n_boot)
    n_rows = len(labels_s)
    names, sums, totals = [], [], []

    def run(batch):  # one pass over the matrix for the groups in batch
        rank = np.full(n_rows, -1, dtype=np.int64)
        which = np.full(n_rows, -1, dtype=np.int64)
        for b, (_, idx, _) in enumerate(batch):
            rank[idx] = np.arange(idx.size)
            which[idx] = b
        acc = [np.zeros((n_boot, columns.size)) for _ in batch]
        tot = [np.zeros(n_boot) for _ in batch]
        for part in blocks.map(_boot_part, which, rank, [w for _, _, w in batch], columns):
            for b, got in enumerate(part):
                if got is not None:
                    acc[b] += got[0]
                    tot[b] += got[1]
        for (g, _, _), a, t in zip(batch, acc, tot):
            names.append(g)
            sums.append(a)
            totals.append(t)

    # plan the batches from the group sizes, then draw one batch at a time (only its weights in memory)
    present = labels_s.dropna()
    sizes = [int(n) for _, n in sorted(present.value_counts().items(), key=lambda kv: str(kv[0]))]
    draws = _group_draws(labels_s, n_boot, rng)
    batch_sizes, count, mb = [], 0, 0.0
    for n in sizes:
        need = 4.0 * n_boot * n / 1e6
        if count and mb + need > budget_mb:
            batch_sizes.append(count)
            count, mb = 0, 0.0
        count += 1
        mb += need
    if count:
        batch_sizes.append(count)
    for k in batch_sizes:
        run([next(draws) for _ in range(k)])
    if not sums:
        return names, np.zeros((0, n_boot, columns.size)), np.zeros((0, n_boot))
    return names, np.stack(sums), np.stack(totals)


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
    if samples.shape[axis] == 0:  # n_boot=0: no bootstrap, no interval
        empty = np.full(np.delete(samples.shape, axis), np.nan)
        return (empty, empty.copy()) if empty.ndim else (np.float64(np.nan), np.float64(np.nan))
    # np.quantile is vectorised; np.nanquantile loops in Python along the axis
    quantile = np.nanquantile if np.isnan(samples).any() else np.quantile
    low, high = quantile(samples, [alpha / 2, 1 - alpha / 2], axis=axis)
    return low, high


def bootstrap_group_means(values, groups, n_boot: int, rng: np.random.Generator):
    """Column means per group and their bootstrap replicates (documents resampled within groups).

    Parameters
    ----------
    values : array-like of shape (n_docs, n_columns)
        E.g. topic or frame proportions per document.
    groups : array-like of shape (n_docs,)
        Group label of each document; documents with a missing label are left out.
    n_boot : int
    rng : numpy.random.Generator

    Returns
    -------
    labels : list
        Group labels, sorted as strings.
    sizes : ndarray of shape (n_groups,)
    means : ndarray of shape (n_groups, n_columns)
    replicates : ndarray of shape (n_boot, n_groups, n_columns)
        Means in each replicate of :func:`bootstrap_weights`; intervals
        come from :func:`percentile_interval` along axis 0.
    """
    values = np.asarray(values, dtype=float)
    labels_s = pd.Series(np.asarray(groups, dtype=object))
    weights = bootstrap_weights(labels_s, n_boot, rng)
    labels = sorted(labels_s.dropna().unique().tolist(), key=str)
    sizes = np.zeros(len(labels), dtype=np.int64)
    means = np.zeros((len(labels), values.shape[1]))
    reps = np.zeros((int(n_boot), len(labels), values.shape[1]))
    for g, label in enumerate(labels):
        idx = np.flatnonzero((labels_s == label).to_numpy())
        sizes[g] = idx.size
        means[g] = values[idx].mean(axis=0)
        reps[:, g, :] = (weights[:, idx] @ values[idx]) / idx.size
    return labels, sizes, means, reps


def compare_group_means(values, groups, *, columns, n_boot: int = 1000, rng=None, alpha: float = 0.05) -> pd.DataFrame:
    r"""Mean of per-document scores by group, with bootstrap intervals and tests against the rest.

    For each score column and group :math:`g`: the mean over the group's
    documents, a percentile interval from a bootstrap over documents
    resampled within groups (:func:`bootstrap_weights`), the difference
    :math:`\bar x_g - \bar x_{\neg g}` from the mean of all other documents
    with its bootstrap interval (same replicates), and Welch's two-sample
    *t*-test of that difference (Welch 1947), Benjamini-Hochberg adjusted
    over every (column, group) row of the table.

    Parameters
    ----------
    values : array-like of shape (n_docs, n_columns)
        One score per document and column; NaN scores are left out of
        that column (their number is in ``n_missing``).
    groups : array-like of shape (n_docs,)
        Group label of each document; documents with a missing label are left out.
    columns : list of str
        Names of the score columns.
    n_boot : int, default=1000
    rng : numpy.random.Generator, int or None
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        ``column``, ``group``, ``n_docs``, ``n_missing``, ``estimate`` (the
        group mean), ``ci_low``, ``ci_high``, ``rest_mean``, ``diff``,
        ``diff_ci_low``, ``diff_ci_high``, ``t``, ``p``, ``p_adj``; groups
        sorted as strings within a column. Intervals are NaN with ``n_boot=0``.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when
    several different population variances are involved. *Biometrika*,
    34(1-2), 28-35.
    """
    check_alpha(alpha)
    n_boot = check_n_boot(n_boot)
    rng = as_generator(rng)
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    labels_s = pd.Series(np.asarray(groups, dtype=object))
    if len(labels_s) != values.shape[0]:
        raise InputError(f"groups has {len(labels_s)} labels but there are {values.shape[0]} documents")
    labels = sorted(labels_s.dropna().unique().tolist(), key=str)
    if len(labels) < 2:
        raise InputError(f"need at least two groups to compare, got {labels}")
    weights = bootstrap_weights(labels_s, n_boot, rng).astype(float)
    in_group = {g: (labels_s == g).to_numpy() for g in labels}
    labelled = labels_s.notna().to_numpy()
    rows = []
    for j, col in enumerate(columns):
        x = values[:, j]
        ok = ~np.isnan(x)
        x0 = np.where(ok, x, 0.0)
        for g in labels:
            gi = in_group[g] & ok
            ri = labelled & ~in_group[g] & ok
            n_g, n_r = int(gi.sum()), int(ri.sum())
            w_g, w_r = weights[:, gi], weights[:, ri]
            with np.errstate(invalid="ignore", divide="ignore"):
                rep_g = (w_g @ x0[gi]) / w_g.sum(axis=1)
                rep_r = (w_r @ x0[ri]) / w_r.sum(axis=1)
            mean_g = x[gi].mean() if n_g else np.nan
            mean_r = x[ri].mean() if n_r else np.nan
            low, high = percentile_interval(rep_g, alpha) if n_g else (np.nan, np.nan)
            d_low, d_high = percentile_interval(rep_g - rep_r, alpha) if n_g and n_r else (np.nan, np.nan)
            if n_g >= 2 and n_r >= 2 and (x[gi].var() > 0 or x[ri].var() > 0):
                t, p = stats.ttest_ind(x[gi], x[ri], equal_var=False)
            else:
                t, p = np.nan, np.nan
            rows.append((col, g, n_g, int((in_group[g] & ~ok).sum()), mean_g, float(low), float(high), mean_r,
                         mean_g - mean_r, float(d_low), float(d_high), float(t), float(p)))  # fmt: skip
    out = pd.DataFrame(
        rows,
        columns=["column", "group", "n_docs", "n_missing", "estimate", "ci_low", "ci_high", "rest_mean",
                 "diff", "diff_ci_low", "diff_ci_high", "t", "p"],
    )  # fmt: skip
    out["p_adj"] = benjamini_hochberg(out["p"].to_numpy())
    return out
