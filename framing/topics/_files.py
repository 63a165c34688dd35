"""The saved topic-model files (``<stem>.json`` + ``<stem>.npz``): write atomically, read and validate.

Nothing is pickled. Reading checks everything before a model is built: the
JSON parses and has exactly the known keys with the right types; the
estimator is scikit-learn's NMF or LatentDirichletAllocation and its
parameters and learned attributes are ones that class has (no other
attribute is ever set); the ``.npz`` is the one saved with the JSON (its
SHA-256 is recorded there) and its arrays have the known names, numeric
dtypes and shapes consistent with the vocabulary, the topics and the rows.
Every error names the file and says what is wrong.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from ..corpus._checksums import sha256_file
from ..errors import InputError

__all__ = ["FORMAT", "write_model_files", "read_model_files"]

FORMAT = "framing-topic-model/1"
_REQUIRED_KEYS = {"format", "params", "method", "estimator", "weighting", "level", "vocabulary", "topic_labels", "dropped", "rows"}
_OPTIONAL_KEYS = {"arrays_sha256"}
#: Learned attributes that may be restored, per estimator class: scalars (JSON) and arrays (.npz).
ESTIMATOR_SCALARS = {
    "NMF": {"n_components_", "reconstruction_err_", "n_iter_", "n_features_in_"},
    "LatentDirichletAllocation": {"n_batch_iter_", "n_iter_", "doc_topic_prior_", "topic_word_prior_", "bound_", "n_features_in_"},
}
ESTIMATOR_ARRAYS = {
    "NMF": {"components_"},
    "LatentDirichletAllocation": {"components_", "exp_dirichlet_component_"},
}
_ARRAYS = {"components", "doc_topic", "term_frequency", "X_data", "X_indices", "X_indptr", "X_shape"}


def write_model_files(stem: Path, meta: dict, arrays: dict, *, overwrite: bool) -> Path:
    """Write ``<stem>.npz`` and ``<stem>.json`` through temporary files; return the JSON path.

    The JSON records the SHA-256 of the ``.npz`` so that a pair that does
    not belong together is caught on load. A failure before the files are
    moved into place leaves the old files as they were.
    """
    json_path, npz_path = stem.with_suffix(".json"), stem.with_suffix(".npz")
    if not overwrite:
        for p in (json_path, npz_path):
            if p.exists():
                raise InputError(f"save(): {p} already exists; choose another name or pass overwrite=True")
    stem.parent.mkdir(parents=True, exist_ok=True)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{stem.name}.tmp-", dir=stem.parent))
    try:
        tmp_npz, tmp_json = tmp_dir / npz_path.name, tmp_dir / json_path.name
        with open(tmp_npz, "wb") as f:
            np.savez_compressed(f, **arrays)
        meta = {**meta, "arrays_sha256": sha256_file(tmp_npz)}
        tmp_json.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_npz, npz_path)
        os.replace(tmp_json, json_path)
    finally:
        for p in tmp_dir.iterdir() if tmp_dir.exists() else ():
            p.unlink()
        if tmp_dir.exists():
            tmp_dir.rmdir()
    return json_path


def _fail(path: Path, msg: str) -> InputError:
    return InputError(f"TopicModel.load(): {path}: {msg}")


def _str_list(meta: dict, key: str, path: Path) -> list:
    v = meta[key]
    if not isinstance(v, list) or not all(isinstance(t, str) for t in v):
        raise _fail(path, f"{key!r} must be a list of str, got {type(v).__name__}")
    return v


def read_model_files(stem: Path, *, model_params: set, estimator_classes: dict) -> tuple[dict, dict, type]:
    """Read and validate a saved model; return ``(meta, arrays, estimator class)``.

    Parameters
    ----------
    stem : pathlib.Path
    model_params : set of str
        The parameters TopicModel accepts (besides ``method``).
    estimator_classes : dict of str to class
        The estimator classes that may be restored, by class name.

    Raises
    ------
    InputError
        Naming the file and what is wrong (see the module docstring).
    """
    json_path, npz_path = stem.with_suffix(".json"), stem.with_suffix(".npz")
    meta = _read_json(json_path, npz_path)
    vocab, labels = _check_fields(meta, json_path)
    est_cls = _check_estimator(meta, json_path, model_params, estimator_classes)
    arrays = _read_npz(npz_path, json_path, meta, est_cls.__name__)
    _check_shapes(
        arrays, meta, json_path, npz_path, n_terms=len(vocab), n_topics=len(labels), cls_name=est_cls.__name__
    )
    return meta, arrays, est_cls


def _read_json(json_path: Path, npz_path: Path) -> dict:
    """Both files exist; the JSON parses, is of this format and has exactly the known keys."""
    for p in (json_path, npz_path):
        if not p.exists():
            raise InputError(f"TopicModel.load(): {p} does not exist (a saved model is a .json plus a .npz file)")
    try:
        meta = json.loads(json_path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(json_path, f"not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise _fail(json_path, f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        got = meta.get("format") if isinstance(meta, dict) else type(meta).__name__
        raise InputError(f"TopicModel.load(): {json_path} is not a {FORMAT} file (format={got!r})")
    missing = sorted(_REQUIRED_KEYS - set(meta))
    if missing:
        raise _fail(json_path, f"missing key(s) {missing}")
    unknown = sorted(set(meta) - _REQUIRED_KEYS - _OPTIONAL_KEYS)
    if unknown:
        raise _fail(json_path, f"unknown key(s) {unknown}; the file was not written by TopicModel.save")
    return meta


def _check_fields(meta: dict, json_path: Path) -> tuple[list, list]:
    """The vocabulary, labels, dropped rows, level, weighting, method and rows have the right types."""
    vocab = _str_list(meta, "vocabulary", json_path)
    labels = _str_list(meta, "topic_labels", json_path)
    if not isinstance(meta["dropped"], list):
        raise _fail(json_path, "'dropped' must be a list")
    if meta["level"] not in ("document", "paragraph"):
        raise _fail(json_path, f"'level' must be 'document' or 'paragraph', got {meta['level']!r}")
    if meta["weighting"] not in ("count", "tfidf"):
        raise _fail(json_path, f"'weighting' must be 'count' or 'tfidf', got {meta['weighting']!r}")
    if meta["method"] not in (None, "nmf", "lda"):
        raise _fail(json_path, f"'method' must be 'nmf', 'lda' or null, got {meta['method']!r}")
    rows = meta["rows"]
    if (
        not isinstance(rows, dict)
        or not isinstance(rows.get("columns"), list)
        or not isinstance(rows.get("data"), list)
        or not all(isinstance(r, list) and len(r) == len(rows["columns"]) for r in rows["data"])
    ):
        raise _fail(json_path, "'rows' must hold 'columns' and 'data' (one list of that length per row)")
    return vocab, labels


def _check_estimator(meta: dict, json_path: Path, model_params: set, estimator_classes: dict) -> type:
    """Known TopicModel parameters; a scikit-learn NMF or LDA with its own parameters and numeric attributes."""
    params = meta["params"]
    if not isinstance(params, dict):
        raise _fail(json_path, "'params' must be an object")
    unknown = sorted(set(params) - model_params)
    if unknown:
        raise _fail(json_path, f"unknown parameter(s) {unknown} of TopicModel")
    est = meta["estimator"]
    if not isinstance(est, dict) or set(est) != {"module", "class", "params", "attributes"}:
        raise _fail(json_path, "'estimator' must hold exactly 'module', 'class', 'params' and 'attributes'")
    if not (isinstance(est["module"], str) and est["module"].startswith("sklearn.") and est["class"] in estimator_classes):
        raise InputError(
            f"TopicModel.load(): estimator {est['module']}.{est['class']} cannot be restored "
            "safely; only scikit-learn's LatentDirichletAllocation and NMF are"
        )
    cls_name = est["class"]
    est_cls = estimator_classes[cls_name]
    if not isinstance(est["params"], dict) or not isinstance(est["attributes"], dict):
        raise _fail(json_path, "the estimator's 'params' and 'attributes' must be objects")
    unknown = sorted(set(est["params"]) - set(est_cls().get_params(deep=False)))
    if unknown:
        raise _fail(json_path, f"unknown parameter(s) {unknown} of {cls_name}")
    unknown = sorted(set(est["attributes"]) - ESTIMATOR_SCALARS[cls_name])
    if unknown:
        raise _fail(json_path, f"unknown estimator attribute(s) {unknown} for {cls_name}; none was set")
    for k, v in est["attributes"].items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _fail(json_path, f"estimator attribute {k!r} must be a number, got {v!r}")

    return est_cls


def _read_npz(npz_path: Path, json_path: Path, meta: dict, cls_name: str) -> dict:
    """The .npz saved with the JSON (its SHA-256), readable without pickle, with the known numeric arrays."""
    digest = meta.get("arrays_sha256")
    if digest is not None and sha256_file(npz_path) != digest:
        raise _fail(
            npz_path,
            f"does not match {json_path.name} (its SHA-256 differs from the one saved with it); "
            "the two files must come from the same save()",
        )
    try:
        with np.load(npz_path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, KeyError) as exc:
        raise _fail(npz_path, f"not a readable .npz file ({exc})") from None
    allowed = _ARRAYS | {"idf"} | {f"est__{a}" for a in ESTIMATOR_ARRAYS[cls_name]}
    missing = sorted(_ARRAYS - set(arrays))
    if missing:
        raise _fail(npz_path, f"missing array(s) {missing}")
    unknown = sorted(set(arrays) - allowed)
    if unknown:
        raise _fail(npz_path, f"unknown array(s) {unknown}")
    for k, a in arrays.items():
        if a.dtype.kind not in "fiu":
            raise _fail(npz_path, f"array {k!r} must be numeric, got dtype {a.dtype}")
    return arrays


def _check_shapes(
    arrays: dict, meta: dict, json_path: Path, npz_path: Path, *, n_terms: int, n_topics: int, cls_name: str
) -> None:
    """Array shapes consistent with the vocabulary, topics and rows; a valid training matrix."""
    params, rows = meta["params"], meta["rows"]
    n_rows = len(rows["data"])
    expected = {
        "components": (n_topics, n_terms),
        "doc_topic": (n_rows, n_topics),
        "term_frequency": (n_terms,),
        "X_shape": (2,),
        "X_indptr": (n_rows + 1,),
        "idf": (n_terms,),
        **{f"est__{a}": (n_topics, n_terms) for a in ESTIMATOR_ARRAYS[cls_name]},
    }
    for k, shape in expected.items():
        if k in arrays and arrays[k].shape != shape:
            raise _fail(npz_path, f"array {k!r} has shape {arrays[k].shape}, expected {shape}")
    if tuple(int(v) for v in arrays["X_shape"]) != (n_rows, n_terms):
        raise _fail(npz_path, f"the training matrix has shape {tuple(arrays['X_shape'])}, expected {(n_rows, n_terms)}")
    indptr, indices, data = arrays["X_indptr"], arrays["X_indices"], arrays["X_data"]
    if (
        indices.ndim != 1 or data.shape != indices.shape or int(indptr[0]) != 0 or int(indptr[-1]) != len(indices)
        or (np.diff(indptr) < 0).any() or (len(indices) and (indices.min() < 0 or indices.max() >= n_terms))
    ):  # fmt: skip
        raise _fail(npz_path, "the training matrix (X_data, X_indices, X_indptr) is not a valid sparse matrix")
    if params.get("n_topics", n_topics) != n_topics:
        raise _fail(json_path, f"n_topics={params['n_topics']} but there are {n_topics} topic labels")
