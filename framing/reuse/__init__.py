"""Wire-copy reuse: containment of documents in each other, clusters, alignment, who republishes whom.

Rooms: ``_shingles`` (shingle sets and the inverted index of candidate
pairs), ``_pairs`` (containment pairs and paragraph alignment), ``_clusters``
(stories as connected components), ``_minhash`` (candidates from MinHash +
LSH Ensemble at scale), ``_original`` (choosing a cluster's original; who
republishes whom), ``_collapse`` (one document per story),
``_story`` (picking one story out of the clusters).
"""

from ._clusters import reuse_clusters
from ._collapse import collapse_copies
from ._minhash import minhash_pairs
from ._original import republication_pairs, who_republishes_whom
from ._pairs import containment_pairs, paragraph_alignment
from ._story import story_of

__all__ = [
    "collapse_copies",
    "containment_pairs",
    "minhash_pairs",
    "paragraph_alignment",
    "republication_pairs",
    "reuse_clusters",
    "story_of",
    "who_republishes_whom",
]
