"""What users do with a fitted STM: covariate effects by the method of composition, topic
correlations, and each content level's wording of a topic."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
from scipy import sparse, stats

from .._stats import as_generator, benjamini_hochberg, check_alpha, top_k
from ..errors import InputError
from ._describe import topic_term_scores
from ._effect_design import effect_design
from ._model import TopicModel
from ._stm_estep import _softmax_full

__all__ = ["stm_effect", "stm_prevalence", "stm_prevalence_differences", "topic_correlation", "content_terms"]

_MIN_SIMS = 10


def _check_stm(model):
    from .stm import STM

    if not isinstance(model, STM):
        raise InputError(f"model must be a fitted STM, got {type(model).__name__}")
    model._check_fitted()


def _check_sims(n_sims):
    """0 (no draws: estimates at the posterior mode, no intervals) or at least ``_MIN_SIMS`` draws."""
    if not isinstance(n_sims, (int, np.integer)) or isinstance(n_sims, bool) or (n_sims != 0 and n_sims < _MIN_SIMS):
        raise InputError(
            f"n_boot (draws from the approximate posterior) must be 0 (no intervals) or an integer of at least "
            f"{_MIN_SIMS} (e.g. 200), got {n_sims!r}"
        )
    return int(n_sims)


class _Composition:
    """Draws of document-level topic proportions from the STM's approximate posterior.

    Each draw samples :math:`\\eta_d \\sim N(\\hat\\eta_d, \\nu_d)` for every
    fitted row, maps it to :math:`\\theta_d`, and at paragraph level averages
    the paragraphs into their documents (token-weighted), so that the unit of
    inference is the document.
    """

    def __init__(self, model):
        self.model = model
        # the symmetric square root, nu = root root^T with root = q sqrt(w) q^T: unlike q sqrt(w) it does not depend
        # on the signs (or, for equal eigenvalues, the basis) LAPACK picks for the eigenvectors, so the same seed
        # gives the same draws with every numpy/LAPACK build
        w, q = np.linalg.eigh(model.nu_)
        self.root = np.einsum("nij,nkj->nik", q * np.sqrt(np.maximum(w, 0.0))[:, None, :], q)
        rows = model.rows_
        if model.level_ == "paragraph" and "doc_id" in rows.columns:
            ids = rows["doc_id"].to_numpy(dtype=object)
            codes, uniques = pd.factorize(ids)
            weights = np.asarray(model.dtm_.matrix.sum(axis=1)).ravel().astype(float)
            agg = sparse.csr_matrix((weights, (codes, np.arange(len(ids)))), shape=(len(uniques), len(ids)))
            self.agg = sparse.diags(1.0 / np.asarray(agg.sum(axis=1)).ravel()) @ agg
            first = pd.Series(np.arange(len(ids))).groupby(codes).first().to_numpy()
            self.table = model.covariates_.iloc[first].reset_index(drop=True)
        else:
            self.agg = None
            self.table = model.covariates_.reset_index(drop=True)

    def draw(self, rng) -> np.ndarray:
        z = rng.standard_normal(self.model.eta_.shape)
        eta = self.model.eta_ + np.einsum("nij,nj->ni", self.root, z)
        theta = _softmax_full(eta)
        return theta if self.agg is None else np.asarray(self.agg @ theta)

    def mode(self) -> np.ndarray:
        theta = self.model.doc_topic_
        return theta if self.agg is None else np.asarray(self.agg @ theta)


def _design(table: pd.DataFrame, covariates, reference) -> tuple[np.ndarray, list[tuple], np.ndarray]:
    """Design matrix with intercept; treatment coding for categorical columns, numeric ones as they are,
    or a formulaic formula (a string starting with '~')."""
    if isinstance(covariates, str) and covariates.strip().startswith("~"):
        from .stm import prevalence_design

        if reference:
            raise InputError("reference= applies to covariate columns; with a formula write the coding in it (C(x, contr.treatment('level')))")
        design, names, _ = prevalence_design(covariates, table)
        terms = [(n, None, None, None) for n in names]
        terms[0] = ("(Intercept)", None, None, None)
        return design, terms, np.ones(len(table), bool)
    return effect_design(table, covariates, reference, numeric=True, stacklevel=4)


def _composition_draws(comp, design, ok, n_sims, rng):
    """Coefficient draws (n_sims, P, K): OLS on each posterior draw of theta plus a draw from its sampling distribution."""
    n, p = design.shape
    xtx_inv = np.linalg.inv(design.T @ design)
    pinv = xtx_inv @ design.T
    chol = np.linalg.cholesky(xtx_inv)
    out = []
    for _ in range(n_sims):
        theta = comp.draw(rng)[ok]
        coef = pinv @ theta
        resid = theta - design @ coef
        s2 = (resid**2).sum(axis=0) / max(n - p, 1)
        out.append(coef + (chol @ rng.standard_normal(coef.shape)) * np.sqrt(s2)[None, :])
    return np.stack(out)


def _coefficients(comp, design, ok, n_sims, rng) -> np.ndarray:
    """Coefficient draws (n_sims, P, K); with ``n_sims=0`` the one fit at the posterior mode, shape (1, P, K)."""
    if n_sims == 0:
        return (np.linalg.pinv(design) @ comp.mode()[ok])[None]
    return _composition_draws(comp, design, ok, n_sims, rng)


def _interval(reps, alpha, n_sims) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of the draws over axis 0; NaN without draws (``n_boot=0``)."""
    if n_sims == 0:
        nan = np.full(reps.shape[1:], np.nan)
        return nan, nan.copy()
    return np.quantile(reps, [alpha / 2, 1 - alpha / 2], axis=0)


