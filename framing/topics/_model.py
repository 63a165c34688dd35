"""Topic models for framing research: scikit-learn's LDA and NMF, wrapped.

:class:`TopicModel` fits scikit-learn's
:class:`~sklearn.decomposition.LatentDirichletAllocation` or
:class:`~sklearn.decomposition.NMF` (or any scikit-learn decomposition
estimator) on a :class:`~framing.Corpus` or a document-term matrix and keeps
what framing research needs beside it: the row labels and metadata, the
vocabulary, document-topic proportions and topic labels. The functions of
``topics/_describe.py`` (:func:`top_terms`, :func:`describe_topics`,
:func:`representative_documents`) describe the fitted topics as tidy tables;
saving and loading are in ``topics/_persist.py``; the estimator behind
``method`` is built in ``topics/_estimators.py``; checks of the rows and the
topic labels are in ``topics/_matrix.py``.

Topics are numbered from 0 in every table (``topic``), in the same order as
the columns of ``doc_topic_``.

The module is longer than the kit's usual 500 lines because of its
docstrings (about 380 lines: the estimator's parameters and fitted
attributes, and a runnable example for every method); the code is about
270 lines.
"""

from __future__ import annotations

import warnings
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from .._validation import Interval, Options, check_param
from ..corpus import Corpus, DiskCorpus, DocumentTermMatrix, missing_labels, resolve_groups
from ..corpus._dtmspec import dtm_options
from ..errors import InputError
from ._estimators import make_estimator

# _check_matrix, _labels, drop_empty_rows, normalise_rows are also imported from here by stm and _stm_persist
from ._matrix import _blas_threads, _check_matrix, _labels, drop_empty_rows, normalise_rows  # noqa: F401

__all__ = ["TopicModel", "check_topic_model"]

_DTM_DEFAULTS = {
    "lowercase": True,
    "stop_words": True,
    "stem": False,
    "min_len": 3,
    "drop_numbers": True,
    "min_df": 2,
    "max_df": 1.0,
}


#: What each TopicModel parameter accepts (checked in fit, as scikit-learn estimators do); ``method`` is checked
#: where the estimator is built, ``level`` where a Corpus is turned into a matrix.
_PARAMETER_CONSTRAINTS = {
    "n_topics": [Interval(Integral, 1, None)],
    "n_label_terms": [Interval(Integral, 1, None)],
    "max_iter": [Interval(Integral, 1, None), None],
    "weighting": [Options((None, "count", "tfidf"))],
}


