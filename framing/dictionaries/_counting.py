"""Counting: the count matrices a dictionary is matched against (tokens, stored or text n-grams)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Options, check_param
from ..corpus import Corpus, DocumentTermMatrix
from ..corpus._count import count_texts
from ..corpus._dtmspec import drop_empty_columns
from ..errors import InputError

__all__ = ["count_blocks"]


def count_blocks(dictionary, data, level: str):
    """The count matrices to match against: ``[(n, matrix, terms)]``, plus rows and n_tokens."""
    if isinstance(data, Corpus):
        check_param("Dictionary", "level", level, [Options(("document", "paragraph"))])
        dtm = data.dtm(level)
        rows = dtm.rows
        n_tokens = np.asarray(dtm.matrix.sum(axis=1)).ravel()
        blocks = [(1, dtm.matrix, dtm.terms)]
        for n in sorted(dictionary.ngram_lengths()):
            blocks.append((n, *_corpus_ngrams(dictionary, data, n, level)))
        return blocks, rows, n_tokens
    if isinstance(data, DocumentTermMatrix):
        X, rows, terms = data
        nwords = np.fromiter((len(str(t).split()) for t in terms), np.int64, len(terms))
        uni = nwords == 1
        n_tokens = np.asarray(X[:, uni].sum(axis=1)).ravel()
        blocks = []
        for n in sorted({1} | dictionary.ngram_lengths()):
            cols = np.flatnonzero(nwords == n)
            if n > 1 and cols.size == 0:
                pats = [p for ps in dictionary._compiled.values() for p, _, k in ps if k == n]
                raise InputError(
                    f"the dictionary has {n}-word entries ({', '.join(map(repr, pats[:3]))}), but the "
                    f"document-term matrix has no {n}-gram columns; build it with "
                    f"dtm(ngram_range=(1, {n})) or count on the Corpus"
                )
            blocks.append((n, X[:, cols].tocsr(), terms[cols]))
        return blocks, rows, n_tokens
    raise InputError(
        f"expected a Corpus or a DocumentTermMatrix, got {type(data).__name__}"
    )

def _corpus_ngrams(dictionary, corpus, n: int, level: str):
    """Counts of the lower-cased n-grams within paragraphs: stored, or counted from the text by the corpus counter."""
    if level == "document" and (not corpus.has_text or n in corpus.ngrams):
        pats = [p for ps in dictionary._compiled.values() for p, _, k in ps if k == n]
        if n not in corpus.ngrams:
            raise InputError(
                f"the dictionary has {n}-word entries ({', '.join(map(repr, pats[:3]))}), but this corpus stores "
                f"n-grams of n = {sorted(corpus.ngrams) or 'none'} and no text; shorten or drop these entries"
            )
        m, t = corpus.ngrams[n]
        return sparse.csr_matrix(m), t
    if not corpus.has_text:
        pats = [p for ps in dictionary._compiled.values() for p, _, k in ps if k == n]
        raise InputError(
            f"multi-word entries ({', '.join(map(repr, pats[:3]))}) need level='document' on a counts-only "
            "corpus: its n-grams are stored per document, not per paragraph"
        )
    return _text_ngrams(corpus, n, level)


def _text_ngrams(corpus, n: int, level: str):
    """n-gram counts from the running text, by the corpus's own counter (:func:`framing.corpus._count.count_texts`)."""
    docs = corpus.documents.index
    texts = corpus.texts.loc[docs].tolist()
    parts = count_texts(texts, n_jobs=corpus._n_jobs, spec=((n,), level, False))
    m, terms = parts["ngrams"][n]
    if level == "paragraph":  # the counter's paragraph rows, placed on the corpus's paragraph rows
        ids = docs.to_numpy(dtype=object)[parts["para_doc"]]
        found = pd.MultiIndex.from_arrays([ids, parts["para"]])
        target = pd.MultiIndex.from_arrays([corpus.paragraphs["doc_id"].to_numpy(dtype=object), corpus.paragraphs["para"].to_numpy()])
        pos = target.get_indexer(found)
        keep = np.flatnonzero(pos >= 0)
        place = sparse.csr_matrix(
            (np.ones(len(keep), dtype=np.int64), (pos[keep], keep)), shape=(len(target), m.shape[0])
        )
        m = (place @ m).tocsr()
    return drop_empty_columns(m, terms)