def stm_effect(model, covariates, *, reference=None, n_boot=500, alpha=0.05, seed=0) -> pd.DataFrame:
    r"""Regression of topic proportions on document covariates with the method of composition (stm's ``estimateEffect``).

    For each of ``n_boot`` draws *s*: every row's :math:`\eta_d` is drawn
    from its approximate posterior :math:`N(\hat\eta_d, \nu_d)` and mapped to
    :math:`\theta^{(s)}_d` (paragraphs averaged into documents); for each
    topic, ordinary least squares of :math:`\theta^{(s)}_{\cdot k}` on the
    design gives :math:`\hat b^{(s)}_k` with covariance
    :math:`\hat\sigma^{2(s)}_k (X^\top X)^{-1}`, and one coefficient vector is
    drawn from :math:`N(\hat b^{(s)}_k, \hat\sigma^{2(s)}_k (X^\top X)^{-1})`.
    The estimate is the mean of the draws, the interval their
    :math:`(\alpha/2, 1-\alpha/2)` percentiles and ``std_error`` their
    standard deviation (Tanner 1996; Roberts, Stewart & Tingley 2019,
    section 3.6). So the interval includes the uncertainty of the topic
    proportions themselves, which a regression on point estimates ignores.

    Parameters
    ----------
    model : STM (fitted)
    covariates : str, list of str or formula
        Columns of the model's covariate table (categorical ones treatment
        coded against ``reference``, numeric ones linear) or a formulaic
        formula starting with ``~`` (e.g. ``"~ bloc + bs(day, df=3)"``).
    reference : dict, default=None
        Reference level per categorical column; default the first in sorted order.
    n_boot : int, default=500
        Number of posterior draws (at least 10; stm's default is 25); 0: the
        estimates at the posterior mode, with NaN intervals and standard errors.
    alpha : float, default=0.05
    seed : int or numpy.random.Generator, default=0

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``term``, ``covariate``, ``level``,
        ``reference``, ``estimate``, ``std_error``, ``ci_low``, ``ci_high``,
        ``n_docs``, ``n_boot_used`` -- the columns of
        :func:`framing.estimate_effect`.

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).
    Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.
    """
    _check_stm(model)
    check_alpha(alpha)
    n_sims = _check_sims(n_boot)
    comp = _Composition(model)
    design, terms, ok = _design(comp.table, covariates, reference)
    reps = _coefficients(comp, design, ok, n_sims, as_generator(seed))
    est = reps.mean(axis=0)
    low, high = _interval(reps, alpha, n_sims)
    se = reps.std(axis=0, ddof=1) if n_sims else np.full(est.shape, np.nan)
    out = []
    for k in range(reps.shape[2]):
        for j, (term, cov, lev, ref) in enumerate(terms):
            out.append((k, model.topic_labels_[k], term, cov, lev, ref, est[j, k], se[j, k], low[j, k], high[j, k],
                        int(ok.sum()), n_sims))  # fmt: skip
    return pd.DataFrame(
        out,
        columns=["topic", "label", "term", "covariate", "level", "reference", "estimate", "std_error",
                 "ci_low", "ci_high", "n_docs", "n_boot_used"],
    )  # fmt: skip


