"""The scikit-learn estimator behind a TopicModel: ``method`` and its options turned into NMF, LDA or a clone."""

from __future__ import annotations

from sklearn.base import clone
from sklearn.decomposition import NMF, LatentDirichletAllocation, MiniBatchNMF

from ..errors import InputError

__all__ = ["make_estimator"]


def make_estimator(model):
    """The scikit-learn estimator a TopicModel fits, and the weighting of its counts (``'count'`` or ``'tfidf'``)."""
    method = model.method
    max_iter = model.max_iter  # max_iter and weighting are checked by TopicModel.fit
    if isinstance(method, str):
        if method == "lda":
            if model.weighting == "tfidf":
                raise InputError("weighting='tfidf' does not work with method='lda' (LDA models counts)")
            est = LatentDirichletAllocation(
                n_components=int(model.n_topics), learning_method="batch", max_iter=max_iter or 30,
                random_state=model.random_state, n_jobs=model.n_jobs,
            )  # fmt: skip
            return est, "count"
        if method == "nmf":
            est = NMF(
                n_components=int(model.n_topics), init="nndsvdar", max_iter=max_iter or 200, tol=1e-3,
                random_state=model.random_state,
            )  # fmt: skip
            return est, model.weighting or "tfidf"
        if method == "online_lda":
            if model.weighting == "tfidf":
                raise InputError("weighting='tfidf' does not work with method='online_lda' (LDA models counts)")
            est = LatentDirichletAllocation(
                n_components=int(model.n_topics), learning_method="online", max_iter=max_iter or 10,
                batch_size=256, random_state=model.random_state, n_jobs=model.n_jobs,
            )  # fmt: skip
            return est, "count"
        if method == "minibatch_nmf":
            est = MiniBatchNMF(
                n_components=int(model.n_topics), init="nndsvdar", max_iter=max_iter or 200, batch_size=1024,
                random_state=model.random_state,
            )  # fmt: skip
            return est, model.weighting or "tfidf"
        raise InputError(
            f"method must be 'lda', 'nmf', 'online_lda', 'minibatch_nmf' or a scikit-learn estimator, got {method!r}"
        )
    if not (hasattr(method, "fit_transform") and hasattr(method, "get_params")):
        raise InputError(
            f"method must be 'lda', 'nmf' or a scikit-learn estimator with fit_transform, got {type(method).__name__}"
        )
    est = clone(method)
    params = est.get_params()
    update = {}
    if "n_components" in params:
        update["n_components"] = int(model.n_topics)
    if "random_state" in params:
        update["random_state"] = model.random_state
    if max_iter is not None and "max_iter" in params:
        update["max_iter"] = max_iter
    est.set_params(**update)
    return est, model.weighting or "count"
