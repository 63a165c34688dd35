"""Scoring an automated frame measure against human codes."""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse, stats

from .._docs import fill_doc
from .._stats import as_generator, check_alpha, check_n_boot, percentile_interval, wilson_interval
from .._validation import Interval, validate_params
from ..errors import InputError
from ._common import consensus, frame_list, wide_scores
from .agreement import krippendorff_alpha

__all__ = ["validate_measure", "calibration_table", "roc_auc", "learn_thresholds", "term_audit"]

_METRICS = ("auc", "precision", "recall", "f1", "alpha", "f1_cv", "auc_length", "f1_flag_all")


def roc_auc(y, score) -> float:
    r"""Area under the ROC curve, as the Mann-Whitney probability.

    :math:`\mathrm{AUC} = (R_1 - n_1(n_1+1)/2)/(n_1 n_0)`, with
    :math:`R_1` the sum of the mid-ranks of the positives' scores among
    all scores: the probability that a random positive scores above a
    random negative, ties counting one half (Hanley & McNeil 1982).

    Parameters
    ----------
    y : array-like of 0/1
    score : array-like of float

    Returns
    -------
    float
        NaN when ``y`` has no positive or no negative.

    Raises
    ------
    InputError
        When ``y`` and ``score`` differ in length.

    References
    ----------
    Hanley, J. A., & McNeil, B. J. (1982). The meaning and use of the area
    under a receiver operating characteristic (ROC) curve. *Radiology*,
    143(1), 29-36.

    Examples
    --------
    Positives score 0.8, 0.4, 0.4; negatives 0.4, 0.1. Of the 6
    (positive, negative) pairs, 0.8 wins both, each 0.4 ties one (1/2) and
    wins one: (2 + 1.5 + 1.5) / 6 = 0.8333:

    >>> round(roc_auc([1, 1, 1, 0, 0], [0.8, 0.4, 0.4, 0.4, 0.1]), 4)
    0.8333
    """
    y = np.asarray(y, dtype=float)
    s = np.asarray(score, dtype=float)
    if y.shape != s.shape:
        raise InputError(f"roc_auc(): y has {y.size} labels but score has {s.size} values; give one score per label")
    n1 = float((y == 1).sum())
    n0 = float((y == 0).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = stats.rankdata(s)
    return float((r[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def _prf(y, flag) -> tuple[float, float, float]:
    tp = float((flag & (y == 1)).sum())
    fp = float((flag & (y == 0)).sum())
    fn = float((~flag & (y == 1)).sum())
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return prec, rec, f1


def _best_threshold(y, s) -> float:
    """The cut (flag when score > cut) with the highest F1 on (y, s); ties: the lowest cut."""
    cand = np.unique(s)
    cuts = np.concatenate([[cand[0] - 1.0], cand[:-1]]) if cand.size else np.array([0.0])
    best, best_f1 = cuts[0], -1.0
    for c in cuts:
        f1 = _prf(y, s > c)[2]
        if np.isfinite(f1) and f1 > best_f1 + 1e-12:
            best, best_f1 = c, f1
    return float(best)


def learn_thresholds(scores, codes, *, frames=None, value: str | None = None, rule: str = "majority") -> dict:
    """Per-frame score thresholds with the best F1 against human codes.

    For each frame, the cut :math:`t` among the observed scores that
    maximises F1 of the flag "score > t" on the coded documents (ties: the
    lowest cut). Pass the result to :func:`framing.frame_scores`
    (``thresholds=``). The F1 at a learned threshold is optimistic on the
    documents it was learned on; :func:`validate_measure`'s ``f1_cv``
    gives the honest, cross-validated value.

    Parameters
    ----------
    scores, codes, frames, value, rule
        As in :func:`validate_measure`.

    Returns
    -------
    dict of str to float

    Raises
    ------
    InputError
        For scores or codes of the wrong shape, an unknown frame or ``rule``,
        or a frame no coded document has a score for.

    References
    ----------
    van Rijsbergen, C. J. (1979). *Information Retrieval* (2nd ed.),
    chapter 7 (the F-measure). Butterworths.

    Examples
    --------
    >>> import pandas as pd
    >>> idx = pd.Index(list("abcd"), name="doc_id")
    >>> learn_thresholds(pd.DataFrame({"economic": [0.0, 5.0, 20.0, 30.0]}, index=idx),
    ...                  pd.DataFrame({"economic": [0, 0, 1, 1]}, index=idx))
    {'economic': 5.0}
    """
    s_wide = wide_scores(scores, "learn_thresholds()", value)
    labels = consensus(codes, "learn_thresholds()", rule)
    frames = frame_list(frames, [f for f in s_wide.columns if f in labels.columns], "learn_thresholds()")
    out = {}
    for f in frames:
        pair = pd.concat([s_wide[f].rename("s"), labels[f].rename("y")], axis=1, join="inner").dropna()
        if pair.empty:
            raise InputError(f"learn_thresholds(): no coded document has a {f!r} score; check that the doc_ids match")
        out[f] = _best_threshold(pair["y"].to_numpy(dtype=float), pair["s"].to_numpy(dtype=float))
    return out


def term_audit(dictionary, data, codes, *, frames=None, rule: str = "majority") -> pd.DataFrame:
    r"""How each dictionary term changes the precision of its frame's flag.

    On the coded documents, a frame is flagged when any of its terms
    occurs. For each matched term: the coded documents that use it, the
    share of them coded positive (the term's own precision), and the
    frame's precision and recall with the term dropped. A term whose drop
    raises precision without costing much recall over-matches (a glob that
    catches *investigators*, a title such as *Justice*); refine it with an
    exclusion (``invest* -investig*``) or exact case (``=justice``).

    Parameters
    ----------
    dictionary : Dictionary
    data : Corpus or DocumentTermMatrix
    codes : pandas.DataFrame
        As in :func:`validate_measure`.
    frames : list of str, optional
        Default: the categories the codes have.
    rule : {'majority', 'any', 'all'}, default='majority'

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``term``, ``n_docs`` (coded documents using the term),
        ``n_positive`` (of them coded positive), ``term_precision``,
        ``precision`` and ``recall`` (all terms), ``precision_without``,
        ``recall_without`` (the term dropped), ``precision_change``
        (``precision_without - precision``), sorted by frame and by
        descending ``precision_change``.

    Raises
    ------
    InputError
        For codes of the wrong shape, an unknown frame or ``rule``, or a frame
        without coded documents in ``data``.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus, Dictionary
    >>> c = Corpus.from_texts(["Investors invest money.", "Investigators came.", "Costs rose."],
    ...                       pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> codes = pd.DataFrame({"economic": [1, 0, 1]}, index=pd.Index(["a", "b", "c"], name="doc_id"))
    >>> t = term_audit(Dictionary({"economic": ["invest*", "cost*"]}), c, codes)
    >>> t[["term", "term_precision", "precision_change"]].values.tolist()[0]
    ['Investigators', 0.0, 0.33333333333333337]
    """
    labels = consensus(codes, "term_audit()", rule)
    frames = frame_list(frames, [f for f in dictionary if f in labels.columns], "term_audit()")
    rows = []
    for f in frames:
        X, terms, ids = dictionary.term_counts(data, f)
        y_all = labels[f].reindex(ids["doc_id"].astype(str)).to_numpy(dtype=float)
        keep = np.isfinite(y_all)
        if not keep.any():
            raise InputError(f"term_audit(): no coded document is in the data for frame {f!r}")
        X = sparse.csr_matrix(X[keep] > 0, dtype=np.int64)
        y = y_all[keep]
        hits = np.asarray(X.sum(axis=1)).ravel()
        prec, rec, _ = _prf(y, hits > 0)
        n_t = np.asarray(X.sum(axis=0)).ravel()
        pos_t = np.asarray(X.T @ y).ravel()
        for k, term in enumerate(terms):
            if n_t[k] == 0:
                continue
            without = (hits - X[:, k].toarray().ravel()) > 0
            p2, r2, _ = _prf(y, without)
            rows.append((f, term, int(n_t[k]), int(pos_t[k]), pos_t[k] / n_t[k], prec, rec, p2, r2, p2 - prec))
    out = pd.DataFrame(rows, columns=["frame", "term", "n_docs", "n_positive", "term_precision", "precision", "recall",
                                      "precision_without", "recall_without", "precision_change"])  # fmt: skip
    order = {f: i for i, f in enumerate(frames)}
    out = out.sort_values(["frame", "precision_change", "term"], key=lambda s: s.map(order) if s.name == "frame" else s,
                          ascending=[True, False, True], kind="stable").reset_index(drop=True)  # fmt: skip
    return out


def _cv_f1(y, s, folds: int, rng) -> float:
    """F1 of flags whose cut was chosen on the other folds (pooled over folds)."""
    n = y.size
    fold = rng.permutation(np.arange(n) % folds)
    flag = np.zeros(n, dtype=bool)
    for k in range(folds):
        test = fold == k
        cut = _best_threshold(y[~test], s[~test])
        flag[test] = s[test] > cut
    return _prf(y, flag)[2]


def _metrics(y, s, length, cut, folds, rng, with_cv: bool) -> list[float]:
    flag = s > cut
    prec, rec, f1 = _prf(y, flag)
    alpha = krippendorff_alpha(np.vstack([flag.astype(float), y]), "nominal")
    base = y.mean()
    f1_cv = _cv_f1(y, s, folds, rng) if with_cv else float("nan")
    auc_len = roc_auc(y, length) if length is not None else float("nan")
    return [roc_auc(y, s), prec, rec, f1, alpha, f1_cv, auc_len, 2 * base / (1 + base) if base > 0 else 0.0]


@validate_params({"folds": [Interval(Integral, 2, None)], "seed": ["seed"]})
@fill_doc
def validate_measure(
    scores,
    codes,
    *,
    frames=None,
    threshold=None,
    value: str | None = None,
    lengths=None,
    rule: str = "majority",
    folds: int = 5,
    n_boot: int = 1000,
    seed=0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""How well an automated frame measure agrees with human codes.

    For each frame, on the documents the coders coded (their label is the
    coders' ``rule``, by default the majority):

    * ``auc``: ROC AUC of the score (:func:`roc_auc`), the chance that a
      coded-positive document scores higher than a coded-negative one;
    * ``precision``, ``recall``, ``f1`` of the flag "score > threshold";
    * ``alpha``: Krippendorff's nominal alpha between that flag and the
      coders' label (as two coders);
    * ``f1_cv``: F1 when the threshold is chosen, by the best F1, on the
      other ``folds`` folds (an honest estimate of a tuned threshold);
      the threshold chosen on all coded documents is in the
      ``best_threshold`` column;
    * baselines: ``auc_length`` (document length as the score; needs
      ``lengths`` or tidy ``scores`` with ``n_tokens``) and
      ``f1_flag_all`` (flag every document: :math:`2p/(1+p)` at base rate
      :math:`p`). A measure worth reporting beats both.

    Intervals are percentile bootstrap intervals over coded documents
    (Efron & Tibshirani 1993).

    Parameters
    ----------
    scores : pandas.DataFrame
        Wide (index or column ``doc_id``, one numeric column per frame:
        rates, counts or probabilities) or tidy as returned by
        :func:`framing.frame_scores` (``value`` column, default ``rate``).
    codes : pandas.DataFrame
        The long table of :func:`framing.read_codes`, or a wide 0/1 table
        indexed by ``doc_id``.
    frames : list of str, optional
        Default: the frames both tables have.
    threshold : float or mapping of frame to float, optional
        Flag when the score is above it. Default: 0.5 when every score of
        the frame lies in [0, 1] (probabilities), else 0 (a dictionary's
        "at least one match").
    value : str, optional
        The column of tidy ``scores`` to use (default ``'rate'``).
    lengths : pandas.Series, optional
        Document length (tokens) by ``doc_id`` for the length baseline.
    rule : {'majority', 'any', 'all'}, default='majority'
        How several coders' codes make one label.
    folds : int, default=5
    n_boot : int, default=1000
        0 gives no intervals; a positive value must be at least 50.
    {params.seed}
    {params.alpha}
        (Not Krippendorff's alpha.)

    Returns
    -------
    pandas.DataFrame
        One row per frame x metric: ``frame``, ``metric`` (``auc``,
        ``precision``, ``recall``, ``f1``, ``alpha``, ``f1_cv``,
        ``auc_length``, ``f1_flag_all``), ``estimate``, ``ci_low``,
        ``ci_high``, ``threshold``, ``best_threshold``, ``n_docs`` (coded
        documents with a score), ``n_positive``.

    Raises
    ------
    InputError
        When no coded document has a score, for a bad ``threshold``,
        ``folds`` or ``n_boot``.

    References
    ----------
    Hanley, J. A., & McNeil, B. J. (1982). *Radiology*, 143(1), 29-36.
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
    Grimmer, J., & Stewart, B. M. (2013). Text as data: the promise and
    pitfalls of automatic content analysis methods for political texts.
    *Political Analysis*, 21(3), 267-297 ("validate, validate, validate").

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"conflict": [3.0, 0.0, 2.0, 1.0]}, index=pd.Index(list("abcd"), name="doc_id"))
    >>> c = pd.DataFrame({"conflict": [1, 0, 0, 0]}, index=pd.Index(list("abcd"), name="doc_id"))
    >>> t = validate_measure(s, c, n_boot=0, folds=2)
    >>> t.set_index("metric").loc[["auc", "precision", "recall"], "estimate"].tolist()
    [1.0, 0.3333333333333333, 1.0]
    """
    check_alpha(alpha)
    if n_boot != 0:
        check_n_boot(n_boot, minimum=50)
    if lengths is None and isinstance(scores, pd.DataFrame) and {"doc_id", "frame", "n_tokens"} <= set(scores.columns):
        lengths = scores.drop_duplicates("doc_id").set_index("doc_id")["n_tokens"]
    s_wide = wide_scores(scores, "validate_measure()", value)
    labels = consensus(codes, "validate_measure()", rule)
    common = [f for f in s_wide.columns if f in labels.columns]
    frames = frame_list(frames, common, "validate_measure()")
    if lengths is not None:
        lengths = pd.Series(lengths).copy()
        lengths.index = lengths.index.astype(str)
    rng = as_generator(seed)
    rows = []
    for f in frames:
        pair = pd.concat([s_wide[f].rename("s"), labels[f].rename("y")], axis=1, join="inner").dropna()
        if pair.empty:
            raise InputError(f"validate_measure(): no coded document has a {f!r} score; check that the doc_ids match")
        y = pair["y"].to_numpy(dtype=float)
        s = pair["s"].to_numpy(dtype=float)
        if threshold is None:
            cut = 0.5 if (s.min() >= 0 and s.max() <= 1) else 0.0
        elif isinstance(threshold, dict):
            if f not in threshold:
                raise InputError(f"validate_measure(): threshold has no value for frame {f!r}")
            cut = float(threshold[f])
        else:
            cut = float(threshold)
        length = None
        if lengths is not None:
            length = lengths.reindex(pair.index).to_numpy(dtype=float)
            if np.isnan(length).any():
                raise InputError(f"validate_measure(): lengths miss {int(np.isnan(length).sum())} coded document(s)")
        est = _metrics(y, s, length, cut, int(folds), rng, True)
        low = np.full(len(_METRICS), np.nan)
        high = np.full(len(_METRICS), np.nan)
        if n_boot:
            reps = np.empty((int(n_boot), len(_METRICS)))
            for b in range(int(n_boot)):
                i = rng.integers(0, y.size, y.size)
                reps[b] = _metrics(y[i], s[i], None if length is None else length[i], cut, int(folds), rng, False)
            reps[:, _METRICS.index("f1_cv")] = np.nan  # not resampled: the cross-validation is the honest estimate
            some = np.isfinite(reps).any(axis=0)
            low[some], high[some] = percentile_interval(reps[:, some], alpha)
        best = _best_threshold(y, s)
        for k, m in enumerate(_METRICS):
            rows.append((f, m, est[k], low[k], high[k], cut, best, int(y.size), int(y.sum())))
    out = pd.DataFrame(rows, columns=["frame", "metric", "estimate", "ci_low", "ci_high", "threshold",
                                      "best_threshold", "n_docs", "n_positive"])  # fmt: skip
    ci = (f"{100 * (1 - alpha):g}% percentile bootstrap intervals from {int(n_boot)} replicates resampling coded "
          "documents" if n_boot else "no intervals (n_boot=0)")  # fmt: skip
    out.attrs["inference"] = (
        f"Measure scored against the coders' {rule} label: ROC AUC (Mann-Whitney), precision, recall and F1 at the "
        f"threshold, Krippendorff's nominal alpha between flag and label, F1 with the threshold chosen in {int(folds)}-fold "
        f"cross-validation; {ci}"
    )
    return out


@validate_params({"n_bins": [Interval(Integral, 1, None)]})
@fill_doc
def calibration_table(predictions, codes, *, frames=None, n_bins: int = 5, rule: str = "majority", alpha: float = 0.05) -> pd.DataFrame:
    r"""Predicted probability against the coders' share, in bins of the prediction.

    Coded documents are sorted into ``n_bins`` equal-width bins of the
    predicted probability; in each bin the share coded positive is given
    with its Wilson interval (Wilson 1927). A calibrated classifier's
    points lie on the diagonal (Niculescu-Mizil & Caruana 2005).

    Parameters
    ----------
    predictions : pandas.DataFrame
        Probabilities, wide (index ``doc_id``, one column per frame).
    codes : pandas.DataFrame
        As in :func:`validate_measure`.
    frames : list of str, optional
    n_bins : int, default=5
    rule : {'majority', 'any', 'all'}, default='majority'
    {params.alpha}

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``bin``, ``mean_predicted``, ``estimate`` (share coded
        positive), ``ci_low``, ``ci_high``, ``n_docs``; empty bins are left
        out.

    Raises
    ------
    InputError
        For an ``n_bins`` below 1, a bad ``alpha`` or ``rule``, predictions
        outside [0, 1], or predictions and codes that share no frame.

    References
    ----------
    Niculescu-Mizil, A., & Caruana, R. (2005). Predicting good
    probabilities with supervised learning. *ICML*.
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"economic": [0.1, 0.15, 0.9, 0.8]}, index=pd.Index(list("abcd"), name="doc_id"))
    >>> c = pd.DataFrame({"economic": [0, 1, 1, 1]}, index=pd.Index(list("abcd"), name="doc_id"))
    >>> calibration_table(p, c, n_bins=2)[["bin", "estimate", "n_docs"]].to_dict("list")
    {'bin': [0, 1], 'estimate': [0.5, 1.0], 'n_docs': [2, 2]}
    """
    check_alpha(alpha)
    p_wide = wide_scores(predictions, "calibration_table()")
    labels = consensus(codes, "calibration_table()", rule)
    frames = frame_list(frames, [f for f in p_wide.columns if f in labels.columns], "calibration_table()")
    rows = []
    for f in frames:
        pair = pd.concat([p_wide[f].rename("p"), labels[f].rename("y")], axis=1, join="inner").dropna()
        p = pair["p"].to_numpy(dtype=float)
        if p.size and (p.min() < 0 or p.max() > 1):
            raise InputError(f"calibration_table(): predictions for {f!r} must be probabilities in [0, 1]")
        b = np.minimum((p * n_bins).astype(int), n_bins - 1)
        for k in range(int(n_bins)):
            m = b == k
            if not m.any():
                continue
            pos = int(pair["y"].to_numpy()[m].sum())
            lo, hi = wilson_interval(pos, int(m.sum()), alpha)
            rows.append((f, k, float(p[m].mean()), pos / m.sum(), float(lo), float(hi), int(m.sum())))
    return pd.DataFrame(rows, columns=["frame", "bin", "mean_predicted", "estimate", "ci_low", "ci_high", "n_docs"])
