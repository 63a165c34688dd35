"""Picking one story (cluster) out of a table of reuse clusters."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError

__all__ = ["story_of"]


def story_of(clusters: pd.DataFrame, doc_ids) -> int:
    """The cluster that holds most of the given documents.

    Counts, for every cluster of ``clusters``, how many of ``doc_ids`` it
    holds and returns the cluster with the highest count; ties go to the
    smaller cluster number (with :func:`reuse_clusters` numbering, the larger
    cluster). Use it to find "the story" of a set of documents, e.g. those
    published after one round of talks.

    Parameters
    ----------
    clusters : pandas.DataFrame
        A table from :func:`reuse_clusters` (columns ``doc_id``, ``cluster``).
    doc_ids : iterable of str
        The documents of interest (ids not in any cluster are ignored).

    Returns
    -------
    int
        The cluster number.

    Raises
    ------
    InputError
        When ``clusters`` lacks ``doc_id``/``cluster`` or none of ``doc_ids``
        is in a cluster.

    Examples
    --------
    >>> import pandas as pd
    >>> clusters = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "cluster": [0, 0, 1, 1, 1]})
    >>> story_of(clusters, ["a", "c", "d", "x"])
    1
    >>> story_of(clusters, ["a", "c"])  # one each: the smaller number wins
    0
    """
    missing = {"doc_id", "cluster"} - set(getattr(clusters, "columns", ()))
    if missing:
        raise InputError(
            f"story_of(): clusters lacks column(s) {sorted(missing)}; pass the table of reuse_clusters()"
        )
    wanted = set(pd.Index(list(doc_ids)).astype(str))
    inside = clusters[clusters["doc_id"].astype(str).isin(wanted)]
    if inside.empty:
        raise InputError(
            "story_of(): none of the given doc_ids is in a cluster; check the ids or lower min_containment"
        )
    counts = inside["cluster"].value_counts()
    best = counts.max()
    return int(min(c for c, n in counts.items() if n == best))
