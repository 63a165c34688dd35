"""Saving and loading a fitted STM without pickle: JSON (parameters, labels, rows) plus ``.npz`` arrays."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..corpus import DocumentTermMatrix
from ..errors import InputError
from ._model import _labels
from ._persist import _json_ok, _stem

_FORMAT = "framing-stm/1"
_ARRAYS = ("beta", "topic_term", "doc_topic", "eta", "nu", "mu", "gamma", "sigma", "term_frequency", "content_index")
_KAPPA = ("kappa_topic", "kappa_level", "kappa_interaction", "kappa_m")


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _records(table: pd.DataFrame):
    return json.loads(table.to_json(orient="split", index=False, date_format="iso"))


def save_stm(model, path) -> Path:
    """Write ``<stem>.json`` and ``<stem>.npz`` (each atomically: a temporary file renamed into place).

    Parameters
    ----------
    model : STM (fitted)
    path : str or Path
        File stem (a ``.json`` or ``.npz`` suffix is dropped).

    Returns
    -------
    Path
        The JSON file.
    """
    model._check_fitted()
    stem = _stem(path)
    if not stem.parent.exists():
        raise InputError(f"save(): folder {stem.parent} does not exist; create it first")
    params = {}
    for k, v in model.get_params(deep=False).items():
        if not _json_ok(v):
            raise InputError(f"save(): parameter {k}={v!r} cannot be written to JSON; use a str, number or list")
        params[k] = v.item() if isinstance(v, np.generic) else v
    m = model.dtm_.matrix
    arrays = {name: np.asarray(getattr(model, name + "_")) for name in _ARRAYS}
    for name in _KAPPA:
        if getattr(model, name + "_") is not None:
            arrays[name] = getattr(model, name + "_")
    arrays.update(X_data=m.data, X_indices=m.indices, X_indptr=m.indptr, X_shape=np.array(m.shape))
    levels = [None if v is None else (v.item() if isinstance(v, np.generic) else v) for v in model.content_levels_]
    if not _json_ok(levels):
        raise InputError(f"save(): content levels {levels} cannot be written to JSON")
    meta = {
        "format": _FORMAT,
        "params": params,
        "level": model.level_,
        "vocabulary": [str(t) for t in model.vocabulary_],
        "topic_labels": list(model.topic_labels_),
        "content_levels": levels,
        "prevalence_terms": list(model.prevalence_terms_),
        "anchors": list(model.anchors_),
        "init": model.init_,
        "start_bounds": {name: float(b) for name, b in model.start_bounds_.items()},
        "start_iter": int(model.start_iter_),
        "dropped": list(model.dropped_),
        "bound": [float(b) for b in model.bound_],
        "converged": bool(model.converged_),
        "rows": _records(model.rows_),
        "covariates": _records(model.covariates_),
        "shapes": {name: list(a.shape) for name, a in arrays.items()},
    }
    npz_path, json_path = stem.with_suffix(".npz"), stem.with_suffix(".json")

    def write_npz(tmp):
        with open(tmp, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    _atomic_write(npz_path, write_npz)
    _atomic_write(json_path, lambda tmp: Path(tmp).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8"))
    return json_path


def load_stm(path):
    """Read a model written by :func:`save_stm` (``np.load(allow_pickle=False)``: no code runs).

    Every array's shape is checked against the JSON and against the model's
    dimensions; a mismatch raises :class:`~framing.errors.InputError` naming the file.

    Parameters
    ----------
    path : str or Path
        The ``.json`` or ``.npz`` file, or their common stem.

    Returns
    -------
    STM
    """
    from .stm import STM

    stem = _stem(path)
    json_path, npz_path = stem.with_suffix(".json"), stem.with_suffix(".npz")
    for p in (json_path, npz_path):
        if not p.exists():
            raise InputError(f"STM.load(): {p} does not exist (a saved STM is a .json plus a .npz file)")
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"STM.load(): {json_path} is not valid JSON ({err})") from None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
        raise InputError(f"STM.load(): {json_path} is not a {_FORMAT} file (format={got!r})")
    try:
        with np.load(npz_path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (ValueError, OSError) as err:
        raise InputError(f"STM.load(): {npz_path} is not a readable .npz file without pickle ({err})") from None
    shapes = meta.get("shapes", {})
    for name in list(_ARRAYS) + ["X_data", "X_indices", "X_indptr", "X_shape"]:
        if name not in arrays:
            raise InputError(f"STM.load(): {npz_path} misses the array {name!r}; the file is incomplete or not an STM")
    for name, a in arrays.items():
        if list(a.shape) != shapes.get(name):
            raise InputError(
                f"STM.load(): array {name!r} in {npz_path} has shape {list(a.shape)} but {json_path} says "
                f"{shapes.get(name)}; the two files do not belong together"
            )
    vocab = np.array(meta["vocabulary"], dtype=object)
    k = int(meta["params"]["n_topics"])
    n_rows = int(arrays["X_shape"][0])
    expected = {"beta": (len(meta["content_levels"]), k, len(vocab)), "topic_term": (k, len(vocab)),
                "doc_topic": (n_rows, k), "eta": (n_rows, k - 1), "nu": (n_rows, k - 1, k - 1),
                "sigma": (k - 1, k - 1), "gamma": (len(meta["prevalence_terms"]), k - 1)}  # fmt: skip
    for name, shape in expected.items():
        if arrays[name].shape != shape:
            raise InputError(f"STM.load(): array {name!r} in {npz_path} has shape {arrays[name].shape}, expected {shape}")
    if not all(np.isfinite(arrays[n]).all() for n in ("beta", "doc_topic", "eta", "nu", "sigma", "gamma")):
        raise InputError(f"STM.load(): {npz_path} holds non-finite values; the file is damaged")
    params = dict(meta["params"])
    if isinstance(params.get("init"), list):  # JSON has no tuples; the default start list is a tuple
        params["init"] = tuple(params["init"])
    model = STM(**params)
    rows = pd.DataFrame(meta["rows"]["data"], columns=meta["rows"]["columns"])
    covs = pd.DataFrame(meta["covariates"]["data"], columns=meta["covariates"]["columns"])
    matrix = sparse.csr_matrix(
        (arrays["X_data"], arrays["X_indices"], arrays["X_indptr"]), shape=tuple(int(v) for v in arrays["X_shape"])
    )
    model.dtm_ = DocumentTermMatrix(matrix, rows, vocab, meta["level"])
    for name in _ARRAYS:
        setattr(model, name + "_", arrays[name])
    for name in _KAPPA:
        setattr(model, name + "_", arrays.get(name))
    model.components_ = model.topic_term_
    model.content_levels_ = list(meta["content_levels"])
    model.prevalence_terms_ = list(meta["prevalence_terms"])
    model.prevalence_spec_ = None
    model.covariates_ = covs
    model.anchors_ = list(meta["anchors"])
    model.init_ = meta.get("init", params["init"] if isinstance(params["init"], str) else None)
    model.start_bounds_ = dict(meta.get("start_bounds", {}))
    model.start_iter_ = int(meta.get("start_iter", 0))
    model.dropped_ = list(meta["dropped"])
    model.bound_ = list(meta["bound"])
    model.n_iter_ = len(model.bound_)
    model.converged_ = bool(meta["converged"])
    model.estimator_ = None
    model.weighting_ = "count"
    model.idf_ = None
    model.level_ = meta["level"]
    model.vocabulary_ = vocab
    model.n_features_in_ = len(vocab)
    model.rows_ = model.dtm_.rows
    model.topic_labels_ = list(meta["topic_labels"])
    if len(model.topic_labels_) != k:
        model.topic_labels_ = _labels(model.topic_term_, vocab, int(model.n_label_terms))
    return model
