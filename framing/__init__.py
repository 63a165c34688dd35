"""framing: a research kit for media-framing analysis.

See the README for the quickstart and the notebooks for worked examples.
"""

from importlib.metadata import PackageNotFoundError, version

from .blocs import BLOC_ORDER, assign_blocs
from .corpus import (
    Corpus,
    DocumentTermMatrix,
    ReadReport,
    list_corpora,
    load_corpus,
    read_csv,
    read_folder,
    read_jsonl,
    write_features,
)
from .dictionaries import Dictionary
from .errors import (
    CorpusFormatError,
    EmptyVocabularyError,
    FramingError,
    InputError,
    TextRequiredError,
)
from .explore import Explorer, explore
from .frames import (
    FRAMES,
    compare_frames,
    frame_scores,
    frame_validation_sample,
    load_frames,
)
from .keyness import keyness
from .lexicons import Lexicon, lexicon_coverage, list_lexicons, load_lexicon
from .naming import naming_shares, naming_test, variant_counts
from .reuse import (
    containment_pairs,
    paragraph_alignment,
    reuse_clusters,
    who_republishes_whom,
)
from .similarity import (
    cluster_merges,
    cluster_order,
    document_distances,
    group_distances,
    jensen_shannon_matrix,
)
from .text import (
    split_sentences,
    stem_languages,
    stemmer,
    stop_word_languages,
    stop_words,
)
from .tokenize import (
    normalize,
    shingles,
    split_paragraphs,
    tokenize,
    tokenize_paragraphs,
)
from .tone import actor_tone, compare_tone, lexicon_tone, vader_lexicon, vader_tone
from .topics import (
    TopicFrames,
    TopicModel,
    antmn_frames,
    antmn_prevalence,
    choose_k,
    describe_topics,
    estimate_effect,
    match_topics,
    model_quality,
    prevalence_differences,
    representative_documents,
    top_terms,
    topic_coherence,
    topic_diversity,
    topic_exclusivity,
    topic_network,
    topic_prevalence,
    topic_quality,
    topic_stability,
    topic_term_scores,
)
from .validation import (
    FRAME_QUESTIONS,
    FrameClassifier,
    agreement,
    calibration_table,
    coding_sample,
    coding_sheet,
    corrected_prevalence,
    cross_fit_predict,
    krippendorff_alpha,
    load_teaching_codes,
    load_teaching_set,
    read_codes,
    roc_auc,
    validate_measure,
)

try:
    __version__ = version("framing")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "BLOC_ORDER",
    "Corpus",
    "CorpusFormatError",
    "Dictionary",
    "DocumentTermMatrix",
    "EmptyVocabularyError",
    "Explorer",
    "FRAMES",
    "FRAME_QUESTIONS",
    "FrameClassifier",
    "FramingError",
    "InputError",
    "Lexicon",
    "ReadReport",
    "TextRequiredError",
    "TopicFrames",
    "TopicModel",
    "actor_tone",
    "agreement",
    "antmn_frames",
    "antmn_prevalence",
    "assign_blocs",
    "calibration_table",
    "choose_k",
    "cluster_merges",
    "cluster_order",
    "coding_sample",
    "coding_sheet",
    "compare_frames",
    "compare_tone",
    "containment_pairs",
    "corrected_prevalence",
    "cross_fit_predict",
    "describe_topics",
    "document_distances",
    "estimate_effect",
    "explore",
    "frame_scores",
    "frame_validation_sample",
    "group_distances",
    "jensen_shannon_matrix",
    "keyness",
    "krippendorff_alpha",
    "lexicon_coverage",
    "lexicon_tone",
    "list_corpora",
    "list_lexicons",
    "load_corpus",
    "load_frames",
    "load_lexicon",
    "load_teaching_codes",
    "load_teaching_set",
    "match_topics",
    "model_quality",
    "naming_shares",
    "naming_test",
    "normalize",
    "paragraph_alignment",
    "prevalence_differences",
    "read_codes",
    "read_csv",
    "read_folder",
    "read_jsonl",
    "representative_documents",
    "reuse_clusters",
    "roc_auc",
    "shingles",
    "split_paragraphs",
    "split_sentences",
    "stem_languages",
    "stemmer",
    "stop_word_languages",
    "stop_words",
    "tokenize",
    "tokenize_paragraphs",
    "top_terms",
    "topic_coherence",
    "topic_diversity",
    "topic_exclusivity",
    "topic_network",
    "topic_prevalence",
    "topic_quality",
    "topic_stability",
    "topic_term_scores",
    "vader_lexicon",
    "vader_tone",
    "validate_measure",
    "variant_counts",
    "who_republishes_whom",
    "write_features",
]
