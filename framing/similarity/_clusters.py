"""Hierarchical clustering of a distance table (scipy's linkage): merges and leaf order."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import leaves_list, linkage
from scipy.spatial.distance import squareform

from .._validation import Options, validate_params
from ..errors import InputError


_CLUSTER = {"method": [Options(("single", "complete", "average", "weighted"))], "measure": ["str", None]}


def _square(distances: pd.DataFrame, measure, where: str = "cluster_merges()"):
    cols = set(distances.columns) if isinstance(distances, pd.DataFrame) else set()
    pair = next((p for p in (("group_a", "group_b"), ("doc_a", "doc_b")) if set(p) <= cols), None)
    if pair is None or not {"distance", "measure"} <= cols:
        raise InputError(
            f"{where}: distances must be a table from group_distances() (group_a, group_b, distance, measure) or "
            "document_distances() (doc_a, doc_b, distance, measure)"
        )
    found = list(dict.fromkeys(distances["measure"]))
    if measure is None:
        if len(found) != 1:
            raise InputError(f"{where}: the distances table holds several measures {found}; pick one with measure=")
        measure = found[0]
    if measure not in found:
        raise InputError(f"{where}: measure={measure!r} is not in the distances table; it holds {found}")
    d = distances[distances["measure"] == measure]
    labels = list(dict.fromkeys(list(d[pair[0]]) + list(d[pair[1]])))
    pos = {lab: i for i, lab in enumerate(labels)}
    m = np.full((len(labels), len(labels)), np.nan)
    np.fill_diagonal(m, 0.0)
    for a, b, v in zip(d[pair[0]], d[pair[1]], d["distance"]):
        m[pos[a], pos[b]] = m[pos[b], pos[a]] = v
    if np.isnan(m).any():
        raise InputError(f"{where}: the distances table is missing some pairs; it needs every pair of labels")
    if len(labels) < 2:
        raise InputError(f"{where}: need at least two labels to cluster, got {labels}")
    return labels, m


@validate_params(_CLUSTER)
def cluster_merges(distances: pd.DataFrame, *, measure: str | None = None, method: str = "average") -> pd.DataFrame:
    """Hierarchical clustering of a distance table: the merges, step by step.

    Uses :func:`scipy.cluster.hierarchy.linkage`; average linkage (UPGMA,
    Sokal & Michener 1958) by default: the distance between two clusters
    is the mean distance between their members.

    Parameters
    ----------
    distances : pandas.DataFrame
        From :func:`group_distances` or :func:`document_distances`.
    measure : str, optional
        Which measure to cluster (needed when the table holds several).
    method : str, default='average'
        Any method of :func:`scipy.cluster.hierarchy.linkage` that takes a
        distance matrix ('single', 'complete', 'average', 'weighted').

    Returns
    -------
    pandas.DataFrame
        ``step``, ``left``, ``right`` (labels joined by ``' + '`` for
        clusters), ``height`` (merge distance), ``size``; ``attrs['linkage']``
        holds scipy's linkage matrix and ``attrs['labels']`` its labels.

    Raises
    ------
    InputError
        ``distances`` is not a distance table, holds several measures and no
        ``measure`` is given, misses pairs or has fewer than two labels; an
        unknown ``method``.

    References
    ----------
    Sokal, R. R., & Michener, C. D. (1958). A statistical method for
    evaluating systematic relationships. *University of Kansas Science
    Bulletin*, 38, 1409-1438.

    Examples
    --------
    >>> t = pd.DataFrame({"group_a": ["x", "x", "y"], "group_b": ["y", "z", "z"], "distance": [0.1, 0.8, 0.9],
    ...                   "measure": "jsd"})
    >>> cluster_merges(t).round(3)[["left", "right", "height"]].values.tolist()
    [['x', 'y', 0.1], ['z', 'x + y', 0.85]]
    """
    labels, m = _square(distances, measure)
    Z = linkage(squareform(m, checks=False), method=method)
    members = {i: [labels[i]] for i in range(len(labels))}
    rows = []
    for step, (l, r, h, size) in enumerate(Z):
        l, r = int(l), int(r)
        members[len(labels) + step] = members[l] + members[r]
        rows.append((step, " + ".join(members[l]), " + ".join(members[r]), float(h), int(size)))
    out = pd.DataFrame(rows, columns=["step", "left", "right", "height", "size"])
    out.attrs["linkage"] = Z
    out.attrs["labels"] = labels
    return out


@validate_params(_CLUSTER)
def cluster_order(distances: pd.DataFrame, *, measure: str | None = None, method: str = "average") -> list:
    """The labels in the leaf order of a hierarchical clustering.

    Use it to order the rows and columns of a heat map so that similar
    outlets sit together. See :func:`cluster_merges` for the method.

    Parameters
    ----------
    distances : pandas.DataFrame
        From :func:`group_distances` or :func:`document_distances`.
    measure : str, optional
        Which measure to cluster (needed when the table holds several).
    method : {'single', 'complete', 'average', 'weighted'}, default='average'
        The linkage (see :func:`cluster_merges`).

    Returns
    -------
    list
        Labels (group names or doc ids) in dendrogram leaf order.

    Raises
    ------
    InputError
        As :func:`cluster_merges`.

    Examples
    --------
    >>> t = pd.DataFrame({"group_a": ["x", "x", "y"], "group_b": ["y", "z", "z"], "distance": [0.9, 0.1, 0.8],
    ...                   "measure": "jsd"})
    >>> cluster_order(t)
    ['y', 'x', 'z']
    """
    merges = cluster_merges(distances, measure=measure, method=method)
    labels = merges.attrs["labels"]
    return [labels[i] for i in leaves_list(merges.attrs["linkage"])]
