"""Topic prevalence by group with uncertainty, and an stm-``estimateEffect``-like regression.

All three functions work on document-level topic proportions
(:meth:`TopicModel.document_topics`: at paragraph level, paragraphs are
averaged into their documents), so every bootstrap resamples documents.
They return tidy tables with ``estimate``, ``ci_low`` and ``ci_high``, ready
for a dot-and-whisker figure.
"""

from __future__ import annotations

import itertools
import numbers
import warnings

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._provenance import records_call
from .._stats import (
    MIN_DOCS,
    as_generator,
    benjamini_hochberg,
    bootstrap_group_means,
    bootstrap_weights,
    check_alpha,
    check_n_boot,
    check_replicate_memory,
    percentile_interval,
    permutation_indicators,
    permutation_p,
    small_group_warning,
    two_sample_expanded_alpha,
)
from .._validation import Interval, validate_params
from ..errors import InputError
from ._effect_design import effect_design
from ._model import check_topic_model
from ._stm_effects import stm_effect, stm_prevalence, stm_prevalence_differences
from .stm import STM

__all__ = ["topic_prevalence", "prevalence_differences", "estimate_effect"]


def _theta(model):
    check_topic_model(model)
    return model.document_topics()


@validate_params(
    {
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def topic_prevalence(model, by, *, n_boot: int = 2000, alpha: float = 0.05, seed=0) -> pd.DataFrame:
    """Mean topic proportion per group, with bootstrap intervals over documents.

    The estimate is the mean of the documents' topic proportions in the
    group; the interval is the percentile interval of that mean over
    ``n_boot`` replicates that resample documents within each group
    (stratified bootstrap; Efron & Tibshirani 1993). For an :class:`~framing.topics.stm.STM` the
    intervals come from the method of composition instead (draws of the
    proportions from the model's approximate posterior, ``n_boot`` of them;
    see :func:`~framing.topics._stm_effects.stm_prevalence`).

    Parameters
    ----------
    model : TopicModel or STM (fitted)
    {params.by}
        The labels are matched to the model's documents (``document_topics()``
        order); for an STM ``by`` is a covariate column or one label per
        document.
    {params.n_boot}
        Default 2000. For an STM these are posterior draws; 0 gives the
        estimates at the posterior mode with NaN intervals.
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``group``, ``n_docs``, ``estimate``,
        ``ci_low``, ``ci_high``.

    Raises
    ------
    InputError
        If ``model`` is not a :class:`TopicModel`; ``n_boot`` is not an
        integer that is 0 or at least 50; ``alpha`` is not in (0, 1); ``seed`` is not an
        int, Generator or None; ``by`` names an unknown column, has the wrong
        length, or leaves no document with a label.
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.

    Treier, S., & Jackman, S. (2008). Democracy as a latent variable.
    *American Journal of Political Science*, 52(1), 201-217.

    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.

    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 3 + ["oil sanctions prices market oil"] * 3
    >>> meta = pd.DataFrame({"language": ["en"] * 6, "outlet": ["a"] * 3 + ["b"] * 3})
    >>> model = fr.topics.TopicModel(n_topics=2, min_df=1).fit(fr.Corpus.from_texts(texts, meta))
    >>> topic_prevalence(model, "outlet", n_boot=100).shape
    (4, 7)
    """
    check_alpha(alpha)
    n_boot = check_n_boot(n_boot)
    if isinstance(model, STM):
        return stm_prevalence(model, by, n_boot=n_boot, alpha=alpha, seed=seed)
    theta, rows = _theta(model)
    g = model.document_groups(by, where="topic_prevalence()")
    labels, sizes, means, reps = bootstrap_group_means(theta, g, n_boot, as_generator(seed))
    low, high = percentile_interval(reps, alpha, axis=0)
    out = []
    for k in range(theta.shape[1]):
        for j, lab in enumerate(labels):
            out.append((k, model.topic_labels_[k], lab, int(sizes[j]), means[j, k], low[j, k], high[j, k]))
    return pd.DataFrame(out, columns=["topic", "label", "group", "n_docs", "estimate", "ci_low", "ci_high"])


@validate_params(
    {
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def prevalence_differences(
    model, by, *, pairs=None, n_boot: int = 2000, n_perm: int = 2000, alpha: float = 0.05, seed=0
) -> pd.DataFrame:
    r"""Differences in mean topic proportion between groups, with intervals and document-level tests.

    **The unit is the document**: each document has one vector of topic
    proportions :math:`\theta_{d\cdot}` and weighs equally. For groups *a*
    and *b* the difference is :math:`\bar\theta_{a k} - \bar\theta_{b k}`.

    * Interval: expanded percentile interval (Hesterberg 2015; see
      :func:`framing._stats.expanded_alpha`) over stratified bootstrap
      replicates (documents resampled within each group; Efron &
      Tibshirani 1993).
    * ``p``: two-sided permutation test (Good 2005): the documents of *a*
      and *b* are relabelled ``n_perm`` times with the group sizes fixed and
      :math:`p = (1 + \#\{|d^{(b)}| \ge |d|\})/(1 + n_{perm})` (Phipson &
      Smyth 2010), exact whenever the documents are exchangeable under the
      null; ``p_adj`` applies Benjamini-Hochberg over all tested rows.
      (Until issue #11 ``p_value`` came from the bootstrap replicates,
      :math:`\min(1, 2\min(\frac{1 + \#\{d^* \le 0\}}{B + 1},
      \frac{1 + \#\{d^* \ge 0\}}{B + 1}))`, the achieved significance
      level of inverting percentile intervals (Efron & Tibshirani 1993,
      sec. 16.4 and 15.4), which inherits their under-coverage in small
      groups.)

    A pair with a group of fewer than 5 documents is reported but not
    tested (``p`` NaN, reason in ``note``, with a warning).

    For an :class:`~framing.topics.stm.STM` the replicates are ``n_boot``
    draws from the model's approximate posterior (method of composition,
    see :func:`~framing.topics._stm_effects.stm_prevalence_differences`),
    which returns its own table.

    Parameters
    ----------
    model : TopicModel or STM (fitted)
    {params.by}
        For an STM, a covariate column or one label per document.
    pairs : list of (str, str), default=None
        The (a, b) pairs to compare; ``None`` means every pair of groups.
    {params.n_boot}
        Default 2000; the minimum rises to :math:`\lceil 2/\alpha \rceil`
        for a small ``alpha``. For an STM these are posterior draws (0 or at
        least 10; 0 gives the differences at the posterior mode, NaN
        intervals and p-values).
    n_perm : int, default=2000
        Permutations for the test (at least 100; not used for an STM).
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``group_a``, ``group_b``, ``n_docs_a``,
        ``n_docs_b``, ``estimate`` (the difference a minus b), ``ci_low``,
        ``ci_high``, ``p``, ``p_adj``, ``note`` (intervals are NaN with
        ``n_boot=0``). ``attrs['inference']`` says where the intervals and
        p-values come from.

    Raises
    ------
    InputError
        If ``model`` is not a :class:`TopicModel`; ``n_boot`` is not an
        integer that is 0 or at least the minimum (an STM: at least 10);
        ``n_perm`` is not an integer of at least 100; ``alpha`` is not in
        (0, 1); ``seed`` is not an int, Generator or None; ``by`` names an
        unknown column, has the wrong length, leaves no document with a
        label, or has only one group; ``pairs`` names an unknown group.
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of Hypotheses* (3rd ed.). Springer.

    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology*, 9(1).

    Hesterberg, T. C. (2015). What teachers should know about the bootstrap.
    *The American Statistician*, 69(4), 371-386.

    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B*, 57(1), 289-300.

    Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.

    Treier, S., & Jackman, S. (2008). Democracy as a latent variable.
    *American Journal of Political Science*, 52(1), 201-217.

    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.

    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 6 + ["oil sanctions prices market oil"] * 6
    >>> meta = pd.DataFrame({"language": ["en"] * 12, "outlet": ["a"] * 6 + ["b"] * 6})
    >>> model = fr.topics.TopicModel(n_topics=2, min_df=1).fit(fr.Corpus.from_texts(texts, meta))
    >>> table = prevalence_differences(model, "outlet", n_boot=50, n_perm=100)
    >>> table[["group_a", "group_b", "n_docs_a", "n_docs_b"]].drop_duplicates().values.tolist()
    [['a', 'b', 6, 6]]
    >>> bool(((table["p"] > 0) & (table["p"] <= 1)).all())
    True
    """
    check_alpha(alpha)
    if isinstance(model, STM):  # posterior draws, not a bootstrap: the STM module's own minimum
        check_n_boot(n_boot, minimum=10)
        return stm_prevalence_differences(model, by, pairs=pairs, n_boot=n_boot, alpha=alpha, seed=seed)
    check_n_boot(n_boot, alpha=alpha, where="prevalence_differences()")
    if isinstance(n_perm, bool) or not isinstance(n_perm, (int, np.integer)) or n_perm < 100:
        raise InputError(f"prevalence_differences(): n_perm must be an integer of at least 100 (e.g. 2000), got {n_perm!r}")
    theta, rows = _theta(model)
    g = model.document_groups(by, where="prevalence_differences()")
    check_replicate_memory(n_boot, 2 * theta.shape[1] * max(1, len(pd.unique(pd.Series(g).dropna()))), "prevalence_differences()")
    rng = as_generator(seed)
    labels, sizes, means, reps = bootstrap_group_means(theta, g, n_boot, rng)
    if len(labels) < 2:
        raise InputError(f"prevalence_differences(): {by!r} has only one group ({labels}); need at least two")
    small_group_warning(dict(zip(labels, sizes.tolist())), "prevalence_differences()")
    pos = {lab: i for i, lab in enumerate(labels)}
    if pairs is None:
        pairs = list(itertools.combinations(labels, 2))
    else:
        pairs = [tuple(p) for p in pairs]
        unknown = sorted({x for p in pairs for x in p if x not in pos}, key=str)
        if unknown:
            raise InputError(f"prevalence_differences(): unknown group(s) {unknown}; groups are {labels}")
    g_arr = pd.Series(np.asarray(g, dtype=object))
    out = []
    for a, b in pairs:
        ia = np.flatnonzero((g_arr == a).to_numpy())
        ib = np.flatnonzero((g_arr == b).to_numpy())
        d = reps[:, pos[a], :] - reps[:, pos[b], :]
        est = means[pos[a]] - means[pos[b]]
        low, high = np.full(theta.shape[1], np.nan), np.full(theta.shape[1], np.nan)
        for k in range(theta.shape[1] if n_boot else 0):  # n_boot=0: no intervals
            low[k], high[k] = percentile_interval(d[:, k], two_sample_expanded_alpha(theta[ia, k], theta[ib, k], alpha))
        if min(ia.size, ib.size) < MIN_DOCS:
            p = np.full(theta.shape[1], np.nan)
            note = f"not tested: fewer than {MIN_DOCS} documents ({ia.size} in {a}, {ib.size} in {b})"
        else:
            p = _perm_p_means(theta[ia], theta[ib], n_perm, rng)
            note = ""
        for k in range(theta.shape[1]):
            out.append((k, model.topic_labels_[k], a, b, ia.size, ib.size, est[k], low[k], high[k], p[k], note))
    table = pd.DataFrame(out, columns=["topic", "label", "group_a", "group_b", "n_docs_a", "n_docs_b", "estimate",
                                       "ci_low", "ci_high", "p", "note"])  # fmt: skip
    table.insert(table.columns.get_loc("note"), "p_adj", benjamini_hochberg(table["p"].to_numpy()))
    untested = table.loc[table["note"] != "", ["group_a", "group_b"]].drop_duplicates()
    if len(untested):
        warnings.warn(
            f"prevalence_differences(): {len(untested)} pair(s) not tested (fewer than {MIN_DOCS} documents in a "
            f"group; see the note column): " + "; ".join(f"{a} vs {b}" for a, b in untested.itertuples(index=False)),
            stacklevel=2,
        )
    table.attrs["inference"] = (
        f"p-values from a two-sided permutation test that relabels the documents of each pair of groups "
        f"(group sizes fixed; {n_perm:,} permutations), Benjamini-Hochberg across all rows; {1 - alpha:.0%} "
        f"expanded percentile bootstrap intervals from {n_boot:,} replicates resampling documents within groups"
    )
    return table


def _perm_p_means(xa, xb, n_perm, rng, chunk: int = 500):
    """Permutation p-values of |mean(xa) - mean(xb)| per column, documents relabelled with sizes fixed."""
    pool = np.vstack([xa, xb])
    n_a = xa.shape[0]
    obs = np.abs(xa.mean(axis=0) - xb.mean(axis=0))
    total = pool.sum(axis=0)
    exceed = np.zeros(pool.shape[1], dtype=np.int64)
    for s in range(0, n_perm, chunk):
        e = min(n_perm, s + chunk)
        P = permutation_indicators(n_a, pool.shape[0], e - s, rng)
        sa = P @ pool
        diff = np.abs(sa / n_a - (total - sa) / (pool.shape[0] - n_a))
        exceed += (diff >= obs - 1e-12 * np.maximum(1.0, obs)).sum(axis=0)
    return permutation_p(exceed, n_perm)


@validate_params(
    {
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def estimate_effect(
    model, covariates, *, reference=None, n_boot: int = 1000, alpha: float = 0.05, seed=0
) -> pd.DataFrame:
    r"""Regression of each topic's proportion on document covariates (like stm's ``estimateEffect``).

    For each topic *k*, ordinary least squares of the documents' proportions
    :math:`\theta_{dk}` on an intercept and one-hot (treatment-coded)
    covariates: :math:`\theta_{dk} = \beta_{0k} + \sum_c \sum_{l \ne \mathrm{ref}_c}
    \beta_{clk}\,[x_{dc} = l] + \varepsilon_{dk}`. A level's coefficient is
    the difference in expected proportion from the covariate's reference
    level, the other covariates held fixed.

    **Uncertainty**: a nonparametric bootstrap over documents (rows
    resampled with replacement, the regression refitted on each replicate;
    percentile intervals). stm's ``estimateEffect`` instead uses the
    "method of composition", drawing proportions from the approximate
    posterior; scikit-learn's models give point estimates of
    :math:`\theta`, so these intervals are conditional on the fitted
    proportions and do not include their estimation uncertainty (they are
    narrower). Replicates in which a level is absent (singular design) are
    skipped; ``n_boot_used`` says how many remain.

    **For an** :class:`~framing.topics.stm.STM` the intervals use stm's
    method of composition: ``n_boot`` draws of the proportions from the
    model's approximate posterior, a regression on each draw and one draw
    of its coefficients; numeric covariate columns enter linearly and
    ``covariates`` may be a formulaic formula such as
    ``"~ bloc + bs(day, df=3)"`` (see
    :func:`~framing.topics._stm_effects.stm_effect`).

    Parameters
    ----------
    model : TopicModel or STM (fitted)
    covariates : str or list of str
        Metadata columns of the model's rows (e.g. ``['bloc', 'event', 'phase']``).
        Documents with a missing value in any of them are left out (with a warning).
    reference : dict of str to value, default=None
        Reference level per covariate; default: the first level in sorted order.
    {params.n_boot}
        Default 1000. For an STM these are posterior draws; 0 gives the
        estimates at the posterior mode with NaN intervals.
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        ``topic``, ``label``, ``term`` (``'(Intercept)'`` or
        ``'covariate[level]'``), ``covariate``, ``level``, ``reference``,
        ``estimate``, ``std_error`` (bootstrap standard deviation),
        ``ci_low``, ``ci_high``, ``n_docs``, ``n_boot_used``.

    Raises
    ------
    InputError
        If ``model`` is not a :class:`TopicModel`; ``n_boot`` is not an
        integer that is 0 or at least 50;
        ``alpha`` is not in (0, 1); ``seed`` is not an int, Generator or
        None; ``covariates`` is empty or names an unknown column, or the
        covariates are collinear; ``reference`` names a column that is not
        a covariate or a level that is not found (with a formula, any
        ``reference`` is an error: write the coding in the formula).
    sklearn.exceptions.NotFittedError
        If the model is not fitted.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

    Tanner, M. A. (1996). *Tools for Statistical Inference* (3rd ed.). Springer.

    Treier, S., & Jackman, S. (2008). Democracy as a latent variable.
    *American Journal of Political Science*, 52(1), 201-217.

    Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016). A model of text
    for experimentation in the social sciences. *Journal of the American
    Statistical Association*, 111(515), 988-1003.

    Roberts, M. E., Stewart, B. M., & Tingley, D. (2019). stm: An R package
    for structural topic models. *Journal of Statistical Software*, 91(2).

    Examples
    --------
    >>> import framing as fr
    >>> texts = ["peace talks geneva delegation talks"] * 6 + ["oil sanctions prices market oil"] * 6
    >>> meta = pd.DataFrame({"language": ["en"] * 12, "outlet": ["a"] * 6 + ["b"] * 6})
    >>> model = fr.topics.TopicModel(n_topics=2, min_df=1).fit(fr.Corpus.from_texts(texts, meta))
    >>> estimate_effect(model, "outlet", n_boot=50)["term"].unique().tolist()
    ['(Intercept)', 'outlet[b]']
    """
    check_alpha(alpha)
    n_boot = check_n_boot(n_boot)
    if isinstance(model, STM):
        return stm_effect(model, covariates, reference=reference, n_boot=n_boot, alpha=alpha, seed=seed)
    theta, rows = _theta(model)
    design, terms, ok = effect_design(rows, covariates, reference, numeric=False)
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    theta, p = theta[ok], design.shape[1]
    coef = np.linalg.lstsq(design, theta, rcond=None)[0]
    weights = bootstrap_weights(np.zeros(len(theta)), n_boot, as_generator(seed))
    reps = np.full((int(n_boot), p, theta.shape[1]), np.nan)
    for b in range(int(n_boot)):
        w = weights[b].astype(float)
        xtw = design.T * w
        xtx = xtw @ design
        if np.linalg.matrix_rank(xtx) < p:
            continue
        reps[b] = np.linalg.solve(xtx, xtw @ theta)
    used = int((~np.isnan(reps[:, 0, 0])).sum())
    if used < int(n_boot):
        rare = [
            f"{c}={lev}" for c in covariates for lev, n in rows[c][ok].value_counts().items() if n < 5
        ]
        warnings.warn(
            f"estimate_effect(): {int(n_boot) - used} of {int(n_boot)} bootstrap replicates drew no document "
            f"of some level and were skipped; the intervals rest on the other {used} (n_boot_used). "
            f"Levels with fewer than 5 documents: {', '.join(rare) or 'none'}; merge or drop them",
            stacklevel=2,
        )
    low, high = percentile_interval(reps, alpha, axis=0)
    se = np.nanstd(reps, axis=0, ddof=1) if used > 1 else np.full(reps.shape[1:], np.nan)
    out = []
    for k in range(theta.shape[1]):
        for j, (term, cov, lev, ref) in enumerate(terms):
            out.append((k, model.topic_labels_[k], term, cov, lev, ref, coef[j, k], se[j, k], low[j, k], high[j, k],
                        len(theta), used))  # fmt: skip
    return pd.DataFrame(
        out,
        columns=["topic", "label", "term", "covariate", "level", "reference", "estimate", "std_error",
                 "ci_low", "ci_high", "n_docs", "n_boot_used"],
    )  # fmt: skip
