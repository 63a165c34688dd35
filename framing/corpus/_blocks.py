"""Row blocks of a count matrix and group sums over them: the corpus layer's streaming primitive.

An in-memory matrix (:func:`matrix_blocks`) and an on-disk corpus
(:meth:`framing.DiskCorpus.row_blocks`) both give blocks of rows; a block
engine (:class:`LocalBlocks` here, :class:`framing.corpus._dask.DaskBlocks`
on a cluster) maps a function over them. Statistics built on
:meth:`LocalBlocks.map` (:func:`group_sums` here, the bootstrap sums in
:mod:`framing._stats`) give the same numbers wherever they run.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["LocalBlocks", "group_sums", "matrix_blocks"]


class LocalBlocks:
    """Row blocks of a matrix, processed one after the other in this process.

    ``blocks()`` returns an iterator of ``(positions, csr)``. :meth:`map`
    applies a function to every block; an engine for a cluster
    (:class:`framing._dask.DaskBlocks`) has the same method and runs the
    blocks as tasks, so every statistic built on :meth:`map` gives the same
    numbers wherever it runs.
    """

    def __init__(self, blocks):
        self.blocks = blocks

    def map(self, fn, *shared) -> list:
        """``[fn(positions, block, *shared) for each block]``, in block order."""
        return [fn(pos, block, *shared) for pos, block in self.blocks()]


def _as_blocks(blocks):
    return blocks if hasattr(blocks, "map") else LocalBlocks(blocks)


def _group_sum_part(pos, block, codes, n_groups):
    c = codes[pos]
    agg = sparse.csr_matrix((np.ones(len(c)), (c, np.arange(len(c)))), shape=(n_groups, len(c)))
    return (agg @ block).toarray()


def group_sums(blocks, codes, n_groups: int, n_columns: int) -> np.ndarray:
    """Column sums of a row-blocked matrix within groups of rows, one block at a time.

    Parameters
    ----------
    blocks : callable or LocalBlocks
        ``blocks()`` returns an iterator of ``(positions, csr)``: row
        positions (into ``codes``) and the rows' values, e.g. from
        :meth:`framing.DiskCorpus.row_blocks` or :func:`matrix_blocks`; or
        an object with a ``map`` method (:class:`LocalBlocks`, or the Dask engine's).
    codes : ndarray of int, shape (n_rows,)
        Group number of each row (0 .. n_groups-1).
    n_groups, n_columns : int

    Returns
    -------
    ndarray of shape (n_groups, n_columns), float64
        Exact for integer counts below 2**53 (so the order of the blocks
        does not change the result).

    Examples
    --------
    >>> from scipy import sparse
    >>> X = sparse.csr_matrix([[1, 0], [2, 3], [0, 4]])
    >>> group_sums(matrix_blocks(X, 2), np.array([0, 1, 0]), 2, 2).tolist()
    [[1.0, 4.0], [2.0, 3.0]]
    """
    out = np.zeros((n_groups, n_columns))
    for part in _as_blocks(blocks).map(_group_sum_part, np.asarray(codes), int(n_groups)):
        out += part
    return out


def matrix_blocks(matrix, rows_per_block: int = 50_000):
    """:func:`group_sums`-style blocks of an in-memory sparse matrix (a callable, for repeated passes)."""
    matrix = sparse.csr_matrix(matrix)

    def blocks():
        for s in range(0, matrix.shape[0], rows_per_block):
            e = min(matrix.shape[0], s + rows_per_block)
            yield np.arange(s, e), matrix[s:e]

    return blocks


