"""Frame prevalence corrected for measurement error: design-based supervised learning (DSL)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .._docs import fill_doc
from .._stats import as_generator, bootstrap_weights, check_alpha, check_n_boot, percentile_interval
from ..errors import InputError
from ._common import consensus, frame_list, wide_scores

__all__ = ["corrected_prevalence"]


def _inclusion(inclusion_prob, ids, coded, what):
    """pi for every document (NaN where not coded)."""
    n_coded = int(coded.sum())
    if inclusion_prob is None:  # a simple random sample of the corpus
        return np.where(coded, n_coded / coded.size, np.nan), "simple random sample"
    if isinstance(inclusion_prob, pd.DataFrame):
        if not {"doc_id", "inclusion_prob"} <= set(inclusion_prob.columns):
            raise InputError(f"{what}: an inclusion_prob table needs doc_id and inclusion_prob columns (see coding_sample)")
        inclusion_prob = inclusion_prob.set_index(inclusion_prob["doc_id"].astype(str))["inclusion_prob"]
    if isinstance(inclusion_prob, (int, float)) and not isinstance(inclusion_prob, bool):
        pi = np.where(coded, float(inclusion_prob), np.nan)
        design = "equal probability"
    elif isinstance(inclusion_prob, pd.Series):
        s = inclusion_prob.copy()
        s.index = s.index.astype(str)
        if s.index.duplicated().any():
            raise InputError(f"{what}: inclusion_prob repeats doc_id {s.index[s.index.duplicated()][0]!r}")
        pi = s.reindex(ids).to_numpy(dtype=float)
        pi = np.where(coded, pi, np.nan)
        design = "known inclusion probabilities"
    else:
        raise InputError(
            f"{what}: inclusion_prob must be None, a number, a Series by doc_id or coding_sample's table, "
            f"got {type(inclusion_prob).__name__}"
        )
    miss = coded & ~np.isfinite(pi)
    if miss.any():
        raise InputError(f"{what}: no inclusion probability for {int(miss.sum())} coded document(s), e.g. {ids[miss][0]!r}")
    bad = coded & ((pi <= 0) | (pi > 1))
    if bad.any():
        raise InputError(f"{what}: inclusion probabilities must be in (0, 1]; doc_id {ids[bad][0]!r} has {pi[bad][0]!r}")
    return pi, design


@fill_doc
def corrected_prevalence(
    corpus,
    predictions,
    codes,
    *,
    by=None,
    groups=None,
    column: str = "source",
    frames=None,
    inclusion_prob=None,
    rule: str = "majority",
    n_boot: int = 0,
    seed=0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Frame prevalence per group, corrected for the errors of an automated measure.

    Design-based supervised learning (DSL; Egami, Hinck, Stewart & Wei
    2023). Every document :math:`i` has a prediction :math:`\hat Y_i`
    (a classifier's probability or a dictionary's 0/1 flag); a subset
    drawn with known inclusion probabilities :math:`\pi_i` has a human code
    :math:`Y_i` (:math:`R_i = 1`). The doubly-robust pseudo-outcome

    .. math::
        \tilde Y_i = \hat Y_i + \frac{R_i}{\pi_i}\,(Y_i - \hat Y_i)

    has expectation :math:`E[Y_i]` whatever the errors of
    :math:`\hat Y_i`, because the coded subset is a probability sample
    (the design, not the model, removes the bias). The prevalence in group
    :math:`g` is :math:`\hat\mu_g = \frac{1}{N_g}\sum_{i\in g}\tilde Y_i`
    with the sandwich standard error
    :math:`\widehat{\mathrm{se}}_g = \mathrm{sd}(\tilde Y_i)/\sqrt{N_g}`
    (the moment estimator of the ``dsl`` R package for a mean), and a
    normal interval; with ``n_boot`` > 0, a percentile bootstrap over
    documents within groups instead. Better predictions give narrower
    intervals, never biased ones.

    Beside it the table gives the naive estimate (the mean of the
    predictions, biased by the measure's errors) and the coded-only
    estimate (the Hajek mean of the coded documents, weighted by
    :math:`1/\pi_i`).

    Parameters
    ----------
    corpus : Corpus
        The documents whose prevalence is estimated.
    predictions : pandas.DataFrame
        One row per document (index or column ``doc_id``), one column per
        frame, values in [0, 1]; every corpus document needs one. For a
        classifier trained on the coded documents, the coded documents'
        predictions must be out of fold (:func:`framing.cross_fit_predict`).
    codes : pandas.DataFrame
        Human codes (:func:`framing.read_codes`'s long table or a wide 0/1
        table by ``doc_id``) for a probability sample of the corpus.
    by : str, mapping, callable, Series or array-like, optional
        Grouping, as in :meth:`Corpus.groups`; ``None`` gives one group
        ``'all'``.
    {params.groups}
    {params.column}
    frames : list of str, optional
    inclusion_prob : None, float, pandas.Series or DataFrame, optional
        :math:`\pi_i` of each coded document: the ``coding_sample`` table,
        a Series by ``doc_id``, or one number. ``None``: the coded
        documents are a simple random sample of the corpus,
        :math:`\pi = n_{coded}/N`.
    rule : {'majority', 'any', 'all'}, default='majority'
        How several coders' codes make one label.
    n_boot : int, default=0
        0: normal intervals from the sandwich standard error; a positive
        value (at least 100) gives percentile bootstrap intervals.
    {params.seed}
    {params.alpha}

    Returns
    -------
    pandas.DataFrame
        One row per frame x group: ``frame``, ``group``, ``estimate``
        (DSL), ``se``, ``ci_low``, ``ci_high``, ``naive`` (mean
        prediction), ``coded_mean`` (weighted mean of the codes, NaN when
        the group has no coded document), ``n_docs``, ``n_coded``,
        ``design``.

    Raises
    ------
    InputError
        For documents without a prediction, predictions outside [0, 1],
        codes for documents outside the corpus, inclusion probabilities
        missing or outside (0, 1], or a bad ``n_boot``.

    Notes
    -----
    The sandwich variance treats coding as independent Bernoulli draws
    with probabilities :math:`\pi_i`; for a fixed-size (stratified) sample
    it is slightly conservative. A group with no coded document gets the
    naive value plus no correction, and its interval understates the
    uncertainty: code documents in every group you report.

    References
    ----------
    Egami, N., Hinck, M., Stewart, B. M., & Wei, H. (2023). Using imperfect
    surrogates for downstream inference: design-based supervised learning
    for social science applications of large language models. *Advances in
    Neural Information Processing Systems 36* (NeurIPS 2023).
    Robins, J. M., Rotnitzky, A., & Zhao, L. P. (1994). Estimation of
    regression coefficients when some regressors are not always observed.
    *JASA*, 89(427), 846-866.

    Examples
    --------
    Four documents, predictions 0.5 each, two coded with pi = 1/2: the
    pseudo-outcomes are 0.5 + 2 (1 - 0.5) = 1.5, 0.5 + 2 (0 - 0.5) = -0.5,
    0.5 and 0.5, mean 0.5:

    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["a b", "c d", "e f", "g h"], pd.DataFrame({"doc_id": list("wxyz")}))
    >>> p = pd.DataFrame({"conflict": [0.5] * 4}, index=pd.Index(list("wxyz"), name="doc_id"))
    >>> y = pd.DataFrame({"conflict": [1, 0]}, index=pd.Index(["w", "x"], name="doc_id"))
    >>> corrected_prevalence(c, p, y)[["estimate", "naive", "coded_mean"]].values.tolist()
    [[0.5, 0.5, 0.5]]
    """
    what = "corrected_prevalence()"
    check_alpha(alpha)
    if n_boot != 0:
        check_n_boot(n_boot, minimum=100)
    ids, frames, Pv, Y, R, w, pseudo, design = _pseudo_outcomes(
        corpus, predictions, codes, frames=frames, inclusion_prob=inclusion_prob, rule=rule, what=what
    )
    labv, order = _group_labels(corpus, ids, by=by, groups=groups, column=column)
    z = stats.norm.ppf(1 - alpha / 2)
    W = bootstrap_weights(labv, int(n_boot), as_generator(seed)) if n_boot else None
    rows = []
    for g in order:
        m = labv == g
        n_g = int(m.sum())
        if n_g == 0:
            raise InputError(f"{what}: group {g!r} has no document; leave it out of groups=")
        est = pseudo[m].mean(axis=0)
        se = pseudo[m].std(axis=0, ddof=1) / np.sqrt(n_g) if n_g > 1 else np.full(len(frames), np.nan)
        if W is not None:
            reps = (W[:, m] @ pseudo[m]) / n_g  # (n_boot, n_frames): means of each replicate's resample
            low, high = percentile_interval(reps, alpha)
        else:
            low, high = est - z * se, est + z * se
        naive = Pv[m].mean(axis=0)
        for j, f in enumerate(frames):
            r = R[m, j]
            wj = w[m, j][r]
            coded_mean = float(np.sum(wj * Y[m, j][r]) / wj.sum()) if r.any() else float("nan")
            rows.append((f, g, float(est[j]), float(se[j]), float(low[j]), float(high[j]), float(naive[j]),
                         coded_mean, n_g, int(r.sum()), design))  # fmt: skip
    out = pd.DataFrame(rows, columns=["frame", "group", "estimate", "se", "ci_low", "ci_high", "naive",
                                      "coded_mean", "n_docs", "n_coded", "design"])  # fmt: skip
    out = out.sort_values(["frame"], kind="stable", key=lambda s: s.map(frames.index)).reset_index(drop=True)
    ci = (f"{100 * (1 - alpha):g}% percentile bootstrap intervals from {int(n_boot)} replicates resampling documents "
          "within groups" if n_boot else f"{100 * (1 - alpha):g}% normal intervals from the sandwich standard error")  # fmt: skip
    out.attrs["inference"] = (
        "Prevalence by design-based supervised learning (Egami, Hinck, Stewart & Wei 2023): mean of the doubly-robust "
        f"pseudo-outcome, predictions corrected by the inverse-probability-weighted residuals of the coded documents "
        f"({design}); {ci}"
    )
    return out


