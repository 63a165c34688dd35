"""Naming choices: which of a concept's competing variants each group uses.

A *concept* is a set of competing ways to name one thing (Kyiv vs Kiev;
war vs conflict vs special military operation). :func:`naming_shares`
gives, per group, each variant's count and share of the concept's mentions
with intervals, and the share of documents using it; :func:`naming_test`
tests whether the groups differ.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from ._provenance import records_call
from . import _stats
from ._docs import fill_doc
from ._validation import InstanceOf, Interval, check_param, validate_params
from .corpus import group_order
from .dictionaries import Dictionary
from .errors import InputError
from .lexicons import load_lexicon

__all__ = ["naming_shares", "naming_test", "variant_counts"]


_CONCEPT = [
    InstanceOf(str, "a concept name of the lexicon"),
    InstanceOf(Dictionary, "a Dictionary"),
    InstanceOf(Mapping, "a mapping {variant: [patterns]}"),
]


def _concept(concept, lexicon, where: str) -> Dictionary:
    check_param(where, "concept", concept, _CONCEPT)
    if isinstance(concept, Dictionary):
        d = concept
    elif isinstance(concept, Mapping):
        d = Dictionary(concept, name="concept")
    else:
        lex = load_lexicon(lexicon) if isinstance(lexicon, str) else lexicon
        d = lex.concept(concept)
    if len(d) < 2:
        raise InputError(
            f"{where}: concept needs at least two competing variants, got {list(d.categories)}; "
            "give one pattern list per variant"
        )
    return d


@fill_doc
@records_call
def variant_counts(corpus, concept, by, *, lexicon="all") -> pd.DataFrame:
    """Per-document counts of each variant, with the document's group.

    Parameters
    ----------
    {params.corpus}
    {params.concept}
    {params.by}
    {params.lexicon}

    Returns
    -------
    pandas.DataFrame
        Indexed by ``doc_id``: ``group`` and one count column per variant,
        for documents with a group (all of them, with or without mentions).

    Raises
    ------
    InputError
        If ``concept`` is not a concept of ``lexicon``, a Dictionary or a
        mapping, or has fewer than two variants; if ``by`` names no metadata
        column or has the wrong length; if ``groups`` names an unknown group.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Kiev talks", "Kyiv and Kyiv"], pd.DataFrame({"outlet": ["a", "b"]}))
    >>> variant_counts(c, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}, "outlet").values.tolist()
    [['a', 0, 1], ['b', 2, 0]]
    """
    return _variant_counts(corpus, concept, by, lexicon=lexicon, where="variant_counts()")


def _variant_counts(corpus, concept, by, *, lexicon, groups=None, where: str) -> pd.DataFrame:
    """:func:`variant_counts` of the documents in ``groups`` (the one resolver: :meth:`Corpus.groups`)."""
    d = _concept(concept, lexicon, where)
    labels = corpus.groups(by, groups=groups)
    counts = d.count_wide(corpus, values="count")
    counts.insert(0, "group", labels.reindex(counts.index).to_numpy(dtype=object))
    return counts[counts["group"].notna()]


@validate_params(
    {
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def naming_shares(
    corpus,
    concept,
    by,
    *,
    lexicon="all",
    groups=None,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed=0,
) -> pd.DataFrame:
    r"""Share of each competing variant per group, with document-level intervals.

    Parameters
    ----------
    {params.corpus}
    {params.concept}
    {params.by}
    {params.lexicon}
    {params.groups}
    {params.n_boot}
        The bootstrap gives ``ci_low`` and ``ci_high``. Default 2000.
    {params.alpha}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        One row per group x variant: ``group``, ``variant``, ``count``
        (mentions of the variant), ``total`` (mentions of any variant in the
        group), ``estimate`` (the share ``count / total``; NaN when
        ``total`` is 0), ``ci_low``, ``ci_high`` (document-level interval
        of ``estimate``, see Notes), ``n_docs`` (documents of the group
        using the variant), ``n_docs_concept`` (documents using any
        variant), ``n_docs_group`` (documents in the group), ``doc_share``
        (``n_docs / n_docs_concept``: among documents that name the
        concept, the share using this variant; a document may use several),
        ``doc_ci_low``, ``doc_ci_high`` (Wilson interval over documents),
        ``wilson_low``, ``wilson_high`` (Wilson interval over mentions; see
        the caveat). ``attrs['inference']`` says where the intervals come from.

    Notes
    -----
    **The unit is the document.** ``share`` is a ratio of sums over the
    group's documents, :math:`\hat s_v = \sum_d c_{dv} / \sum_d c_d`. Its
    interval comes from a cluster bootstrap: whole documents are resampled
    with replacement within the group (each keeps all its mentions; Efron &
    Tibshirani 1993; Field & Welsh 2007) and the share is recomputed; the
    interval is the expanded percentile interval of those replicates
    (quantiles at :func:`framing._stats.expanded_alpha` of the number of
    documents that name the concept; Hesterberg 2015). When the share is 0
    or 1 every replicate repeats it, so the interval is instead the Wilson
    interval of "none (or all) of the :math:`n` documents that name the
    concept", the convention of Korn & Graubard (1998) for proportions at
    the boundary in clustered samples (effective sample size = number of
    clusters).

    The Wilson interval (Wilson 1927; ``wilson_low``, ``wilson_high``)
    treats each *mention* as an independent draw. Mentions are clustered in
    documents (a page that writes "Kiev" once usually writes it
    throughout), so it is far too narrow when a few documents supply most
    mentions: in a simulation with clustered mentions (30 documents naming
    the concept 1 + Poisson(3) times, each with its own Beta-distributed
    propensity) it covered the true share in 73% of samples against 95%
    for the document bootstrap (``benchmarks/results/calibration.txt``). It is valid only when each
    document mentions the concept about once.

    Raises
    ------
    InputError
        If ``concept`` is not a concept of ``lexicon``, a Dictionary or a
        mapping, or has fewer than two variants; if ``by`` names no metadata
        column or has the wrong length; if ``groups`` names an unknown group; if
        ``n_boot``, ``alpha`` or ``seed`` is out of range.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209-212.

    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.

    Field, C. A., & Welsh, A. H. (2007). Bootstrapping clustered data.
    *JRSS B*, 69(3), 369-390.

    Hesterberg, T. C. (2015). What teachers should know about the bootstrap.
    *The American Statistician*, 69(4), 371-386.

    Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for
    proportions with small expected number of positive counts estimated
    from survey data. *Survey Methodology*, 24(2), 193-201.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Kiev talks", "Kiev and Kiev", "Kyiv talks", "Kyiv says"],
    ...                       pd.DataFrame({"outlet": ["a", "a", "b", "b"]}))
    >>> s = naming_shares(c, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}, "outlet")
    >>> s[["group", "variant", "count", "total", "estimate"]].values.tolist()[:2]
    [['a', 'Kyiv', 0, 3, 0.0], ['a', 'Kiev', 3, 3, 1.0]]
    """
    n_boot = _stats.check_n_boot(n_boot, allow_zero=True, alpha=alpha, where="naming_shares()")
    vc = _variant_counts(corpus, concept, by, lexicon=lexicon, groups=groups, where="naming_shares()")
    variants = [c for c in vc.columns if c != "group"]
    order = group_order(vc["group"], groups=groups)
    rows = []
    for g in order:
        part = vc.loc[vc["group"] == g, variants]
        counts = part.sum(axis=0).to_numpy(dtype=np.int64)
        total = int(counts.sum())
        used = (part > 0).to_numpy()
        n_docs = used.sum(axis=0)
        n_concept = int(used.any(axis=1).sum())
        for v, k, nd in zip(variants, counts, n_docs):
            rows.append((g, v, int(k), total, int(nd), n_concept, len(part)))
    out = pd.DataFrame(rows, columns=["group", "variant", "count", "total", "n_docs", "n_docs_concept", "n_docs_group"])
    with np.errstate(invalid="ignore", divide="ignore"):
        out.insert(4, "estimate", np.where(out["total"] > 0, out["count"] / out["total"].where(out["total"] > 0), np.nan))
        out["doc_share"] = np.where(
            out["n_docs_concept"] > 0, out["n_docs"] / out["n_docs_concept"].where(out["n_docs_concept"] > 0), np.nan
        )
    low, high = _stats.wilson_interval(out["count"], out["total"], alpha)
    dlow, dhigh = _stats.wilson_interval(out["n_docs"], out["n_docs_concept"], alpha)
    out["doc_ci_low"], out["doc_ci_high"] = dlow, dhigh
    out["wilson_low"], out["wilson_high"] = low, high
    blo = np.full(len(out), np.nan)
    bhi = np.full(len(out), np.nan)
    sizes = {g: int((vc["group"] == g).sum()) for g in order}
    _stats.small_group_warning(sizes, "naming_shares()", "their shares get no interval")
    if n_boot:
        rng = _stats.as_generator(seed)
        labels = vc["group"].to_numpy(dtype=object)
        _stats.check_replicate_memory(n_boot, len(labels) + len(order) * len(variants), "naming_shares()")
        W = _stats.bootstrap_weights(labels, int(n_boot), rng).astype(float)
        X = vc[variants].to_numpy(dtype=float)
        for i, g in enumerate(order):
            m = labels == g
            n_concept = int((X[m].sum(axis=1) > 0).sum())
            if n_concept < 2:
                continue
            tot = W[:, m] @ X[m]  # (n_boot, n_variants)
            with np.errstate(invalid="ignore", divide="ignore"):
                share = tot / tot.sum(axis=1, keepdims=True)
            lo, hi = _stats.percentile_interval(share, float(_stats.expanded_alpha(n_concept, alpha=alpha)), axis=0)
            rows_g = slice(i * len(variants), (i + 1) * len(variants))
            blo[rows_g], bhi[rows_g] = lo, hi
    # a share of 0 or 1 gives every replicate the same value: use the Wilson interval of
    # "0 (or all) of the n documents naming the concept" instead (Korn & Graubard 1998)
    edge = out["estimate"].isin([0.0, 1.0]).to_numpy() & (out["n_docs_concept"] > 0).to_numpy()
    if n_boot and edge.any():
        k_edge = np.where(out["estimate"].to_numpy()[edge] == 1.0, out["n_docs_concept"].to_numpy()[edge], 0)
        elo, ehi = _stats.wilson_interval(k_edge, out["n_docs_concept"].to_numpy()[edge], alpha)
        blo[edge], bhi[edge] = elo, ehi
    out.insert(5, "ci_low", blo)
    out.insert(6, "ci_high", bhi)
    inference = (
        f"{1 - alpha:.0%} intervals of each share from a bootstrap over documents ({n_boot:,} replicates "
        f"resampling whole documents within groups; expanded percentile)"
        if n_boot
        else "no intervals of the shares (n_boot=0)"
    )
    inference += "; Wilson intervals over documents for doc_share; mention-level Wilson intervals only as wilson_low/high"
    out.attrs.update(alpha=alpha, n_boot=int(n_boot), n_unlabelled=int(len(corpus) - len(vc)), inference=inference)
    return out


def _chi2_stat(table: np.ndarray) -> float:
    exp = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return float(np.nansum((table - exp) ** 2 / exp))


@validate_params({"n_perm": [Interval(numbers.Integral, 1, None)], "seed": ["seed"]})
@fill_doc
@records_call
def naming_test(
    corpus,
    concept,
    by,
    *,
    lexicon="all",
    groups=None,
    n_perm: int = 2000,
    seed=0,
) -> pd.DataFrame:
    r"""Do groups differ in which variant they use? Two tests of independence.

    **Report the permutation row: its unit is the document.** The chi2 row
    is the textbook test whose unit is the mention; it is valid only when
    each document mentions the concept about once.

    Parameters
    ----------
    {params.corpus}
    {params.concept}
    {params.by}
    {params.lexicon}
    {params.groups}
    {params.n_perm}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        Two rows, ``test`` = ``'chi2'`` (``unit`` = ``'mention'``) and
        ``'permutation'`` (``unit`` = ``'document'``; report this one), with
        ``statistic`` (Pearson :math:`X^2` of the group x variant table of
        mentions), ``dof`` (:math:`(r-1)(c-1)`), ``p``, ``n_groups`` and
        ``n_variants`` (those with at least one mention), ``n_mentions``,
        ``n_docs`` (documents with a mention) and ``note`` (groups or
        variants left out for having no mention; small expected counts).

    Notes
    -----
    ``chi2`` is Pearson's test of independence on the group x variant table
    (``scipy.stats.chi2_contingency``, no continuity correction): it treats
    every mention as independent, which overstates the evidence when
    documents repeat their choice. ``permutation`` keeps the same statistic
    but takes its null distribution from shuffling the group labels over the
    documents that mention the concept (each document moves with all its
    mentions), so documents, not mentions, are the units; its p-value is
    :math:`(1 + \#\{X^2_{perm} \ge X^2_{obs}\}) / (1 + n_{perm})`
    (Phipson & Smyth 2010). Groups or variants without any mention are
    dropped before both tests (and listed in ``note``).

    Raises
    ------
    InputError
        If ``concept`` is not a concept of ``lexicon``, a Dictionary or a
        mapping, or has fewer than two variants; if ``by`` names no metadata
        column or has the wrong length; if ``groups`` names an unknown group; if
        fewer than two groups and two variants have mentions; if ``n_perm`` is
        not a positive int.

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations
    ... *Philosophical Magazine*, 50(302), 157-175.

    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
    Hypotheses* (3rd ed.). Springer.

    Phipson, B., & Smyth, G. K. (2010). Permutation p-values should never be
    zero. *Statistical Applications in Genetics and Molecular Biology*, 9(1).

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Kiev"] * 6 + ["Kyiv"] * 6, pd.DataFrame({"g": ["a"] * 6 + ["b"] * 6}))
    >>> t = naming_test(c, {"Kyiv": ["kyiv"], "Kiev": ["kiev"]}, "g", n_perm=200)
    >>> t[["test", "unit", "statistic", "dof"]].values.tolist()
    [['chi2', 'mention', 12.0, 1], ['permutation', 'document', 12.0, 1]]
    """
    rng = _stats.as_generator(seed)
    vc = _variant_counts(corpus, concept, by, lexicon=lexicon, groups=groups, where="naming_test()")
    variants = [c for c in vc.columns if c != "group"]
    order = group_order(vc["group"], groups=groups)
    X = vc[variants].to_numpy(dtype=float)
    mention = X.sum(axis=1) > 0
    X = X[mention]
    labels = vc["group"].to_numpy(dtype=object)[mention]
    notes = []
    g_keep = [g for g in order if (labels == g).any()]
    if len(g_keep) < len(order):
        notes.append(f"groups without a mention left out: {[g for g in order if g not in g_keep]}")
    v_keep = X.sum(axis=0) > 0
    if not v_keep.all():
        notes.append(f"variants without a mention left out: {[v for v, k in zip(variants, v_keep) if not k]}")
    X = X[:, v_keep]
    if len(g_keep) < 2 or X.shape[1] < 2:
        raise InputError(
            f"naming_test() needs at least two groups and two variants with mentions; found groups "
            f"{g_keep} and variants {[v for v, k in zip(variants, v_keep) if k]}"
        )
    codes = np.array([g_keep.index(g) for g in labels])
    onehot = np.eye(len(g_keep))[codes]
    table = onehot.T @ X
    chi2, p, dof, exp = stats.chi2_contingency(table, correction=False)
    small = float((exp < 5).mean())
    if small > 0.2:
        notes.append(f"{small:.0%} of expected counts are below 5: the chi2 p-value is unreliable, prefer the permutation test")
    obs = _chi2_stat(table)
    _stats.check_replicate_memory(min(n_perm, 500), X.shape[0] * len(g_keep), "naming_test()", what="n_perm")
    exceed = 0
    onehot = np.eye(len(g_keep))
    for s in range(0, n_perm, 500):
        e = min(n_perm, s + 500)
        perms = np.argsort(rng.random((e - s, codes.size)), axis=1)
        tables = np.einsum("pdg,dv->pgv", onehot[codes[perms]], X)  # (chunk, groups, variants)
        expected = tables.sum(axis=2, keepdims=True) * tables.sum(axis=1, keepdims=True) / X.sum()
        with np.errstate(invalid="ignore", divide="ignore"):
            stat = np.nansum((tables - expected) ** 2 / expected, axis=(1, 2))
        exceed += int((stat >= obs - 1e-9 * max(1.0, obs)).sum())
    p_perm = float(_stats.permutation_p(exceed, n_perm))
    common = dict(
        n_groups=len(g_keep), n_variants=int(X.shape[1]), n_mentions=int(X.sum()), n_docs=int(X.shape[0]),
        note="; ".join(notes),
    )  # fmt: skip
    out = pd.DataFrame(
        [
            dict(test="chi2", unit="mention", statistic=float(chi2), dof=int(dof), p=float(p), **common),
            dict(test="permutation", unit="document", statistic=float(obs), dof=int(dof), p=float(p_perm), **common),
        ]
    )
    out.attrs["inference"] = (
        f"p-value from a permutation test of Pearson's X2 that shuffles group labels over the documents that "
        f"mention the concept ({n_perm:,} permutations; the document is the unit); the chi2 row's p treats "
        f"mentions as independent"
    )
    return out
