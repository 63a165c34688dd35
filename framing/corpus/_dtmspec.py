"""The document-term matrix specification: which terms a ``Corpus.dtm`` call keeps and how.

One place for the preprocessing steps (lower-casing, minimum length, numbers,
stop words, stemming, document-frequency limits, n-gram ranges): their names
and defaults (:data:`DTM_OPTIONS`), their checks (:data:`DTM_CONSTRAINTS`)
and the matrix they make. :meth:`framing.Corpus.dtm` takes them;
``TopicModel``, ``STM`` and topic quality pass theirs on with
:func:`dtm_options`, so a new option is added here once.
"""

from __future__ import annotations

import numbers
import re
import warnings

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Interval, Options, check_param
from ..errors import EmptyVocabularyError, InputError
from ..text import stem_languages, stemmer
from ..text import stop_words as _stop_words
from ._dtm import DocumentTermMatrix

__all__ = [
    "DTM_OPTIONS", "DTM_CONSTRAINTS", "dtm_options", "document_term_matrix", "paragraph_to_document",
    "drop_empty_columns",
]  # fmt: skip

#: The options of a document-term matrix and their defaults, in the order of ``Corpus.dtm``.
DTM_OPTIONS = {
    "lowercase": False,
    "stop_words": None,
    "keep_words": (),
    "stem": False,
    "min_len": 1,
    "drop_numbers": False,
    "min_df": 1,
    "max_df": 1.0,
    "ngram_range": (1, 1),
}
#: The document-frequency limits among them (a fitted model re-applies only the others to new documents).
DF_LIMITS = ("min_df", "max_df")

#: What the options accept (the one wording of :mod:`framing._validation`); the others are checked in use.
DTM_CONSTRAINTS = {
    "level": [Options(("document", "paragraph"))],
    "lowercase": ["boolean"],
    "min_len": [Interval(numbers.Integral, 1, None)],
    "drop_numbers": ["boolean"],
    "min_df": [Interval(numbers.Integral, 0, None), Interval(float, 0, 1)],
    "max_df": [Interval(numbers.Integral, 0, None), Interval(float, 0, 1)],
}


def dtm_options(obj, *, df_limits: bool = True) -> dict:
    """The dtm options an object (a topic model) holds as attributes, by the names of :data:`DTM_OPTIONS`.

    Parameters
    ----------
    obj : object
        Anything with some of the options as attributes.
    df_limits : bool, default=True
        Include ``min_df`` and ``max_df`` (False: the other options only, as
        for new documents given to a fitted model).

    Returns
    -------
    dict
        Keyword arguments for :meth:`framing.Corpus.dtm`.

    Raises
    ------
    None
        Options the object lacks are left out (``Corpus.dtm``'s defaults apply).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> dtm_options(SimpleNamespace(lowercase=True, min_df=2), df_limits=False)
    {'lowercase': True}
    """
    return {
        name: getattr(obj, name)
        for name in DTM_OPTIONS
        if hasattr(obj, name) and (df_limits or name not in DF_LIMITS)
    }

_HAS_LETTER = re.compile(r"[^\W\d_]")