def _group_draws(model, by, groups, n_sims, seed):
    comp = _Composition(model)
    table = comp.table
    if isinstance(by, str):
        if by not in table.columns:
            raise InputError(f"unknown column {by!r}; the model's covariates have {', '.join(map(str, table.columns))}")
        g = table[by].to_numpy(dtype=object)
    else:
        g = np.asarray(by, dtype=object)
        if g.shape != (len(table),):
            raise InputError(f"by has {g.size} values, need one per document ({len(table)})")
    ok = np.array([not (v is None or v == "" or (isinstance(v, float) and np.isnan(v))) for v in g])
    if not ok.any():
        raise InputError(f"no document has a value for {by!r}")
    if not ok.all():
        warnings.warn(f"{int((~ok).sum())} of {len(g)} documents have no {by!r} value and are left out", stacklevel=3)
    present = sorted(set(g[ok]), key=str)
    if groups is None:
        labels = present
    else:
        labels = list(groups)
        unknown = [x for x in labels if x not in present]
        if unknown:
            raise InputError(f"groups {unknown} not found; the groups are {present}")
        ok &= np.isin(g, np.array(labels, dtype=object))
    design = np.column_stack([(g[ok] == lab).astype(float) for lab in labels])
    reps = _coefficients(comp, design, ok, n_sims, as_generator(seed))
    sizes = design.sum(axis=0).astype(int)
    return labels, sizes, reps


def stm_prevalence(model, by, *, groups=None, n_boot=500, alpha=0.05, seed=0) -> pd.DataFrame:
    """Expected topic proportion per group, with intervals by the method of composition.

    The regression of :func:`stm_effect` with one indicator per group and no
    intercept: each coefficient is a group's mean proportion.

    Parameters
    ----------
    model : STM (fitted)
    by : str or array-like
        A covariate column or one label per document.
    groups : sequence, default=None
        Groups to keep, in order (default: all, sorted).
    n_boot : int, default=500
        Posterior draws (at least 10); 0: the estimates at the posterior mode, NaN intervals.
    alpha : float, default=0.05
    seed : int or numpy.random.Generator, default=0

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``group``, ``n_docs``, ``estimate``,
        ``ci_low``, ``ci_high`` (the shape of :func:`framing.topic_prevalence`).
    """
    _check_stm(model)
    check_alpha(alpha)
    n_sims = _check_sims(n_boot)
    labels, sizes, reps = _group_draws(model, by, groups, n_sims, seed)
    est = reps.mean(axis=0)
    low, high = _interval(reps, alpha, n_sims)
    out = [(k, model.topic_labels_[k], lab, int(sizes[j]), est[j, k], low[j, k], high[j, k])
           for k in range(reps.shape[2]) for j, lab in enumerate(labels)]  # fmt: skip
    return pd.DataFrame(out, columns=["topic", "label", "group", "n_docs", "estimate", "ci_low", "ci_high"])


