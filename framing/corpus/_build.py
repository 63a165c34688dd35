"""Building a corpus from running text (tokenized by the token spec): :meth:`Corpus.from_texts`.

:class:`BuildMixin` gives :class:`~framing.Corpus` its ``from_texts``
constructor; the steps are functions here: reading the inputs into texts, ids
and metadata, screening each document (ids, empty texts, duplicates), adding
titles, counting (:mod:`._count`) and leaving out documents without tokens.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._validation import InstanceOf, Options, check_param
from ..errors import InputError
from ._count import N_JOBS, count_texts
from ._inputs import check_metadata, clean_id, is_missing
from ._report import ReadReport

if TYPE_CHECKING:
    from ._container import Corpus

__all__ = ["BuildMixin", "FROM_TEXT"]

#: Marks n-grams and shingles that a text corpus makes on first use (see ``Corpus.ngrams``).
FROM_TEXT = object()

_WHERE = "Corpus.from_texts()"


class BuildMixin:
    """The constructor of a :class:`~framing.Corpus` from running text."""

    @classmethod
    def from_texts(
        cls,
        texts,
        metadata: pd.DataFrame | None = None,
        *,
        id_column: str = "doc_id",
        title_column: str | None = None,
        name: str | None = None,
        on_duplicate: str = "raise",
        warn: bool = True,
        n_jobs=1,
    ) -> "Corpus":
        """Build a corpus from running text, tokenized by the token spec.

        Parameters
        ----------
        texts : list of str, pandas.Series or dict
            One text per document; paragraphs are its lines. A dict is
            ``{doc_id: text}``. A missing text (None, NaN, ``pd.NA``) or a
            blank one is skipped and reported.
        metadata : pandas.DataFrame, optional
            One row per text, in the same order; ``id_column`` gives the
            document ids (default: ``doc-0001``, ``doc-0002``, ...; strings,
            or integers written as their digits). A ``language`` column
            enables per-language stop words and stemming. A column named
            like one of the kit's own (``n_tokens``, ``n_paragraphs``,
            ``para``, ``role``, ``text``, ``doc_id``) is renamed to
            ``user_<name>`` with a warning; a ``text`` column that repeats
            the texts is dropped.
        id_column : str, default='doc_id'
        title_column : str, optional
            A metadata column holding each document's title (headline). The
            title becomes the document's first paragraph, with ``role``
            ``'title'`` (as in the bundled corpus), so that counts, n-grams,
            shingles and the text include it and analyses can keep or drop
            titles by role. Line breaks inside a title are folded into
            spaces; a missing, blank or token-less title adds no paragraph.
            The column stays in the metadata.
        name : str, optional
        on_duplicate : {'raise', 'skip'}, default='raise'
            What to do with a repeated document id ('skip' keeps the first
            and reports the others).
        warn : bool, default=True
            Warn when documents are skipped (the :attr:`report` lists them).
        n_jobs : int or None, default=1
            Worker processes for tokenizing and counting (-1: all CPUs).
            Used for large inputs (a few MB of text or more); the result is
            identical for every value. Token counts are made now; the 2-/3-gram
            counts and shingles when :attr:`ngrams` or :attr:`shingles` is
            first used (with the same ``n_jobs``).

        Returns
        -------
        Corpus
            With ``report``: documents read and skipped (empty texts,
            duplicate ids), with reasons.

        Raises
        ------
        InputError
            A bare string instead of a list; lengths that differ; a missing
            id, a float id or one with a control character (names the row); a
            duplicate id (with ``on_duplicate='raise'``); a metadata value
            that is not a scalar or a column name that is not a string; a
            dict with an id column in ``metadata``; no document left; a
            ``title_column`` that is not in ``metadata``.

        Examples
        --------
        >>> c = Corpus.from_texts(["Talks in Geneva.\\nKyiv's team left."],
        ...                       pd.DataFrame({"doc_id": ["a"], "language": ["en"]}))
        >>> c.dtm().shape
        (1, 7)
        >>> t = Corpus.from_texts(["The envoys met on Monday."],
        ...                       pd.DataFrame({"headline": ["Talks resume"]}), title_column="headline")
        >>> t.paragraphs[["para", "role", "n_tokens"]].values.tolist()
        [[0, 'title', 2], [1, 'body', 5]]
        """
        check_param(_WHERE, "on_duplicate", on_duplicate, [Options(("raise", "skip"))])
        check_param(_WHERE, "warn", warn, ["boolean"])
        check_param(_WHERE, "n_jobs", n_jobs, N_JOBS)
        texts, raw_ids, meta = _inputs(texts, metadata, id_column, title_column)
        keep, ids, report = _screen(texts, raw_ids, id_column, on_duplicate)
        kept = [texts[i] for i in keep]
        titled = np.zeros(len(keep), dtype=bool)
        if title_column is not None:
            kept, titled = _with_titles(kept, meta[title_column].iloc[keep].tolist())
        meta = meta.iloc[keep].set_axis(pd.Index([ids[i] for i in keep], dtype=str))
        corpus = _drop_tokenless(_build(cls, kept, meta, name, n_jobs=n_jobs, titled=titled), report)
        corpus.report = report
        if warn and report.n_skipped:
            warnings.warn(str(report), stacklevel=2)
        return corpus


def _inputs(texts, metadata, id_column: str, title_column):
    """The texts as a list, the raw ids (one per text) and the metadata table, checked."""
    if isinstance(texts, (str, bytes)):
        raise InputError("texts must be a list of documents, got a single string; wrap one text as [text]")
    raw_ids = None
    if isinstance(texts, Mapping):
        if metadata is not None and id_column in getattr(metadata, "columns", ()):
            raise InputError(
                f"texts is a dict {{doc_id: text}}, so metadata must not have an id column {id_column!r}; "
                "give the ids either as the dict's keys or in the metadata (with texts as a list)"
            )
        raw_ids = list(texts.keys())
        texts = list(texts.values())
    else:
        texts = list(texts.tolist() if isinstance(texts, pd.Series) else texts)
    if metadata is None:
        metadata = pd.DataFrame(index=range(len(texts)))
    check_param(_WHERE, "metadata", metadata, [InstanceOf(pd.DataFrame, "a pandas DataFrame")])
    if len(metadata) != len(texts):
        raise InputError(f"texts and metadata differ in length: {len(texts)} texts but {len(metadata)} metadata rows")
    meta = metadata.reset_index(drop=True).copy()
    if title_column is not None and title_column not in meta.columns:
        raise InputError(
            f"title_column {title_column!r} is not a metadata column; columns are {list(map(str, meta.columns))}"
        )
    if raw_ids is None:
        if id_column in meta.columns:
            raw_ids = meta[id_column].astype(object).tolist()
        else:
            width = max(4, len(str(len(texts))))
            raw_ids = [f"doc-{i + 1:0{width}d}" for i in range(len(texts))]
    meta = meta.drop(columns=[id_column], errors="ignore")
    if "text" in meta.columns and all(
        a == b or (is_missing(a) and is_missing(b)) for a, b in zip(meta["text"].astype(object), texts)
    ):
        meta = meta.drop(columns="text")  # the texts themselves (e.g. from_texts(df["text"], df))
    return texts, raw_ids, check_metadata(meta, stacklevel=4)


def _screen(texts: list, raw_ids: list, id_column: str, on_duplicate: str):
    """Positions of the documents kept, the cleaned ids, and the report of those skipped (with reasons)."""
    skipped, keep, ids, seen = [], [], [], set()
    for i, (raw, text) in enumerate(zip(raw_ids, texts)):
        where = f"row {i + 1}"
        doc_id, problem, detail = clean_id(raw)
        ids.append(doc_id)
        if problem == "missing doc_id":
            raise InputError(
                f"missing document id at row {i + 1} in column {id_column!r} ({raw!r}); every document needs an id"
            )
        if problem:
            raise InputError(
                f"document id {raw!r} at row {i + 1} {detail}; ids must be strings or integers "
                "(without control characters)"
            )
        if not isinstance(text, str):
            if is_missing(text):
                skipped.append((where, doc_id, "empty text"))
                continue
            raise InputError(f"texts[{i}] (doc_id {doc_id!r}) is a {type(text).__name__}, not a str")
        if doc_id in seen:
            if on_duplicate == "raise":
                raise InputError(
                    f"duplicate document id {doc_id!r} at {where}; ids must be unique "
                    "(fix the id column or pass on_duplicate='skip')"
                )
            skipped.append((where, doc_id, "duplicate id"))
            continue
        if not text.strip():
            skipped.append((where, doc_id, "empty text"))
            continue
        seen.add(doc_id)
        keep.append(i)
    report = ReadReport("texts", len(keep), pd.DataFrame(skipped, columns=["where", "doc_id", "reason"]), n_seen=len(texts))
    if not keep:
        raise InputError(f"the corpus is empty: no usable document ({report})")
    return keep, ids, report


def _drop_tokenless(corpus, report: ReadReport):
    """Leave out (and report) the documents without a token, e.g. only punctuation."""
    no_tokens = corpus.documents.index[corpus.documents["n_tokens"] == 0]
    if not len(no_tokens):
        return corpus
    extra = pd.DataFrame(
        [(f"doc_id {d}", d, "no tokens (only punctuation or symbols)") for d in no_tokens],
        columns=report.skipped.columns,
    )
    report.skipped = pd.concat([report.skipped, extra], ignore_index=True) if report.n_skipped else extra
    report.n_read -= len(no_tokens)
    if report.n_read == 0:
        raise InputError(f"the corpus is empty: no document has a token ({report})")
    return corpus._take(np.flatnonzero(corpus.documents["n_tokens"].to_numpy() > 0))


def _with_titles(texts: list[str], titles: list) -> tuple[list[str], np.ndarray]:
    """Prepend each usable title as a first line; which documents got one."""
    from ..tokenize import tokenize

    out, titled = [], np.zeros(len(texts), dtype=bool)
    for i, (text, title) in enumerate(zip(texts, titles)):
        if isinstance(title, str) and tokenize(" ".join(title.split())):
            out.append(" ".join(title.split()) + "\n" + text)
            titled[i] = True
        elif title is None or is_missing(title) or isinstance(title, str):
            out.append(text)
        else:
            raise InputError(f"title of document {i + 1} is a {type(title).__name__}, not a str")
    return out, titled


def _build(cls, texts: list[str], meta: pd.DataFrame, name: str | None, n_jobs=1, titled=None):
    meta.index.name = "doc_id"
    parts = count_texts(texts, n_jobs=n_jobs, derived=False)
    ids = meta.index.to_numpy(dtype=object)
    para_doc = np.asarray(parts["para_doc"])
    is_title = np.zeros(len(para_doc), dtype=bool)
    if titled is not None and np.any(titled):
        is_title = np.asarray(titled)[para_doc] & (np.asarray(parts["para"]) == 0)
    paragraphs = pd.DataFrame(
        {
            "doc_id": ids[para_doc],
            "para": parts["para"],
            "role": np.where(is_title, "title", "body").astype(object),
            "n_tokens": parts["n_tokens"],
        }
    )
    documents = meta.copy()
    documents["n_paragraphs"] = parts["doc_paragraphs"]
    documents["n_tokens"] = parts["doc_tokens"]
    texts_s = pd.Series(texts, index=meta.index, name="text")
    corpus = cls(
        documents, paragraphs, parts["counts"], parts["vocabulary"], ngrams=FROM_TEXT,
        shingles=FROM_TEXT, texts=texts_s, name=name,
    )  # fmt: skip
    corpus._n_jobs = n_jobs
    return corpus