def document_term_matrix(corpus, level: str = "document", **options) -> DocumentTermMatrix:
    """The document-term matrix of ``corpus``: ``options`` are those of :data:`DTM_OPTIONS` (see :meth:`framing.Corpus.dtm`).

    Parameters
    ----------
    corpus : Corpus
    level : {'document', 'paragraph'}, default='document'
    **options
        Any of :data:`DTM_OPTIONS` (the others keep their defaults).

    Returns
    -------
    DocumentTermMatrix

    Raises
    ------
    TypeError
        An option that is not in :data:`DTM_OPTIONS`.
    InputError, EmptyVocabularyError
        As :meth:`framing.Corpus.dtm`.

    Examples
    --------
    >>> c = Corpus.from_texts(["The talks, the TALKS."])
    >>> document_term_matrix(c, lowercase=True).terms.tolist()
    ['talks', 'the']
    """
    unknown = sorted(set(options) - set(DTM_OPTIONS))
    if unknown:
        raise TypeError(f"document_term_matrix() got unexpected option(s) {unknown}")
    spec = {**DTM_OPTIONS, **options}
    lowercase, stop_words, keep_words, stem = spec["lowercase"], spec["stop_words"], spec["keep_words"], spec["stem"]
    min_len, drop_numbers, min_df, max_df = spec["min_len"], spec["drop_numbers"], spec["min_df"], spec["max_df"]
    ngram_range = spec["ngram_range"]
    given = {"level": level, "lowercase": lowercase, "min_len": min_len, "drop_numbers": drop_numbers,
             "min_df": min_df, "max_df": max_df}  # fmt: skip
    for name, value in given.items():
        check_param("Corpus.dtm()", name, value, DTM_CONSTRAINTS[name])
    lo, hi = _check_ngram_range(ngram_range)
    if isinstance(keep_words, str):
        raise InputError("keep_words must be a collection of words, got a single str; wrap it in a list")
    blocks_terms: list[np.ndarray] = []
    blocks: list[sparse.csr_matrix] = []
    if level == "document":
        rows = corpus.documents.reset_index()
        base = paragraph_to_document(corpus) @ corpus.counts
    else:
        rows = corpus.paragraphs[["doc_id", "para", "role"]].merge(
            corpus.documents.reset_index(), on="doc_id", how="left", sort=False
        )
        base = corpus.counts
    if lo <= 1:
        m, t = _process_unigrams(
            corpus.vocabulary, base, rows, lowercase=lowercase, stop_words=stop_words, keep_words=keep_words,
            stem=stem, min_len=min_len, drop_numbers=drop_numbers,
        )  # fmt: skip
        blocks.append(m)
        blocks_terms.append(t)
    for n in range(max(lo, 2), hi + 1):
        if level != "document":
            raise InputError(
                "n-gram counts are stored per document; use level='document' with ngram_range beyond (1, 1)"
            )
        if n not in corpus.ngrams:
            stored = sorted(corpus.ngrams) or "none"
            raise InputError(f"ngram_range asks for {n}-grams, but this corpus stores n-grams of n = {stored}")
        m, t = corpus.ngrams[n]
        blocks.append(m)
        blocks_terms.append(t)
    matrix = sparse.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]
    terms = np.concatenate(blocks_terms)
    matrix, terms = _df_filter(matrix, terms, min_df, max_df)
    return DocumentTermMatrix(matrix, rows, terms, level)

def paragraph_to_document(corpus) -> sparse.csr_matrix:
    """(n_docs, n_paragraphs) 0/1 matrix that sums paragraphs into documents.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    scipy.sparse.csr_matrix of shape (n_docs, n_paragraphs)

    Raises
    ------
    None
        Every paragraph belongs to a document of the corpus.

    Examples
    --------
    >>> c = Corpus.from_texts(["Talks.\\nMore talks.", "Rain."])
    >>> paragraph_to_document(c).toarray().tolist()
    [[1, 1, 0], [0, 0, 1]]
    """
    pos = pd.Series(np.arange(len(corpus.documents)), index=corpus.documents.index)
    r = corpus.paragraphs["doc_id"].map(pos).to_numpy()
    n = len(corpus.paragraphs)
    return sparse.csr_matrix((np.ones(n, dtype=np.int64), (r, np.arange(n))), shape=(len(corpus.documents), n))

