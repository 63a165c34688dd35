"""Counting: the count matrices a dictionary is matched against (tokens, stored or text n-grams)."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ..corpus import Corpus, DocumentTermMatrix
from ..errors import InputError
from ..tokenize import tokenize_paragraphs

__all__ = ["count_blocks"]


def count_blocks(dictionary, data, level: str):
    """The count matrices to match against: ``[(n, matrix, terms)]``, plus rows and n_tokens."""
    if isinstance(data, Corpus):
        if level not in ("document", "paragraph"):
            raise InputError(f"level must be 'document' or 'paragraph', got {level!r}")
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
    if corpus.has_text:
        return _text_ngrams(corpus, n, level)
    pats = [p for ps in dictionary._compiled.values() for p, _, k in ps if k == n]
    if level != "document":
        raise InputError(
            f"multi-word entries ({', '.join(map(repr, pats[:3]))}) need level='document' on a counts-only "
            "corpus: its n-grams are stored per document, not per paragraph"
        )
    if n not in corpus.ngrams:
        raise InputError(
            f"the dictionary has {n}-word entries ({', '.join(map(repr, pats[:3]))}), but this corpus stores "
            f"n-grams of n = {sorted(corpus.ngrams) or 'none'} and no text; shorten or drop these entries"
        )
    m, t = corpus.ngrams[n]
    return sparse.csr_matrix(m), t


def _text_ngrams(corpus, n: int, level: str):
    """n-gram counts from the running text (lower-cased, within paragraphs)."""
    vocab: dict[str, int] = {}
    rows_i, cols_i = [], []
    if level == "document":
        keys = {d: i for i, d in enumerate(corpus.documents.index)}
    else:
        keys = {(d, int(p)): i for i, (d, p) in enumerate(corpus.paragraphs[["doc_id", "para"]].itertuples(index=False))}
    for doc_id, text in corpus.texts.items():
        for p, toks in enumerate(tokenize_paragraphs(text)):
            low = [t.lower() for t in toks]
            r = keys.get(doc_id) if level == "document" else keys.get((doc_id, p))
            if r is None:
                continue
            for i in range(len(low) - n + 1):
                rows_i.append(r)
                cols_i.append(vocab.setdefault(" ".join(low[i : i + n]), len(vocab)))
    n_rows = len(keys)
    m = sparse.csr_matrix(
        (np.ones(len(rows_i), dtype=np.int64), (np.asarray(rows_i, np.int64), np.asarray(cols_i, np.int64))),
        shape=(n_rows, len(vocab)),
    )
    terms = np.empty(len(vocab), dtype=object)
    for t, i in vocab.items():
        terms[i] = t
    m.sum_duplicates()
    return m, terms
