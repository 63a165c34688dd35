"""Online topic models: fit a :class:`TopicModel` on an on-disk corpus block by block (``partial_fit``).

With ``method='minibatch_nmf'`` (:class:`sklearn.decomposition.MiniBatchNMF`)
or ``method='online_lda'`` (:class:`sklearn.decomposition.LatentDirichletAllocation`
with online variational Bayes; Hoffman, Blei & Bach 2010),
:meth:`TopicModel.fit` on a :class:`~framing.DiskCorpus` never holds the
document-term matrix: one pass counts document frequencies (for ``min_df``,
``max_df`` and the idf of tf-idf), ``max_iter`` passes feed the blocks to
``partial_fit``, and a last pass computes each document's topic proportions.
"""

from __future__ import annotations

import re
import warnings

import numpy as np

from ..errors import InputError
from ..text import stop_words as _stop_words

__all__ = ["ONLINE_METHODS", "fit_disk"]

ONLINE_METHODS = ("minibatch_nmf", "online_lda")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _columns(model, store):
    """Column filter of the store's vocabulary (lower-casing, min_len, numbers, stop words): (blocks, terms, selector)."""
    if getattr(store, "engine", None) is not None:  # partial_fit is sequential: read the blocks here
        local = type(store).__new__(type(store))
        local.__dict__.update(store.__dict__)
        local.engine = None
        store = local
    terms, blocks = store.row_blocks(lowercase=bool(model.lowercase))
    keep = np.ones(len(terms), bool)
    if model.min_len > 1:
        keep &= np.fromiter((len(t) >= model.min_len for t in terms), bool, len(terms))
    if model.drop_numbers:
        keep &= np.fromiter((_HAS_LETTER.search(t) is not None for t in terms), bool, len(terms))
    sw = model.stop_words
    if sw is True:
        langs = store.documents["language"].dropna().unique() if "language" in store.documents.columns else []
        if len(langs) != 1:
            raise InputError(
                "TopicModel on a DiskCorpus: stop_words=True needs one language in a 'language' column; "
                "pass a language code (stop_words='en'), a list of words, or None"
            )
        sw = str(langs[0])
    if sw:
        stops = _stop_words(sw) if isinstance(sw, str) else {w.lower() for w in sw}
        keep &= np.fromiter((t.lower() not in stops for t in terms), bool, len(terms))
    if model.stem:
        raise InputError("TopicModel on a DiskCorpus: stem=True is not available (the store keeps tokens); use stem=False")
    return blocks, terms, keep


def fit_disk(model, store):
    """Fit ``model`` (a TopicModel with an online method) on ``store`` block by block; return the model."""
    from ._matrix import _labels, normalise_rows, tfidf_from_idf

    estimator, weighting = model._make_estimator()
    if not hasattr(estimator, "partial_fit"):
        raise InputError(
            f"TopicModel on a DiskCorpus needs an online method ({', '.join(map(repr, ONLINE_METHODS))}), got {model.method!r}"
        )
    blocks, terms, keep = _columns(model, store)
    n_docs = len(store)

    def df_part(pos, block):
        b = block.copy()
        b.data = np.ones_like(b.data)
        return np.asarray(b.sum(axis=0)).ravel(), np.asarray(block.sum(axis=0)).ravel()

    df = np.zeros(len(terms))
    tf = np.zeros(len(terms))
    for d, t in (df_part(p, b) for p, b in blocks()):
        df += d
        tf += t
    lo = model.min_df if isinstance(model.min_df, (int, np.integer)) else model.min_df * n_docs
    hi = model.max_df if isinstance(model.max_df, (int, np.integer)) else model.max_df * n_docs
    keep &= (df >= lo) & (df <= hi)
    cols = np.flatnonzero(keep)
    if cols.size < int(model.n_topics):
        raise InputError(f"only {cols.size} terms are left after the filters; relax min_df/stop_words or choose fewer topics")
    idf = np.log((1 + n_docs) / (1 + df[cols])) + 1.0 if weighting == "tfidf" else None  # TfidfTransformer(smooth_idf=True)
    tfidf = tfidf_from_idf(idf) if idf is not None else None

    def prepared(block):
        x = block[:, cols].astype(np.float64)
        return tfidf.transform(x) if tfidf is not None else x

    n_pass = int(model.max_iter or 5)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Maximum number of iterations")
        for _ in range(n_pass):
            for _, block in blocks():
                x = prepared(block)
                if x.nnz:
                    estimator.partial_fit(x)
        w = np.zeros((n_docs, int(model.n_topics)))
        for pos, block in blocks():
            w[pos] = estimator.transform(prepared(block))
    comps = np.asarray(estimator.components_, dtype=float)
    model.estimator_ = estimator
    model.weighting_ = weighting
    model.idf_ = idf
    model.tfidf_ = tfidf
    model.dtm_ = None
    model.level_ = "document"
    model.vocabulary_ = np.asarray(terms[cols], dtype=object)
    model.n_features_in_ = cols.size
    model.components_ = comps
    model.topic_term_ = normalise_rows(comps)
    model.doc_topic_ = model._proportions(w)
    model.rows_ = store.documents.reset_index()
    model.term_frequency_ = tf[cols]
    model.dropped_ = []
    model.topic_labels_ = _labels(model.topic_term_, model.vocabulary_, int(model.n_label_terms))
    return model