def _pseudo_outcomes(corpus, predictions, codes, *, frames, inclusion_prob, rule, what):
    """Predictions, codes and the doubly-robust pseudo-outcomes of every document (DSL), checked."""
    ids = corpus.documents.index.astype(str).to_numpy()
    pred = wide_scores(predictions, what)
    labels = consensus(codes, what, rule)
    frames = frame_list(frames, [f for f in pred.columns if f in labels.columns], what)
    if not frames:
        raise InputError(f"{what}: predictions and codes share no frame column")
    outside = labels.index.difference(pd.Index(ids))
    if len(outside):
        raise InputError(f"{what}: codes for {len(outside)} document(s) not in the corpus, e.g. {outside[0]!r}")
    P = pred.reindex(ids)[frames]
    if P.isna().to_numpy().any():
        bad = P.index[P.isna().any(axis=1)]
        raise InputError(f"{what}: {bad.size} document(s) have no prediction, e.g. {bad[0]!r}; predict every document")
    Pv = P.to_numpy(dtype=float)
    if (Pv < 0).any() or (Pv > 1).any():
        raise InputError(f"{what}: predictions must lie in [0, 1] (probabilities or 0/1 flags)")
    Y = labels.reindex(ids)[frames].to_numpy(dtype=float)
    coded_any = np.isfinite(Y).any(axis=1)
    pi, design = _inclusion(inclusion_prob, ids, coded_any, what)
    R = np.isfinite(Y)
    w = np.where(R, 1.0 / np.where(np.isfinite(pi), pi, 1.0)[:, None], 0.0)
    pseudo = Pv + w * np.where(R, Y - Pv, 0.0)
    return ids, frames, Pv, Y, R, w, pseudo, design


def _group_labels(corpus, ids, *, by, groups, column):
    """Each document's group (``'all'`` when ``by`` is None) and the groups in report order."""
    if by is None:
        lab = pd.Series("all", index=ids, dtype=object)
        order = ["all"]
    else:
        lab = corpus.groups(by, column=column, groups=groups)
        lab.index = lab.index.astype(str)
        lab = lab.reindex(ids)
        if groups is not None:
            order = [groups] if isinstance(groups, str) else list(groups)
        else:
            order = sorted(lab.dropna().unique().tolist(), key=str)
    labv = lab.to_numpy(dtype=object)
    return labv, order
