"""Keyness: which terms one group of documents uses more than another, with uncertainty.

One function, :func:`keyness`, compares every group with the rest (or any
target with any reference) and returns one long table for all comparisons.
Four statistics are available (log-odds ratio with an informative Dirichlet
prior, G², chi-square, PMI); each comes with a p-value whose unit is the
document (a permutation test shuffling documents between the groups; the
token-level p-value is an explicit option), a Benjamini-Hochberg adjusted
p-value within its comparison and, on request, a bootstrap interval over
documents.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import sparse, special, stats

from ._provenance import records_call
from . import _stats
from ._docs import fill_doc
from ._validation import Interval, Options, check_param, validate_params, warn_ignored
from .corpus import DocumentTermMatrix, group_order, missing_labels, resolve_groups
from .errors import InputError

__all__ = ["keyness", "METHODS", "TESTS"]

METHODS = ("log_odds", "g2", "chi2", "pmi")
TESTS = ("permutation", "token")
MIN_N_PERM = 100
REFINE_P = 0.01
REFINE_FACTOR = 10
MIN_N_BOOT_SIGN = 200
_CHUNK = 250

COLUMNS = [
    "group", "reference", "term", "count_target", "count_reference", "docs_target", "docs_reference",
    "freq_target", "freq_reference", "estimate", "statistic", "p", "p_adj", "n_docs_target", "n_docs_reference",
]  # fmt: skip
REST = "rest"


# --------------------------------------------------------------------------- statistics
def _log_odds_z(a, b, n_t, n_r, prior, alpha0):
    """Monroe et al. (2008) eq. 16 and 20: z of the prior-smoothed log-odds ratio."""
    delta = np.log((a + prior) / (n_t + alpha0 - a - prior)) - np.log((b + prior) / (n_r + alpha0 - b - prior))
    var = 1.0 / (a + prior) + 1.0 / (b + prior)
    return delta / np.sqrt(var)


def _table(a, b, n_t, n_r):
    """Observed and expected cells of the term's 2x2 table (term / other tokens x target / reference)."""
    c, d = n_t - a, n_r - b
    n = n_t + n_r
    row1 = a + b
    row2 = c + d
    obs = (a, b, c, d)
    exp = (row1 * n_t / n, row1 * n_r / n, row2 * n_t / n, row2 * n_r / n)
    return obs, exp


def _g2(a, b, n_t, n_r):
    """Log-likelihood ratio G² = 2 Σ O ln(O/E) over the four cells.

    With E = row x column / n this equals
    2 [Σ O ln O - Σ rows ln rows - Σ columns ln columns + n ln n],
    which needs fewer logarithms.
    """
    c, d = n_t - a, n_r - b
    n = n_t + n_r
    xl = special.xlogy
    g = 2.0 * (
        xl(a, a) + xl(b, b) + xl(c, c) + xl(d, d)
        - xl(a + b, a + b) - xl(c + d, c + d)
        - (xl(n_t, n_t) + xl(n_r, n_r) - xl(n, n))
    )  # fmt: skip
    return np.maximum(g, 0.0)


