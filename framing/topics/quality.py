"""How good are the topics? Coherence, diversity, exclusivity, stability, choice of K.

Every score here is computed from a fitted :class:`~framing.TopicModel` (or,
for coherence, from plain lists of top terms, so that models from other
packages can be scored by the same code).

The module is longer than the kit's usual 500 lines because the scores share
their helpers (top-term lists, matching, refits) and are read together; each
function is short.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.base import clone
from sklearn.decomposition import LatentDirichletAllocation

from .._stats import as_generator, cosine_similarity, top_k
from ..corpus import Corpus, DocumentTermMatrix
from ..corpus._dtmspec import dtm_options
from ..errors import InputError
from ._describe import top_terms
from ._model import TopicModel, check_topic_model

__all__ = [
    "topic_coherence",
    "topic_diversity",
    "topic_exclusivity",
    "topic_quality",
    "model_quality",
    "match_topics",
    "topic_stability",
    "choose_k",
]

EPSILON = 1e-12


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
    if measure not in ("npmi", "umass"):
        raise InputError(f"measure must be 'npmi' or 'umass', got {measure!r}")
    eps = (EPSILON if measure == "npmi" else 1.0) if epsilon is None else float(epsilon)
    if eps < 0:
        raise InputError(f"epsilon must be >= 0, got {epsilon!r}")
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
        raise InputError("topic_diversity(): no top terms given")
    return len({w for t in topics for w in t}) / total


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

    See Also
    --------
    topic_coherence, topic_exclusivity : formulas and references.

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


# ----------------------------------------------------------------- stability
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
            raise InputError(f"{where}: every row is empty after preprocessing")
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


def _check_subsample(subsample):
    if subsample is not None and not (isinstance(subsample, float) and 0 < subsample < 1):
        raise InputError(f"subsample must be None or a float in (0, 1), got {subsample!r}")


def _subsample(dtm, share, seed: int, k: int):
    """A seeded share of the rows (at least k), or all rows when share is None."""
    if share is None:
        return dtm
    rng = as_generator(seed)
    keep = np.zeros(dtm.shape[0], bool)
    keep[rng.choice(dtm.shape[0], min(dtm.shape[0], max(k, int(round(share * dtm.shape[0])))), replace=False)] = True
    return dtm.select_rows(keep)


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

    References
    ----------
    Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *ECML PKDD*, 498-513.
    """
    _check_template(model)
    seeds = _check_seeds(random_states, 2)
    if not (isinstance(threshold, (int, float)) and 0 < threshold <= 1):
        raise InputError(f"threshold must be in (0, 1], got {threshold!r}")
    _check_subsample(subsample)
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


