"""Describing fitted topics as tidy tables: top terms (probability, FREX, lift), labels, representative documents."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from .._stats import top_k
from .._validation import Interval, Options, validate_params
from ..errors import InputError
from ._matrix import normalise_rows
from ._model import check_topic_model

__all__ = ["top_terms", "topic_term_scores", "describe_topics", "representative_documents"]


# ---------------------------------------------------------------- describing
_MEASURES = {"measure": [Options(("prob", "frex", "lift"))], "frex_weight": [Interval(Real, 0, 1)]}


@validate_params({"n_terms": [Interval(Integral, 1, None)], **_MEASURES})
def top_terms(model, n_terms: int = 10, *, measure: str = "prob", frex_weight: float = 0.5) -> pd.DataFrame:
    r"""The top terms of each topic by probability, FREX or lift.

    With :math:`\beta_{kv}` the topic-term distribution (``topic_term_``),
    *V* terms and *K* topics:

    - ``'prob'``: :math:`\beta_{kv}`.
    - ``'frex'`` (Bischof & Airoldi 2012, as computed by stm's ``calcfrex``
      without its James-Stein shrinkage): exclusivity
      :math:`E_{kv} = \beta_{kv} / \sum_j \beta_{jv}`;
      :math:`F^{\mathrm{ecdf}}_{kv}` and :math:`E^{\mathrm{ecdf}}_{kv}` are
      the ranks (ties averaged) of :math:`\beta_{kv}` and :math:`E_{kv}`
      among topic *k*'s terms divided by *V*;
      :math:`\mathrm{FREX}_{kv} = \left(\frac{w}{F^{\mathrm{ecdf}}_{kv}} +
      \frac{1-w}{E^{\mathrm{ecdf}}_{kv}}\right)^{-1}` with weight
      :math:`w` (``frex_weight``) on frequency.
    - ``'lift'`` (Taddy 2012, stm's ``calclift``):
      :math:`\beta_{kv} / (c_v / \sum_u c_u)` with :math:`c_v` the term's
      training count (``term_frequency_``).

    Parameters
    ----------
    model : TopicModel (fitted)
    n_terms : int, default=10
    measure : {'prob', 'frex', 'lift'}, default='prob'
    frex_weight : float, default=0.5
        Weight *w* of frequency in FREX (stm's default 0.5).

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``measure``, ``rank`` (1 = top), ``term``, ``score``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, or for an ``n_terms`` below 1, an unknown ``measure`` or a ``frex_weight`` outside [0, 1].
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    References
    ----------
    Bischof, J., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML*.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).
    Taddy, M. (2012). On estimation and selection for topic models. *AISTATS*.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> sorted(top_terms(model, 1)["term"])
    ['oil', 'talks']
    """
    check_topic_model(model)
    scores = topic_term_scores(model.topic_term_, model.term_frequency_, measure=measure, frex_weight=frex_weight)
    n = min(int(n_terms), scores.shape[1])
    rows = []
    for k in range(scores.shape[0]):
        s = np.where(np.isfinite(scores[k]), scores[k], -np.inf)
        order = top_k(s, n, decimals=10)  # near-ties: vocabulary order
        for r, v in enumerate(order, 1):
            rows.append((k, model.topic_labels_[k], measure, r, model.vocabulary_[v], float(scores[k, v])))
    return pd.DataFrame(rows, columns=["topic", "label", "measure", "rank", "term", "score"])


@validate_params(_MEASURES)
def topic_term_scores(topic_term, term_frequency=None, *, measure: str = "prob", frex_weight: float = 0.5) -> np.ndarray:
    """Scores of every term in every topic (see :func:`top_terms` for the formulas).

    Parameters
    ----------
    topic_term : array-like of shape (n_topics, n_terms)
        Rows are normalised to sum to 1.
    term_frequency : array-like of shape (n_terms,), optional
        Needed for ``'lift'``.
    measure : {'prob', 'frex', 'lift'}, default='prob'
    frex_weight : float, default=0.5

    Returns
    -------
    ndarray of shape (n_topics, n_terms)

    Raises
    ------
    InputError
        For an unknown ``measure``, a ``frex_weight`` outside [0, 1], or
        ``'lift'`` without ``term_frequency``.

    References
    ----------
    Bischof, J., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML 2012*.

    Taddy, M. (2012). On estimation and selection for topic models. *AISTATS*.

    Examples
    --------
    >>> topic_term_scores([[0.5, 0.5], [0.25, 0.75]], measure="frex").round(3).tolist()
    [[0.857, 0.6], [0.5, 1.0]]
    """
    beta = normalise_rows(np.asarray(topic_term, dtype=float))
    if measure == "prob":
        return beta
    if measure == "frex":
        v = beta.shape[1]
        col = beta.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            excl = np.where(col > 0, beta / col, 0.0)
        f = rankdata(beta, axis=1) / v
        e = rankdata(excl, axis=1) / v
        return 1.0 / (frex_weight / f + (1 - frex_weight) / e)
    if measure == "lift":
        if term_frequency is None:
            raise InputError("measure='lift' needs term_frequency (the training count of each term)")
        c = np.asarray(term_frequency, dtype=float)
        emp = c / c.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(emp > 0, beta / emp, np.nan)
    raise AssertionError(measure)  # validate_params admits only the three measures


@validate_params({"n_terms": [Interval(Integral, 1, None)], "frex_weight": [Interval(Real, 0, 1)]})
def describe_topics(model, n_terms: int = 10, *, frex_weight: float = 0.5) -> pd.DataFrame:
    """Top terms of every topic by probability, FREX and lift, in one tidy table.

    Parameters
    ----------
    model : TopicModel (fitted)
    n_terms : int, default=10
    frex_weight : float, default=0.5

    Returns
    -------
    pandas.DataFrame
        Columns as :func:`top_terms` (``topic``, ``label``, ``measure``,
        ``rank``, ``term``, ``score``) plus ``prevalence`` (the topic's mean
        proportion over the training rows); ``measure`` runs over
        ``'prob'``, ``'frex'``, ``'lift'``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, or for an ``n_terms`` below 1 or a ``frex_weight`` outside [0, 1].
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> describe_topics(model, 2)["measure"].unique().tolist()
    ['prob', 'frex', 'lift']
    """
    out = pd.concat(
        [top_terms(model, n_terms, measure=m, frex_weight=frex_weight) for m in ("prob", "frex", "lift")],
        ignore_index=True,
    )
    prevalence = model.doc_topic_.mean(axis=0)
    out["prevalence"] = prevalence[out["topic"].to_numpy()]
    return out


@validate_params({"n_docs": [Interval(Integral, 1, None)]})
def representative_documents(model, n_docs: int = 3) -> pd.DataFrame:
    """The training rows with the highest proportion of each topic.

    Parameters
    ----------
    model : TopicModel (fitted)
    n_docs : int, default=3

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``rank``, ``doc_id`` (and ``para`` at
        paragraph level), ``proportion``, plus ``title`` when the rows have one.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel, or for an ``n_docs`` below 1.
    sklearn.exceptions.NotFittedError
        When it is not fitted.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> len(representative_documents(model, 2))
    4
    """
    check_topic_model(model)
    theta = model.doc_topic_
    keep = [c for c in ("doc_id", "para", "title") if c in model.rows_.columns]
    parts = []
    for k in range(theta.shape[1]):
        order = top_k(theta[:, k], n_docs)
        part = model.rows_.iloc[order][keep].reset_index(drop=True)
        part.insert(0, "rank", np.arange(1, len(order) + 1))
        part.insert(0, "label", model.topic_labels_[k])
        part.insert(0, "topic", k)
        part["proportion"] = theta[order, k]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)