def _process_unigrams(vocab, base, rows, *, lowercase, stop_words, keep_words, stem, min_len, drop_numbers):
    if not (lowercase or stop_words or stem or min_len > 1 or drop_numbers):
        return base, vocab
    terms = np.array([t.lower() for t in vocab], dtype=object) if (lowercase or stem) else vocab.copy()
    alive = np.ones(len(terms), dtype=bool)
    if min_len > 1:
        alive &= np.fromiter((len(t) >= min_len for t in terms), bool, len(terms))
        _check_alive(alive, f"min_len={min_len}")
    if drop_numbers:
        alive &= np.fromiter((_HAS_LETTER.search(t) is not None for t in terms), bool, len(terms))
        _check_alive(alive, "drop_numbers=True")
    languages = rows["language"].fillna("").to_numpy(dtype=object) if "language" in rows.columns else None
    per_language = stop_words is True or stem is True
    if per_language and languages is None:
        raise InputError("stop_words=True / stem=True need a 'language' column; name a language instead, e.g. 'en'")
    keep = {w.lower() for w in keep_words}
    langs = sorted(set(languages)) if per_language else [None]
    out_index: dict[str, int] = {}
    out_blocks = []
    no_stemmer: set[str] = set()
    no_stop_list: set[str] = set()
    for lang in langs:
        row_mask = np.ones(base.shape[0], bool) if lang is None else (languages == lang)
        a = alive.copy()
        stops = _stop_set(stop_words, lang, keep, no_stop_list)
        if stops:
            a &= np.fromiter((t.lower() not in stops for t in terms), bool, len(terms))
        stem_lang = lang if stem is True else (stem or None)
        if stem_lang and stem_lang not in stem_languages():
            if stem is True:
                no_stemmer.add(stem_lang)
                stem_lang = None
            else:
                stemmer(stem_lang)  # raises with the list of languages
        stemmed = terms
        if stem_lang:
            st = stemmer(stem_lang)
            stemmed = np.array([st.stem(t) if ok else t for t, ok in zip(terms, a)], dtype=object)
        cols = np.flatnonzero(a)
        targets = np.fromiter((out_index.setdefault(stemmed[c], len(out_index)) for c in cols), np.int64, len(cols))
        out_blocks.append((row_mask, cols, targets))
    if not out_index:
        what = "stop_words" if stop_words else "the filters"
        raise EmptyVocabularyError(f"no term is left after removing {what}; relax {what} or check the language column")
    n_out = len(out_index)
    result = sparse.csr_matrix((base.shape[0], n_out), dtype=base.dtype)
    for row_mask, cols, targets in out_blocks:
        mapping = sparse.csr_matrix((np.ones(len(cols), base.dtype), (cols, targets)), shape=(len(terms), n_out))
        part = base[row_mask] @ mapping
        scatter = sparse.csr_matrix(
            (np.ones(int(row_mask.sum()), base.dtype), (np.flatnonzero(row_mask), np.arange(int(row_mask.sum())))),
            shape=(base.shape[0], int(row_mask.sum())),
        )
        result = result + scatter @ part
    if no_stop_list:
        warnings.warn(
            f"dtm(stop_words=True): no stop-word list for language(s) {sorted(no_stop_list)}; "
            "their stop words are kept (pass a list of words to remove them)",
            stacklevel=4,
        )
    if no_stemmer:
        warnings.warn(
            f"dtm(stem=True): no Snowball stemmer for language(s) {sorted(no_stemmer)}; "
            "their terms are left unstemmed",
            stacklevel=4,
        )
    out_terms = np.empty(n_out, dtype=object)
    for t, i in out_index.items():
        out_terms[i] = t
    order = np.argsort(out_terms.astype(str), kind="mergesort")
    result = result[:, order].tocsr()
    result.eliminate_zeros()
    # with per-language lists a term kept for one language may occur only in
    # documents of another (where it was removed or stemmed): drop such empty columns
    used = np.diff(result.tocsc().indptr) > 0
    if not used.any():
        what = "stop_words" if stop_words else "the filters"
        raise EmptyVocabularyError(f"no term is left after removing {what}; relax {what} or check the language column")
    return result[:, used].tocsr(), out_terms[order][used]


def _stop_set(stop_words, lang, keep, no_list: set) -> frozenset | set:
    """The stop words for one language; a language without a list is added to ``no_list`` (the caller warns)."""
    if stop_words is None or stop_words is False:
        return set()
    if stop_words is True:
        try:
            return _stop_words(lang, keep_words=keep) if lang else set()
        except InputError:
            no_list.add(lang)
            return set()
    if isinstance(stop_words, str):
        return _stop_words(stop_words, keep_words=keep)
    return {w.lower() for w in stop_words} - keep


def drop_empty_columns(matrix: sparse.csr_matrix, terms: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Keep the columns (terms) with at least one non-zero count.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix
    terms : numpy.ndarray
        The column labels.

    Returns
    -------
    (csr_matrix, numpy.ndarray)
        The same objects when no column is empty.

    Raises
    ------
    None

    Examples
    --------
    >>> from scipy import sparse
    >>> m, t = drop_empty_columns(sparse.csr_matrix([[1, 0, 2]]), np.array(["a", "b", "c"], dtype=object))
    >>> t.tolist()
    ['a', 'c']
    """
    used = np.diff(matrix.tocsc().indptr) > 0
    if used.all():
        return matrix, terms
    return matrix[:, used].tocsr(), terms[used]


def _check_ngram_range(ngram_range) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in ngram_range)
    except (TypeError, ValueError):
        raise InputError(f"ngram_range must be a pair (min_n, max_n), got {ngram_range!r}") from None
    if not 1 <= lo <= hi:
        raise InputError(f"ngram_range must satisfy 1 <= min_n <= max_n, got {ngram_range!r}")
    return lo, hi


def _check_alive(alive: np.ndarray, what: str) -> None:
    if not alive.any():
        raise EmptyVocabularyError(f"no term is left after {what}; relax that filter")


def _df_filter(matrix, terms, min_df, max_df):
    n_rows = matrix.shape[0]

    def bound(v):  # checked by DTM_CONSTRAINTS: an int is rows, a float a share of rows
        return int(v) if isinstance(v, numbers.Integral) else v * n_rows

    lo, hi = bound(min_df), bound(max_df)
    if min_df == 1 and max_df == 1.0:
        return matrix, terms
    df = np.diff(matrix.tocsc().indptr)
    keep = (df >= lo) & (df <= hi)
    if not keep.any():
        raise EmptyVocabularyError(
            f"no term is left after min_df={min_df!r} / max_df={max_df!r} (rows: {n_rows}, "
            f"highest document frequency: {int(df.max()) if df.size else 0}); relax them"
        )
    return matrix[:, keep].tocsr(), terms[keep]
