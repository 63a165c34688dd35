"""Topic models and what framing research does with them.

Rooms: ``_model`` (the :class:`TopicModel` estimator), ``_online`` (fitting it
block by block on an on-disk corpus), ``_persist`` (saving and loading without
pickle), ``_describe`` (top terms, labels, representative documents),
``_labels`` (human topic labels), ``quality`` (a package: coherence,
diversity and exclusivity in ``_coherence``; matching and stability in
``_stability``; choosing K in ``_choose_k``), ``prevalence`` (topic
prevalence by group and its effects), ``antmn`` (frames as communities of a
topic network), ``stm`` (the structural topic model; its E-step
``_stm_estep``, spectral start ``_stm_init``, content model ``_stm_content``,
effects and correlations ``_stm_effects``, curves along a numeric covariate
``_stm_curve``, saving ``_stm_persist``, planted data ``_stm_simulate``).
"""

from ._describe import (
    describe_topics,
    representative_documents,
    top_terms,
    topic_term_scores,
)
from ._labels import label_topics
from ._model import TopicModel, check_topic_model
from ._stm_curve import prevalence_curve
from ._stm_effects import content_contrast, content_terms, topic_correlation
from ._stm_simulate import simulate_stm
from .antmn import TopicFrames, antmn_frames, antmn_prevalence, topic_network
from .prevalence import estimate_effect, prevalence_differences, topic_prevalence
from .quality import (
    choose_k,
    match_topics,
    model_quality,
    topic_coherence,
    topic_diversity,
    topic_exclusivity,
    topic_quality,
    topic_stability,
)
from .stm import STM

__all__ = [
    "STM",
    "TopicFrames",
    "TopicModel",
    "antmn_frames",
    "antmn_prevalence",
    "check_topic_model",
    "choose_k",
    "content_contrast",
    "content_terms",
    "describe_topics",
    "estimate_effect",
    "label_topics",
    "match_topics",
    "model_quality",
    "prevalence_curve",
    "prevalence_differences",
    "representative_documents",
    "simulate_stm",
    "top_terms",
    "topic_coherence",
    "topic_correlation",
    "topic_diversity",
    "topic_exclusivity",
    "topic_network",
    "topic_prevalence",
    "topic_quality",
    "topic_stability",
    "topic_term_scores",
]
