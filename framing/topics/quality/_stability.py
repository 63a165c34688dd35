"""Stability: matching the topics of two runs, and how well each topic recurs across refits."""

from __future__ import annotations

import warnings
from numbers import Real

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.base import clone

from ..._stats import as_generator, cosine_similarity
from ..._validation import Interval, validate_params
from ...corpus import DocumentTermMatrix
from ...errors import InputError
from .._model import TopicModel, check_topic_model

__all__ = ["match_topics", "topic_stability"]


def match_topics(reference, other) -> pd.DataFrame:
    """Align the topics of two runs one-to-one (Hungarian matching on cosine similarity).

    The assignment maximises the summed cosine similarity of matched
    topic-term rows (Kuhn 1955; ``scipy.optimize.linear_sum_assignment``).

    Parameters
    ----------
    reference, other : TopicModel (fitted) or array-like of shape (n_topics, n_terms)
        Topic-term weights over the same terms (for models: the same vocabulary).

    Returns
    -------
    pandas.DataFrame
        ``topic`` (in ``reference``), ``match`` (in ``other``), ``cosine``;
        one row per topic of ``reference`` (a topic left without a partner
        when ``other`` has fewer topics gets ``match`` -1 and cosine 0).

    Raises
    ------
    InputError
        For models with different vocabularies, arrays that are not 2-d, or
        topics over different numbers of terms.
    sklearn.exceptions.NotFittedError
        When the model is not fitted.

    References
    ----------
    Kuhn, H. W. (1955). The Hungarian method for the assignment problem.
    *Naval Research Logistics Quarterly*, 2, 83-97.

    Examples
    --------
    >>> match_topics([[1, 0, 0], [0, 1, 1]], [[0, 2, 2], [3, 0, 1]])["match"].tolist()
    [1, 0]
    """
    a = _topic_term_of(reference, "reference")
    b = _topic_term_of(other, "other")
    if isinstance(reference, TopicModel) and isinstance(other, TopicModel):
        if not np.array_equal(reference.vocabulary_, other.vocabulary_):
            raise InputError("match_topics(): the two models have different vocabularies; fit them on the same matrix")
    if a.shape[1] != b.shape[1]:
        raise InputError(f"match_topics(): {a.shape[1]} vs {b.shape[1]} terms; topics must share the vocabulary")
    sim = cosine_similarity(a, b)
    r, c = linear_sum_assignment(-sim)
    match = np.full(a.shape[0], -1)
    match[r] = c
    cos = np.where(match >= 0, sim[np.arange(a.shape[0]), np.maximum(match, 0)], 0.0)
    return pd.DataFrame({"topic": np.arange(a.shape[0]), "match": match, "cosine": cos})


def _topic_term_of(x, name):
    if isinstance(x, TopicModel):
        check_topic_model(x, name=name)
        return x.topic_term_
    a = np.asarray(x, dtype=float)
    if a.ndim != 2:
        raise InputError(f"{name} must be a fitted TopicModel or a 2-d (n_topics, n_terms) array")
    return a


def _check_template(model):
    check_topic_model(model, fitted=False)


def _fit_quiet(model, dtm):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"TopicModel: .* only apply when fitting a Corpus")
        return model.fit(dtm)


def _nonempty(dtm: DocumentTermMatrix, where: str) -> DocumentTermMatrix:
    empty = np.diff(dtm.matrix.indptr) == 0
    if empty.any():
        warnings.warn(
            f"{where}: {int(empty.sum())} of {dtm.shape[0]} rows have no term after preprocessing and are left out",
            stacklevel=3,
        )
        if empty.all():
            raise InputError(f"{where}: every row is empty after preprocessing; relax min_df or stop_words")
        dtm = dtm.select_rows(~empty)
    return dtm


def _stability_table(models, threshold: float) -> pd.DataFrame:
    ref = models[0]
    sims = np.column_stack([match_topics(ref, m)["cosine"].to_numpy() for m in models[1:]])
    return pd.DataFrame(
        {
            "topic": np.arange(sims.shape[0]),
            "label": ref.topic_labels_,
            "stability": sims.mean(axis=1),
            "min_cosine": sims.min(axis=1),
            "n_recur": (sims >= threshold).sum(axis=1),
            "n_runs": sims.shape[1],
            "stable": (sims >= threshold).all(axis=1),
        }
    )


