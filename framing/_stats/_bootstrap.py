"""The bootstrap over documents: weights, group sums (block by block) and group means."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import NBoot, check_param
from ..corpus._blocks import _as_blocks
from ._checks import check_replicate_memory


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

    Raises
    ------
    InputError
        ``n_boot`` is not an int >= 0, or the weights would not fit in memory.

    Examples
    --------
    >>> W = bootstrap_weights(["a", "a", "b"], 2, np.random.default_rng(0))
    >>> W.shape, W[:, :2].sum(axis=1).tolist(), W[:, 2].tolist()
    ((2, 3), [2, 2], [1, 1])

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.
    """
    check_param("bootstrap_weights()", "n_boot", n_boot, [NBoot(1)])
    labels = pd.Series(np.asarray(groups, dtype=object))
    check_replicate_memory(int(n_boot), len(labels))
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
    check_param("", "n_boot", n_boot, [NBoot(1)])
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

    Raises
    ------
    InputError
        ``n_boot`` is not an int >= 0, or the replicates would not fit in memory.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.

    Examples
    --------
    >>> from scipy import sparse
    >>> X = sparse.csr_matrix([[1, 0], [2, 3], [0, 4]])
    >>> from framing._stats import matrix_blocks
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


def bootstrap_group_means(values, groups, n_boot: int, rng: np.random.Generator):
    r"""Column means per group and their bootstrap replicates (documents resampled within groups).

    For group :math:`g` with documents :math:`D_g` the estimate is
    :math:`\bar x_{gk} = |D_g|^{-1}\sum_{d \in D_g} x_{dk}`; replicate
    :math:`b` draws :math:`|D_g|` documents of :math:`D_g` with replacement
    (multiplicities :math:`w^{(b)}_d`, :func:`bootstrap_weights`) and gives
    :math:`\bar x^{(b)}_{gk} = |D_g|^{-1}\sum_d w^{(b)}_d x_{dk}`: the
    stratified nonparametric bootstrap of Efron & Tibshirani (1993, ch. 6
    and sec. 8.3), the unit being the document.

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

    Raises
    ------
    InputError
        ``n_boot`` is not an int >= 0, or the replicates would not fit in memory.

    Examples
    --------
    >>> labels, sizes, means, reps = bootstrap_group_means([[1.0], [3.0], [5.0]], ["a", "a", "b"], 4,
    ...                                                   np.random.default_rng(0))
    >>> labels, sizes.tolist(), means.ravel().tolist(), reps.shape
    (['a', 'b'], [2, 1], [2.0, 5.0], (4, 2, 1))

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the
    Bootstrap*. Chapman & Hall.
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