def stm_prevalence_differences(model, by, *, pairs=None, n_boot=500, alpha=0.05, seed=0) -> pd.DataFrame:
    r"""Differences in expected topic proportion between groups (method of composition).

    For groups *a* and *b* the difference of their mean proportions is
    computed on every posterior draw (see :func:`stm_effect`); the estimate
    is the mean over draws, the interval their percentiles, and the
    two-sided p-value
    :math:`\min(1, 2\min(\frac{1+\#\{d^*\le 0\}}{S+1}, \frac{1+\#\{d^*\ge 0\}}{S+1}))`
    over the *S* draws; ``p_adj`` is Benjamini-Hochberg over the table.

    Parameters
    ----------
    model : STM (fitted)
    by : str or array-like
    pairs : list of (label, label), default=None
        The (a, b) pairs; ``None``: every pair of groups.
    n_boot : int, default=500
        Posterior draws (at least 10); 0: the estimates at the posterior mode, NaN intervals.
    alpha : float, default=0.05
    seed : int or numpy.random.Generator, default=0

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`framing.prevalence_differences`: ``topic``,
        ``label``, ``group_a``, ``group_b``, ``estimate`` (the difference a
        minus b), ``ci_low``, ``ci_high``, ``p``, ``p_adj``.
    """
    _check_stm(model)
    check_alpha(alpha)
    n_sims = _check_sims(n_boot)
    labels, sizes, reps = _group_draws(model, by, None, n_sims, seed)
    if len(labels) < 2:
        raise InputError(f"prevalence_differences(): {by!r} has only one group ({labels}); need at least two")
    pos = {lab: i for i, lab in enumerate(labels)}
    if pairs is None:
        pairs = list(itertools.combinations(labels, 2))
    else:
        pairs = [tuple(p) for p in pairs]
        unknown = sorted({x for p in pairs for x in p if x not in pos}, key=str)
        if unknown:
            raise InputError(f"prevalence_differences(): unknown group(s) {unknown}; groups are {labels}")
    out = []
    for a, b in pairs:
        d = reps[:, pos[a], :] - reps[:, pos[b], :]
        low, high = _interval(d, alpha, n_sims)
        below = (1 + (d <= 0).sum(axis=0)) / (n_sims + 1)
        above = (1 + (d >= 0).sum(axis=0)) / (n_sims + 1)
        p = np.minimum(1.0, 2 * np.minimum(below, above)) if n_sims else np.full(d.shape[1], np.nan)
        for k in range(d.shape[1]):
            out.append((k, model.topic_labels_[k], a, b, d[:, k].mean(), low[k], high[k], p[k]))
    table = pd.DataFrame(
        out, columns=["topic", "label", "group_a", "group_b", "estimate", "ci_low", "ci_high", "p"]
    )
    table["p_adj"] = benjamini_hochberg(table["p"].to_numpy())
    return table


def topic_correlation(model, *, alpha=0.05) -> pd.DataFrame:
    r"""Correlations between topics' proportions across documents, with Fisher-z intervals.

    Pearson's *r* between the columns :math:`\theta_{\cdot j}` and
    :math:`\theta_{\cdot k}` of the document-topic matrix (paragraphs
    averaged into documents) -- stm's ``topicCorr(method = "simple")``
    without its cut-off. The interval is
    :math:`\tanh(\operatorname{atanh} r \pm z_{1-\alpha/2}/\sqrt{n-3})`,
    the p-value that of the t test of :math:`r = 0` with *n - 2* degrees
    of freedom, ``p_adj`` Benjamini-Hochberg over all pairs. Works for any
    fitted :class:`TopicModel`. Note that proportions sum to one, so
    correlations lean negative; read the positive ones (topics that appear
    together) as the network.

    Parameters
    ----------
    model : TopicModel or STM (fitted)
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        One row per pair ``topic_a < topic_b``: ``topic_a``, ``topic_b``,
        ``label_a``, ``label_b``, ``estimate``, ``ci_low``, ``ci_high``,
        ``p``, ``p_adj``, ``n_docs``.

    Raises
    ------
    InputError
        If ``model`` is not a :class:`TopicModel` (an :class:`STM` is one),
        ``alpha`` is not in (0, 1), or the model has fewer than 4 documents
        (the Fisher-z interval needs :math:`n > 3`).
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of
    correlation deduced from a small sample. *Metron*, 1, 3-32.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
    rate. *Journal of the Royal Statistical Society B*, 57(1), 289-300.

    Examples
    --------
    The first pair's correlation on a hand-made document-topic matrix (the
    table :func:`topic_correlation` builds from ``model.document_topics()``):

    >>> import numpy as np
    >>> from framing.topics._stm_effects import _correlation_table
    >>> theta = np.array([[0.6, 0.3, 0.1], [0.5, 0.4, 0.1], [0.1, 0.2, 0.7], [0.2, 0.1, 0.7], [0.4, 0.4, 0.2]])
    >>> round(float(_correlation_table(theta, ["a", "b", "c"], 0.05)["estimate"].iloc[0]), 3)
    0.703

    On a fitted model, one row per pair of topics:

    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> meta = pd.DataFrame({"language": ["en"] * 6, "outlet": ["a"] * 3 + ["b"] * 3})
    >>> model = fr.topics.TopicModel(n_topics=3, min_df=1).fit(fr.Corpus.from_texts(texts, meta))
    >>> topic_correlation(model)[["topic_a", "topic_b", "n_docs"]].values.tolist()
    [[0, 1, 6], [0, 2, 6], [1, 2, 6]]
    """
    if not isinstance(model, TopicModel):
        raise InputError(f"model must be a fitted TopicModel or STM, got {type(model).__name__}")
    check_alpha(alpha)
    theta, _ = model.document_topics()
    return _correlation_table(theta, model.topic_labels_, alpha)


