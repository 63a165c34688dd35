"""The structural topic model (STM): topics whose prevalence and wording depend on covariates.

A Python implementation of Roberts, Stewart & Airoldi (2016) following the
R package ``stm`` (Roberts, Stewart & Tingley 2019): a logistic-normal prior
whose mean depends on document covariates (``prevalence``), optional
topic-word distributions that depend on one categorical covariate
(``content``, a sparse additive model), variational EM with a Laplace
approximation in the E-step, and deterministic starts: the spectral
(anchor-word) start and an NMF start, of which the one with the higher
bound after two EM iterations is continued (stm's ``selectModel`` rule).

Rooms: the E-step is :mod:`._stm_estep`, the start :mod:`._stm_init`, the
content model :mod:`._stm_content`, the prevalence design and regression
:mod:`._stm_design`, effects :mod:`._stm_effects`, files
:mod:`._stm_persist`. This module, the estimator and its EM loop, is above the
kit's 500 lines by its docstrings (about 380 lines: the estimator's
parameters, fitted attributes, references and a runnable example for every
method); the code is about 300 lines.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from .._validation import InstanceOf, Interval, Options, check_param
from ..errors import InputError
from ..corpus import Corpus, DocumentTermMatrix
from ..corpus._count import resolve_n_jobs
from ..corpus._dtmspec import dtm_options
from ._model import TopicModel, _check_matrix, _labels, drop_empty_rows, normalise_rows
from ._stm_content import ContentModel
from ._stm_estep import EStep, _Docs
from ._stm_design import content_levels, pooled_regression, prevalence_design
from ._stm_init import spectral_beta

__all__ = ["STM"]

#: The starts ``init`` may name (see STM._initial_beta).
_STARTS = ("spectral", "nmf", "random")

#: What each STM parameter accepts (checked in fit, as scikit-learn estimators do, in the one message format of
#: framing._validation); ``n_jobs`` is checked by the corpus counter's resolve_n_jobs.
_PARAMETER_CONSTRAINTS = {
    "n_topics": [Interval(Integral, 2, None)],
    "init": [Options(_STARTS, many=True)],
    "max_iter": [Interval(Integral, 1, None)],
    "tol": [Interval(Real, 0, None, closed="neither")],
    "sigma_prior": [Interval(Real, 0, 1)],
    "prevalence": [InstanceOf(str, "a formula string such as '~ bloc'"), None],
    "content": [InstanceOf(str, "the name of one categorical column"), None],
    "n_label_terms": [Interval(Integral, 1, None)],
}

# EM also waits until no topic's word distribution moves by more than this (L1) per iteration; see STM._em
_BETA_TOL = 5e-3

#: EM iterations each start runs before the starts are compared (stm's selectModel, ``net.max.em.its = 2``)
_SELECT_ITER = 2


def _new_run(init, anchors, beta, content, n_rows, design) -> dict:
    """The EM state at a start: topic-word distributions ``beta`` (levels x topics x terms), zero modes."""
    k = beta.shape[1]
    return dict(init=init, anchors=anchors, beta=beta, content=content, eta=np.zeros((n_rows, k - 1)),
                mu=np.zeros((n_rows, k - 1)), sigma=np.eye(k - 1) * 20.0, gamma=np.zeros((design.shape[1], k - 1)),
                bounds=[], converged=False, moved=np.inf, change=np.inf, start_bounds={})  # fmt: skip


class STM(TopicModel):
    r"""Structural topic model (Roberts, Stewart & Airoldi 2016), fitted by variational EM.

    **Generative model.** Document *d* with covariates :math:`x_d` (a row of
    the ``prevalence`` design matrix) and content level :math:`y_d`:

    .. math::

        \eta_d \sim N_{K-1}(\Gamma^\top x_d, \Sigma),\quad
        \theta_d = \operatorname{softmax}(\eta_d, 0),\quad
        z_{dn} \sim \operatorname{Cat}(\theta_d),\quad
        w_{dn} \sim \operatorname{Cat}(\beta_{y_d, z_{dn}}),

    with :math:`\beta_{a,k}` as in the sparse additive content model
    (``framing.topics._stm_content``) or, without ``content``, one
    free distribution per topic.

    **Estimation** (stm's algorithm): the E-step replaces each document's
    posterior of :math:`\eta_d` by a normal at its mode with the inverse
    negative Hessian as covariance (Laplace approximation,
    ``framing.topics._stm_estep``); the M-step updates :math:`\Gamma` by
    Bayesian linear regression of the modes on the design matrix with a
    half-Cauchy hyperprior on the coefficients' variance (stm's
    ``gamma.prior = "Pooled"``), :math:`\Sigma` as the mean of
    :math:`\nu_d + (\hat\eta_d - \mu_d)(\hat\eta_d - \mu_d)^\top`, and
    :math:`\beta` from the expected topic-word counts (normalised, or the
    content model's penalised fit). EM stops when the relative change in
    the approximate evidence bound is below ``tol`` (stm's ``emtol``).

    Parameters
    ----------
    n_topics : int, default=10
        Number of topics *K* (at least 2).
    prevalence : str, default=None
        Right-hand side of a `formulaic <https://matthewwardrop.github.io/formulaic/>`_
        formula over the covariate columns, e.g. ``"~ bloc"``,
        ``"~ bloc + bs(day, df=4)"`` (B-splines). ``None``: no covariates
        (a correlated topic model; :math:`\mu` is one shared mean).
    content : str, default=None
        One categorical covariate column whose levels get their own wording
        of each topic.
    init : {'spectral', 'nmf', 'random'} or tuple of them, default=('spectral', 'nmf')
        Where EM starts. ``'spectral'``: the deterministic anchor-word start
        (Arora et al. 2013), stm's default; ``'nmf'``: the topics of
        :class:`TopicModel`'s NMF (tf-idf, ``random_state``; Lee & Seung
        1999), normalised, each word given at least 0.001 / V as in the
        spectral start (like stm's ``init.type = "Custom"`` with an NMF
        fit); ``'random'``: topic-word distributions drawn from a
        Gamma(0.1) with ``random_state``. Several starts: each runs two EM
        iterations and the one with the higher approximate bound continues,
        as stm's ``selectModel`` casts its net (``net.max.em.its = 2``;
        Roberts, Stewart & Tingley 2019); ties go to the earlier start, and
        a start that cannot be computed is skipped with a warning. The
        default runs the spectral and the NMF start because on short
        documents the spectral start alone can miss a planted topic that EM
        then cannot recover (see Notes). ``init='spectral'`` gives stm's
        default start alone.
    max_iter : int, default=500
        Maximum EM iterations (stm's ``max.em.its``).
    tol : float, default=1e-5
        Relative change of the bound below which EM may stop (stm's
        ``emtol``); EM also waits until no topic's word distribution moves
        by more than 0.005 (L1) in an iteration (see Notes).
    random_state : int, default=0
        Seed for ``init='random'`` and ``init='nmf'`` (the spectral start needs none). The
        name follows scikit-learn's estimators and :class:`TopicModel`.
    sigma_prior : float, default=0.0
        Weight in [0, 1] of the diagonal in :math:`\Sigma` (stm's ``sigma.prior``).
    interactions : bool, default=True
        Topic-by-level interactions in the content model (stm's default).
    n_jobs : int or None, default=None
        Threads for the E-step (None: 1, -1: all CPUs). The documents are
        optimised in fixed blocks, so the result is identical for every value.
    level, lowercase, stop_words, stem, min_len, drop_numbers, min_df, max_df, n_label_terms
        As in :class:`TopicModel` (preprocessing of a Corpus).

    Attributes
    ----------
    doc_topic_ : ndarray of shape (n_rows, n_topics)
        :math:`\operatorname{softmax}(\hat\eta_d, 0)`, the proportions at the
        posterior mode (stm's ``theta``).
    eta_ : ndarray of shape (n_rows, n_topics - 1)
        Posterior modes :math:`\hat\eta_d` (stm's ``lambda``).
    nu_ : ndarray of shape (n_rows, n_topics - 1, n_topics - 1)
        Laplace covariances :math:`\nu_d`.
    mu_ : ndarray of shape (n_rows, n_topics - 1)
        Prior means :math:`\Gamma^\top x_d`.
    gamma_ : ndarray of shape (n_terms_design, n_topics - 1)
        Prevalence coefficients :math:`\Gamma` (rows: ``prevalence_terms_``).
    sigma_ : ndarray of shape (n_topics - 1, n_topics - 1)
    beta_ : ndarray of shape (n_levels, n_topics, n_terms)
        Topic-word distributions of each content level (one level without ``content``).
    topic_term_ : ndarray of shape (n_topics, n_terms)
        Topic-word distributions averaged over the content levels, weighted
        by each level's expected tokens in the topic (``beta_[0]`` without content).
    content_levels_ : list
        Levels of the content covariate (``[None]`` without one).
    kappa_topic_, kappa_level_, kappa_interaction_ : ndarray or None
        The content model's deviations (None without content).
    prevalence_terms_ : list of str
        Column names of the prevalence design matrix.
    covariates_ : pandas.DataFrame
        The covariate table used, aligned with ``rows_``.
    bound_ : list of float
        Approximate evidence bound after each EM iteration.
    n_iter_ : int
    converged_ : bool
    init_ : str
        The start EM continued from (one of ``init``).
    start_bounds_ : dict
        Approximate bound of each start after ``start_iter_`` EM iterations,
        by start name (empty with one start).
    start_iter_ : int
        EM iterations each start ran before they were compared (2; 0 with one start).
    anchors_ : list of str
        Anchor words of the spectral start, if one was computed (also when
        EM continued from another start); otherwise empty.

    Notes
    -----
    Measured on data planted from this generative process
    (``benchmarks/bench_stm.py``, results in ``benchmarks/results/stm-*.txt``),
    with the default starts:

    - *Topics*: recovered (cosine > 0.9 after Hungarian matching) in 100 of
      100 simulations (1,000 documents of ~60 tokens, K = 5).
    - *Intervals*: the 95 % intervals of :func:`~framing.estimate_effect`
      covered the true covariate effects in 92.0 % of cases (treat 91.6 %,
      x 92.4 %; 95 % interval over the simulations 90.1 to 93.8 %), but the
      intercepts (baseline proportions) in only 86.6 %:
      the method of composition, like stm's, treats the fitted topics as
      known, and they are not exactly the planted ones (with the planted
      topics plugged in, 95 %).
    - *Content covariate*: all planted topics recovered in both levels in 20
      of 20 simulations, and 99 % of the planted word shifts among each
      topic's top five words for the shifted level (see
      ``framing.topics._stm_content`` for the prior that made this hold).
    - *Short documents* (~30 tokens, 25 simulations): effect error (RMSE)
      0.016, against 0.019 for NMF followed by a regression (lower in 21 of
      the 25 simulations; paired difference -0.0025, 95 % bootstrap interval
      -0.0036 to -0.0014), 0.035 for LDA
      followed by one and 0.037 for tomotopy's DMR. The spectral start
      alone missed a planted topic (cosine below 0.9) in 3 of the first 10
      simulations and EM kept the miss (effect error 0.027 over all 25); the
      NMF start won the comparison of bounds there.
    - *Speed* (10,000 documents, 1 million tokens, K = 20): 2.1 times the
      time of tomotopy's DMR (200 iterations, 2 workers; 2.0 in an earlier
      run); 1.3 times with the spectral start alone.

    EM stops when stm's bound criterion holds *and* the topics have settled
    (the Laplace bound is not monotone; see ``_em``). With a content
    covariate the spectral start comes from the largest level's documents
    (see ``_initial_beta``). Treat STM effects as one estimate among
    several, not as the better one by construction.

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 4 + ["oil sanctions prices market oil"] * 4
    >>> meta = pd.DataFrame({"language": ["en"] * 8, "outlet": ["a", "b"] * 4})
    >>> model = STM(2, prevalence="~ outlet", min_df=1).fit(fr.Corpus.from_texts(texts, meta))
    >>> model.doc_topic_.shape, model.prevalence_terms_
    ((8, 2), ['Intercept', 'outlet[T.b]'])

    References
    ----------
    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.
    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2), 1-40.
    Arora, S., Ge, R., Halpern, Y., Mimno, D., Moitra, A., Sontag, D., Wu, Y.,
    & Zhu, M. (2013). A practical algorithm for topic modeling with provable
    guarantees. *ICML*.
    Lee, D. D., & Seung, H. S. (1999). Learning the parts of objects by
    non-negative matrix factorization. *Nature*, 401(6755), 788-791.
    Lee, M., Bindel, D., & Mimno, D. (2015). Robust spectral inference for
    joint stochastic matrix factorization. *NeurIPS*.
    Ke, Z. T., & Wang, M. (2024). Using SVD for topic modeling. *Journal of
    the American Statistical Association*, 119(545), 434-449.
    Eisenstein, J., Ahmed, A., & Xing, E. P. (2011). Sparse additive
    generative models of text. *ICML*.
    Wang, C., & Blei, D. M. (2013). Variational inference in nonconjugate
    models. *JMLR*, 14, 1005-1031.
    """

    def __init__(
        self,
        n_topics=10,
        *,
        prevalence=None,
        content=None,
        init=("spectral", "nmf"),
        max_iter=500,
        tol=1e-5,
        random_state=0,
        sigma_prior=0.0,
        interactions=True,
        level="document",
        lowercase=True,
        stop_words=True,
        stem=False,
        min_len=3,
        drop_numbers=True,
        min_df=2,
        max_df=1.0,
        n_label_terms=3,
        n_jobs=None,
    ):
        self.n_topics = n_topics
        self.prevalence = prevalence
        self.content = content
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.sigma_prior = sigma_prior
        self.interactions = interactions
        self.level = level
        self.lowercase = lowercase
        self.stop_words = stop_words
        self.stem = stem
        self.min_len = min_len
        self.drop_numbers = drop_numbers
        self.min_df = min_df
        self.max_df = max_df
        self.n_label_terms = n_label_terms
        self.n_jobs = n_jobs

    # TopicModel's attributes that have no meaning here
    method = "stm"
    weighting = None

    # ------------------------------------------------------------------ fit
    def fit(self, X, y=None, *, covariates=None):
        """Fit the STM by variational EM (stm's algorithm; see the class docstring).

        BLAS runs single-threaded so that the same data and seed give the
        same numbers (multi-threaded reductions sum in a varying order).
        Rows without any term are dropped with a warning.

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix or (sparse matrix, vocabulary)
            Counts (a Corpus is preprocessed as in :class:`TopicModel`).
        y : ignored
        covariates : pandas.DataFrame, default=None
            One row per row of the matrix (in order) with the columns that
            ``prevalence`` and ``content`` name. ``None``: the matrix's row
            metadata (a Corpus's document metadata, e.g. ``source``, a bloc
            column added with ``assign_blocs``).

        Returns
        -------
        self : STM
            Fitted: ``doc_topic_``, ``topic_term_``, ``beta_``, ``gamma_``,
            ``sigma_``, ``eta_``, ``nu_`` and the other attributes of the class
            docstring.

        Raises
        ------
        InputError
            For a bad parameter (``n_topics`` below 2, an unknown ``init``,
            a non-positive ``max_iter``, ``tol`` or ``n_label_terms``,
            ``sigma_prior`` outside [0, 1], ``prevalence`` not a formula
            string, ``content`` not one column name); ``covariates`` not a
            DataFrame or of the wrong length; more topics than rows or
            terms; an unknown or missing covariate value or a formula
            formulaic cannot read; a start that cannot be computed when it
            is the only one (e.g. ``init='spectral'`` on too little data:
            use ``init='nmf'``).

        References
        ----------
        Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
        for experimentation in the social sciences. *Journal of the American
        Statistical Association*, 111(515), 988-1003.
        Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
        for structural topic models. *Journal of Statistical Software*, 91(2), 1-40.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import DocumentTermMatrix
        >>> from framing.topics._stm_simulate import simulate_stm
        >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)
        >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
        >>> dtm = DocumentTermMatrix(m, rows, truth["terms"])
        >>> model = STM(3, prevalence="~ treat").fit(dtm)
        >>> model.doc_topic_.shape, model.prevalence_terms_
        ((200, 3), ['Intercept', 'treat'])
        """
        with threadpool_limits(limits=1, user_api="blas"):
            return self._fit(X, y, covariates=covariates)

    def _fit(self, X, y=None, *, covariates=None):
        """Fit the STM by variational EM.

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix or (sparse matrix, vocabulary)
            Counts (a Corpus is preprocessed as in :class:`TopicModel`).
        y : ignored
        covariates : pandas.DataFrame, default=None
            One row per row of the matrix (in order) with the columns that
            ``prevalence`` and ``content`` name. ``None``: the matrix's row
            metadata (a Corpus's document metadata, e.g. ``source``, a bloc
            column added with ``assign_blocs``).

        Returns
        -------
        self

        Raises
        ------
        InputError
            For a bad parameter, a covariate table of the wrong length, an
            unknown or missing covariate value, or a formula formulaic cannot read.
        """
        k = self._check_params()
        dtm = self.prepare(X)
        table = self._covariate_table(dtm, covariates)
        dtm, empty, dropped = drop_empty_rows(dtm, "STM.fit()", stacklevel=4)  # _fit <- fit <- caller
        if empty.any():
            table = table.loc[~empty].reset_index(drop=True)
        matrix = dtm.matrix
        n_rows, n_terms = matrix.shape
        if k > n_terms or k > n_rows:
            raise InputError(
                f"n_topics={k} is larger than the number of rows ({n_rows}) or terms ({n_terms}); "
                "choose fewer topics or a larger corpus"
            )
        design, terms, spec = prevalence_design(self.prevalence, table)
        levels, names = content_levels(self.content, table)
        matrix = sparse.csr_matrix(matrix, dtype=np.float64)
        matrix.sort_indices()
        tf = np.asarray(matrix.sum(axis=0)).ravel()

        docs = _Docs(matrix, levels)
        run = self._select_start(matrix, k, levels, names, tf, docs, design)
        run = self._em(docs, design, run, int(self.max_iter))
        fit = self._finish(docs, run)
        self._store(fit, run, dtm, table, names, levels, terms, spec, tf, dropped)
        return self

    def _starts(self) -> list[str]:
        """The names of the starts to run, in order, without repeats."""
        names = [self.init] if isinstance(self.init, str) else list(self.init)
        return list(dict.fromkeys(names))

    def _select_start(self, matrix, k, levels, names, tf, docs, design) -> dict:
        """Run every start for ``_SELECT_ITER`` EM iterations and return the run with the highest bound.

        This is stm's ``selectModel`` rule (Roberts, Stewart & Tingley 2019: cast a net of starts, run each
        for ``net.max.em.its = 2`` EM iterations and keep the highest likelihood), with deterministic
        starts instead of random ones. Ties go to the earlier start. A start that cannot be computed (the
        spectral start on too little data) is skipped with a warning, unless it is the only one.
        """
        starts, runs, failed = self._starts(), [], []
        for name in starts:
            try:
                beta0, anchors = self._initial_beta(name, matrix, k, levels)
            except InputError as err:
                if len(starts) == 1:
                    raise
                failed.append(f"{name} ({err})")
                continue
            content = (ContentModel(tf, k, len(names), interactions=bool(self.interactions), start=beta0)
                       if self.content else None)  # fmt: skip
            run = _new_run(name, anchors, np.repeat(beta0[None], len(names), axis=0), content, docs.n_docs, design)
            runs.append(self._em(docs, design, run, min(_SELECT_ITER, int(self.max_iter))) if len(starts) > 1 else run)
        if not runs:
            raise InputError(f"STM.fit(): no start could be computed: {'; '.join(failed)}")
        if failed:
            warnings.warn(f"STM.fit(): start skipped: {'; '.join(failed)}; EM continued from "
                          f"{', '.join(r['init'] for r in runs)}", UserWarning, stacklevel=4)  # fmt: skip
        best = max(runs, key=lambda r: r["bounds"][-1]) if len(runs) > 1 else runs[0]
        best["start_bounds"] = {r["init"]: r["bounds"][-1] for r in runs} if len(runs) > 1 else {}
        best["anchors"] = next((r["anchors"] for r in runs if len(r["anchors"])), best["anchors"])
        return best

    def _em(self, docs, design, run: dict, until: int) -> dict:
        """Variational EM on ``run`` (a start from :func:`_new_run`) until it converges or has ``until`` iterations.

        Stops when the relative change of the approximate bound is below ``tol`` (stm's rule) *and* no
        topic's word distribution moved by more than ``_BETA_TOL`` in L1 distance in the last iteration.
        The second condition is ours: the Laplace bound is not monotone (it rises for some iterations and
        then drifts down slowly while :math:`\\Sigma` shrinks), so on its own it stops at its peak, while
        the topics are still moving (planted data: smallest matched cosine 0.962 at the peak, 0.978 once
        the topics settle; ``benchmarks/results/stm-coverage.txt``). ``run`` is updated in place and returned.
        """
        n_rows, jobs, bounds = docs.n_docs, resolve_n_jobs(self.n_jobs), run["bounds"]
        while not run["converged"] and len(bounds) < until:
            it = len(bounds)
            estep = EStep(docs, run["beta"])
            eta, nu, theta, ratio, f, logdet_h = estep.run(
                run["eta"], run["mu"], np.linalg.inv(run["sigma"]), max_steps=30 if it == 0 else 10, n_jobs=jobs
            )
            bounds.append(float(f.sum() - 0.5 * logdet_h.sum() - 0.5 * n_rows * np.linalg.slogdet(run["sigma"])[1]))
            ss = estep.sufficient_stats(theta, ratio)
            gamma = pooled_regression(design, eta, run["gamma"])
            mu = design @ gamma
            sigma = (((eta - mu).T @ (eta - mu)) + nu.sum(axis=0)) / n_rows
            sigma = float(self.sigma_prior) * np.diag(np.diag(sigma)) + (1 - float(self.sigma_prior)) * sigma
            content = run["content"]
            beta = content.fit(ss) if content is not None else normalise_rows(ss[0] + 1e-300)[None]
            run["moved"] = float(np.abs(beta - run["beta"]).sum(axis=2).max())
            run["change"] = abs(bounds[-1] - bounds[-2]) / abs(bounds[-2]) if it > 0 else np.inf
            run.update(eta=eta, mu=mu, gamma=gamma, sigma=sigma, beta=beta)
            run["converged"] = run["change"] < float(self.tol) and run["moved"] < _BETA_TOL
        return run

    def _finish(self, docs, run: dict) -> dict:
        """Warn if EM did not converge; a last E-step so eta/nu/theta match the final beta, mu and sigma."""
        if not run["converged"]:
            warnings.warn(
                f"STM.fit(): EM did not converge in max_iter={self.max_iter} iterations (last relative change of "
                f"the bound {run['change']:.2e}, tol={self.tol}; largest change of a topic's word distribution "
                f"{run['moved']:.2e}, limit {_BETA_TOL}); raise max_iter",
                stacklevel=4,  # _finish <- _fit <- fit <- caller
            )
        estep = EStep(docs, run["beta"])
        eta, nu, theta, ratio, _, _ = estep.run(
            run["eta"], run["mu"], np.linalg.inv(run["sigma"]), max_steps=30, n_jobs=resolve_n_jobs(self.n_jobs)
        )
        return dict(ss=estep.sufficient_stats(theta, ratio), eta=eta, nu=nu, theta=theta)

    def _store(self, fit, run, dtm, table, names, levels, terms, spec, tf, dropped):
        """Set the fitted attributes from the EM ``run`` and the last E-step ``fit`` (:meth:`_finish`)."""
        beta, ss, content = run["beta"], fit["ss"], run["content"]
        self.beta_ = beta
        n_ak = ss.sum(axis=2)  # (A, K) expected tokens per level and topic
        weights = n_ak / np.maximum(n_ak.sum(axis=0, keepdims=True), 1e-300)
        self.topic_term_ = normalise_rows((weights[:, :, None] * beta).sum(axis=0))
        self.components_ = self.topic_term_
        self.eta_, self.nu_ = fit["eta"], fit["nu"]
        self.mu_, self.gamma_, self.sigma_ = run["mu"], run["gamma"], run["sigma"]
        self.doc_topic_ = fit["theta"]
        self.content_levels_ = list(names)
        self.content_index_ = levels
        if content is not None:
            self.kappa_topic_, self.kappa_level_, self.kappa_interaction_ = content.topic, content.level, content.inter
            self.kappa_m_ = content.m
        else:
            self.kappa_topic_ = self.kappa_level_ = self.kappa_interaction_ = self.kappa_m_ = None
        self.prevalence_terms_ = list(terms)
        self.prevalence_spec_ = spec
        self.covariates_ = table
        self.bound_ = run["bounds"]
        self.n_iter_ = len(run["bounds"])
        self.converged_ = run["converged"]
        self.init_ = run["init"]
        self.start_bounds_ = run["start_bounds"]
        self.start_iter_ = _SELECT_ITER if run["start_bounds"] else 0
        self.anchors_ = [str(dtm.terms[i]) for i in run["anchors"]]
        self.estimator_ = None
        self.weighting_ = "count"
        self.idf_ = None
        self.dtm_ = dtm
        self.level_ = dtm.level
        self.vocabulary_ = np.asarray(dtm.terms, dtype=object)
        self.n_features_in_ = len(self.vocabulary_)
        self.rows_ = dtm.rows
        self.term_frequency_ = tf
        self.dropped_ = dropped
        self.topic_labels_ = _labels(self.topic_term_, self.vocabulary_, int(self.n_label_terms))

    def _check_params(self) -> int:
        for name, constraints in _PARAMETER_CONSTRAINTS.items():
            check_param("STM", name, getattr(self, name), constraints)
        resolve_n_jobs(self.n_jobs)
        return int(self.n_topics)

    def _covariate_table(self, dtm, covariates) -> pd.DataFrame:
        if covariates is None:
            return dtm.rows.reset_index(drop=True)
        if not isinstance(covariates, pd.DataFrame):
            raise InputError(f"covariates must be a pandas DataFrame, got {type(covariates).__name__}")
        if len(covariates) != dtm.shape[0]:
            raise InputError(
                f"covariates has {len(covariates)} rows but the matrix has {dtm.shape[0]} ({dtm.level} level); "
                "give one row per matrix row, in order"
            )
        return covariates.reset_index(drop=True)

    def _initial_beta(self, init, matrix, k, levels):
        """The start ``init``: spectral (anchor words), NMF or random topic-word distributions, and anchor indices.

        With a content covariate the spectral start uses the documents of the level with the most tokens
        only: pooled over levels, each level's own wording adds directions to the co-occurrence matrix,
        and the anchor search spent a topic on the level instead (planted data with shifted words: one
        topic below cosine 0.55 in 5 of 5 simulations pooled, none below 0.85 from the largest level).
        If that level is too small for the start, all documents are used, unrectified.
        """
        if init == "spectral":
            try:
                if self.content:
                    sizes = np.bincount(levels, weights=np.asarray(matrix.sum(axis=1)).ravel())
                    try:
                        return spectral_beta(matrix[levels == int(np.argmax(sizes))], k)
                    except ValueError:
                        return spectral_beta(matrix, k, rectified=False)
                return spectral_beta(matrix, k)
            except ValueError as err:
                raise InputError(f"STM.fit(): the spectral start failed: {err}; use init='nmf' or fewer topics") from None
        if init == "nmf":
            vocab = [f"t{i}" for i in range(matrix.shape[1])]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                weights = TopicModel(n_topics=k, random_state=self.random_state).fit((matrix, vocab)).topic_term_
            beta = weights / np.maximum(weights.sum(axis=1, keepdims=True), 1e-300) + 0.001 / matrix.shape[1]
            return beta / beta.sum(axis=1, keepdims=True), np.array([], dtype=int)
        rng = np.random.default_rng(self.random_state)
        beta = rng.gamma(0.1, size=(k, matrix.shape[1])) + 1e-10
        return beta / beta.sum(axis=1, keepdims=True), np.array([], dtype=int)

    # ------------------------------------------------------------ transform
    def transform(self, X, covariates=None) -> np.ndarray:
        """Topic proportions of new documents (posterior modes given the fitted model).

        Parameters
        ----------
        X : Corpus, DocumentTermMatrix, (sparse matrix, vocabulary) or sparse matrix
            As in :meth:`TopicModel.transform`.
        covariates : pandas.DataFrame, default=None
            Needed with ``content`` (the level of each new row) and used for
            the prior mean when the model has ``prevalence``; ``None`` uses
            the new rows' metadata when ``X`` has any, and otherwise the mean
            prior of the training documents.

        Returns
        -------
        ndarray of shape (n_rows, n_topics)
            Rows sum to one; a row with no term of the model's vocabulary is
            NaN (with a warning).

        Raises
        ------
        InputError
            If a plain matrix ``X`` has a number of columns other than the
            model's vocabulary; the model has ``content`` and no covariates
            with that column are given, or they hold a level the model does
            not know; the prevalence design cannot be built from
            ``covariates``.
        sklearn.exceptions.NotFittedError
            If the model is not fitted.

        References
        ----------
        Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
        for experimentation in the social sciences. *Journal of the American
        Statistical Association*, 111(515), 988-1003.
        Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
        for structural topic models. *Journal of Statistical Software*, 91(2), 1-40.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import DocumentTermMatrix
        >>> from framing.topics._stm_simulate import simulate_stm
        >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)
        >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
        >>> dtm = DocumentTermMatrix(m, rows, truth["terms"])
        >>> model = STM(3, prevalence="~ treat").fit(dtm)
        >>> theta = model.transform(dtm)
        >>> theta.shape, bool(np.allclose(theta.sum(axis=1), 1.0))
        ((200, 3), True)
        """
        self._check_fitted()
        rows = None
        if isinstance(X, Corpus):
            X = X.dtm(self.level_, **dtm_options(self, df_limits=False))
        if isinstance(X, DocumentTermMatrix):
            rows = X.rows
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
        matrix = sparse.csr_matrix(_check_matrix(matrix, "X"), dtype=np.float64)
        table = covariates if covariates is not None else rows
        n = matrix.shape[0]
        if self.content:
            if table is None or self.content not in table.columns:
                raise InputError(f"transform(): the model has content={self.content!r}; give covariates with that column")
            names = table[self.content].to_numpy(dtype=object)
            pos = {v: i for i, v in enumerate(self.content_levels_)}
            bad = sorted({str(v) for v in names if v not in pos})
            if bad:
                raise InputError(f"transform(): unknown {self.content!r} level(s) {bad}; the model knows {self.content_levels_}")
            levels = np.array([pos[v] for v in names], dtype=int)
        else:
            levels = np.zeros(n, dtype=int)
        if self.prevalence and table is not None and getattr(self, "prevalence_spec_", None) is not None:
            try:
                design = np.asarray(self.prevalence_spec_.get_model_matrix(pd.DataFrame(table).reset_index(drop=True)), dtype=float)
            except Exception as err:  # formulaic raises many types
                raise InputError(f"transform(): cannot build the prevalence design from covariates: {err}") from None
            mu = design @ self.gamma_
        else:
            mu = np.repeat(self.mu_.mean(axis=0, keepdims=True), n, axis=0)
        out = np.full((n, self.topic_term_.shape[0]), np.nan)
        ok = np.diff(matrix.indptr) > 0
        if ok.any():
            sub = matrix[ok]
            sub.sort_indices()
            docs = _Docs(sub, levels[ok])
            res = EStep(docs, self.beta_).run(
                mu[ok].copy(), mu[ok], np.linalg.inv(self.sigma_), max_steps=50, n_jobs=resolve_n_jobs(self.n_jobs)
            )
            out[ok] = res[2]
        if not ok.all():
            warnings.warn(
                f"transform(): {int((~ok).sum())} of {n} rows have no term of the model's vocabulary; "
                "their proportions are NaN",
                stacklevel=2,
            )
        return out

    def save(self, path):
        """Save the fitted model as JSON plus ``.npz`` arrays (no pickle); see :func:`save_stm`.

        Parameters
        ----------
        path : str or Path
            File stem; ``<stem>.json`` and ``<stem>.npz`` are written (a
            ``.json`` or ``.npz`` suffix is dropped), each atomically.

        Returns
        -------
        Path
            The JSON file.

        Raises
        ------
        InputError
            If the folder does not exist, or a parameter or a content level
            cannot be written to JSON.
        sklearn.exceptions.NotFittedError
            If the model is not fitted.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import pandas as pd
        >>> from framing import DocumentTermMatrix
        >>> from framing.topics._stm_simulate import simulate_stm
        >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)
        >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
        >>> dtm = DocumentTermMatrix(m, rows, truth["terms"])
        >>> model = STM(3, prevalence="~ treat").fit(dtm)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = model.save(pathlib.Path(tmp) / "stm")
        ...     sorted(p.name for p in pathlib.Path(tmp).iterdir())
        ['stm.json', 'stm.npz']
        """
        from ._stm_persist import save_stm

        return save_stm(self, path)

    @classmethod
    def load(cls, path) -> "STM":
        """Load a model written by :meth:`save`; see :func:`load_stm`.

        The arrays are read with ``allow_pickle=False`` (no code runs), and
        each array's shape is checked against the JSON and the model's
        dimensions.

        Parameters
        ----------
        path : str or Path
            The ``.json`` or ``.npz`` file, or their common stem.

        Returns
        -------
        STM
            The fitted model, giving the same numbers as the saved one.

        Raises
        ------
        InputError
            Naming the file: if the ``.json`` or ``.npz`` file is missing,
            the JSON is invalid or not a saved STM, the ``.npz`` is not
            readable without pickle, an array is missing, has the wrong
            shape, or holds non-finite values.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> import pandas as pd
        >>> from framing import DocumentTermMatrix
        >>> from framing.topics._stm_simulate import simulate_stm
        >>> m, cov, truth = simulate_stm(200, 3, 60, doc_length=40, seed=1)
        >>> rows = pd.concat([pd.DataFrame({"doc_id": [f"d{i}" for i in range(200)]}), cov], axis=1)
        >>> dtm = DocumentTermMatrix(m, rows, truth["terms"])
        >>> model = STM(3, prevalence="~ treat").fit(dtm)
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     back = STM.load(model.save(pathlib.Path(tmp) / "stm"))
        >>> bool(np.array_equal(back.doc_topic_, model.doc_topic_)), back.prevalence_terms_
        (True, ['Intercept', 'treat'])
        """
        from ._stm_persist import load_stm

        return load_stm(path)
