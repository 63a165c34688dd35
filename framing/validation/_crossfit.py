"""Cross-fitting: out-of-fold predictions for the coded documents, so that they can correct prevalence."""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.base import clone

from .._validation import Interval, validate_params
from .classifier import _counts, _labels

__all__ = ["cross_fit_predict"]


@validate_params({"folds": [Interval(Integral, 2, None)], "seed": ["seed"]})
def cross_fit_predict(estimator, data, codes, *, folds: int = 5, seed=0) -> pd.DataFrame:
    """Predictions for every document, out of fold for the coded ones (cross-fitting).

    A coded document's prediction comes from a copy of ``estimator``
    fitted on the other folds of coded documents; an uncoded document's
    from a copy fitted on all coded documents. These are the predictions
    design-based supervised learning needs (Egami et al. 2023, Section 3):
    a prediction made by a model that saw the document's own code would
    shrink its residual and bias :func:`framing.corrected_prevalence`.

    Parameters
    ----------
    estimator : FrameClassifier
        Unfitted settings (it is cloned).
    data : Corpus or DocumentTermMatrix
    codes : pandas.DataFrame or pandas.Series
        As ``y`` of :meth:`FrameClassifier.fit`.
    folds : int, default=5
    seed : int, default=0
        Seeds the assignment of coded documents to folds.

    Returns
    -------
    pandas.DataFrame
        Probabilities, index ``doc_id`` (corpus order), one column per
        frame, plus ``coded`` (bool).

    Raises
    ------
    InputError
        For ``folds`` below 2, a bad ``seed``, codes of the wrong shape, or a
        frame with fewer coded positives or negatives than the folds need.

    References
    ----------
    Egami, N., Hinck, M., Stewart, B. M., & Wei, H. (2023). Using imperfect
    surrogates for downstream inference: design-based supervised learning
    for social science applications of large language models. *NeurIPS 36*.
    Chernozhukov, V. et al. (2018). Double/debiased machine learning for
    treatment and structural parameters. *The Econometrics Journal*, 21(1).

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
    ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
    >>> c = Corpus.from_texts(texts)
    >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
    >>> p = cross_fit_predict(FrameClassifier(cv=2, min_df=1), c, y.to_frame(), folds=2)
    >>> list(p.columns), len(p)
    (['economic', 'coded'], 16)
    """
    from .._stats import as_generator

    labels = _labels(codes, "cross_fit_predict()")
    _, ids, _ = _counts(data, getattr(estimator, "lowercase", True))
    labels = labels.reindex(ids)
    coded = labels.notna().any(axis=1).to_numpy()
    full = clone(estimator).fit(data, labels)
    out = full.predict_proba(data)
    rng = as_generator(seed)
    idx = np.flatnonzero(coded)
    # stratify folds by the first frame's label so each fold keeps positives
    first = labels.iloc[idx, 0].fillna(0).to_numpy()
    fold = np.empty(idx.size, dtype=np.int64)
    for val in (0.0, 1.0):
        m = np.flatnonzero(first == val)
        fold[m] = rng.permutation(np.arange(m.size) % folds)
    for k in range(folds):
        held = idx[fold == k]
        train_labels = labels.copy()
        train_labels.iloc[held] = np.nan
        model = clone(estimator).fit(data, train_labels)
        out.iloc[held] = model.predict_proba(data).iloc[held].to_numpy()
    out["coded"] = coded
    return out