def _correlation_table(theta, labels, alpha):
    n, k = theta.shape
    if n < 4:
        raise InputError(f"topic_correlation(): need at least 4 documents, got {n}")
    r = np.corrcoef(theta, rowvar=False)
    z = stats.norm.ppf(1 - alpha / 2)
    rows = []
    for a, b in itertools.combinations(range(k), 2):
        rr = float(np.clip(r[a, b], -0.999999, 0.999999))
        half = z / np.sqrt(n - 3)
        t = rr * np.sqrt((n - 2) / (1 - rr * rr))
        p = 2 * stats.t.sf(abs(t), n - 2)
        rows.append((a, b, labels[a], labels[b], float(r[a, b]), np.tanh(np.arctanh(rr) - half),
                     np.tanh(np.arctanh(rr) + half), p, n))  # fmt: skip
    table = pd.DataFrame(rows, columns=["topic_a", "topic_b", "label_a", "label_b", "estimate", "ci_low", "ci_high", "p", "n_docs"])
    table.insert(8, "p_adj", benjamini_hochberg(table["p"].to_numpy()))
    return table


def content_terms(model, topic=None, *, n_terms=10, measure="prob", frex_weight=0.5) -> pd.DataFrame:
    """Each content level's top words for each topic (how each group words a topic).

    Scores are those of :func:`framing.top_terms` (``'prob'``, ``'frex'``,
    ``'lift'``), computed on each level's topic-word distributions
    :math:`\\beta_{a,k}` (FREX across the topics of the same level; lift
    against the level's own word frequencies).

    Parameters
    ----------
    model : STM (fitted, with ``content``)
    topic : int or sequence of int, default=None
        Topics to show (default all).
    n_terms : int, default=10
    measure : {'prob', 'frex', 'lift'}, default='prob'
    frex_weight : float, default=0.5

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``group`` (the content level), ``measure``,
        ``rank``, ``term``, ``score``, ``weight`` (:math:`\\beta_{a,k,v}`).

    Raises
    ------
    InputError
        If ``model`` is not an :class:`~framing.topics.stm.STM`, it has no
        ``content`` covariate, ``n_terms`` is not a positive integer, a
        ``topic`` is not an integer in 0..K-1, or ``measure`` is not one of
        the three.
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).
    Bischof, J., & Airoldi, E. M. (2012). Summarizing topical content with
    word frequency and exclusivity. *ICML*.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import DocumentTermMatrix
    >>> from framing.topics.stm import STM
    >>> from framing.topics._stm_simulate import simulate_stm
    >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)  # planted: content level 'a'/'b'
    >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
    >>> model = STM(3, prevalence="~ treat", content="side").fit(DocumentTermMatrix(m, rows, truth["terms"]))
    >>> table = content_terms(model, 0, n_terms=3)
    >>> table.groupby("group")["rank"].apply(list).to_dict()
    {'a': [1, 2, 3], 'b': [1, 2, 3]}
    >>> table["measure"].unique().tolist(), table.columns[-2:].tolist()
    (['prob'], ['score', 'weight'])
    """
    _check_stm(model)
    if model.content is None:
        raise InputError("content_terms(): the model has no content covariate; use top_terms(model)")
    if not isinstance(n_terms, (int, np.integer)) or n_terms < 1:
        raise InputError(f"n_terms must be a positive integer, got {n_terms!r}")
    k = model.beta_.shape[1]
    topics = range(k) if topic is None else ([topic] if np.isscalar(topic) else list(topic))
    bad = [t for t in topics if not (isinstance(t, (int, np.integer)) and 0 <= t < k)]
    if bad:
        raise InputError(f"topic {bad} out of range; the model has topics 0..{k - 1}")
    matrix = model.dtm_.matrix
    rows = []
    for a, lev in enumerate(model.content_levels_):
        tf = np.asarray(matrix[model.content_index_ == a].sum(axis=0)).ravel()
        scores = topic_term_scores(model.beta_[a], tf, measure=measure, frex_weight=frex_weight)
        for t in topics:
            s = np.where(np.isfinite(scores[t]), scores[t], -np.inf)
            order = top_k(s, n_terms)
            for r, v in enumerate(order, 1):
                rows.append((int(t), model.topic_labels_[t], lev, measure, r, model.vocabulary_[v], float(scores[t, v]),
                             float(model.beta_[a, t, v])))  # fmt: skip
    return pd.DataFrame(rows, columns=["topic", "label", "group", "measure", "rank", "term", "score", "weight"])


