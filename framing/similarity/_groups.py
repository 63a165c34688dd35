"""Distances between groups of documents, with the chance-corrected JSD and its bootstrap interval."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from scipy import sparse

from .._docs import fill_doc
from .._provenance import records_call
from .._stats import (
    as_generator,
    bootstrap_weights,
    check_n_boot,
    check_replicate_memory,
    percentile_interval,
    small_group_warning,
)
from .._validation import Interval, validate_params, warn_ignored
from ..corpus import DocumentTermMatrix, group_order
from ..errors import InputError
from ._measures import _DTM, _MEASURE, _cosine_matrix, _doc_matrix, _long, _measures, jensen_shannon_matrix


@validate_params(
    {
        "measure": _MEASURE,
        "dtm": _DTM,
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def group_distances(
    corpus,
    by,
    *,
    measure="jsd",
    groups=None,
    column: str = "source",
    dtm: DocumentTermMatrix | None = None,
    n_boot: int = 0,
    seed=0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Distances between groups of documents (e.g. outlets or ownership types).

    A group's term distribution is the sum of its documents' counts
    (longer documents weigh more). ``'jsd'`` is the Jensen-Shannon distance
    of these distributions (Lin 1991; base 2; see
    :func:`jensen_shannon_matrix`). ``'cosine'`` is one minus the cosine
    similarity of the groups' summed counts weighted by tf-idf, with the idf
    fitted on the documents (Salton & Buckley 1988; scikit-learn's smoothed
    idf, l2 norm).

    **Bias and its correction (``n_boot > 0``).** The plug-in distance
    ``distance`` between two finite samples is biased upward, strongly so
    for word counts: rare terms land by chance in one group only, and words
    cluster in documents. Two samples of one population are not at distance
    0, and in a simulation with a true distance of 0.153 (groups of 25 and
    35 documents of ~200 tokens) the plug-in averaged 0.21 for multinomial
    and 0.28 for overdispersed documents. The corrected estimate works on
    the divergence :math:`D = \mathrm{JSD}^2` and subtracts what chance
    alone gives for groups of these sizes:

    .. math::
        \hat D_{c} = \hat D - \bar D^{\pi}, \qquad
        \texttt{estimate} = \sqrt{\max(\hat D_c, 0)},

    where :math:`\bar D^{\pi}` is the mean divergence over ``n_boot``
    random relabellings of the two groups' documents with the group sizes
    fixed (the distance expected by chance, reported as ``chance_distance`` =
    :math:`\sqrt{\bar D^{\pi}}`; a permutation null, Good 2005; the
    finite-size bias of plug-in JSD for heavy-tailed word frequencies:
    Gerlach, Font-Clos & Altmann 2016). Its uncertainty comes from a
    bootstrap over documents resampled within groups (Efron & Tibshirani
    1993): ``ci_low``, ``ci_high`` are
    :math:`\sqrt{\max(\hat D_c + q_u(D^* - \bar D^*), 0)}` at
    :math:`u = \alpha/2, 1-\alpha/2`, the bootstrap's spread placed around
    the corrected estimate. Measured (``benchmarks/results/calibration.txt``):
    the corrected estimate averaged 0.151 (multinomial) and 0.152
    (overdispersed) for the true 0.153, and the 95% interval covered the
    true distance in all 100 runs of both settings (it is conservative;
    the plug-in averaged 0.208 and 0.278). Relabelling mixes the two groups, so the chance level
    also contains a little of their true difference (about :math:`D/N`
    for :math:`N` documents), which is negligible.

    Parameters
    ----------
    {params.corpus}
    {params.by}
    measure : {'jsd', 'cosine'} or list of them, default='jsd'
    {params.groups}
    {params.column}
    {params.dtm}
    {params.n_boot}
        Default 0. Gives the JSD interval, and as many relabellings give its
        chance level; with 0 ``estimate``, ``ci_low`` and ``ci_high`` are NaN.
    {params.seed}
    {params.alpha}

    Returns
    -------
    pandas.DataFrame
        One row per pair of groups (in the order of ``groups``, else sorted as strings)
        and measure: ``group_a``, ``group_b``, ``distance`` (plug-in),
        ``measure``, ``n_docs_a``, ``n_docs_b``, ``estimate``
        (bias-corrected JSD), ``ci_low``, ``ci_high``, ``chance_distance``
        (NaN for cosine and with ``n_boot=0``). ``attrs['inference']`` says
        how they were obtained.

    Raises
    ------
    InputError
        Unknown groups, groups without documents, fewer than two groups,
        a bad ``measure``, ``n_boot``, ``alpha`` or ``seed``, a ``dtm`` that
        is not document-level.

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy.
    *IEEE Transactions on Information Theory*, 37(1), 145-151.
    Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic
    text retrieval. *Information Processing & Management*, 24(5), 513-523.
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
    Good, P. (2005). *Permutation, Parametric, and Bootstrap Tests of
    Hypotheses* (3rd ed.). Springer.
    Gerlach, M., Font-Clos, F., & Altmann, E. G. (2016). Similarity of
    symbol frequency distributions with heavy tails. *Physical Review X*,
    6(2), 021009.

    Examples
    --------
    >>> from framing import load_corpus
    >>> t = group_distances(load_corpus(), "ownership")
    >>> t[["group_a", "group_b"]].values.tolist()[:2]
    [['private', 'public'], ['private', 'state']]
    """
    measures = _measures(measure)
    n_boot = check_n_boot(n_boot, allow_zero=True, alpha=alpha, where="group_distances()")
    if n_boot and "jsd" not in measures:
        warn_ignored("group_distances()", {"n_boot": n_boot}, "only measure='jsd' has a bootstrap interval")
    dtm = _doc_matrix(corpus, dtm, "group_distances()")
    X, rows, _ = dtm
    labels, names = _matrix_labels(corpus, rows, by, column, groups)
    idx, n_docs, G = _group_counts(X, labels, names)
    mats = {m: jensen_shannon_matrix(G) if m == "jsd" else _cosine_matrix(X, G) for m in measures}
    small_group_warning({g: int(n) for g, n in zip(names, n_docs)}, "group_distances()", "their intervals are degenerate")
    nan = np.full((len(names), len(names)), np.nan)
    extra = {m: {"estimate": nan, "ci_low": nan, "ci_high": nan, "chance_distance": nan} for m in measures}
    if n_boot and "jsd" in measures:
        extra["jsd"] = _jsd_inference(X, labels, names, idx, mats["jsd"], int(n_boot), alpha, seed)
    n_mat = np.broadcast_to(n_docs[:, None], (len(names), len(names)))
    for m in measures:
        extra[m]["n_docs_a"] = n_mat
        extra[m]["n_docs_b"] = n_mat.T
    out = _long(names, mats, extra)
    cols = ["group_a", "group_b", "distance", "measure", "n_docs_a", "n_docs_b", "estimate", "ci_low", "ci_high", "chance_distance"]
    for col in cols:  # n_boot=0 or cosine: the same columns without values
        if col not in out.columns:
            out[col] = np.nan
    out = out[cols]
    if n_boot and "jsd" in measures:
        out.attrs["inference"] = (
            f"Jensen-Shannon distance corrected for chance (the mean squared distance over {n_boot:,} relabellings "
            f"of each pair's documents with group sizes fixed subtracted from the plug-in squared distance); "
            f"{1 - alpha:.0%} intervals from {n_boot:,} bootstrap replicates resampling documents within groups"
        )
    return out


