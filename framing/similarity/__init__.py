"""Outlet similarity: distances between groups or documents, and their clustering.

Two measures, each returned as a tidy long table (``group_a``, ``group_b`` or ``doc_a``, ``doc_b``,
``distance``, ``measure``):

* ``'jsd'``: the Jensen-Shannon distance between term distributions
  (Lin 1991), base 2, so it lies in [0, 1]: 0 for identical distributions,
  1 for distributions with no term in common. It is the square root of the
  Jensen-Shannon divergence, as in :func:`scipy.spatial.distance.jensenshannon`.
* ``'cosine'``: one minus the cosine similarity of tf-idf vectors
  (scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfTransformer`,
  idf fitted on the documents).

:func:`cluster_order` and :func:`cluster_merges` run an average-linkage
hierarchical clustering (scipy) on such a table.

One room per concern: ``_measures`` (the measures and the long table),
``_groups`` (:func:`group_distances` with its inference), ``_documents``
(:func:`document_distances`), ``_clusters`` (the clustering).
"""

from __future__ import annotations

from ._clusters import cluster_merges, cluster_order
from ._documents import document_distances
from ._groups import group_distances
from ._measures import jensen_shannon_matrix

__all__ = ["group_distances", "document_distances", "cluster_order", "cluster_merges", "jensen_shannon_matrix"]