class TopicModel(TransformerMixin, BaseEstimator):
    """A seeded topic model (LDA or NMF from scikit-learn) with labelled rows.

    Parameters
    ----------
    n_topics : int, default=10
        Number of topics *K*.
    method : {'nmf', 'lda'} or scikit-learn estimator, default='nmf'
        ``'nmf'``: :class:`~sklearn.decomposition.NMF` (Frobenius loss,
        ``init='nndsvdar'``: NNDSVD with zeros filled by small seeded random values) on tf-idf weights (sublinear tf, l2-normalised
        rows). ``'lda'``: :class:`~sklearn.decomposition.LatentDirichletAllocation`
        (variational Bayes, batch updates) on raw counts. Any other
        scikit-learn decomposition estimator with ``fit``/``transform`` and a
        non-negative ``components_`` is cloned, given ``n_components=n_topics``
        and ``random_state`` when it has those parameters, and fitted on the
        counts (or on tf-idf with ``weighting='tfidf'``). Online variants:
        ``'minibatch_nmf'`` (:class:`~sklearn.decomposition.MiniBatchNMF`, on
        tf-idf) and ``'online_lda'`` (LDA with online variational Bayes;
        Hoffman, Blei & Bach 2010); on a :class:`~framing.DiskCorpus` they are
        fitted block by block with ``partial_fit`` (``max_iter`` passes,
        default 5), never holding the matrix; ``stop_words`` is then a
        language code, a list or True with one language in the documents.

        Why NMF is the default: on the 10,000-document benchmark
        (``benchmarks/bench_topics.py``) NMF on tf-idf fits in a few seconds
        -- faster than tomotopy's collapsed Gibbs LDA with 200 iterations and
        much faster than gensim's or scikit-learn's variational LDA -- and its
        topics have at least tomotopy's NPMI coherence. It is
        deterministic given the seed. Use
        ``'lda'`` when you need a probabilistic model (held-out perplexity,
        proportions with a Dirichlet prior).
    random_state : int, default=0
        Seed passed to the scikit-learn estimator.
    level : {'document', 'paragraph'}, default='document'
        Unit of analysis when fitting a Corpus (a DocumentTermMatrix keeps its own).
    lowercase, stop_words, stem, min_len, drop_numbers, min_df, max_df
        Preprocessing when ``fit`` gets a :class:`~framing.Corpus`, passed to
        :meth:`Corpus.dtm`. Defaults for topic models: lower case, each
        document's own language's stop words, terms of at least 3
        characters, no numbers, terms in at least 2 rows.
    weighting : {None, 'count', 'tfidf'}, default=None
        What the estimator is fitted on; ``None`` means tf-idf for NMF and
        counts otherwise. LDA needs counts.
    max_iter : int, default=None
        Iterations; ``None`` means 30 for LDA (batch variational Bayes)
        and at most 200 for NMF (coordinate descent, stopping when the
        reconstruction error improves by less than 0.1 % (``tol=1e-3``)
        over 10 iterations).
    n_jobs : int, default=None
        Parallel jobs for LDA's E-step.
    n_label_terms : int, default=3
        How many top terms make a topic's label.

    Attributes
    ----------
    estimator_ : fitted scikit-learn estimator
    dtm_ : DocumentTermMatrix
        The rows the model was fitted on (documents emptied by the
        preprocessing are left out, see ``dropped_``).
    vocabulary_ : ndarray of str, shape (n_terms,)
    components_ : ndarray of shape (n_topics, n_terms)
        The estimator's topic-term weights.
    topic_term_ : ndarray of shape (n_topics, n_terms)
        ``components_`` with rows normalised to sum to 1 (LDA: the posterior
        mean of each topic's word distribution; NMF: normalised weights).
    doc_topic_ : ndarray of shape (n_rows, n_topics)
        Topic proportions of each training row; rows sum to 1. For NMF, a
        row's weights ``W[d, k]`` are scaled by topic *k*'s total weight
        ``sum_v H[k, v]`` and normalised, i.e. the share of the row's
        reconstructed tf-idf mass that topic *k* explains.
    rows_ : pandas.DataFrame
        Labels and metadata of the rows of ``doc_topic_``.
    term_frequency_ : ndarray of shape (n_terms,)
        Training counts of each term (for lift and FREX).
    topic_labels_ : list of str
        ``"k: term term term"`` from the top terms by probability.
    dropped_ : list of str
        Ids of rows without any term after preprocessing (left out, with a warning).
    tfidf_ : sklearn.feature_extraction.text.TfidfTransformer or None
        The fitted tf-idf weighting (sublinear tf, l2 rows) when the model
        was fitted on tf-idf; :meth:`transform` applies it to new rows.
    idf_ : ndarray or None
        Its inverse document frequencies (``tfidf_.idf_``).
    level_ : str
    n_features_in_ : int

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> model.doc_topic_.shape
    (6, 2)
    >>> bool(np.allclose(model.doc_topic_.sum(axis=1), 1))
    True
    """

    def __init__(
        self,
        *,
        n_topics=10,
        method="nmf",
        random_state=0,
        level="document",
        lowercase=True,
        stop_words=True,
        stem=False,
        min_len=3,
        drop_numbers=True,
        min_df=2,
        max_df=1.0,
        weighting=None,
        max_iter=None,
        n_jobs=None,
        n_label_terms=3,
    ):
        self.n_topics = n_topics
        self.method = method
        self.random_state = random_state
        self.level = level
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.stem = stem
        self.min_len = min_len
        self.drop_numbers = drop_numbers
        self.min_df = min_df
        self.max_df = max_df
        self.weighting = weighting
        self.max_iter = max_iter
        self.n_jobs = n_jobs
        self.n_label_terms = n_label_terms

    # ------------------------------------------------------------------ fit
    def fit(self, X, y=None):
        """Fit the topic model.

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix or (sparse matrix, vocabulary)
            A Corpus is turned into a matrix with the preprocessing options
            at ``level``; a DocumentTermMatrix or a ``(matrix, terms)`` pair
            is used as given.
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        InputError
            For an unknown method, ``n_topics`` below 1 or above the number
            of rows or terms, negative or non-finite entries, a matrix whose
            rows are all empty.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> model.doc_topic_.shape, model.topic_labels_
        ((6, 2), ['0: oil market prices', '1: talks delegation geneva'])
        """
        for name, constraints in _PARAMETER_CONSTRAINTS.items():
            check_param("TopicModel", name, getattr(self, name), constraints)
        if isinstance(X, DiskCorpus):
            from ._online import fit_disk

            return fit_disk(self, X)
        dtm, empty, dropped = drop_empty_rows(self.prepare(X), "TopicModel.fit()", stacklevel=3)
        matrix = dtm.matrix
        n_rows, n_terms = matrix.shape
        k = int(self.n_topics)
        if k > n_rows or k > n_terms:
            raise InputError(
                f"n_topics={k} is larger than the number of rows ({n_rows}) or terms ({n_terms}); "
                "choose fewer topics or a larger corpus"
            )
        estimator, weighting = self._make_estimator()
        data = matrix.astype(np.float64)
        tfidf = TfidfTransformer(sublinear_tf=True).fit(data) if weighting == "tfidf" else None
        if tfidf is not None:
            data = tfidf.transform(data)
        with warnings.catch_warnings(), _blas_threads(estimator):
            warnings.filterwarnings("ignore", message="Maximum number of iterations")
            w = estimator.fit_transform(data)
        comps = np.asarray(estimator.components_, dtype=float)
        if comps.shape != (k, n_terms) or (comps < 0).any():
            raise InputError(
                f"method {type(estimator).__name__} gave components_ of shape {comps.shape} with "
                f"{int((comps < 0).sum())} negative weights; a topic model needs non-negative ({k}, {n_terms})"
            )
        self.estimator_ = estimator
        self.weighting_ = weighting
        self.tfidf_ = tfidf
        self.idf_ = None if tfidf is None else tfidf.idf_.copy()
        self.dtm_ = dtm
        self.level_ = dtm.level
        self.vocabulary_ = np.asarray(dtm.terms, dtype=object)
        self.n_features_in_ = n_terms
        self.components_ = comps
        self.topic_term_ = normalise_rows(comps)
        self.doc_topic_ = self._proportions(w)
        self.rows_ = dtm.rows
        self.term_frequency_ = np.asarray(matrix.sum(axis=0)).ravel().astype(float)
        self.dropped_ = dropped
        self.topic_labels_ = _labels(self.topic_term_, self.vocabulary_, int(self.n_label_terms))
        return self

    def prepare(self, X) -> DocumentTermMatrix:
        """The document-term matrix that :meth:`fit` would use for ``X``.

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix or (sparse matrix, vocabulary)

        Returns
        -------
        DocumentTermMatrix
            For a Corpus, ``X.dtm(level, lowercase=..., stop_words=..., ...)``
            with this model's options; otherwise ``X`` as given (a pair gets
            row ids ``row-0``, ``row-1``, ...).

        Raises
        ------
        InputError
            For a ``level`` other than ``'document'`` or ``'paragraph'`` (with a
            Corpus) or an ``X`` of another type.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> TopicModel(min_df=1).prepare(c).shape  # 6 documents, 8 terms
        (6, 8)
        """
        if isinstance(X, Corpus):
            check_param("TopicModel", "level", self.level, [Options(("document", "paragraph"))])
            return X.dtm(self.level, **dtm_options(self))
        changed = [n for n, v in _DTM_DEFAULTS.items() if getattr(self, n) != v]
        if changed:
            warnings.warn(
                f"TopicModel: {', '.join(changed)} only apply when fitting a Corpus; the matrix is used as given",
                stacklevel=2,
            )
        if isinstance(X, DocumentTermMatrix):
            return X
        if isinstance(X, tuple) and len(X) == 2:
            matrix, terms = X
            matrix = sparse.csr_matrix(matrix)
            rows = pd.DataFrame({"doc_id": [f"row-{i}" for i in range(matrix.shape[0])]})
            return DocumentTermMatrix(matrix, rows, np.asarray(terms, dtype=object), "document")
        raise InputError(
            f"X must be a Corpus, a DocumentTermMatrix or a (sparse matrix, vocabulary) pair, got {type(X).__name__}"
        )

    def _make_estimator(self):
        return make_estimator(self)

    def _proportions(self, w) -> np.ndarray:
        w = np.asarray(w, dtype=float)
        if not isinstance(self.estimator_, LatentDirichletAllocation):
            w = w * self.components_.sum(axis=1)[None, :]
        zero = ~(w.sum(axis=1) > 0)
        if zero.any():
            warnings.warn(
                f"TopicModel: {int(zero.sum())} of {w.shape[0]} rows got no weight on any topic "
                f"(the model reconstructs them as empty); their proportions are set to 1/{w.shape[1]} each",
                stacklevel=3,
            )
        return normalise_rows(w)

    # ------------------------------------------------------------ transform
    def transform(self, X) -> np.ndarray:
        """Topic proportions of new documents.

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix, (sparse matrix, vocabulary) or sparse matrix
            New rows. A Corpus gets the same preprocessing as in ``fit``
            (without the document-frequency limits); terms are matched to
            ``vocabulary_`` by name and unknown terms are ignored. A bare
            matrix must have the training vocabulary as columns.

        Returns
        -------
        ndarray of shape (n_rows, n_topics)
            Rows sum to 1; a row with no known term is NaN (with a warning).

        Raises
        ------
        InputError
            For a bare matrix whose columns are not the model's terms, or negative
            or non-finite entries.
        sklearn.exceptions.NotFittedError
            When the model is not fitted.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> model.transform(c).round(2).sum(axis=1).tolist()
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
        """
        self._check_fitted()
        if isinstance(X, Corpus):
            X = X.dtm(self.level_, **dtm_options(self, df_limits=False))
        if isinstance(X, DocumentTermMatrix):
            matrix = self._align(X.matrix, X.terms)
        elif isinstance(X, tuple) and len(X) == 2:
            matrix = self._align(sparse.csr_matrix(X[0]), np.asarray(X[1], dtype=object))
        else:
            matrix = sparse.csr_matrix(X)
            if matrix.shape[1] != len(self.vocabulary_):
                raise InputError(
                    f"transform(): X has {matrix.shape[1]} columns but the model has {len(self.vocabulary_)} "
                    "terms; pass a DocumentTermMatrix or (matrix, vocabulary) so terms can be matched"
                )
        matrix = _check_matrix(matrix, "X").astype(np.float64)
        empty = np.diff(matrix.indptr) == 0
        if self.tfidf_ is not None:
            matrix = self.tfidf_.transform(matrix)
        out = np.full((matrix.shape[0], self.components_.shape[0]), np.nan)
        if not empty.all():
            with _blas_threads(self.estimator_):
                out[~empty] = self._proportions(self.estimator_.transform(matrix[~empty]))
        if empty.any():
            warnings.warn(
                f"transform(): {int(empty.sum())} of {matrix.shape[0]} rows have no term of the model's "
                "vocabulary; their proportions are NaN",
                stacklevel=2,
            )
        return out

    def _align(self, matrix, terms) -> sparse.csr_matrix:
        index = {t: i for i, t in enumerate(self.vocabulary_)}
        cols = np.array([index.get(t, -1) for t in terms], dtype=np.int64)
        known = np.flatnonzero(cols >= 0)
        mapping = sparse.csr_matrix(
            (np.ones(known.size), (known, cols[known])), shape=(len(terms), len(self.vocabulary_))
        )
        return sparse.csr_matrix(matrix @ mapping)

    def fit_transform(self, X, y=None):
        """Fit the model and return the document-topic proportions of ``X`` (``doc_topic_``).

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix or (matrix, vocabulary)
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        ndarray of shape (n_rows, n_topics)
            The proportions found while fitting (rows without a term are
            left out, see ``dropped_``).

        Raises
        ------
        InputError
            As for :meth:`fit`.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> TopicModel(n_topics=2, min_df=1).fit_transform(c).shape
        (6, 2)
        """
        return self.fit(X, y).doc_topic_.copy()

    def _check_fitted(self):
        check_topic_model(self)

    def __sklearn_is_fitted__(self):
        return hasattr(self, "doc_topic_")

    # ------------------------------------------------------------ documents
    def document_topics(self) -> tuple[np.ndarray, pd.DataFrame]:
        """Topic proportions per document (paragraphs averaged into their documents).

        At document level this is ``doc_topic_`` with its rows. At paragraph
        level, each document's proportions are the token-weighted mean of its
        paragraphs' proportions, so that analyses over documents (bootstrap
        intervals) resample documents rather than paragraphs.

        Returns
        -------
        theta : ndarray of shape (n_docs, n_topics)
        rows : pandas.DataFrame
            ``doc_id`` and the document metadata, one row per document.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            When the model is not fitted.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> theta, rows = model.document_topics()
        >>> theta.shape, len(rows)
        ((6, 2), 6)
        """
        self._check_fitted()
        theta, rows = self.doc_topic_, self.rows_
        if self.level_ != "paragraph" or "doc_id" not in rows.columns:
            return theta, rows
        ids = rows["doc_id"].to_numpy(dtype=object)
        codes, uniques = pd.factorize(ids)
        weights = np.asarray(self.dtm_.matrix.sum(axis=1)).ravel().astype(float)
        agg = sparse.csr_matrix((weights, (codes, np.arange(len(ids)))), shape=(len(uniques), len(ids)))
        out = normalise_rows(np.asarray(agg @ theta))
        first = pd.Series(np.arange(len(ids))).groupby(codes).first().to_numpy()
        doc_rows = rows.iloc[first].drop(columns=[c for c in ("para", "role") if c in rows.columns])
        return out, doc_rows.reset_index(drop=True)

    def document_groups(self, by, *, where: str = "document_groups()") -> np.ndarray:
        """Group label per document, aligned with :meth:`document_topics`.

        Parameters
        ----------
        by : str or array-like
            A metadata column of the model's rows, or one label per document
            (in :meth:`document_topics` order).
        where : str, default='document_groups()'
            The caller's name, used in messages.

        Returns
        -------
        ndarray of object, shape (n_docs,)
            The labels; None for a document without one (empty or missing).
            A warning says how many documents have none.

        Raises
        ------
        InputError
            For an unknown column, labels of the wrong length, or no label at all.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> model.document_groups("side").tolist()
        ['a', 'a', 'b', 'b', 'a', 'b']
        """
        _, rows = self.document_topics()
        try:
            labels = resolve_groups(rows.reset_index(drop=True), by)
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        g = labels.to_numpy(dtype=object)
        missing = missing_labels(g)
        g[missing] = None
        if missing.all():
            raise InputError(f"{where}: no document has a value for {by!r}")
        if missing.any():
            warnings.warn(
                f"{where}: {int(missing.sum())} of {len(g)} documents have no {by!r} value and are left out",
                stacklevel=3,
            )
        return g

    # --------------------------------------------------------------- saving
    def save(self, path, *, overwrite: bool = False) -> Path:
        """Save the fitted model as JSON (parameters, vocabulary, labels, rows) plus ``.npz`` arrays.

        Nothing is pickled, so opening a shared model file cannot run code.
        Both files are written to a temporary folder beside them and then
        moved into place, so a failure part-way leaves the old files; the
        JSON records the ``.npz``'s SHA-256 so that files from two saves are
        never loaded together.

        Parameters
        ----------
        path : str or Path
            File stem; ``<stem>.json`` and ``<stem>.npz`` are written.
        overwrite : bool, default=False
            Replace existing files of that stem.

        Returns
        -------
        Path
            The JSON file.

        Raises
        ------
        InputError
            When a file of that stem exists (and ``overwrite`` is False); an
            estimator other than NMF or LDA; a parameter JSON cannot hold.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = model.save(pathlib.Path(tmp) / "talks")
        ...     TopicModel.load(path).topic_labels_ == model.topic_labels_
        True
        """
        from ._persist import save_model

        return save_model(self, path, overwrite=overwrite)

    @classmethod
    def load(cls, path) -> "TopicModel":
        """Load a model written by :meth:`save` (``np.load(allow_pickle=False)``: no code runs).

        Parameters
        ----------
        path : str or Path
            The ``.json`` or ``.npz`` file, or their common stem.

        Returns
        -------
        TopicModel

        Raises
        ------
        InputError
            A missing file; a file that is not valid JSON, lacks a key, has
            an unknown key, parameter or estimator attribute, or a value of
            the wrong type; a ``.npz`` that is not the one saved with the
            JSON, is not readable, or holds an unknown, missing, non-numeric
            or wrongly shaped array. The message names the file.

        Examples
        --------
        >>> import framing as fr
        >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
        >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6, "side": list("aabbab")}))
        >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     loaded = TopicModel.load(model.save(pathlib.Path(tmp) / "talks"))
        >>> loaded.doc_topic_.shape
        (6, 2)
        """
        from ._persist import load_model

        return load_model(cls, path)


def check_topic_model(model, *, fitted: bool = True, name: str = "model") -> None:
    """The one check that ``model`` is a (fitted) :class:`TopicModel`; other modules use it.

    Parameters
    ----------
    model : object
    fitted : bool, default=True
        Also require a fitted model (scikit-learn's ``check_is_fitted``).
    name : str, default='model'
        The parameter's name in messages.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel.
    sklearn.exceptions.NotFittedError
        When it is not fitted (and ``fitted`` is True).

    Examples
    --------
    >>> check_topic_model(TopicModel(), fitted=False)
    >>> check_topic_model(TopicModel())
    Traceback (most recent call last):
    ...
    sklearn.exceptions.NotFittedError: This TopicModel is not fitted yet; call model.fit(corpus) (or TopicModel.load(path)) first
    """
    if not isinstance(model, TopicModel):
        what = "a fitted TopicModel" if fitted else "a TopicModel"
        raise InputError(f"{name} must be {what}, got {type(model).__name__}")
    if fitted:
        check_is_fitted(
            model, msg="This TopicModel is not fitted yet; call model.fit(corpus) (or TopicModel.load(path)) first"
        )