def _matrix_labels(corpus, rows, by, column, groups):
    """Group label of each row of the matrix (the one resolver), and the groups in table order."""
    try:
        all_labels = corpus.groups(by, column=column, groups=groups)
    except InputError as exc:
        raise InputError(f"group_distances(): {exc}") from None
    labels = all_labels.reindex(rows["doc_id"].to_numpy(dtype=object)).to_numpy(dtype=object)
    names = group_order(labels, groups=groups)  # groups= order, else sorted as strings
    present = set(pd.Series(labels).dropna())
    empty = [g for g in names if g not in present]
    if empty:
        raise InputError(f"group_distances(): group(s) {empty} have no documents in the matrix")
    if len(names) < 2:
        raise InputError(f"group_distances(): need at least two groups with documents, got {names}")
    return labels, names


def _group_counts(X, labels, names):
    """Rows of each group, their number, and the group-by-term counts."""
    idx = {g: np.flatnonzero(pd.Series(labels).eq(g).to_numpy()) for g in names}
    n_docs = np.array([idx[g].size for g in names])
    A = sparse.csr_matrix(
        (np.ones(sum(n_docs)), (np.repeat(np.arange(len(names)), n_docs), np.concatenate([idx[g] for g in names]))),
        shape=(len(names), X.shape[0]),
    )
    G = A @ X
    empty_rows = np.flatnonzero(np.asarray(G.sum(axis=1)).ravel() == 0)
    if empty_rows.size:
        raise InputError(f"group_distances(): group(s) {[names[i] for i in empty_rows]} have no tokens in the matrix")
    return idx, n_docs, G


