"""Coherence, diversity and exclusivity of a model's topics, per topic and per model.

Every score is computed from a fitted :class:`~framing.TopicModel` (or, for
coherence, from plain lists of top terms, so that models from other packages
can be scored by the same code).
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import sparse

from ..._stats import top_k
from ..._validation import Interval, Options, validate_params
from ...corpus import Corpus, DocumentTermMatrix
from ...corpus._dtmspec import dtm_options
from ...errors import InputError
from .._describe import top_terms
from .._model import check_topic_model

__all__ = ["topic_coherence", "topic_diversity", "topic_exclusivity", "topic_quality", "model_quality"]


EPSILON = 1e-12


@validate_params({"measure": [Options(("npmi", "umass"))], "epsilon": [Interval(Real, 0, None), None]})
def topic_coherence(topics, reference, *, measure: str = "npmi", epsilon: float | None = None) -> np.ndarray:
    r"""Coherence of each topic from document co-occurrence in a reference corpus.

    With *N* reference documents, :math:`D(w)` the number of documents
    containing term *w* and :math:`D(w_i, w_j)` the number containing both,
    :math:`P(w) = D(w)/N` and :math:`P(w_i, w_j) = D(w_i, w_j)/N`:

    - ``'npmi'`` (Bouma 2009; Lau, Newman & Baldwin 2014; as gensim's
      ``c_npmi`` with boolean documents): for each pair of top terms
      :math:`i < j`,

      .. math:: \mathrm{NPMI}(w_i, w_j) = \frac{\log \frac{P(w_i, w_j) + \epsilon}{P(w_i) P(w_j)}}
                {-\log (P(w_i, w_j) + \epsilon)}

      with :math:`\epsilon = 10^{-12}` (so a pair that never co-occurs
      scores about -1 instead of :math:`-\infty`); a pair that occurs in
      every document scores 1 (the limit). The topic's score is the mean
      over its :math:`M(M-1)/2` pairs; it lies in [-1, 1].
    - ``'umass'`` (Mimno et al. 2011): with the top terms ordered
      :math:`v_1, \dots, v_M` (most probable first),

      .. math:: C = \sum_{m=2}^{M} \sum_{l=1}^{m-1} \log \frac{D(v_m, v_l) + \epsilon}{D(v_l)}

      with :math:`\epsilon = 1` (Mimno's smoothing count). We report
      :math:`C` divided by the number of pairs :math:`M(M-1)/2` (as gensim
      does), so that scores are comparable across *M*; it is at most
      :math:`\log(1 + 1/D)` and usually negative, higher is better.

    Terms with no document in the reference cannot be scored; the pairs
    involving them are left out of the mean, with a warning that names them.

    Parameters
    ----------
    topics : list of list of str
        Each topic's top terms, most probable first.
    reference : DocumentTermMatrix or (sparse matrix, vocabulary)
        The documents co-occurrence is counted in (only presence matters).
    measure : {'npmi', 'umass'}, default='npmi'
    epsilon : float, default=None
        Smoothing; ``None`` means :math:`10^{-12}` for NPMI and 1 for UMass.

    Returns
    -------
    ndarray of shape (n_topics,)

    Raises
    ------
    InputError
        For an unknown ``measure``, a negative ``epsilon``, ``topics`` that are
        not lists of terms, or a ``reference`` that is neither a Corpus, a
        DocumentTermMatrix nor a (matrix, vocabulary) pair of matching sizes.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in
    collocation extraction. *GSCL*, 31-40.
    Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea leaves:
    automatically evaluating topic coherence and topic model quality. *EACL*.
    Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011).
    Optimizing semantic coherence in topic models. *EMNLP*, 262-272.

    Examples
    --------
    >>> from scipy import sparse
    >>> X = sparse.csr_matrix([[1, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1]])
    >>> topic_coherence([["a", "b"]], (X, ["a", "b", "c"])).round(3).tolist()
    [0.415]
    """
    eps = (EPSILON if measure == "npmi" else 1.0) if epsilon is None else float(epsilon)
    matrix, terms = _reference(reference)
    if isinstance(topics, str) or not len(topics) or any(isinstance(t, str) for t in topics):
        raise InputError("topics must be a non-empty list of lists of terms, e.g. [['peace', 'talks'], ['oil', 'gas']]")
    topics = [list(t) for t in topics]
    index = {t: i for i, t in enumerate(terms)}
    wanted = sorted({w for t in topics for w in t if w in index}, key=lambda w: index[w])
    missing = sorted({w for t in topics for w in t if w not in index})
    cols = np.array([index[w] for w in wanted], dtype=np.int64)
    b = sparse.csc_matrix(matrix[:, cols] > 0, dtype=np.float64)
    co = np.asarray((b.T @ b).todense())
    df = np.diag(co).copy()
    n = matrix.shape[0]
    pos = {w: i for i, w in enumerate(wanted)}
    zero = sorted(set(missing) | {w for w in wanted if df[pos[w]] == 0})
    if zero:
        warnings.warn(
            f"coherence: {len(zero)} top term(s) occur in no reference document and are left out: {zero[:10]}",
            stacklevel=2,
        )
    out = np.full(len(topics), np.nan)
    for k, t in enumerate(topics):
        ids = [pos[w] for w in t if w in pos and df[pos[w]] > 0]
        vals = []
        for m in range(1, len(ids)):
            for l in range(m):
                i, j = ids[m], ids[l]
                if measure == "umass":
                    vals.append(np.log((co[i, j] + eps) / df[j]))
                else:
                    pij, pi, pj = co[i, j] / n, df[i] / n, df[j] / n
                    if co[i, j] == n:
                        vals.append(1.0)
                    else:
                        vals.append(np.log((pij + eps) / (pi * pj)) / -np.log(pij + eps))
        if vals:
            out[k] = float(np.mean(vals))
    return out


def topic_diversity(topics) -> float:
    """Share of unique terms among all topics' top terms (Dieng, Ruiz & Blei 2020).

    ``len(set(all top terms)) / (n_topics * n_terms)``: 1 when no two topics
    share a top term, ``1/n_topics`` when all topics have the same ones.
    Dieng et al. use the top 25 terms.

    Parameters
    ----------
    topics : list of list of str

    Returns
    -------
    float

    Raises
    ------
    InputError
        When no top terms are given.

    References
    ----------
    Dieng, A. B., Ruiz, F. J. R., & Blei, D. M. (2020). Topic modeling in
    embedding spaces. *TACL*, 8, 439-453.

    Examples
    --------
    >>> topic_diversity([["peace", "talks"], ["talks", "oil"]])
    0.75
    """
    topics = [list(t) for t in topics]
    total = sum(len(t) for t in topics)
    if total == 0:
        raise InputError("topic_diversity(): no top terms given; pass each topic's top terms (e.g. from top_terms)")
    return len({w for t in topics for w in t}) / total


@validate_params({"n_terms": [Interval(Integral, 1, None)]})
def topic_exclusivity(topic_term, n_terms: int = 10) -> np.ndarray:
    r"""Exclusivity of each topic's top terms (Bischof & Airoldi 2012).

    The mean, over topic *k*'s ``n_terms`` most probable terms *v*, of
    :math:`\beta_{kv} / \sum_j \beta_{jv}`: the share of the term's weight
    (summed over topics) that belongs to topic *k*. It lies in
    :math:`[1/K, 1]`; 1 means no other topic uses the topic's top terms.
    (stm's ``exclusivity()`` sums FREX scores instead; this is the plain
    exclusivity that FREX is built from.)

    Parameters
    ----------
    topic_term : array-like of shape (n_topics, n_terms)
    n_terms : int, default=10

    Returns
    -------
    ndarray of shape (n_topics,)

    Raises
    ------
    InputError
        For an ``n_terms`` below 1.

    References
    ----------
    Bischof, J., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML*.

    Examples
    --------
    >>> topic_exclusivity([[0.6, 0.4, 0.0], [0.2, 0.0, 0.8]], 2).round(3).tolist()
    [0.875, 0.625]
    """
    beta = np.asarray(topic_term, dtype=float)
    beta = beta / beta.sum(axis=1, keepdims=True)
    col = beta.sum(axis=0)
    excl = np.divide(beta, col, out=np.zeros_like(beta), where=col > 0)
    n = min(int(n_terms), beta.shape[1])
    out = np.empty(beta.shape[0])
    for k in range(beta.shape[0]):
        order = top_k(beta[k], n)
        out[k] = excl[k, order].mean()
    return out


def _top_term_lists(model, n_terms: int) -> list[list[str]]:
    tt = top_terms(model, n_terms)
    return [list(g["term"]) for _, g in tt.groupby("topic", sort=True)]


def _reference_of(model, reference):
    if reference is None:
        return model.dtm_
    if isinstance(reference, Corpus):
        return reference.dtm("document", **dtm_options(model, df_limits=False))
    return reference


def _reference(reference):
    if isinstance(reference, DocumentTermMatrix):
        return sparse.csr_matrix(reference.matrix), np.asarray(reference.terms, dtype=object)
    if isinstance(reference, tuple) and len(reference) == 2:
        matrix = sparse.csr_matrix(reference[0])
        terms = np.asarray(reference[1], dtype=object)
        if matrix.shape[1] != len(terms):
            raise InputError(f"reference: matrix has {matrix.shape[1]} columns but {len(terms)} terms were given")
        return matrix, terms
    raise InputError(
        f"reference must be a Corpus, a DocumentTermMatrix or a (matrix, vocabulary) pair, got {type(reference).__name__}"
    )


@validate_params({"n_terms": [Interval(Integral, 1, None)]})
def topic_quality(model, *, reference=None, n_terms: int = 10) -> pd.DataFrame:
    """Coherence (NPMI, UMass) and exclusivity of each topic.

    Parameters
    ----------
    model : TopicModel (fitted)
    reference : Corpus, DocumentTermMatrix or (matrix, vocabulary), default=None
        Where co-occurrence is counted; ``None`` means the training rows
        (a Corpus is preprocessed like the model's training corpus, at document level).
    n_terms : int, default=10
        Top terms per topic.

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``npmi``, ``umass``, ``exclusivity``,
        ``prevalence`` (mean proportion in the training rows).

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, for an ``n_terms`` below 1 or a bad
        ``reference`` (see :func:`topic_coherence`).
    sklearn.exceptions.NotFittedError
        When the model is not fitted.

    See Also
    --------
    topic_coherence, topic_exclusivity : formulas and references.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in
    collocation extraction. *Proceedings of GSCL*, 31-40.

    Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011).
    Optimizing semantic coherence in topic models. *EMNLP 2011*, 262-272.

    Bischof, J. M., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML 2012*.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> topic_quality(model, n_terms=3)["npmi"].round(2).tolist()
    [1.0, 1.0]
    """
    check_topic_model(model)
    ref = _reference_of(model, reference)
    tops = _top_term_lists(model, n_terms)
    return pd.DataFrame(
        {
            "topic": np.arange(len(tops)),
            "label": model.topic_labels_,
            "npmi": topic_coherence(tops, ref, measure="npmi"),
            "umass": topic_coherence(tops, ref, measure="umass"),
            "exclusivity": topic_exclusivity(model.topic_term_, n_terms),
            "prevalence": model.doc_topic_.mean(axis=0),
        }
    )


@validate_params({"n_terms": [Interval(Integral, 1, None)], "diversity_terms": [Interval(Integral, 1, None)]})
def model_quality(model, *, reference=None, n_terms: int = 10, diversity_terms: int = 25) -> pd.DataFrame:
    r"""Overall scores of a fitted model (means over topics), one row.

    With :math:`K` topics and the per-topic scores of :func:`topic_quality`:
    ``npmi`` :math:`= K^{-1}\sum_k \mathrm{NPMI}_k` and ``umass``
    :math:`= K^{-1}\sum_k C_k` (coherences of :func:`topic_coherence`;
    Bouma 2009, Lau et al. 2014, Mimno et al. 2011; topics whose score is
    undefined are skipped), ``exclusivity`` :math:`= K^{-1}\sum_k E_k`
    (:func:`topic_exclusivity`; Bischof & Airoldi 2012) and ``diversity``
    the share of unique terms among all topics' top ``diversity_terms``
    terms (:func:`topic_diversity`; Dieng, Ruiz & Blei 2020).

    Parameters
    ----------
    model : TopicModel (fitted)
    reference : see :func:`topic_quality`
    n_terms : int, default=10
        Top terms for coherence and exclusivity.
    diversity_terms : int, default=25
        Top terms for topic diversity (Dieng et al. use 25).

    Returns
    -------
    pandas.DataFrame
        One row: ``n_topics``, ``npmi``, ``umass``, ``exclusivity``, ``diversity``.

    Raises
    ------
    InputError
        As for :func:`topic_quality`; for a ``diversity_terms`` below 1.
    sklearn.exceptions.NotFittedError
        When the model is not fitted.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in
    collocation extraction. *Proceedings of GSCL*, 31-40.

    Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea
    leaves. *EACL 2014*, 530-539.

    Mimno, D., Wallach, H., Talley, E., Leenders, M., & McCallum, A. (2011).
    Optimizing semantic coherence in topic models. *EMNLP 2011*, 262-272.

    Bischof, J. M., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML 2012*.

    Dieng, A. B., Ruiz, F. J. R., & Blei, D. M. (2020). Topic modeling in
    embedding spaces. *TACL*, 8, 439-453.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> model_quality(model, n_terms=3)[["n_topics", "npmi", "exclusivity"]].round(2).values.tolist()
    [[2.0, 1.0, 1.0]]
    """
    per = topic_quality(model, reference=reference, n_terms=n_terms)
    return pd.DataFrame(
        {
            "n_topics": [len(per)],
            "npmi": [float(np.nanmean(per["npmi"]))],
            "umass": [float(np.nanmean(per["umass"]))],
            "exclusivity": [float(per["exclusivity"].mean())],
            "diversity": [topic_diversity(_top_term_lists(model, diversity_terms))],
        }
    )
