"""How good are the topics? Coherence, diversity, exclusivity, stability, choice of K.

Rooms: ``_coherence`` (coherence, diversity and exclusivity of each topic and
of a model), ``_stability`` (matching the topics of two runs; how well each
topic recurs across refits), ``_choose_k`` (a grid of K and seeds, scored).
"""

from ._choose_k import choose_k
from ._coherence import model_quality, topic_coherence, topic_diversity, topic_exclusivity, topic_quality
from ._stability import match_topics, topic_stability

__all__ = [
    "topic_coherence",
    "topic_diversity",
    "topic_exclusivity",
    "topic_quality",
    "model_quality",
    "match_topics",
    "topic_stability",
    "choose_k",
]