# ------------------------------------------------------------------ choose K
def choose_k(
    model,
    X,
    ks,
    *,
    random_states=(0, 1, 2),
    holdout: float | None = None,
    n_terms: int = 10,
    threshold: float = 0.7,
    min_stability: float = 0.7,
    subsample=0.8,
    seed=0,
) -> pd.DataFrame:
    r"""Fit a grid of K (and seeds) and tabulate the scores that inform the choice.

    The rows (documents; paragraphs are kept together with their document)
    are split once, with ``seed``, into a training part and a held-out
    part of share ``holdout``. For each K and each seed the model is
    fitted on the training part; coherence (NPMI, UMass; reference = the
    training part), exclusivity and diversity are averaged over topics;
    held-out perplexity (scikit-learn's ``perplexity``, LDA only) is
    computed on the held-out part; stability compares the seeds' runs as in
    :func:`topic_stability`.

    **Default suggestion** (``suggested`` column, a starting point, not an
    answer): among the K whose mean stability is at least
    ``min_stability``, the one with the highest mean NPMI (ties: the
    smaller K); if no K is that stable, the most stable K. Read the topics
    of the suggested K and its neighbours before deciding.

    Parameters
    ----------
    model : TopicModel
        Template; ``n_topics`` and ``random_state`` are set per run.
    X : Corpus, DocumentTermMatrix or (matrix, vocabulary)
    ks : sequence of int
        The K to try.
    random_states : sequence of int, default=(0, 1, 2)
        The ``random_state`` of each fit per K (at least two, all
        different: stability needs them).
    holdout : float, default=None
        Share of documents held out for perplexity (0 to skip). ``None``
        means 0.2 for LDA, the one model with a held-out perplexity, and 0
        otherwise, so that NMF is scored on every document.
    n_terms : int, default=10
    threshold : float, default=0.7
        Cosine for a topic to count as recurring.
    min_stability : float, default=0.7
    subsample : float or None, default=0.8
        As in :func:`topic_stability`: runs after the first seed are fitted
        on this seeded share of the training rows.
    seed : int, default=0
        Seed of the train/held-out split.

    Returns
    -------
    pandas.DataFrame
        One row per K, sorted by K: ``n_topics``, ``n_runs``, ``npmi``,
        ``npmi_min``, ``npmi_max`` (mean and range over seeds), ``umass``,
        ``exclusivity``, ``diversity`` (top 25 terms), ``perplexity``
        (mean over seeds; NaN unless LDA with a held-out part),
        ``stability`` (mean over topics and runs of the matched cosine),
        ``n_unstable`` (topics of the first run that do not recur in every
        other run), ``suggested`` (bool, one row True). The plots helper
        draws one panel per score against ``n_topics``.

    Notes
    -----
    **Held-out perplexity** (Blei, Ng & Jordan 2003, sec. 7.1): for the
    held-out documents :math:`d` with :math:`N_d` tokens,

    .. math::
        \mathrm{perplexity} = \exp\Big(-\frac{\sum_d \log p(\mathbf w_d)}{\sum_d N_d}\Big),

    lower is better. scikit-learn's ``LatentDirichletAllocation.perplexity``
    replaces :math:`\log p(\mathbf w_d)` by its variational lower bound
    (Hoffman, Blei & Bach 2010), so the value is an upper bound of the true
    perplexity; compare it across K only within one corpus and split.

    **The suggestion rule**: with :math:`\bar s_K` the mean stability and
    :math:`\overline{\mathrm{NPMI}}_K` the mean NPMI over seeds,

    .. math::
        K^* = \min \operatorname*{arg\,max}_{K:\ \bar s_K \ge s_{min}} \overline{\mathrm{NPMI}}_K,
        \quad\text{or}\quad K^* = \operatorname*{arg\,max}_K \bar s_K
        \ \text{if no } K \text{ has } \bar s_K \ge s_{min},

    i.e. the most coherent K among those whose topics recur across seeds
    (stability as in Greene, O'Callaghan & Cunningham 2014; NPMI as in Lau,
    Newman & Baldwin 2014). It is a heuristic of this package, not a
    published selection criterion.

    References
    ----------
    Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet
    allocation. *Journal of Machine Learning Research*, 3, 993-1022.

    Hoffman, M. D., Blei, D. M., & Bach, F. (2010). Online learning for
    latent Dirichlet allocation. *NIPS 23*, 856-864.

    Greene, D., O'Callaghan, D., & Cunningham, P. (2014). How many topics?
    Stability analysis for topic models. *ECML PKDD 2014*, 498-513.

    Lau, J. H., Newman, D., & Baldwin, T. (2014). Machine reading tea
    leaves: Automatically evaluating topic coherence and topic model
    quality. *EACL 2014*, 530-539.
    """
    _check_template(model)
    seeds = _check_seeds(random_states, 2)
    ks = list(ks)
    if not ks or any(not isinstance(k, (int, np.integer)) or k < 1 for k in ks) or len(set(ks)) != len(ks):
        raise InputError(f"ks must be distinct positive integers, got {ks!r}")
    if holdout is None:
        method = model.get_params().get("method")
        is_lda = method == "lda" or type(method).__name__ == "LatentDirichletAllocation"
        holdout = 0.2 if is_lda else 0.0
    if not (isinstance(holdout, (int, float)) and 0 <= holdout < 1):
        raise InputError(f"holdout must be in [0, 1), got {holdout!r}")
    _check_subsample(subsample)
    dtm = _nonempty(model.prepare(X), "choose_k()")
    ids = dtm.rows["doc_id"].to_numpy(dtype=object) if "doc_id" in dtm.rows.columns else np.arange(dtm.shape[0])
    codes, uniques = pd.factorize(ids)
    rng = as_generator(seed)
    n_out = int(round(holdout * len(uniques)))
    test_docs = np.zeros(len(uniques), bool)
    if n_out:
        test_docs[rng.choice(len(uniques), n_out, replace=False)] = True
    test = test_docs[codes]
    train = dtm.select_rows(~test)
    test_m = dtm.matrix[test]
    rows = []
    for k in sorted(ks):
        runs = []
        scores = []
        for i, s in enumerate(seeds):
            part = _subsample(train, subsample, int(s), int(k)) if i > 0 else train
            m = _fit_quiet(clone(model).set_params(n_topics=int(k), random_state=int(s)), part)
            runs.append(m)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                q = model_quality(m, n_terms=n_terms)
            perp = np.nan
            if isinstance(m.estimator_, LatentDirichletAllocation) and test_m.shape[0]:
                perp = float(m.estimator_.perplexity(test_m.astype(np.float64)))
            scores.append((q["npmi"].iloc[0], q["umass"].iloc[0], q["exclusivity"].iloc[0], q["diversity"].iloc[0], perp))
        sc = np.array(scores)
        stab = _stability_table(runs, threshold)
        rows.append(
            {
                "n_topics": int(k),
                "n_runs": len(seeds),
                "npmi": sc[:, 0].mean(),
                "npmi_min": sc[:, 0].min(),
                "npmi_max": sc[:, 0].max(),
                "umass": sc[:, 1].mean(),
                "exclusivity": sc[:, 2].mean(),
                "diversity": sc[:, 3].mean(),
                "perplexity": np.nan if np.isnan(sc[:, 4]).all() else np.nanmean(sc[:, 4]),
                "stability": float(stab["stability"].mean()),
                "n_unstable": int((~stab["stable"]).sum()),
            }
        )
    table = pd.DataFrame(rows)
    ok = table["stability"] >= min_stability
    if ok.any():
        best = table[ok].sort_values(["npmi", "n_topics"], ascending=[False, True]).index[0]
    else:
        best = table.sort_values(["stability", "n_topics"], ascending=[False, True]).index[0]
    table["suggested"] = table.index == best
    return table