def _chi2(a, b, n_t, n_r, yates):
    """Pearson's X² on the 2x2 table, optionally with Yates's continuity correction."""
    obs, exp = _table(a, b, n_t, n_r)
    dev = np.abs(a - exp[0])
    if yates:
        dev = np.maximum(dev - 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        x2 = sum(dev**2 / e for e in exp)
    return np.where(a + b > 0, x2, 0.0)  # a term absent from both sides: no evidence, X² = 0


def _pmi(a, b, n_t, n_r):
    """log2 P(term, target) / (P(term) P(target)) = log2 (a/n_t) / ((a+b)/(n_t+n_r))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(a / n_t) - np.log2((a + b) / (n_t + n_r))
    return np.where(a > 0, pmi, -np.inf)


def _sign(a, b, n_t, n_r):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.sign(a / n_t - b / n_r)


def _score(method, a, b, n_t, n_r, prior, alpha0, yates):
    if method == "log_odds":
        return _log_odds_z(a, b, n_t, n_r, prior, alpha0)
    if method == "g2":
        return _sign(a, b, n_t, n_r) * _g2(a, b, n_t, n_r)
    if method == "chi2":
        return _sign(a, b, n_t, n_r) * _chi2(a, b, n_t, n_r, yates)
    return _pmi(a, b, n_t, n_r)


# --------------------------------------------------------------------------- inputs
def _resolve(data, by, level, lowercase, ngram_range):
    """Blocks of the unit-by-term matrix (one unit = one document's rows of one group), unit groups, terms.

    The blocks are a callable that returns an iterator of ``(unit positions,
    csr)`` (see :func:`framing._stats.group_sums`): the whole matrix for an
    in-memory corpus or matrix, blocks read from disk for a
    :class:`~framing.DiskCorpus`. Everything downstream works on group sums
    and resampled group sums, so both give the same numbers. The labels come
    from the one resolver (:func:`framing.corpus.resolve_groups`, behind
    ``Corpus.groups``) and the one missing-label rule.
    """
    from .corpus import Corpus, DiskCorpus

    if not isinstance(data, (Corpus, DiskCorpus, DocumentTermMatrix)):
        raise InputError(f"keyness(): expected a Corpus or a DocumentTermMatrix, got {type(data).__name__}")
    if by is None:
        what = "a column of the matrix's rows or one label per row" if isinstance(data, DocumentTermMatrix) else (
            "a metadata column, a mapping source -> group, or labels per document")
        raise InputError(f"keyness(): give by= ({what})")
    if isinstance(data, DiskCorpus):
        if level != "document":
            raise InputError(f"keyness(): an on-disk corpus stores document-level counts; use level='document', not {level!r}")
        if tuple(ngram_range) != (1, 1):
            raise InputError(f"keyness(): an on-disk corpus stores single tokens; use ngram_range=(1, 1), not {ngram_range!r}")
        row_labels = data.groups(by).to_numpy(dtype=object)
        ok = ~missing_labels(row_labels)
        terms, blocks = data.row_blocks(np.flatnonzero(ok), lowercase=lowercase)
        return blocks, row_labels[ok], terms, int((~ok).sum())
    if isinstance(data, Corpus):
        labels = data.groups(by)
        dtm = data.dtm(level, lowercase=lowercase, ngram_range=ngram_range)
        row_labels = labels.reindex(dtm.rows["doc_id"]).to_numpy(dtype=object)
    else:
        dtm = data
        # rows indexed by doc_id, so that a Series indexed by doc_id aligns (one label per row otherwise)
        rows = dtm.rows.set_index("doc_id", drop=False) if "doc_id" in dtm.rows.columns else dtm.rows
        try:
            row_labels = resolve_groups(rows, by).to_numpy(dtype=object)
        except InputError as exc:
            raise InputError(f"keyness(): {exc} (data is a DocumentTermMatrix: one label per row)") from None
        if lowercase:
            dtm = _lowercase(dtm)
    doc_ids = dtm.rows["doc_id"].to_numpy(dtype=object) if "doc_id" in dtm.rows.columns else np.arange(dtm.shape[0]).astype(object)
    ok = ~missing_labels(row_labels)
    n_unlabelled = int((~ok).sum())
    # a unit is (document, group): the resampling unit of the bootstrap
    keys = pd.DataFrame({"doc": doc_ids[ok].astype(str), "group": row_labels[ok].astype(str)})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys), sort=False)
    rows_ok = np.flatnonzero(ok)
    agg = sparse.csr_matrix((np.ones(rows_ok.size), (codes, rows_ok)), shape=(len(uniques), dtm.shape[0]))
    U = (agg @ dtm.matrix).tocsr()
    unit_groups = np.asarray(uniques.get_level_values(1), dtype=object)
    label_of = {str(v): v for v in row_labels[ok]}
    unit_groups = np.array([label_of[g] for g in unit_groups], dtype=object)
    return _stats.matrix_blocks(U), unit_groups, dtm.terms, n_unlabelled


def _lowercase(dtm: DocumentTermMatrix) -> DocumentTermMatrix:
    low = np.array([str(t).lower() for t in dtm.terms], dtype=object)
    uniq, inv = np.unique(low.astype(str), return_inverse=True)
    if len(uniq) == len(low):
        return DocumentTermMatrix(dtm.matrix, dtm.rows, low, dtm.level)
    m = sparse.csr_matrix((np.ones(len(low)), (np.arange(len(low)), inv)), shape=(len(low), len(uniq)))
    return DocumentTermMatrix((dtm.matrix @ m).tocsr(), dtm.rows, uniq.astype(object), dtm.level)


def _as_list(x, name, known):
    if x is None:
        return None
    vals = [x] if isinstance(x, str) or not np.iterable(x) else list(x)
    unknown = [v for v in vals if v not in known]
    if unknown:
        raise InputError(
            f"keyness(): unknown group(s) {unknown} in {name}=; the groups are {', '.join(map(str, known))}"
        )
    return vals


# --------------------------------------------------------------------------- main
def _warn_ignored_for_matrix(level, ngram_range) -> None:
    """keyness() on a DocumentTermMatrix: ``level`` and ``ngram_range`` belong to the matrix already."""
    ignored = {"level": level} if level != "document" else {}
    if tuple(ngram_range) != (1, 1):
        ignored["ngram_range"] = tuple(ngram_range)
    warn_ignored(
        "keyness()", ignored,
        "data is a DocumentTermMatrix (its rows and terms are fixed); build the matrix with these options, "
        "or pass the Corpus", stacklevel=4,
    )  # fmt: skip


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
    by : str, mapping, callable, pandas.Series or array-like
        For a Corpus: a metadata column (``'ownership'``), a mapping from
        ``source`` to group, a function of the documents table, a Series
        indexed by ``doc_id``, or one label per document. For a
        DocumentTermMatrix: a column of its ``rows`` or one label per row.
        Documents without a label (NaN/None/"") are left out, with a warning
        giving their number.
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
        import warnings

        warnings.warn(f"keyness(): {n_unlabelled} row(s) have no group label and are left out", stacklevel=2)
    present = list(pd.unique(unit_groups))
    known = group_order(unit_groups, by=by)
    empty = [g for g in known if g not in present]
    if empty:
        raise InputError(f"keyness(): group(s) {empty} have no documents; drop them or choose other groups")
    targets = _as_list(target, "target", known) or known
    refs = _as_list(reference, "reference", known)
    if len(known) < 2:
        raise InputError(f"keyness(): need at least two groups to compare, got {known}")
    comparisons = []
    for t in targets:
        if refs is None:
            r_groups = [g for g in known if g != t]
            r_name = REST
        else:
            r_groups = [g for g in refs if g != t]
            if not r_groups:
                raise InputError(f"keyness(): the reference of target {t!r} is empty (reference={reference!r})")
            r_name = "+".join(map(str, r_groups))
        comparisons.append((t, r_name, [t], r_groups))

    names = sorted(present, key=str)
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
    doc_freq = _group_doc_freq(blocks, codes, len(names), n_terms)  # documents using each term, per group
    group_sizes = np.bincount(codes, minlength=len(names))

    plans = []
    for t, r_name, t_groups, r_groups in comparisons:
        t_idx = [code_of[g] for g in t_groups]
        r_idx = [code_of[g] for g in r_groups]
        a_all = sums[t_idx].sum(axis=0)
        b_all = sums[r_idx].sum(axis=0)
        keep = np.flatnonzero(a_all + b_all >= min_count)
        plans.append((t, r_name, t_idx, r_idx, a_all, b_all, keep))
    if n_boot:
        columns = np.unique(np.concatenate([p[-1] for p in plans]))
        boot_names, boot_sums, boot_tokens = _stats.bootstrap_group_sums(blocks, unit_groups, int(n_boot), rng, columns)
        order = [boot_names.index(g) for g in names]
        boot_sums, boot_tokens = boot_sums[order], boot_tokens[order]

    frames = []
    untested = []
    for t, r_name, t_idx, r_idx, a_all, b_all, keep in plans:
        n_docs_t, n_docs_r = int(group_sizes[t_idx].sum()), int(group_sizes[r_idx].sum())
        docs_t, docs_r = doc_freq[t_idx].sum(axis=0), doc_freq[r_idx].sum(axis=0)
        a, b = a_all[keep], b_all[keep]
        n_t, n_r = a_all.sum(), b_all.sum()
        prior = alpha0 * shares[keep]
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
            pooled = _pooled_units(blocks, codes, t_idx, r_idx, keep)
            p = _perm_p(method, pooled, np.abs(statistic), prior, alpha0, yates, n_perm, rng)
        df = pd.DataFrame(
            {
                "group": pd.Series([t] * keep.size, dtype=object),
                "reference": pd.Series([r_name] * keep.size, dtype=object),
                "term": pd.Series(terms[keep], dtype=object),
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
        if n_boot:
            pos = np.searchsorted(columns, keep)
            boot = _boot_scores(
                method, boot_sums[t_idx][:, :, pos].sum(axis=0), boot_sums[r_idx][:, :, pos].sum(axis=0),
                boot_tokens[t_idx].sum(axis=0), boot_tokens[r_idx].sum(axis=0), prior, alpha0, yates,
            )  # fmt: skip
            low, high = _interval(boot, alpha)
            if min(n_docs_t, n_docs_r) < 2:  # every replicate redraws the same document: no interval
                low, high = np.full(keep.size, np.nan), np.full(keep.size, np.nan)
            df["ci_low"] = low
            df["ci_high"] = high
            df["sign_stable"] = pd.array((low > 0) | (high < 0), dtype="boolean")
        else:  # n_boot=0: no bootstrap, the same columns without values
            df["ci_low"] = np.nan
            df["ci_high"] = np.nan
            df["sign_stable"] = pd.array([pd.NA] * keep.size, dtype="boolean")
        frames.append(df.sort_values(["estimate", "term"], ascending=[False, True], kind="mergesort"))
    if untested:
        import warnings

        warnings.warn(
            f"keyness(): not tested (fewer than {_stats.MIN_DOCS} documents on a side; p and p_adj are NaN): "
            + "; ".join(untested),
            stacklevel=2,
        )
    out = pd.concat(frames, ignore_index=True)
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
    out.attrs.update(
        method=method, alpha0=float(alpha0), yates=bool(yates), n_boot=int(n_boot), alpha=float(alpha),
        level=level, n_unlabelled=n_unlabelled, test=test, n_perm=int(n_perm) if test == "permutation" else 0,
        inference=sentence,
    )  # fmt: skip
    return out


def _group_doc_freq(blocks, codes, n_groups, n_terms):
    """Number of documents (units) of each group that use each term, block by block."""
    out = np.zeros((n_groups, n_terms))
    for part in _stats._as_blocks(blocks).map(_doc_freq_part, np.asarray(codes), int(n_groups)):
        out += part
    return out.astype(np.int64)


def _doc_freq_part(pos, block, codes, n_groups):
    present = sparse.csr_matrix(block, copy=True)
    present.data = (present.data > 0).astype(float)
    c = codes[pos]
    agg = sparse.csr_matrix((np.ones(len(c)), (c, np.arange(len(c)))), shape=(n_groups, len(c)))
    return (agg @ present).toarray()


def _pool_part(pos, block, codes, pool_codes, keep):
    mask = np.isin(codes[pos], pool_codes)
    rows = sparse.csr_matrix(block)[mask]
    return codes[pos][mask], rows[:, keep], np.asarray(rows.sum(axis=1)).ravel()


def _pooled_units(blocks, codes, t_idx, r_idx, keep):
    """The pooled documents of a comparison: (kept-term counts (n_kept, n_pool), token totals, is-target)."""
    parts = _stats._as_blocks(blocks).map(_pool_part, np.asarray(codes), np.asarray(t_idx + r_idx), keep)
    unit_codes = np.concatenate([p[0] for p in parts])
    X = sparse.vstack([p[1] for p in parts]).T.tocsr()
    tok = np.concatenate([p[2] for p in parts]).astype(float)
    return X, tok, np.isin(unit_codes, t_idx)


def _perm_p(method, pooled, obs_abs, prior, alpha0, yates, n_perm, rng):
    """Two-stage permutation p-values: ``n_perm`` shuffles for every term, then, for the terms with
    p <= REFINE_P, ``REFINE_FACTOR * n_perm`` fresh shuffles whose p replaces the first (see keyness Notes)."""
    X, tok, is_target = pooled
    exceed = _perm_exceed(method, X, tok, is_target, obs_abs, prior, alpha0, yates, n_perm, rng)
    p = _stats.permutation_p(exceed, n_perm)
    refine = np.flatnonzero(p <= REFINE_P)
    if refine.size:
        n2 = REFINE_FACTOR * n_perm
        exceed2 = _perm_exceed(method, X[refine], tok, is_target, obs_abs[refine], prior[refine], alpha0, yates, n2, rng)
        p[refine] = _stats.permutation_p(exceed2, n2)
    return p


def _perm_exceed(method, X, tok, is_target, obs_abs, prior, alpha0, yates, n_perm, rng, chunk=None):
    """How many of ``n_perm`` document permutations give |statistic| >= the observed one, per kept term."""
    chunk = chunk or _CHUNK
    col = np.asarray(X.sum(axis=1)).ravel()
    n_all = tok.sum()
    n_target = int(is_target.sum())
    n_pool = is_target.size
    tol = 1e-9 * np.maximum(1.0, obs_abs)
    exceed = np.zeros(X.shape[0], dtype=np.int64)
    for s in range(0, n_perm, chunk):
        e = min(n_perm, s + chunk)
        P = _stats.permutation_indicators(n_target, n_pool, e - s, rng)  # (chunk, n_pool)
        a = (X @ P.T).T  # (chunk, n_kept)
        b = col[None, :] - a
        n_t = (P @ tok)[:, None]
        n_r = n_all - n_t
        with np.errstate(divide="ignore", invalid="ignore"):
            if method == "log_odds":
                stat = _abs_log_odds_z_fast(a, col, n_t, n_r, prior, alpha0)
            elif method in ("g2", "pmi"):
                stat = _g2_fast(a, col, n_t, n_r)
            else:
                stat = np.abs(_statistic(method, a, b, n_t, n_r, prior[None, :], alpha0, yates))
        exceed += (stat >= obs_abs[None, :] - tol[None, :]).sum(axis=0)
    return exceed


def _abs_log_odds_z_fast(a, col, n_t, n_r, prior, alpha0):
    r"""|z| of :func:`_log_odds_z` with one logarithm per cell (b = col - a; the same value).

    With :math:`A = a+\alpha_w`, :math:`B = b+\alpha_w`:
    :math:`\delta = \ln\frac{A\,(n_r+\alpha_0-B)}{(n_t+\alpha_0-A)\,B}` and
    :math:`1/\sigma^2 = AB/(A+B)`, where :math:`A+B` is fixed per term.
    """
    A = a + prior[None, :]
    B = (col + prior)[None, :] - a
    num = A * (n_r + alpha0 - B)
    num /= (n_t + alpha0 - A) * B
    np.log(num, out=num)
    np.abs(num, out=num)
    A *= B
    A /= (col + 2 * prior)[None, :]
    np.sqrt(A, out=A)
    num *= A
    return num


def _xlogx(x):
    """x ln x with 0 ln 0 = 0, in place (x >= 0)."""
    y = np.maximum(x, 1e-300)
    np.log(y, out=y)
    y *= x
    return y


def _g2_fast(a, col, n_t, n_r):
    """:func:`_g2` for replicates with fixed term totals ``col`` (b = col - a; the same value)."""
    n = n_t + n_r
    g = _xlogx(a)
    g += _xlogx(col[None, :] - a)
    g += _xlogx(n_t - a)
    g += _xlogx(n_r - col[None, :] + a)
    g -= (_xlogx(col) + _xlogx(n - col))[None, :] if np.ndim(n) == 0 else _xlogx(col[None, :]) + _xlogx(n - col[None, :])
    g -= _xlogx(n_t) + _xlogx(n_r) - _xlogx(n)
    g *= 2.0
    return np.maximum(g, 0.0, out=g)


def _statistic(method, a, b, n_t, n_r, prior, alpha0, yates):
    """The test statistic whose absolute value the permutation test compares."""
    if method == "log_odds":
        return _log_odds_z(a, b, n_t, n_r, prior, alpha0)
    if method == "chi2":
        return _chi2(a, b, n_t, n_r, yates)
    return _g2(a, b, n_t, n_r)


def _boot_scores(method, a_boot, b_boot, tok_t, tok_r, prior, alpha0, yates, chunk: int = 250):
    """Scores of the kept terms on each bootstrap replicate, shape (n_boot, n_kept).

    ``a_boot``/``b_boot`` are the replicates' target and reference counts of
    the kept terms, ``tok_t``/``tok_r`` their token totals (all terms).
    """
    n_boot = a_boot.shape[0]
    out = np.empty((n_boot, a_boot.shape[1]), dtype=np.float64)
    for s in range(0, n_boot, chunk):
        e = min(n_boot, s + chunk)
        with np.errstate(divide="ignore", invalid="ignore"):
            rep = _score(method, a_boot[s:e], b_boot[s:e], tok_t[s:e, None], tok_r[s:e, None], prior[None, :], alpha0, yates)
        if method == "log_odds":
            # a replicate without the term on either side is no evidence either way: 0, as for g2 and chi2
            rep = np.where((a_boot[s:e] == 0) & (b_boot[s:e] == 0), 0.0, rep)
        out[s:e] = rep
    return out


def _interval(boot, alpha):
    """Percentile interval; -inf (PMI of a term absent from a replicate) is kept as -inf."""
    neg_inf = np.isneginf(boot)
    if neg_inf.any():
        boot = np.where(neg_inf, -1e300, boot)
    low, high = _stats.percentile_interval(boot, alpha, axis=0)
    if neg_inf.any():
        low = np.where(low < -1e299, -np.inf, low)
        high = np.where(high < -1e299, -np.inf, high)
    return low, high
