"""Permutation tests over documents: relabelling indicators and p-values."""

from __future__ import annotations

import numpy as np


def permutation_indicators(n_target: int, n_pool: int, n_perm: int, rng: np.random.Generator) -> np.ndarray:
    """Random relabellings of a pool of documents with the target group's size fixed.

    Each row marks ``n_target`` of the ``n_pool`` documents as the target
    group (drawn without replacement, every subset equally likely), the rest
    as the reference: one replicate of a two-sample permutation test
    (Good 2005, ch. 3).

    Parameters
    ----------
    n_target : int
        Size of the target group.
    n_pool : int
        Documents in target and reference together.
    n_perm : int
        Number of relabellings.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (n_perm, n_pool), dtype float
        1.0 for the documents relabelled as target, else 0.0.

    Raises
    ------
    ValueError
        Negative sizes (a programming error: the callers check them).

    Examples
    --------
    >>> import numpy as np
    >>> permutation_indicators(2, 5, 3, np.random.default_rng(0)).sum(axis=1).tolist()
    [2.0, 2.0, 2.0]

    References
    ----------
    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
    Hypotheses* (3rd ed.). Springer.
    """
    keys = rng.random((int(n_perm), int(n_pool)))
    ranks = keys.argsort(axis=1).argsort(axis=1)
    return (ranks < n_target).astype(float)


def permutation_p(exceed, n_perm: int) -> np.ndarray:
    r"""Permutation p-value :math:`(1 + b)/(1 + B)` from :math:`b` of :math:`B` permutations at least as extreme.

    Counting the observed labelling among the permutations keeps the
    p-value above 0 and the test exact (Phipson & Smyth 2010).

    Parameters
    ----------
    exceed : array-like of int
        :math:`b`, per statistic: permutations whose statistic is at least the observed one.
    n_perm : int
        :math:`B`, the number of permutations.

    Returns
    -------
    numpy.ndarray of float

    Raises
    ------
    InputError
        Never (the callers check ``n_perm``).

    Examples
    --------
    >>> permutation_p([0, 9], 99).tolist()
    [0.01, 0.1]

    References
    ----------
    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be
    zero. *Statistical Applications in Genetics and Molecular Biology*, 9(1).
    """
    return (1.0 + np.asarray(exceed, dtype=float)) / (1.0 + n_perm)