def _check_seeds(seeds, least: int):
    seeds = list(seeds)
    if len(seeds) < least or len(set(seeds)) != len(seeds):
        raise InputError(f"random_states must hold at least {least} different values, got {seeds!r}")
    return seeds


#: What topic_stability and choose_k accept for their shared parameters.
REFIT_CONSTRAINTS = {
    "threshold": [Interval(Real, 0, 1, closed="right")],
    "subsample": [Interval(Real, 0, 1, closed="neither"), None],
}


def _subsample(dtm, share, seed: int, k: int):
    """A seeded share of the rows (at least k), or all rows when share is None."""
    if share is None:
        return dtm
    rng = as_generator(seed)
    keep = np.zeros(dtm.shape[0], bool)
    keep[rng.choice(dtm.shape[0], min(dtm.shape[0], max(k, int(round(share * dtm.shape[0])))), replace=False)] = True
    return dtm.select_rows(keep)


@validate_params(REFIT_CONSTRAINTS)
def topic_stability(model, X, *, random_states=(0, 1, 2, 3, 4), threshold: float = 0.7, subsample=0.8) -> pd.DataFrame:
    """How well each topic recurs when the model is refitted with other seeds.

    The model is fitted once per seed (runs after the first on a seeded
    subsample of the rows, see ``subsample``). The first seed's run is the
    reference; every other run's topics are matched to it one-to-one by
    :func:`match_topics` (Hungarian matching on topic-term cosine
    similarity). A topic's stability is its mean matched cosine over the
    other runs; it is flagged unstable (``stable`` False) when in any run
    its best partner has cosine below ``threshold``: it does not recur.

    Parameters
    ----------
    model : TopicModel
        Template (its ``n_topics`` and options are used; ``random_state`` is
        replaced by each seed).
    X : Corpus, DocumentTermMatrix or (matrix, vocabulary)
    random_states : sequence of int, default=(0, 1, 2, 3, 4)
        The ``random_state`` of each refit (at least two, all different);
        the same value also draws that run's subsample.
    threshold : float, default=0.7
        Cosine a matched topic must reach to count as recurring.
    subsample : float or None, default=0.8
        Each run after the first is fitted on this share of the rows, drawn
        with its seed (Greene et al. 2014), so that stability also covers
        the choice of documents. ``None`` refits on all rows with a new
        seed only -- for NMF (whose ``nndsvdar`` start depends little on the
        seed) that gives stabilities near 1 by construction, so keep the
        subsample for NMF.

    Returns
    -------
    pandas.DataFrame
        One row per topic of the reference run: ``topic``, ``label`` (the
        model's own labels, e.g. from :func:`label_topics`, when the first
        random state is the model's, as by default: then the reference run
        is the model's own fit),
        ``stability`` (mean matched cosine), ``min_cosine``, ``n_recur``
        (runs where the topic recurs), ``n_runs`` (other runs), ``stable``.

    Raises
    ------
    InputError
        When ``model`` is not a TopicModel; for fewer than two or repeated
        ``random_states``, a ``threshold`` outside (0, 1], a ``subsample``
        outside (0, 1), or rows that are all empty.

    References
    ----------
    Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *ECML PKDD*, 498-513.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> c = fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 6}))
    >>> model = TopicModel(n_topics=2, min_df=1).fit(c)
    >>> fr.topic_stability(model, c, random_states=(0, 1), subsample=None)["stable"].tolist()
    [True, True]
    """
    _check_template(model)
    seeds = _check_seeds(random_states, 2)
    dtm = _nonempty(model.prepare(X), "topic_stability()")
    models = []
    for i, s in enumerate(seeds):
        part = _subsample(dtm, subsample, int(s), int(model.n_topics)) if i > 0 else dtm
        models.append(_fit_quiet(clone(model).set_params(random_state=int(s)), part))
    if getattr(model, "topic_labels_", None) is not None and seeds[0] == getattr(model, "random_state", None):
        models[0].topic_labels_ = list(model.topic_labels_)  # the same fit: keep labels set by label_topics()
    table = _stability_table(models, threshold)
    unstable = table.loc[~table["stable"], "label"].tolist()
    if unstable:
        warnings.warn(
            f"topic_stability(): {len(unstable)} of {len(table)} topics do not recur in every run "
            f"(cosine < {threshold}): {unstable[:5]}",
            stacklevel=2,
        )
    return table
