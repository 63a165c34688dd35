"""framing: a research kit for media-framing analysis.

See the README for the quickstart and the notebooks for worked examples.
"""

from importlib.metadata import PackageNotFoundError, version

from .blocs import BLOC_ORDER, assign_blocs
from .corpus import Corpus, ReadReport, list_corpora, load_corpus
from .dictionaries import Dictionary
from .dtm import DocumentTermMatrix
from ._export import write_features
from ._readers import read_csv, read_folder, read_jsonl
from .errors import CorpusFormatError, EmptyVocabularyError, FramingError, InputError, TextRequiredError
from .keyness import keyness
from .lexicons import Lexicon, lexicon_coverage, list_lexicons, load_lexicon
from .naming import naming_shares, naming_test, variant_counts
from .text import split_sentences, stem_languages, stemmer, stop_word_languages, stop_words
from .tokenize import normalize, shingles, split_paragraphs, tokenize, tokenize_paragraphs

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
    "FramingError",
    "InputError",
    "Lexicon",
    "ReadReport",
    "TextRequiredError",
    "assign_blocs",
    "keyness",
    "lexicon_coverage",
    "list_corpora",
    "list_lexicons",
    "load_corpus",
    "load_lexicon",
    "naming_shares",
    "naming_test",
    "normalize",
    "read_csv",
    "read_folder",
    "read_jsonl",
    "shingles",
    "split_paragraphs",
    "split_sentences",
    "stem_languages",
    "stemmer",
    "stop_word_languages",
    "stop_words",
    "tokenize",
    "tokenize_paragraphs",
    "variant_counts",
    "write_features",
]
