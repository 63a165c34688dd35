"""Saving and loading a fitted :class:`TopicModel` without pickle (JSON plus ``.npz`` arrays)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.decomposition import NMF, LatentDirichletAllocation

from ..corpus import DocumentTermMatrix
from ..errors import InputError
from ._files import FORMAT as _FORMAT
from ._files import read_model_files, write_model_files
from ._matrix import normalise_rows, tfidf_from_idf
from ._model import check_topic_model

__all__ = ["save_model", "load_model"]



def save_model(model, path, *, overwrite: bool = False) -> Path:
    """Write ``model`` to ``<stem>.json`` and ``<stem>.npz`` (see :meth:`TopicModel.save`)."""
    check_topic_model(model)
    stem = _stem(path)
    est = model.estimator_
    if type(est) not in (LatentDirichletAllocation, NMF):
        raise InputError(
            f"save(): only models fitted with scikit-learn's LatentDirichletAllocation or NMF can be saved "
            f"without pickle; this one uses {type(est).__name__}"
        )
    est_params = {k: v for k, v in est.get_params(deep=False).items() if _json_ok(v)}
    arrays = {}
    est_scalars = {}
    for name, value in vars(est).items():
        if not name.endswith("_") or name.startswith("__") or name == "random_state_":
            continue
        if isinstance(value, np.ndarray) and value.dtype != object:
            arrays[f"est__{name}"] = value
        elif _json_ok(value):
            est_scalars[name] = value.item() if isinstance(value, np.generic) else value
        else:
            raise InputError(f"save(): cannot store the estimator's attribute {name} ({type(value).__name__}) without pickle")
    m = model.dtm_.matrix
    arrays.update(
        components=model.components_, doc_topic=model.doc_topic_, term_frequency=model.term_frequency_,
        X_data=m.data, X_indices=m.indices, X_indptr=m.indptr, X_shape=np.array(m.shape),
    )  # fmt: skip
    if model.idf_ is not None:
        arrays["idf"] = model.idf_
    params = {}
    for k, v in model.get_params(deep=False).items():
        if k == "method":
            continue
        if isinstance(v, (set, frozenset, tuple)):
            v = sorted(v) if isinstance(v, (set, frozenset)) else list(v)
        if not _json_ok(v):
            raise InputError(f"save(): parameter {k}={v!r} cannot be written to JSON; use a str, number or list")
        params[k] = v
    meta = {
        "format": _FORMAT,
        "params": params,
        "method": model.method if isinstance(model.method, str) else None,
        "estimator": {"module": type(est).__module__, "class": type(est).__name__, "params": est_params,
                      "attributes": est_scalars},
        "weighting": model.weighting_,
        "level": model.level_,
        "vocabulary": [str(t) for t in model.vocabulary_],
        "topic_labels": list(model.topic_labels_),
        "dropped": list(model.dropped_),
        "rows": json.loads(model.rows_.to_json(orient="split", index=False, date_format="iso")),
    }  # fmt: skip
    return write_model_files(stem, meta, arrays, overwrite=overwrite)


def load_model(cls, path):
    """Read a model written by :func:`save_model` into a new ``cls`` (see :meth:`TopicModel.load`)."""
    stem = _stem(path)
    meta, arrays, est_cls = read_model_files(
        stem,
        model_params=set(cls().get_params(deep=False)) - {"method"},
        estimator_classes={"LatentDirichletAllocation": LatentDirichletAllocation, "NMF": NMF},
    )
    est_info = meta["estimator"]
    est = est_cls(**est_info["params"])
    for name, value in est_info["attributes"].items():  # only the names read_model_files allows
        setattr(est, name, value)
    for key, value in arrays.items():
        if key.startswith("est__"):
            setattr(est, key[5:], value)
    model = cls(**meta["params"], method=meta["method"] or est)
    rows = pd.DataFrame(meta["rows"]["data"], columns=meta["rows"]["columns"])
    shape = tuple(int(v) for v in arrays["X_shape"])
    matrix = sparse.csr_matrix((arrays["X_data"], arrays["X_indices"], arrays["X_indptr"]), shape=shape)
    vocab = np.array(meta["vocabulary"], dtype=object)
    model.estimator_ = est
    model.weighting_ = meta["weighting"]
    model.idf_ = arrays.get("idf")
    model.tfidf_ = None if model.idf_ is None else tfidf_from_idf(model.idf_)
    model.level_ = meta["level"]
    model.dtm_ = DocumentTermMatrix(matrix, rows, vocab, meta["level"])
    model.vocabulary_ = vocab
    model.n_features_in_ = len(vocab)
    model.components_ = arrays["components"]
    model.topic_term_ = normalise_rows(arrays["components"])
    model.doc_topic_ = arrays["doc_topic"]
    model.rows_ = model.dtm_.rows
    model.term_frequency_ = arrays["term_frequency"]
    model.dropped_ = list(meta["dropped"])
    model.topic_labels_ = list(meta["topic_labels"])
    return model


def _stem(path) -> Path:
    p = Path(path)
    return p.with_suffix("") if p.suffix in (".json", ".npz") else p


def _json_ok(value) -> bool:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_json_ok(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _json_ok(v) for k, v in value.items())
    return False
