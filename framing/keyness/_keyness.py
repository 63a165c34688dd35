"""The keyness function: every comparison of a grouping in one long table.

The module is mostly :func:`keyness`'s docstring (the statistics, the
inference and their sources); the code is split into the comparison table,
its bootstrap columns and the inference sentence.
"""

from __future__ import annotations

import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .. import _stats
from .._docs import fill_doc
from .._provenance import records_call
from .._validation import Interval, Options, check_param, validate_params, warn_ignored
from ..corpus import DocumentTermMatrix
from ._inference import _CHUNK, MIN_N_PERM, REFINE_FACTOR, REFINE_P, _group_doc_freq, _perm_p, _pooled_units
from ._inputs import _comparisons, _known_groups, _resolve, _warn_ignored_for_matrix
from ._scores import METHODS, _boot_scores, _chi2, _g2, _interval, _score

TESTS = ("permutation", "token")
MIN_N_BOOT_SIGN = 200

COLUMNS = [
    "group", "reference", "term", "count_target", "count_reference", "docs_target", "docs_reference",
    "freq_target", "freq_reference", "estimate", "statistic", "p", "p_adj", "n_docs_target", "n_docs_reference",
]  # fmt: skip


@validate_params(
    {
        "method": [Options(METHODS)],
        "test": [Options(TESTS)],
        "alpha0": [Interval(numbers.Real, 0, None, closed="neither")],
        "min_count": [Interval(numbers.Integral, 1, None)],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
        "lowercase": ["boolean"],
        "yates": ["boolean"],
    }
)
@fill_doc
@records_call
def keyness(
    data,
    by=None,
    *,
    method: str = "log_odds",
    target=None,
    reference=None,
    level: str = "document",
    lowercase: bool = True,
    ngram_range: tuple[int, int] = (1, 1),
    alpha0: float = 1000.0,
    yates: bool = False,
    min_count: int = 1,
    test: str = "permutation",
    n_perm: int = 2000,
    n_boot: int = 0,
    alpha: float = 0.05,
    seed=0,
) -> pd.DataFrame:
    r"""Keyness of every term for groups of documents, with p-values and bootstrap intervals.

    Each comparison sets a *target* group against a *reference* (by default
    every group against all other documents, "the rest") and scores every
    term on its 2x2 table: the term's count in target (:math:`a`) and
    reference (:math:`b`) against the other tokens (:math:`n_t-a`,
    :math:`n_r-b`), with :math:`n = n_t + n_r`.

    Parameters
    ----------
    data : Corpus, DiskCorpus or DocumentTermMatrix
        A :class:`~framing.DiskCorpus` (built by :func:`framing.build_corpus`)
        is read block by block: its group sums and bootstrap sums are computed
        without loading the counts (on a Dask cluster after
        ``on_cluster``), with the same numbers as the same corpus in memory.
        It stores document-level single tokens (``level='document'``,
        ``ngram_range=(1, 1)``).
    {params.by}
        For a DocumentTermMatrix the same kinds refer to its ``rows`` table
        (a column of it, a Series indexed by ``doc_id``, one label per row).
        The number of rows left out is given in a warning.
    method : {'log_odds', 'g2', 'chi2', 'pmi'}, default='log_odds'
        The statistic in ``estimate`` (see Notes).
    target : str or list of str, optional
        The group(s) to score; default every group.
    reference : str or list of str, optional
        What each target is compared with: the listed group(s) pooled, or
        (default) all other labelled documents, shown as ``'rest'``.
    level : {'document', 'paragraph'}, default='document'
        Rows of the matrix built from a Corpus. Point scores only depend on
        group totals; the bootstrap always resamples whole documents.
        Ignored, with a warning, when ``data`` is a DocumentTermMatrix (as
        is ``ngram_range``).
    lowercase : bool, default=True
        Merge terms that differ only in case.
    ngram_range : (int, int), default=(1, 1)
        Passed to :meth:`Corpus.dtm`; n > 1 uses the stored n-grams
        (document level only). Token totals :math:`n_t`, :math:`n_r` are
        the sums over all columns of the matrix, so with a mixed range such
        as (1, 2) they count unigrams and bigrams together; use a single
        length, e.g. (2, 2), for cleanly defined rates.
    alpha0 : float, default=1000.0
        Strength of the informative Dirichlet prior of ``'log_odds'``
        (:math:`\alpha_0` in Monroe et al. 2008): the prior adds
        :math:`\alpha_w = \alpha_0 \pi_w` pseudo-counts to each term, where
        :math:`\pi_w` is the term's share of all labelled tokens. Larger
        values shrink rare terms' scores towards 0 more strongly.
    yates : bool, default=False
        Apply Yates's continuity correction to ``'chi2'``. Off by default,
        so the statistic is Pearson's :math:`X^2`.
    min_count : int, default=1
        Score terms with at least this many occurrences in target plus
        reference (BH adjustment counts only the terms scored).
    test : {'permutation', 'token'}, default='permutation'
        Where ``p`` comes from. ``'permutation'`` (the default): the unit is
        the **document**; the group labels are shuffled over the documents
        of target and reference (group sizes fixed) ``n_perm`` times and
        ``p`` is the share of shufflings whose \|statistic\| is at least the
        observed one (see Notes). ``'token'``: the textbook p-value of the
        statistic, which treats every token as an independent draw; valid
        only when documents do not differ in their word use beyond chance
        (multinomial documents), which articles do not satisfy: under an
        overdispersed null it flags terms in most samples (see Notes).
    n_perm : int, default=2000
        Permutations for ``test='permutation'`` (at least 100); terms with
        ``p <= 0.01`` get ``10 * n_perm`` more (see Notes). The smallest
        possible ``p`` is then :math:`1/(10\,n_{perm}+1)`; with :math:`m`
        terms scored, Benjamini-Hochberg can pass a term only if at least
        :math:`m/(0.05\,(10\,n_{perm}+1))` terms reach that floor, so
        raise ``n_perm`` for large vocabularies (or raise ``min_count``).
    n_boot : int, default=0
        Bootstrap replicates (0 = none; otherwise at least 200, so that
        ``sign_stable`` does not rest on a handful of replicates).
        Documents are resampled with replacement within each group
        (:func:`framing._stats.bootstrap_weights`) and the score is
        recomputed on each replicate's totals.
    {params.alpha}
    {params.seed}
        It drives the permutations and the bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row per (comparison, term), sorted by group, then by descending
        ``estimate``. Columns: ``group`` (target), ``reference`` (a group,
        groups joined by ``'+'``, or ``'rest'``), ``term``, ``count_target``,
        ``count_reference``, ``freq_target`` and ``freq_reference`` (per
        1,000 tokens), ``estimate`` (signed: positive = more frequent in the
        target), ``docs_target`` and ``docs_reference`` (documents of each
        side using the term), ``statistic`` (``z`` for log_odds, :math:`G^2` for g2 and
        pmi, :math:`X^2` for chi2), ``p`` (two-sided; from the test chosen
        by ``test``; for pmi the :math:`G^2` statistic's), ``p_adj``
        (Benjamini-Hochberg within the comparison), ``n_docs_target`` and
        ``n_docs_reference`` (documents of target and reference),
        ``ci_low``, ``ci_high`` (percentile interval of ``estimate``; NaN
        with ``n_boot=0`` or when a side has fewer than two documents) and
        ``sign_stable`` (the interval excludes 0; missing with
        ``n_boot=0``). A comparison whose target or reference has fewer than
        :data:`framing._stats.MIN_DOCS` (5) documents is not tested: its
        ``p`` and ``p_adj`` are NaN (with a warning). ``df.attrs`` records
        the method and parameters; ``df.attrs['inference']`` says in one
        sentence where ``p`` and the intervals come from.

    Raises
    ------
    InputError
        For an unknown method, test or group, a group without documents,
        fewer than two groups, ``alpha0 <= 0``, ``n_perm < 100``, a positive
        ``n_boot`` below 200, replicates that would not fit in memory, or an
        n-gram length the corpus does not store.

    Notes
    -----
    **log_odds** (Monroe, Colaresi & Quinn 2008, eqs. 16-22):

    .. math::
        \hat\delta_w = \log\frac{a+\alpha_w}{n_t+\alpha_0-a-\alpha_w}
                     - \log\frac{b+\alpha_w}{n_r+\alpha_0-b-\alpha_w},\quad
        \sigma^2(\hat\delta_w) \approx \frac{1}{a+\alpha_w} + \frac{1}{b+\alpha_w},\quad
        z_w = \hat\delta_w / \sigma(\hat\delta_w).

    ``estimate`` and ``statistic`` are :math:`z_w`; the token-level ``p`` is
    :math:`2(1-\Phi(|z_w|))`.

    **g2**: :math:`G^2 = 2\sum_{cells} O \ln(O/E)` over the four cells of
    the 2x2 table with :math:`E` = row total x column total / n (the
    log-likelihood of Dunning 1993 and Rayson & Garside 2000; Rayson's
    online calculator sums only the two term cells, which gives slightly
    different values). Token-level ``p`` from :math:`\chi^2_1`; ``estimate``
    carries the sign of :math:`a/n_t - b/n_r`.

    **chi2**: Pearson :math:`X^2=\sum (O-E)^2/E` on the same table
    (with ``yates=True``, :math:`\sum (|O-E|-0.5)^2/E`); ``p`` from
    :math:`\chi^2_1`; ``estimate`` signed as for g2.

    **pmi**: :math:`\log_2 \frac{P(w,\text{target})}{P(w)P(\text{target})}
    = \log_2\frac{a/n_t}{(a+b)/n}` (Church & Hanks 1990); ``-inf`` when the
    target never uses the term. PMI is not a test; ``statistic`` and ``p``
    are those of :math:`G^2`.

    **Document-level p-values (the default).** The token-level p-values
    above treat every token as an independent draw; words cluster in
    documents (an article that mentions a word mentions it again), so
    under a null of no group difference with realistically overdispersed
    documents they flag at least one term in most samples (73% of
    simulated samples for log_odds, 100% for g2, against 5% nominal;
    ``benchmarks/results/calibration.txt``).
    ``test='permutation'`` keeps the statistic but takes its null
    distribution from the data: the target and reference labels are
    shuffled over their documents (group sizes fixed), every term is
    rescored on each shuffle (the prior of log_odds, computed from all
    tokens, does not change), and

    .. math::
        p_w = \frac{1 + \#\{b : |T^{(b)}_w| \ge |T_w|\}}{1 + n_{perm}}

    (Good 2005; Phipson & Smyth 2010), with :math:`T` the ``statistic``
    (:math:`G^2` for pmi). The test is exact whenever documents are
    exchangeable between the groups under the null, whatever their
    dispersion; ``p_adj`` applies Benjamini-Hochberg across the terms of
    the comparison. Measured under that overdispersed null (two groups of
    25 and 35 documents of about 200 tokens, 300 Zipf terms, 200 runs): a
    term flagged in 2.5% of runs (log_odds and g2); with three times the
    rate for ten terms of rank 5-50, 46% (log_odds) and 44% (g2) of them
    found, against 83-89% for the token-level test, whose flags are not
    to be trusted there. On multinomial documents both are calibrated
    (document-level: 3.5-4% of runs flag a null term; power 88-89%).
    Because BH needs small p-values where many terms are
    tested, terms with :math:`p_w \le 0.01` after ``n_perm`` shuffles get
    ``10 * n_perm`` fresh shuffles and their p-value is recomputed from
    those alone (the first stage only selects which terms to refine, so
    :math:`P(p_w \le u) \le u` still holds for every :math:`u`; the
    floor becomes :math:`1/(10\,n_{perm}+1)`; in the spirit of Besag &
    Clifford 1991). Measured (two groups of 25 and 35 documents of about
    200 tokens, 300 Zipf terms, Dirichlet-multinomial documents): see the
    calibration table in ``benchmarks/results/calibration.txt``. With the
    unit being the document, a paragraph-level matrix is summed into its
    documents first.

    **Why a bootstrap over documents.** The token-level p-values treat every token
    as an independent draw. Tokens are not independent: an article that
    names a person names them again, and a single article that repeats a
    word twenty times gives that word a large count, a huge z and a tiny p
    although one author made one choice. Resampling whole documents within
    each group (the documents are the independent units) shows how much a
    term's score depends on which documents happen to be in the sample: such
    a term gets a wide interval that often covers 0 (``sign_stable`` is
    False), whereas a term used moderately by many documents keeps its sign.
    Report intervals, not only z or p. The prior of log_odds is held fixed
    at the observed shares in every replicate. A replicate in which the term
    is absent from both sides scores 0 for log_odds, g2 and chi2 (no
    evidence either way), and ``-inf`` for pmi when the target lacks it. So
    a term used by one document of the target group only is absent from
    every replicate that omits that document (about 35% of them for a
    group of 10 documents), its interval reaches 0 and it is not
    ``sign_stable``. ``sign_stable`` needs at least 200 replicates. Under a
    null of no difference, terms with both counts of at least 5 are
    sign-stable in 4.4-4.6% of samples (nominal 5%). **A term with an empty
    cell** (count 0 on one side) is different: no replicate can give it a
    use on that side, so its interval never reaches 0 once the other side
    uses it in more than a few documents, and ``sign_stable`` only says
    "used on one side in enough documents"; under the null such terms were
    sign-stable in 27% (overdispersed) to 59% (multinomial) of cases. Judge
    them by ``p_adj`` and ``docs_target``/``docs_reference``, not by
    ``sign_stable``.

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
    Lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis*, 16(4), 372-403.

    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency
    profiling. *Proceedings of the Workshop on Comparing Corpora*, 1-6.

    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics*, 19(1), 61-74.

    Church, K. W., & Hanks, P. (1990). Word association norms, mutual
    information, and lexicography. *Computational Linguistics*, 16(1), 22-29.

    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
    rate. *JRSS B*, 57(1), 289-300.

    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.

    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
    Hypotheses* (3rd ed.). Springer.

    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be
    zero. *Statistical Applications in Genetics and Molecular Biology*, 9(1).

    Besag, J., & Clifford, P. (1991). Sequential Monte Carlo p-values.
    *Biometrika*, 78(2), 301-304.

    Lijffijt, J., Nevalainen, T., Säily, T., Papapetrou, P., Puolamäki, K.,
    & Mannila, H. (2016). Significance testing of word frequencies in
    corpora. *Digital Scholarship in the Humanities*, 31(2), 374-397.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(
    ...     ["the war goes on", "war and war", "war again", "the war", "war today",
    ...      "peace talks go on", "peace and talks", "talks again", "peace now", "talks today"],
    ...     pd.DataFrame({"side": ["a"] * 5 + ["b"] * 5}))
    >>> k = keyness(c, "side", method="g2", n_boot=200)
    >>> top = k[k.group == "a"].iloc[0]
    >>> top.term, int(top.count_target), int(top.docs_target), bool(top.sign_stable), int(top.n_docs_target)
    ('war', 6, 5, True, 5)
    >>> bool(top.p < 0.05)  # every 'a' document uses it, no 'b' document: 2 of 252 relabellings
    True
    """
    if test == "permutation":  # n_perm is used (and checked) by the permutation test only
        check_param("keyness()", "n_perm", n_perm, [Interval(numbers.Integral, MIN_N_PERM, None)])
    elif n_perm != 2000:
        warn_ignored("keyness()", {"n_perm": n_perm}, "test='token' does not permute", stacklevel=3)
    n_boot = _stats.check_n_boot(n_boot, max(MIN_N_BOOT_SIGN, int(np.ceil(2 / alpha))), allow_zero=True, where="keyness()")
    rng = _stats.as_generator(seed)
    if isinstance(data, DocumentTermMatrix):
        _warn_ignored_for_matrix(level, ngram_range)

    blocks, unit_groups, terms, n_unlabelled = _resolve(data, by, level, lowercase, ngram_range)
    if n_unlabelled:
        warnings.warn(f"keyness(): {n_unlabelled} row(s) have no group label and are left out", stacklevel=2)
    known = _known_groups(unit_groups, by)
    comparisons = _comparisons(known, target, reference)

    names = sorted(pd.unique(unit_groups), key=str)
    code_of = {g: i for i, g in enumerate(names)}
    codes = np.array([code_of[g] for g in unit_groups], dtype=np.int64)
    sums = _stats.group_sums(blocks, codes, len(names), len(terms))  # (n_groups, n_terms), exact integers
    total_all = sums.sum(axis=0)
    shares = total_all / total_all.sum()
    n_terms = len(terms)
    if n_boot:
        _stats.check_replicate_memory(n_boot, n_terms, "keyness()")
    if test == "permutation":
        _stats.check_replicate_memory(_CHUNK * 4, max(n_terms, len(unit_groups)), "keyness()", what="n_perm chunk")
    sizes = pd.Series(unit_groups).value_counts()
    _stats.small_group_warning({g: int(sizes.get(g, 0)) for g in known}, "keyness()")
    counts = _Counts(
        blocks=blocks, codes=codes, terms=terms, sums=sums, shares=shares,
        doc_freq=_group_doc_freq(blocks, codes, len(names), n_terms),  # documents using each term, per group
        group_sizes=np.bincount(codes, minlength=len(names)),
    )  # fmt: skip

    plans = _plans(comparisons, code_of, sums, min_count)
    boot = None
    if n_boot:
        columns = np.unique(np.concatenate([p[-1] for p in plans]))
        boot_names, boot_sums, boot_tokens = _stats.bootstrap_group_sums(blocks, unit_groups, int(n_boot), rng, columns)
        order = [boot_names.index(g) for g in names]
        boot = (columns, boot_sums[order], boot_tokens[order])

    options = dict(method=method, alpha0=alpha0, yates=yates, test=test, n_perm=n_perm, alpha=alpha)
    frames, untested = [], []
    for plan in plans:
        frames.append(_comparison_table(plan, counts, boot, rng, untested, **options))
    if untested:
        warnings.warn(
            f"keyness(): not tested (fewer than {_stats.MIN_DOCS} documents on a side; p and p_adj are NaN): "
            + "; ".join(untested),
            stacklevel=2,
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(
        method=method, alpha0=float(alpha0), yates=bool(yates), n_boot=int(n_boot), alpha=float(alpha),
        level=level, n_unlabelled=n_unlabelled, test=test, n_perm=int(n_perm) if test == "permutation" else 0,
        inference=_inference_sentence(method, test, n_perm, n_boot, alpha),
    )  # fmt: skip
    return out


def _plans(comparisons, code_of: dict, sums, min_count: int) -> list:
    """Per comparison: target, reference name, group codes, term totals and the terms scored (``min_count``)."""
    plans = []
    for t, r_name, t_groups, r_groups in comparisons:
        t_idx = [code_of[g] for g in t_groups]
        r_idx = [code_of[g] for g in r_groups]
        a_all = sums[t_idx].sum(axis=0)
        b_all = sums[r_idx].sum(axis=0)
        keep = np.flatnonzero(a_all + b_all >= min_count)
        plans.append((t, r_name, t_idx, r_idx, a_all, b_all, keep))
    return plans


@dataclass(frozen=True)
class _Counts:
    """What every comparison reads: the unit blocks and codes, terms, group sums and document frequencies."""

    blocks: object
    codes: np.ndarray
    terms: np.ndarray
    sums: np.ndarray
    shares: np.ndarray
    doc_freq: np.ndarray
    group_sizes: np.ndarray


def _comparison_table(plan, counts: _Counts, boot, rng, untested: list, *, method, alpha0, yates, test, n_perm, alpha):
    """The rows of one comparison (target vs reference): scores, p-values, BH, bootstrap columns."""
    t, r_name, t_idx, r_idx, a_all, b_all, keep = plan
    n_docs_t, n_docs_r = int(counts.group_sizes[t_idx].sum()), int(counts.group_sizes[r_idx].sum())
    docs_t, docs_r = counts.doc_freq[t_idx].sum(axis=0), counts.doc_freq[r_idx].sum(axis=0)
    a, b = a_all[keep], b_all[keep]
    n_t, n_r = a_all.sum(), b_all.sum()
    prior = alpha0 * counts.shares[keep]
    score = _score(method, a, b, n_t, n_r, prior, alpha0, yates)
    if method == "log_odds":
        statistic = score
        p = 2.0 * stats.norm.sf(np.abs(score))
    elif method == "chi2":
        statistic = _chi2(a, b, n_t, n_r, yates)
        p = stats.chi2.sf(statistic, 1)
    else:
        statistic = _g2(a, b, n_t, n_r)
        p = stats.chi2.sf(statistic, 1)
    if min(n_docs_t, n_docs_r) < _stats.MIN_DOCS:
        untested.append(f"{t} vs {r_name} ({n_docs_t} and {n_docs_r} documents)")
        p = np.full(keep.size, np.nan)
    elif test == "permutation":
        pooled = _pooled_units(counts.blocks, counts.codes, t_idx, r_idx, keep)
        p = _perm_p(method, pooled, np.abs(statistic), prior, alpha0, yates, n_perm, rng)
    df = pd.DataFrame(
        {
            "group": pd.Series([t] * keep.size, dtype=object),
            "reference": pd.Series([r_name] * keep.size, dtype=object),
            "term": pd.Series(counts.terms[keep], dtype=object),
            "count_target": a.astype(np.int64),
            "count_reference": b.astype(np.int64),
            "docs_target": docs_t[keep],
            "docs_reference": docs_r[keep],
            "freq_target": 1000.0 * a / n_t,
            "freq_reference": 1000.0 * b / n_r,
            "estimate": score,
            "statistic": statistic,
            "p": p,
            "p_adj": _stats.benjamini_hochberg(p),
            "n_docs_target": np.full(keep.size, n_docs_t, dtype=np.int64),
            "n_docs_reference": np.full(keep.size, n_docs_r, dtype=np.int64),
        }
    )
    _add_interval(df, boot, plan, prior, min(n_docs_t, n_docs_r), method=method, alpha0=alpha0, yates=yates, alpha=alpha)
    return df.sort_values(["estimate", "term"], ascending=[False, True], kind="mergesort")


def _add_interval(df, boot, plan, prior, n_docs_min, *, method, alpha0, yates, alpha) -> None:
    """``ci_low``, ``ci_high``, ``sign_stable`` from the bootstrap replicates (empty with ``n_boot=0``)."""
    if boot is None:  # n_boot=0: no bootstrap, the same columns without values
        df["ci_low"] = np.nan
        df["ci_high"] = np.nan
        df["sign_stable"] = pd.array([pd.NA] * len(df), dtype="boolean")
        return
    columns, boot_sums, boot_tokens = boot
    _, _, t_idx, r_idx, _, _, keep = plan
    pos = np.searchsorted(columns, keep)
    reps = _boot_scores(
        method, boot_sums[t_idx][:, :, pos].sum(axis=0), boot_sums[r_idx][:, :, pos].sum(axis=0),
        boot_tokens[t_idx].sum(axis=0), boot_tokens[r_idx].sum(axis=0), prior, alpha0, yates,
    )  # fmt: skip
    low, high = _interval(reps, alpha)
    if n_docs_min < 2:  # every replicate redraws the same document: no interval
        low, high = np.full(keep.size, np.nan), np.full(keep.size, np.nan)
    df["ci_low"] = low
    df["ci_high"] = high
    df["sign_stable"] = pd.array((low > 0) | (high < 0), dtype="boolean")


def _inference_sentence(method, test, n_perm, n_boot, alpha) -> str:
    """How the p-values and intervals were obtained (``attrs['inference']``)."""
    stat_name = {"log_odds": "log-odds z", "g2": "G2", "chi2": "chi-square", "pmi": "G2"}[method]
    if test == "permutation":
        sentence = (
            f"p-values from a two-sided permutation test of the {stat_name} statistic that shuffles documents "
            f"between target and reference (group sizes fixed; {n_perm:,} permutations, {REFINE_FACTOR * n_perm:,} "
            f"for terms with p <= {REFINE_P}), Benjamini-Hochberg "
            f"across terms within each comparison"
        )
    else:
        sentence = (
            f"p-values from the token-level {stat_name} test (tokens treated as independent draws; too small "
            f"when documents differ in word use), Benjamini-Hochberg across terms within each comparison"
        )
    if n_boot:
        sentence += (
            f"; {1 - alpha:.0%} percentile bootstrap intervals of the score from {n_boot:,} replicates "
            f"resampling documents within groups"
        )
    return sentence
