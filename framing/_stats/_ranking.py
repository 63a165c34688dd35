"""Vector helpers: the one top-k rule and the one cosine similarity."""

from __future__ import annotations

import numpy as np
from scipy import sparse


def top_k(scores, k=None, *, decimals=None) -> np.ndarray:
    """Positions of the ``k`` largest scores, largest first; ties in position order.

    The one top-k rule of the kit (most probable terms of a topic, most
    salient words, largest remainders...): a stable descending sort, so the
    same scores always give the same order on every machine.

    Parameters
    ----------
    scores : array-like of shape (n,)
        The scores to rank. NaN ranks last.
    k : int or None, default=None
        How many positions to return; None returns all of them, ranked.
    decimals : int or None, default=None
        Round the scores to this many decimals before ranking, so that scores
        that differ only in the last bits count as ties (and are ordered by
        position).

    Returns
    -------
    numpy.ndarray of int
        Positions into ``scores``, at most ``k`` of them.

    Raises
    ------
    ValueError
        ``k`` is not an int (a programming error: the public functions check it).

    Examples
    --------
    >>> top_k([0.2, 0.5, 0.2, 0.1], 3)
    array([1, 0, 2])
    """
    s = np.asarray(scores, dtype=float).ravel()
    if decimals is not None:
        s = np.round(s, decimals)
    order = np.lexsort((np.arange(s.size), -s))
    return order if k is None else order[: int(k)]


def cosine_similarity(a, b=None) -> np.ndarray:
    r"""Cosine similarity between the rows of ``a`` and the rows of ``b``.

    :math:`\cos(x, y) = x \cdot y / (\lVert x\rVert\,\lVert y\rVert)`;
    a row of zeros has similarity 0 with everything. The one cosine of the
    kit (topic matching, topic networks, document distances).

    Parameters
    ----------
    a : array-like or sparse matrix of shape (n, d)
    b : array-like or sparse matrix of shape (m, d) or None, default=None
        None compares the rows of ``a`` with each other.

    Returns
    -------
    numpy.ndarray of shape (n, m)

    Raises
    ------
    ValueError
        ``a`` and ``b`` have different numbers of columns.

    Examples
    --------
    >>> cosine_similarity([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]).round(3)
    array([[1.   , 0.707, 0.   ],
           [0.707, 1.   , 0.   ],
           [0.   , 0.   , 0.   ]])
    """

    def unit(x):
        if sparse.issparse(x):
            x = sparse.csr_matrix(x, dtype=float)
            norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
            return sparse.diags(1.0 / np.where(norm > 0, norm, 1.0)) @ x
        x = np.asarray(x, dtype=float)
        norm = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(norm > 0, norm, 1)

    ua = unit(a)
    ub = ua if b is None else unit(b)
    sim = ua @ ub.T
    return sim.toarray() if sparse.issparse(sim) else np.asarray(sim)
