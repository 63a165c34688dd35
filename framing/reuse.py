"""Wire-copy reuse: containment of documents in each other, clusters, alignment.

Every document is represented by the set of its hashed word 5-gram shingles
(token spec ``framing-tokens/1``; the bundled corpus stores them and
:meth:`framing.Corpus.from_texts` computes them the same way). Two documents
that share many shingles carry the same text: one agency story republished on
several sites, a rewrite that kept whole sentences, or a shortened copy.

Candidate pairs come from an inverted index on shingles, so only documents
that share at least one shingle are ever compared. Shingles found in very
many documents (site boilerplate, a stock phrase) make every document a
candidate of every other and say nothing about reuse, so shingles in more
than ``max_df`` documents are left out of the index; how many were left out
is reported in ``DataFrame.attrs['skipped']``. They still count in the exact
containment of each candidate pair.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .errors import InputError

__all__ = [
    "containment_pairs",
    "reuse_clusters",
    "paragraph_alignment",
    "who_republishes_whom",
]

_MIN_DF_FLOOR = 50  # a share never skips shingles found in 50 documents or fewer
_META = ("site", "source", "source_basis", "date", "language")


# ------------------------------------------------------------------ internals
class _Shingled:
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
        limit = _resolve_max_df(max_df, n_docs)
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


def _resolve_max_df(max_df, n_docs: int) -> float:
    if isinstance(max_df, (bool, np.bool_)):
        raise InputError(f"max_df must be an int (documents) or a float in (0, 1] (share of documents), got {max_df!r}")
    if isinstance(max_df, (int, np.integer)):
        if max_df < 2:
            raise InputError(f"max_df must be at least 2 documents (a shared shingle is in 2), got {max_df}")
        return int(max_df)
    if isinstance(max_df, float) and 0 < max_df <= 1:
        return max(float(_MIN_DF_FLOOR), max_df * n_docs)
    raise InputError(f"max_df must be an int (documents) or a float in (0, 1] (share of documents), got {max_df!r}")


def _warn_ignored(what: str, given: str, min_containment, max_df, min_shared) -> None:
    """Warn when thresholds are set but a precomputed table makes them moot."""
    changed = [
        name for name, value, default in
        (("min_containment", min_containment, 0.5), ("max_df", max_df, 0.05), ("min_shared", min_shared, 5))
        if value != default
    ]  # fmt: skip
    if changed:
        warnings.warn(
            f"{what}: {', '.join(changed)} ignored because {given} was given; pass them to the "
            "function that made it", stacklevel=3,
        )  # fmt: skip


def _check_threshold(value, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.floating)) or not 0 < value <= 1:
        raise InputError(f"{name} must be a number in (0, 1], got {value!r}")
    return float(value)


def _pair_table(corpus, sh: _Shingled, ia, ib, shared) -> pd.DataFrame:
    na, nb = sh.n[ia], sh.n[ib]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "doc_a": sh.doc_ids[ia],
                "doc_b": sh.doc_ids[ib],
                "shared": shared,
                "n_a": na,
                "n_b": nb,
                "containment_a_in_b": shared / na,
                "containment_b_in_a": shared / nb,
                "jaccard": shared / (na + nb - shared),
            }
        )
    docs = corpus.documents
    for col in _META:
        if col in docs.columns:
            values = docs[col].to_numpy(dtype=object)
            out[f"{col}_a"] = values[ia]
            out[f"{col}_b"] = values[ib]
    return out


# --------------------------------------------------------------------- public
def containment_pairs(corpus, *, min_containment: float = 0.5, max_df=0.05, min_shared: int = 5) -> pd.DataFrame:
    r"""Pairs of documents that share text, with containment and resemblance.

    With :math:`S(d)` the set of a document's shingles (hashed word
    5-grams), the *containment* of A in B and the *resemblance* (Jaccard)
    are (Broder 1997)

    .. math::
        c(A, B) = \frac{|S(A) \cap S(B)|}{|S(A)|}, \qquad
        r(A, B) = \frac{|S(A) \cap S(B)|}{|S(A) \cup S(B)|}.

    Containment is asymmetric: a short copy cut from a long story is
    contained in it (:math:`c \approx 1`) while the story is not contained in
    the copy. A pair is kept when the larger of the two containments is at
    least ``min_containment`` and it shares at least ``min_shared`` shingles.

    Parameters
    ----------
    corpus : Corpus
        A corpus with shingles.
    min_containment : float, default=0.5
        Keep pairs with ``max(c(A,B), c(B,A)) >= min_containment``.
    max_df : int or float, default=0.05
        Shingles in more than this many documents (an int) or this share of
        documents (a float; then never fewer than 50 documents, so that an
        agency story carried by dozens of sites is not mistaken for
        boilerplate in a small corpus) are left out of the candidate index
        as boilerplate. With the default, a shingle in more than 5 % of
        documents (and more than 50) cannot by itself make two documents
        candidates. Reported in ``attrs['skipped']``.
    min_shared : int, default=5
        Minimum number of shared shingles (five 5-grams is about one
        shared clause), so that two very short documents sharing one stock
        phrase are not reported.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``doc_a`` before ``doc_b`` in corpus order):
        ``doc_a``, ``doc_b``, ``shared`` (:math:`|S(A) \cap S(B)|`), ``n_a``,
        ``n_b`` (:math:`|S(A)|`, :math:`|S(B)|`), ``containment_a_in_b``,
        ``containment_b_in_a``, ``jaccard``, and for each of ``site``,
        ``source``, ``source_basis``, ``date``, ``language`` the corpus has,
        ``<column>_a`` and ``<column>_b``. Sorted by decreasing larger
        containment. ``attrs['skipped']`` is a dict: ``boilerplate_shingles``
        (shingles left out of the index), ``max_df_documents`` (the limit
        used), ``documents_without_shingles`` (documents with no paragraph
        of 5 or more tokens, which cannot be compared).

    Raises
    ------
    InputError
        If the corpus has no shingles, or a threshold is out of range.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = chr(10).join(["Delegates met in Geneva on Tuesday for a second day of talks.",
    ...                       "The envoy said the meeting was useful and would continue."])
    >>> extra = chr(10) + "A local editor added this line here."
    >>> c = Corpus.from_texts([story, story + extra, "Rain is due."],
    ...                       pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> p = containment_pairs(c)
    >>> p[["doc_a", "doc_b", "containment_a_in_b"]].values.tolist()
    [['a', 'b', 1.0]]
    """
    min_containment = _check_threshold(min_containment, "min_containment")
    if isinstance(min_shared, bool) or not isinstance(min_shared, (int, np.integer)) or min_shared < 1:
        raise InputError(f"min_shared must be a positive int, got {min_shared!r}")
    sh = _Shingled(corpus)
    ia, ib, shared, skipped, limit = sh.candidates(max_df, min_containment, min_shared)
    with np.errstate(divide="ignore", invalid="ignore"):
        best = np.maximum(shared / np.maximum(sh.n[ia], 1), shared / np.maximum(sh.n[ib], 1))
    keep = (best >= min_containment) & (shared >= min_shared)
    out = _pair_table(corpus, sh, ia[keep], ib[keep], shared[keep])
    top = np.maximum(out["containment_a_in_b"].to_numpy(), out["containment_b_in_a"].to_numpy())
    order = np.lexsort((out["doc_b"].to_numpy(dtype=str), out["doc_a"].to_numpy(dtype=str), -top))
    out = out.iloc[order].reset_index(drop=True)
    out.attrs["skipped"] = {
        "boilerplate_shingles": skipped,
        "max_df_documents": limit,
        "documents_without_shingles": int((sh.n == 0).sum()),
    }
    return out


def reuse_clusters(
    corpus,
    *,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
    pairs: pd.DataFrame | None = None,
    include_singletons: bool = False,
) -> pd.DataFrame:
    """Clusters of documents that carry the same story.

    Linkage rule: two documents are linked when one is contained in the
    other at ``min_containment`` or more (the pairs of
    :func:`containment_pairs`); a cluster is a connected component of these
    links (single linkage). A chain A-B-C can put A and C together although
    they share little (a story, its rewrite and the rewrite's copy); the
    columns ``min_link`` and ``mean_link`` show how tight each cluster is,
    and raising ``min_containment`` splits loose chains.

    Parameters
    ----------
    corpus : Corpus
    min_containment, max_df, min_shared
        As in :func:`containment_pairs` (ignored when ``pairs`` is given).
    pairs : pandas.DataFrame, optional
        A table from :func:`containment_pairs`, to reuse it.
    include_singletons : bool, default=False
        Also list documents linked to no other (each its own cluster).

    Returns
    -------
    pandas.DataFrame
        One row per document in a cluster: ``doc_id``, ``cluster`` (0 for
        the largest cluster, ties by first doc_id), ``cluster_size``,
        ``n_sources``, ``n_sites``, ``sources`` and ``sites`` (sorted,
        joined with ``'; '``), ``min_link`` and ``mean_link`` (the smallest
        and mean larger-containment over the cluster's links), then the
        document's ``site``, ``source``, ``source_basis``, ``date``,
        ``language`` where the corpus has them.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = "Delegates met in Geneva on Tuesday for a second day of talks."
    >>> c = Corpus.from_texts([story, story, "Rain is due."], pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> reuse_clusters(c)[["doc_id", "cluster", "cluster_size"]].values.tolist()
    [['a', 0, 2], ['b', 0, 2]]
    """
    if pairs is None:
        pairs = containment_pairs(corpus, min_containment=min_containment, max_df=max_df, min_shared=min_shared)
    else:
        _warn_ignored("reuse_clusters()", "pairs", min_containment, max_df, min_shared)
        need = {"doc_a", "doc_b", "containment_a_in_b", "containment_b_in_a"}
        if not isinstance(pairs, pd.DataFrame) or not need <= set(pairs.columns):
            raise InputError(f"pairs must be a table from containment_pairs() with columns {sorted(need)}")
    docs = corpus.documents
    ids = docs.index.to_numpy(dtype=object)
    pos = pd.Series(np.arange(len(ids)), index=ids)
    missing = set(pairs["doc_a"]).union(pairs["doc_b"]) - set(ids)
    if missing:
        raise InputError(f"pairs names documents not in the corpus: {sorted(missing)[:5]}")
    ia = pos.reindex(pairs["doc_a"].to_numpy(dtype=object)).to_numpy()
    ib = pos.reindex(pairs["doc_b"].to_numpy(dtype=object)).to_numpy()
    graph = sparse.coo_matrix((np.ones(len(ia)), (ia, ib)), shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=False)
    linked = np.zeros(len(ids), dtype=bool)
    linked[ia] = True
    linked[ib] = True
    keep = linked if not include_singletons else np.ones(len(ids), dtype=bool)
    out = pd.DataFrame({"doc_id": ids[keep], "_comp": labels[keep]})
    if out.empty:
        cols = ["doc_id", "cluster", "cluster_size", "n_sources", "n_sites", "sources", "sites", "min_link", "mean_link"]
        return pd.DataFrame(columns=cols + [c for c in _META if c in docs.columns])
    for col in _META:
        if col in docs.columns:
            out[col] = docs[col].reindex(out["doc_id"]).to_numpy(dtype=object)
    link = np.maximum(pairs["containment_a_in_b"].to_numpy(), pairs["containment_b_in_a"].to_numpy())
    link_stats = pd.DataFrame({"_comp": labels[ia] if len(ia) else np.zeros(0, int), "link": link}).groupby("_comp")["link"]
    g = out.groupby("_comp")
    size = g["doc_id"].transform("size")
    first = g["doc_id"].transform("min")
    comp_order = (
        pd.DataFrame({"_comp": out["_comp"], "size": size, "first": first})
        .drop_duplicates("_comp")
        .sort_values(["size", "first"], ascending=[False, True], kind="mergesort")
    )
    cluster_no = pd.Series(np.arange(len(comp_order)), index=comp_order["_comp"].to_numpy())
    out.insert(1, "cluster", cluster_no.reindex(out["_comp"]).to_numpy())
    out.insert(2, "cluster_size", size.to_numpy())

    def joined(col):
        if col not in out.columns:
            return None
        return g[col].transform(lambda s: "; ".join(sorted({str(v) for v in s if v == v and v != ""})))

    def n_unique(col):
        if col not in out.columns:
            return np.full(len(out), np.nan)
        return g[col].transform(lambda s: len({str(v) for v in s if v == v and v != ""})).to_numpy()

    out.insert(3, "n_sources", n_unique("source"))
    out.insert(4, "n_sites", n_unique("site"))
    out.insert(5, "sources", joined("source") if "source" in out.columns else "")
    out.insert(6, "sites", joined("site") if "site" in out.columns else "")
    out.insert(7, "min_link", link_stats.min().reindex(out["_comp"]).to_numpy())
    out.insert(8, "mean_link", link_stats.mean().reindex(out["_comp"]).to_numpy())
    out = out.drop(columns="_comp")
    return out.sort_values(["cluster", "doc_id"], kind="mergesort").reset_index(drop=True)


def paragraph_alignment(corpus, doc_a: str, doc_b: str) -> pd.DataFrame:
    """Which paragraphs of A were kept, changed or dropped in B, and which B added.

    Each paragraph's shingles are looked up in the whole other document:

    * a paragraph of A is ``'kept'`` when all its shingles are in B
      (verbatim, wherever B put it), ``'changed'`` when some are, and
      ``'dropped'`` when none are;
    * a paragraph of B is ``'added'`` when none of its shingles are in A,
      else ``'kept'`` or ``'changed'`` as above, seen from B;
    * a paragraph of fewer than 5 tokens has no shingles and is
      ``'too-short'`` (it cannot be compared).

    Parameters
    ----------
    corpus : Corpus
    doc_a, doc_b : str
        Document ids (A is the original, B the copy, by convention).

    Returns
    -------
    pandas.DataFrame
        One row per paragraph of A, then of B: ``side`` (``'a'``/``'b'``),
        ``doc_id``, ``para``, ``role`` (if the corpus has it),
        ``n_shingles``, ``n_found`` (shingles also in the other document),
        ``share_found``, ``status``, ``matched_para`` (the other document's
        paragraph sharing most shingles with it; -1 if none).

    Raises
    ------
    InputError
        For an unknown doc_id or the same id twice.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> a = "Delegates met in Geneva on Tuesday for talks.\\nThe envoy said the meeting was useful."
    >>> b = "Delegates met in Geneva on Tuesday for talks.\\nOur reporter saw the cars leave at noon."
    >>> c = Corpus.from_texts([a, b], pd.DataFrame({"doc_id": ["a", "b"]}))
    >>> paragraph_alignment(c, "a", "b")["status"].tolist()
    ['kept', 'dropped', 'kept', 'added']
    """
    docs = corpus.documents
    for name, d in (("doc_a", doc_a), ("doc_b", doc_b)):
        if d not in docs.index:
            raise InputError(f"paragraph_alignment(): {name}={d!r} is not a doc_id of this corpus")
    if doc_a == doc_b:
        raise InputError(f"paragraph_alignment(): doc_a and doc_b are the same document ({doc_a!r}); give two")
    if corpus.shingles is None:
        raise InputError("paragraph_alignment(): this corpus has no shingles")
    table = corpus.shingles
    paras = corpus.paragraphs
    rows = []
    sets = {}
    for d in (doc_a, doc_b):
        sub = table[table["doc_id"] == d]
        sets[d] = {int(p): set(s) for p, s in zip(sub["para"], sub["shingles"])}
    for side, d, other in (("a", doc_a, doc_b), ("b", doc_b, doc_a)):
        other_sets = sets[other]
        other_all = set().union(*other_sets.values()) if other_sets else set()
        p_rows = paras[paras["doc_id"] == d]
        for _, pr in p_rows.iterrows():
            p = int(pr["para"])
            s = sets[d].get(p, set())
            found = len(s & other_all)
            if not s:
                status = "too-short"
            elif found == len(s):
                status = "kept"
            elif found:
                status = "changed"
            else:
                status = "added" if side == "b" else "dropped"
            best, best_n = -1, 0
            for q, qs in sorted(other_sets.items()):
                k = len(s & qs)
                if k > best_n:
                    best, best_n = q, k
            row = {"side": side, "doc_id": d, "para": p}
            if "role" in p_rows.columns:
                row["role"] = pr["role"]
            row.update(
                n_shingles=len(s), n_found=found, share_found=found / len(s) if s else np.nan,
                status=status, matched_para=best,
            )  # fmt: skip
            rows.append(row)
    return pd.DataFrame(rows)


def who_republishes_whom(
    corpus,
    *,
    clusters: pd.DataFrame | None = None,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
    detail: bool = False,
) -> pd.DataFrame:
    """Which sites and sources carry which source's stories.

    Each cluster of :func:`reuse_clusters` is one story. Its *original* is
    chosen by these rules in turn, each applied to the documents the
    previous rules left (heuristics; check the ``basis`` column):

    1. ``'date'``: the earliest date, where at least one copy is dated
       (undated copies cannot be earlier than a dated one by this rule, and
       copies dated the same day tie);
    2. ``'own-site'``: a document published on the source's own site
       (``site == source``);
    3. ``'source_basis'``: a document whose ``source_basis`` is ``'own'``
       (the site's own story) over ``'stated'`` or ``'inferred'`` credits;
    4. ``'containment'``: the document that contains the most of the others
       (largest sum of the others' containment in it: the fullest version);
    5. ``'order'``: the first in corpus order.

    ``basis`` names the first rule that left one document. Every other
    document of the cluster is a republication of the original, with its
    containment in the original, :math:`|S(copy) \\cap S(orig)| / |S(copy)|`
    (Broder 1997).

    Parameters
    ----------
    corpus : Corpus
    clusters : pandas.DataFrame, optional
        From :func:`reuse_clusters`; computed with the thresholds if omitted.
    min_containment, max_df, min_shared
        As in :func:`containment_pairs`.
    detail : bool, default=False
        Return one row per (original, copy) document pair instead of the
        summary by source.

    Returns
    -------
    pandas.DataFrame
        Summary (default), one row per (original source, republishing
        site, republishing source): ``original_source``,
        ``republisher_site``, ``republisher_source``, ``n_stories``,
        ``mean_containment``, ``min_containment``, ``same_source`` (the
        copy credits the original's source, e.g. an agency story on a
        client's site), ``n_by_date``, ``n_by_other_rule``; sorted by
        ``n_stories`` descending. With ``detail=True``: ``cluster``,
        ``original``, ``copy``, ``original_source``, ``original_site``,
        ``republisher_source``, ``republisher_site``, ``containment``,
        ``date_original``, ``date_copy``, ``basis``.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = "Delegates met in Geneva on Tuesday for a second day of talks."
    >>> meta = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Agency", "Agency"],
    ...                      "site": ["Agency", "Daily"], "date": ["2026-02-17", "2026-02-18"]})
    >>> c = Corpus.from_texts([story, story], meta)
    >>> who_republishes_whom(c)[["original_source", "republisher_site", "n_stories"]].values.tolist()
    [['Agency', 'Daily', 1]]
    """
    if clusters is None:
        clusters = reuse_clusters(corpus, min_containment=min_containment, max_df=max_df, min_shared=min_shared)
    else:
        _warn_ignored("who_republishes_whom()", "clusters", min_containment, max_df, min_shared)
    for col in ("doc_id", "cluster"):
        if col not in clusters.columns:
            raise InputError(f"clusters must be a table from reuse_clusters() with a {col!r} column")
    docs = corpus.documents
    sh = _Shingled(corpus)
    columns = {}
    for col in ("site", "source", "source_basis", "date"):
        if col in docs.columns:
            values = docs[col].to_numpy(dtype=object)
            columns[col] = dict(zip(sh.doc_ids, ["" if v is None or v != v else str(v) for v in values]))
        else:
            columns[col] = {}
    date_of = pd.to_datetime(
        pd.Series([columns["date"].get(d, "") for d in sh.doc_ids], dtype=object), errors="coerce", format="%Y-%m-%d"
    ).to_numpy()  # datetime64, NaT where undated
    position = {d: i for i, d in enumerate(sh.doc_ids)}

    def meta(d, col):
        return columns[col].get(d, "")

    rows = []
    for k, members in clusters.groupby("cluster", sort=True)["doc_id"]:
        members = list(members)
        if len(members) < 2:
            continue
        idx = np.fromiter((position[d] for d in members), dtype=np.int64, count=len(members))
        sets = [sh.matrix.indices[sh.matrix.indptr[i] : sh.matrix.indptr[i + 1]] for i in idx]
        inter = np.array(
            [[np.intersect1d(a, b, assume_unique=True).size for b in sets] for a in sets], dtype=float
        )
        n = sh.n[idx].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            cont = inter / n[:, None]  # cont[i, j] = containment of i in j
        cand = list(range(len(members)))
        basis = None
        dates = date_of[idx]
        if not np.isnat(dates).all():
            first = dates[~np.isnat(dates)].min()
            new = [i for i in cand if dates[i] == first]
            if len(new) == 1:
                basis = "date"
            cand = new
        rules = (
            ("own-site", lambda i: meta(members[i], "site") != "" and meta(members[i], "site") == meta(members[i], "source")),
            ("source_basis", lambda i: meta(members[i], "source_basis") == "own"),
        )
        for name, rule in rules:
            if basis is None and len(cand) > 1:
                new = [i for i in cand if rule(i)]
                if new:
                    if len(new) == 1:
                        basis = name
                    cand = new
        if basis is None and len(cand) > 1:
            score = np.nan_to_num(cont).sum(axis=0) - np.nan_to_num(np.diag(cont))
            best = max(score[i] for i in cand)
            new = [i for i in cand if score[i] == best]
            if len(new) == 1:
                basis = "containment"
            cand = new
        if basis is None:
            basis = "order" if len(cand) > 1 else "date"
        o = min(cand)
        orig = members[o]
        for i, d in enumerate(members):
            if i == o:
                continue
            rows.append(
                {
                    "cluster": k, "original": orig, "copy": d,
                    "original_source": meta(orig, "source"), "original_site": meta(orig, "site"),
                    "republisher_source": meta(d, "source"), "republisher_site": meta(d, "site"),
                    "containment": cont[i, o], "date_original": meta(orig, "date"),
                    "date_copy": meta(d, "date"), "basis": basis,
                }  # fmt: skip
            )
    detail_cols = [
        "cluster", "original", "copy", "original_source", "original_site", "republisher_source",
        "republisher_site", "containment", "date_original", "date_copy", "basis",
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=detail_cols)
    if detail:
        return table
    keys = ["original_source", "republisher_site", "republisher_source"]
    if table.empty:
        return pd.DataFrame(
            columns=keys + ["n_stories", "mean_containment", "min_containment", "same_source", "n_by_date", "n_by_other_rule"]
        )
    table["_by_date"] = table["basis"] == "date"
    out = (
        table.groupby(keys, sort=True)
        .agg(
            n_stories=("cluster", "nunique"),
            mean_containment=("containment", "mean"),
            min_containment=("containment", "min"),
            n_by_date=("_by_date", "sum"),
            n_pairs=("copy", "size"),
        )
        .reset_index()
    )
    out["same_source"] = out["original_source"] == out["republisher_source"]
    out["n_by_other_rule"] = out["n_pairs"] - out["n_by_date"]
    out = out.drop(columns="n_pairs")
    out = out[keys + ["n_stories", "mean_containment", "min_containment", "same_source", "n_by_date", "n_by_other_rule"]]
    return out.sort_values(["n_stories", "original_source", "republisher_site"], ascending=[False, True, True], kind="mergesort").reset_index(drop=True)
