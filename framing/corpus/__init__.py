"""The corpus layer: the :class:`Corpus` container, building it, its matrices, groupings and files.

Rooms: ``_container`` (the Corpus and subsetting), ``_build`` (building from
text: ``Corpus.from_texts``), ``_queries`` (text queries: ``concordance``),
``_count`` (the token counter behind them), ``_dtmspec`` (the one
document-term matrix specification), ``_dtm`` (the matrix with its labels),
``_groups`` (groupings of documents), ``_load`` (bundled and exported
corpora), ``_readers`` (CSV, JSON Lines, folders) with ``_readbase`` (what the
readers share) and ``_decode`` (encodings), ``_features`` and ``_export`` (the
derived-feature format), ``_report`` (what a reader kept and skipped); at
scale: ``_records`` (records streamed from files and iterables),
``_store_build`` (building an on-disk corpus chunk by chunk), ``_disk`` (the
on-disk corpus, read block by block) and ``_dask`` (the optional Dask engine).
"""

from ._container import Corpus
from ._disk import DiskCorpus
from ._dtm import DocumentTermMatrix
from ._export import write_features
from ._groups import group_order, labels_within, missing_labels, resolve_groups, select_language
from ._load import list_corpora, load_corpus
from ._readers import read_csv, read_folder, read_jsonl
from ._store_build import build_corpus
from ._report import ReadReport

__all__ = [
    "Corpus",
    "DiskCorpus",
    "DocumentTermMatrix",
    "ReadReport",
    "build_corpus",
    "group_order",
    "labels_within",
    "list_corpora",
    "load_corpus",
    "missing_labels",
    "read_csv",
    "read_folder",
    "read_jsonl",
    "resolve_groups",
    "select_language",
    "write_features",
]
