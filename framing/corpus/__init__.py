"""The corpus layer: the :class:`Corpus` container, building it, its matrices, groupings and files.

Rooms: ``_container`` (the Corpus and subsetting), ``_build`` (building from
text), ``_count`` (the token counter behind it), ``_dtmspec`` (what a
document-term matrix keeps), ``_dtm`` (the matrix with its labels), ``_groups``
(groupings of documents), ``_load`` (bundled and exported corpora),
``_readers`` (CSV, JSON Lines, folders), ``_features`` and ``_export`` (the
derived-feature format), ``_report`` (what a reader kept and skipped).
"""

from ._container import Corpus
from ._dtm import DocumentTermMatrix
from ._export import write_features
from ._groups import labels_within, missing_labels, resolve_groups
from ._load import list_corpora, load_corpus
from ._readers import read_csv, read_folder, read_jsonl
from ._report import ReadReport

__all__ = [
    "Corpus",
    "DocumentTermMatrix",
    "ReadReport",
    "labels_within",
    "list_corpora",
    "load_corpus",
    "missing_labels",
    "read_csv",
    "read_folder",
    "read_jsonl",
    "resolve_groups",
    "write_features",
]
