"""Reuse clusters: documents joined by containment pairs into stories (connected components)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .._docs import fill_doc
from .._provenance import records_call
from .._validation import validate_params
from ..errors import InputError
from ._pairs import _META, THRESHOLDS, _warn_ignored, containment_pairs

__all__ = ["reuse_clusters"]


@validate_params({**THRESHOLDS, "include_singletons": ["boolean"]})
@fill_doc
@records_call
def reuse_clusters(
    corpus,
    *,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
    pairs: pd.DataFrame | None = None,
    include_singletons: bool = False,
) -> pd.DataFrame:
    r"""Clusters of documents that carry the same story.

    Linkage rule: with :math:`S(d)` the set of a document's shingles (those
    kept by ``max_df``), the containment of A in B is
    :math:`c(A, B) = |S(A) \cap S(B)| / |S(A)|` (Broder 1997), and two
    documents are linked when :math:`\max(c(A,B), c(B,A)) \ge`
    ``min_containment`` (the pairs of :func:`containment_pairs`); a cluster
    is a connected component of these links (single linkage, Gower & Ross
    1969; ``scipy.sparse.csgraph.connected_components``). A chain A-B-C can put A and C together although
    they share little (a story, its rewrite and the rewrite's copy); the
    columns ``min_link`` and ``mean_link`` show how tight each cluster is,
    and raising ``min_containment`` splits loose chains.

    Parameters
    ----------
    corpus : Corpus
    {params.min_containment}
    {params.max_df_shingles}
    {params.min_shared}
    pairs : pandas.DataFrame, optional
        A table from :func:`containment_pairs` (or :func:`minhash_pairs`), to
        reuse it; the thresholds are then ignored, with a warning.
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

    Raises
    ------
    InputError
        A ``pairs`` table without the pair columns or naming documents not
        in the corpus; a corpus without shingles; a threshold out of range.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Proceedings of Compression and Complexity of Sequences*, 21-29.

    Gower, J. C., & Ross, G. J. S. (1969). Minimum spanning trees and single
    linkage cluster analysis. *JRSS C*, 18(1), 54-64.

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
