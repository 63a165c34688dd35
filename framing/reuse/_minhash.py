"""Wire-copy candidates at scale: MinHash signatures and LSH Ensemble, exact containment for candidates only.

:func:`minhash_pairs` returns the same table as
:func:`framing.containment_pairs`, but finds its candidate pairs with
MinHash sketches (Broder 1997) indexed by LSH Ensemble (Zhu et al. 2016),
through the maintained ``datasketch`` library, instead of a sparse product of
the whole document-by-shingle matrix. Only candidate pairs get an exact
containment, computed from their shingle sets, so memory grows with the
number of documents and candidates, not with the number of document pairs
that share a shingle. The result feeds :func:`framing.reuse_clusters`
(``pairs=``) like the exact table.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import sparse
from types import SimpleNamespace

from .._docs import fill_doc
from .._validation import Interval, validate_params
from ..errors import InputError
from ._pairs import THRESHOLDS, finish_pairs, passes
from ._shingles import resolve_max_df

__all__ = ["minhash_pairs"]


def _digests(table: pd.DataFrame, doc_ids: np.ndarray):
    """Document-level shingle sets as a binary CSR matrix (documents x distinct shingles) and the shingles as uint64."""
    pos = pd.Series(np.arange(len(doc_ids)), index=doc_ids)
    rows = pos.reindex(table["doc_id"].to_numpy(dtype=object)).to_numpy()
    lists = table["shingles"].to_numpy(dtype=object)
    lengths = np.fromiter((len(s) for s in lists), np.int64, len(lists))
    flat = np.fromiter((int(h, 16) for s in lists for h in s), np.uint64, int(lengths.sum()))
    codes, uniq = pd.factorize(flat)
    m = sparse.csr_matrix((np.ones(len(codes), np.int32), (np.repeat(rows, lengths), codes)), shape=(len(doc_ids), len(uniq)))
    m.sum_duplicates()
    m.data[:] = 1
    return m, np.asarray(uniq, dtype=np.uint64)


@validate_params({
    **THRESHOLDS,
    "num_perm": [Interval(numbers.Integral, 16, None)],
    "slack": [Interval(numbers.Real, 0, 1, closed="right")],
    "num_part": [Interval(numbers.Integral, 1, None)],
    "n_lsh": [Interval(numbers.Integral, 1, None)],
    "seed": [Interval(numbers.Integral, 0, None)],
    "block": [Interval(numbers.Integral, 1, None)],
})  # fmt: skip
@fill_doc
def minhash_pairs(
    corpus,
    *,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
    num_perm: int = 128,
    slack: float = 0.6,
    num_part: int = 8,
    n_lsh: int = 2,
    seed: int = 1,
    block: int = 20_000,
) -> pd.DataFrame:
    r"""Pairs of documents that share text, found with MinHash and LSH Ensemble.

    Each document's set of shingles :math:`S(d)` (hashed word 5-grams;
    boilerplate shingles in more than ``max_df`` documents left out, as in
    :func:`framing.containment_pairs`) is sketched by ``num_perm`` MinHash
    values (Broder 1997). LSH Ensemble (Zhu, Nargesian, Pu & Miller 2016)
    indexes the sketches with their set sizes and returns, for each document
    A, the documents B whose estimated containment
    :math:`|S(A) \cap S(B)| / |S(A)|` is at least ``slack * min_containment``.
    Only these candidates get the exact containment of
    :func:`framing.containment_pairs` (all shingles counted), and the same
    rule keeps a pair: the larger containment at least ``min_containment``,
    at least ``min_shared`` shared shingles, and at least one shared
    shingle that is not boilerplate. Every pair returned is therefore a pair
    of the exact method; a pair can be missed only when its sketches
    underestimate its containment by more than the slack (rare with the
    defaults; ``tests/test_minhash.py`` checks the bundled corpus).

    Parameters
    ----------
    corpus : Corpus
        A corpus with shingles.
    {params.min_containment}
    {params.max_df_shingles}
    {params.min_shared}
    num_perm : int, default=128
        MinHash values per document (more: fewer missed pairs, more memory).
    slack : float, default=0.6
        The index threshold is ``slack * min_containment`` (lower: fewer
        missed pairs, more candidates to check exactly).
    num_part : int, default=8
        LSH Ensemble partitions by set size.
    n_lsh : int, default=2
        LSH indexes per partition (datasketch's ``m``; more: better tuned
        bands, slower).
    seed : int, default=1
        Seed of the MinHash permutations.
    block : int, default=20000
        Candidate pairs checked exactly at a time (bounds memory).

    Returns
    -------
    pandas.DataFrame
        The columns and order of :func:`framing.containment_pairs`;
        ``attrs['skipped']`` as there, plus ``attrs['candidates']``
        (candidate pairs checked exactly).

    Raises
    ------
    InputError
        If the corpus has no shingles, or a parameter is out of range.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Zhu, E., Nargesian, F., Pu, K. Q., & Miller, R. J. (2016). LSH Ensemble:
    Internet-scale domain search. *Proceedings of the VLDB Endowment*, 9(12), 1185-1196.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = chr(10).join(["Delegates met in Geneva on Tuesday for a second day of talks.",
    ...                       "The envoy said the meeting was useful and would continue."])
    >>> c = Corpus.from_texts([story, story + chr(10) + "A local editor added this line.", "Rain is due."],
    ...                       pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> minhash_pairs(c)[["doc_a", "doc_b", "containment_a_in_b"]].values.tolist()
    [['a', 'b', 1.0]]
    """
    table = getattr(corpus, "shingles", None)
    if table is None:
        raise InputError("this corpus has no shingles; build it with Corpus.from_texts or load a corpus with a shingles.tsv file")
    doc_ids = corpus.documents.index.to_numpy(dtype=object)
    m, hashes = _digests(table, doc_ids)
    n = np.diff(m.indptr)
    df = np.bincount(m.indices, minlength=m.shape[1])
    limit = resolve_max_df(max_df, len(doc_ids))
    indexed = (df <= limit) & (df >= 2)
    ind = m[:, indexed].tocsr()
    low32 = (hashes[indexed] & np.uint64(0xFFFFFFFF)).astype(np.int64)
    lsh = dict(threshold=slack * min_containment, num_perm=int(num_perm), num_part=int(num_part), m=int(n_lsh))
    ia, ib = _candidates(ind, low32, lsh, int(seed))
    shared = np.empty(len(ia), np.int64)
    shared_indexed = np.empty(len(ia), np.int64)
    for s in range(0, len(ia), block):
        a, b = ia[s : s + block], ib[s : s + block]
        shared[s : s + block] = np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()
        shared_indexed[s : s + block] = np.asarray(ind[a].multiply(ind[b]).sum(axis=1)).ravel()
    keep = passes(shared, n, ia, ib, min_containment, min_shared) & (shared_indexed >= 1)
    out = finish_pairs(corpus, SimpleNamespace(doc_ids=doc_ids, n=n), ia, ib, shared, keep, {
        "boilerplate_shingles": int((df > limit).sum()),
        "max_df_documents": limit,
        "documents_without_shingles": int((n == 0).sum()),
    })  # fmt: skip
    out.attrs["candidates"] = len(ia)
    return out


def _candidates(ind, values: np.ndarray, lsh_options: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j) from MinHash sketches of the indexed shingle sets, queried in an LSH Ensemble."""
    from datasketch import LeanMinHash, MinHash, MinHashLSHEnsemble

    sizes = np.diff(ind.indptr)
    sketches = {}
    for d in np.flatnonzero(sizes > 0):
        mh = MinHash(num_perm=lsh_options["num_perm"], seed=seed, hashfunc=int)
        mh.update_batch(values[ind.indices[ind.indptr[d] : ind.indptr[d + 1]]].tolist())
        sketches[d] = LeanMinHash(mh)
    lsh = MinHashLSHEnsemble(**lsh_options)
    if sketches:
        lsh.index([(int(d), s, int(sizes[d])) for d, s in sketches.items()])
    cand = set()
    for d, s in sketches.items():
        for other in lsh.query(s, int(sizes[d])):
            if other != d:
                cand.add((min(d, other), max(d, other)))
    pairs = np.array(sorted(cand), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]