def _jsd_inference(X, labels, names, idx, jsd, n_boot: int, alpha: float, seed) -> dict:
    """Chance-corrected JSD with its bootstrap interval and chance level (matrices, groups x groups)."""
    check_replicate_memory(n_boot, max(X.shape[0], 2 * len(names) ** 2), "group_distances()")
    rng = as_generator(seed)
    W = bootstrap_weights(labels, n_boot, rng)
    gid = np.full(X.shape[0], -1)
    for k, g in enumerate(names):
        gid[idx[g]] = k
    used = np.flatnonzero(gid >= 0)
    boot = np.empty((n_boot, len(names), len(names)))
    for r in range(n_boot):
        Ab = sparse.csr_matrix((W[r, used].astype(float), (gid[used], used)), shape=(len(names), X.shape[0]))
        boot[r] = jensen_shannon_matrix(Ab @ X) ** 2
    est_d = jsd**2
    chance = np.zeros((len(names), len(names)))
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            chance[i, j] = chance[j, i] = _chance_divergence(X, idx[names[i]], idx[names[j]], n_boot, rng)
    corrected = est_d - chance
    q_low, q_high = percentile_interval(boot - boot.mean(axis=0), alpha, axis=0)
    return {
        "estimate": np.sqrt(np.clip(corrected, 0, 1)),
        "ci_low": np.sqrt(np.clip(corrected + q_low, 0, 1)),
        "ci_high": np.sqrt(np.clip(corrected + q_high, 0, 1)),
        "chance_distance": np.sqrt(chance),
    }


def _chance_divergence(X, ia, ib, n_perm, rng, chunk: int = 50) -> float:
    """Mean squared JSD between groups of len(ia) and len(ib) documents drawn by relabelling ia + ib."""
    pool = np.concatenate([ia, ib])
    Xp = X[pool]
    cols = np.flatnonzero(np.asarray(Xp.sum(axis=0)).ravel() > 0)
    Xp = Xp[:, cols]
    total = np.asarray(Xp.sum(axis=0)).ravel()
    out = 0.0
    for s in range(0, n_perm, chunk):
        e = min(n_perm, s + chunk)
        keys = rng.random((e - s, pool.size)).argsort(axis=1) < ia.size  # True = relabelled as the first group
        first = np.asarray((sparse.csr_matrix(keys.astype(float)) @ Xp).todense())
        second = total[None, :] - first
        P = first / first.sum(axis=1, keepdims=True)
        Q = second / second.sum(axis=1, keepdims=True)
        M = (P + Q) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            kp = np.where(P > 0, P * np.log2(P / M), 0.0).sum(axis=1)
            kq = np.where(Q > 0, Q * np.log2(Q / M), 0.0).sum(axis=1)
        out += float(np.clip((kp + kq) / 2, 0, 1).sum())
    return out / n_perm
