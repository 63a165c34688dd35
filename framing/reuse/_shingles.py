"""Shingle sets of a corpus's documents and the candidate pairs that share them (an inverted index).

Shingles found in very many documents (site boilerplate, a stock phrase) are
left out of the index (``max_df``); they still count in the exact containment
of each candidate pair.
"""

from __future__ import annotations

import itertools
import numbers

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Interval, check_param
from ..errors import InputError

__all__ = ["Shingled", "resolve_max_df"]

_MIN_DF_FLOOR = 50  # a share never skips shingles found in 50 documents or fewer
#: ``max_df``: documents (an int, at least 2: a shared shingle is in 2) or a share of documents.
MAX_DF = [Interval(numbers.Integral, 2, None), Interval(float, 0, 1, closed="right")]


class Shingled:
    """Document-level shingle sets of a corpus as a binary CSR matrix."""

    def __init__(self, corpus):
        table = getattr(corpus, "shingles", None)
        if table is None:
            raise InputError(
                "this corpus has no shingles; build it with Corpus.from_texts or load a corpus "
                "with a shingles.tsv file"
            )
        self.doc_ids = corpus.documents.index.to_numpy(dtype=object)
        pos = pd.Series(np.arange(len(self.doc_ids)), index=self.doc_ids)
        doc_of_row = pos.reindex(table["doc_id"].to_numpy(dtype=object)).to_numpy()
        lists = table["shingles"].to_numpy(dtype=object)
        lengths = np.fromiter((len(s) for s in lists), dtype=np.int64, count=len(lists))
        flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
        codes, uniques = pd.factorize(flat)
        rows = np.repeat(doc_of_row, lengths)
        m = sparse.csr_matrix(
            (np.ones(len(codes), dtype=np.int32), (rows, codes)),
            shape=(len(self.doc_ids), len(uniques)),
        )
        m.sum_duplicates()
        m.data[:] = 1  # a set: a shingle repeated in two paragraphs counts once
        self.matrix = m
        self.n = np.diff(m.indptr)  # |S(d)|
        self.hashes = uniques
        # paragraph-level sets, kept for alignment
        self.table = table

    def candidates(self, max_df, min_containment=0.0, min_shared=1):
        """Pairs (i < j) sharing an indexed shingle, with exact |S(i) & S(j)|.

        Shared indexed shingles come from the inverted index (a sparse
        product). Pairs that cannot reach ``min_containment`` or
        ``min_shared`` even if they shared all their skipped shingles are
        dropped; for the others, shared skipped (boilerplate) shingles are
        counted with bit sets.
        """
        n_docs = self.matrix.shape[0]
        df = np.bincount(self.matrix.indices, minlength=self.matrix.shape[1])
        limit = resolve_max_df(max_df, n_docs)
        keep = df <= limit
        skipped = int((~keep).sum())
        # only shingles in >= 2 documents can link documents
        indexed = self.matrix[:, keep & (df >= 2)]
        co = sparse.triu(indexed @ indexed.T, k=1).tocoo()
        ia, ib, shared = co.row, co.col, co.data.astype(np.int64)
        n_skip = np.asarray(self.matrix[:, ~keep].sum(axis=1)).ravel()
        bound = shared + np.minimum(n_skip[ia], n_skip[ib])
        possible = (bound >= min_shared) & (bound >= min_containment * np.minimum(self.n[ia], self.n[ib]))
        ia, ib, shared = ia[possible], ib[possible], shared[possible]
        if skipped and len(ia):
            bits = np.packbits(self.matrix[:, ~keep].toarray().astype(bool), axis=1)
            step = max(1, 20_000_000 // bits.shape[1])
            for s in range(0, len(ia), step):
                both = bits[ia[s : s + step]] & bits[ib[s : s + step]]
                shared[s : s + step] += _POPCOUNT[both].sum(axis=1, dtype=np.int64)
        return ia, ib, shared, skipped, limit


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def resolve_max_df(max_df, n_docs: int) -> float:
    """The document-frequency limit: an int is documents, a float a share of them (never below 50 documents)."""
    check_param("max_df", "max_df", max_df, MAX_DF)
    if isinstance(max_df, numbers.Integral):
        return int(max_df)
    return max(float(_MIN_DF_FLOOR), max_df * n_docs)