def content_contrast(model, topic, *, target=None, reference=None, n_terms=15) -> pd.DataFrame:
    r"""How two content levels word one topic: the words whose weight differs most.

    For topic *k* and levels *a* (``target``) and *b* (``reference``) the
    contrast of word *v* is :math:`\log\beta_{a,k,v} - \log\beta_{b,k,v}`
    (the content model's level and interaction deviations). The table keeps
    the ``n_terms`` words with the largest
    :math:`\max(\beta_{a,k,v}, \beta_{b,k,v})\,|\text{contrast}|` on each
    side, plus the topic's most probable shared words, as stm's
    ``plot(type = "perspectives")`` shows them.

    Parameters
    ----------
    model : STM (fitted, with ``content``)
    topic : int
    target, reference : level, default=None
        Default: the first two content levels (reference first).
    n_terms : int, default=15

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``term``, ``group_a``, ``group_b``,
        ``weight_a``, ``weight_b``, ``estimate`` (log ratio a/b), sorted by ``estimate``.

    Raises
    ------
    InputError
        If ``model`` is not an :class:`~framing.topics.stm.STM`, it has no
        ``content`` covariate, ``topic`` is not an integer in 0..K-1, or
        ``target`` or ``reference`` is not a content level (giving only one
        of them is an error too: the other is then ``None``).
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import DocumentTermMatrix
    >>> from framing.topics.stm import STM
    >>> from framing.topics._stm_simulate import simulate_stm
    >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)  # planted: content level 'a'/'b'
    >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
    >>> model = STM(3, prevalence="~ treat", content="side").fit(DocumentTermMatrix(m, rows, truth["terms"]))
    >>> table = content_contrast(model, 0, n_terms=2)
    >>> table[["group_a", "group_b"]].drop_duplicates().values.tolist()
    [['b', 'a']]
    >>> bool(table["estimate"].is_monotonic_increasing)
    True
    """
    _check_stm(model)
    if model.content is None:
        raise InputError("content_contrast(): the model has no content covariate")
    k = model.beta_.shape[1]
    if not (isinstance(topic, (int, np.integer)) and 0 <= topic < k):
        raise InputError(f"topic must be an integer in 0..{k - 1}, got {topic!r}")
    levels = model.content_levels_
    if target is None and reference is None:
        reference, target = levels[0], levels[1]
    for x in (target, reference):
        if x not in levels:
            raise InputError(f"level {x!r} not found; the content levels are {levels}")
    a, b = levels.index(target), levels.index(reference)
    wa, wb = model.beta_[a, topic], model.beta_[b, topic]
    contrast = np.log(wa) - np.log(wb)
    salience = np.maximum(wa, wb) * np.abs(contrast)
    n = int(n_terms)
    pos = np.flatnonzero(contrast > 0)
    neg = np.flatnonzero(contrast < 0)
    pick = list(pos[top_k(salience[pos], n)]) + list(neg[top_k(salience[neg], n)])
    shared = [v for v in top_k(wa + wb) if v not in set(pick)][: max(3, n // 3)]
    pick = sorted(set(pick) | set(shared), key=lambda v: (contrast[v], v))
    return pd.DataFrame({
        "topic": topic, "label": model.topic_labels_[topic], "term": model.vocabulary_[pick],
        "group_a": target, "group_b": reference, "weight_a": wa[pick], "weight_b": wb[pick], "estimate": contrast[pick],
    })  # fmt: skip
