"""A supervised frame classifier: tf-idf of the counts and logistic regression, calibrated, saved without pickle.

The module is longer than the kit's usual 500 lines because of its
docstrings (about 340 lines: the estimator's parameters, fitted attributes,
formulas and a runnable example for every method); the code is about 260
lines. Cross-fitting is in ``_crossfit.py``.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from .._validation import Interval, Options, check_param
from ..errors import InputError
from ._common import consensus

__all__ = ["FrameClassifier"]

_FORMAT = "framing-frame-classifier/1"


def _counts(data, lowercase: bool):
    """(counts csr, doc_ids, terms) of a Corpus or DocumentTermMatrix."""
    from ..corpus import Corpus, DocumentTermMatrix

    if isinstance(data, Corpus):
        dtm = data.dtm(lowercase=lowercase)
    elif isinstance(data, DocumentTermMatrix):
        dtm = data
    else:
        raise InputError(f"FrameClassifier: expected a Corpus or a DocumentTermMatrix, got {type(data).__name__}")
    X, rows, terms = dtm
    if "doc_id" not in rows.columns:
        raise InputError("FrameClassifier: the document-term matrix has no doc_id column in its rows")
    if getattr(dtm, "level", "document") != "document":
        raise InputError("FrameClassifier: use a document-level matrix (one row per document)")
    return sparse.csr_matrix(X, dtype=np.float64), rows["doc_id"].astype(str).to_numpy(), np.asarray(terms).astype(str)


def _labels(y, what: str) -> pd.DataFrame:
    """Labels as a wide 0/1 (NaN: not coded) table indexed by doc_id."""
    if isinstance(y, pd.Series):
        if y.name is None:
            raise InputError(f"{what}: a label Series needs a name (the frame), e.g. y.rename('conflict')")
        y = y.to_frame()
    if not isinstance(y, pd.DataFrame):
        raise InputError(f"{what}: labels must be a DataFrame (doc_id x frame, or read_codes' long table) or a named Series")
    return consensus(y, what)


def _tfidf(X: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf (1 + ln tf) times idf, rows scaled to unit length."""
    X = X.copy()
    X.data = 1.0 + np.log(X.data)
    X = X @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ X)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def _platt(dec: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt's (1999) sigmoid fit p = 1 / (1 + exp(-(a f + b))), with his smoothed targets.

    Targets are :math:`(N_+ + 1)/(N_+ + 2)` for positives and
    :math:`1/(N_- + 2)` for negatives; the two parameters are found by
    Newton-Raphson with step halving on the cross-entropy (Lin, Lin &
    Weng 2007 give this form).
    """
    npos, nneg = float(y.sum()), float(y.size - y.sum())
    t = np.where(y == 1, (npos + 1) / (npos + 2), 1 / (nneg + 2))
    X = np.column_stack([dec, np.ones_like(dec)])

    def loss(w):
        z = X @ w
        return float(np.sum(np.logaddexp(0, z) - t * z))

    w = np.array([1.0, np.log((nneg + 1) / (npos + 1)) * -1.0])
    cur = loss(w)
    for _ in range(100):
        p = _sigmoid(X @ w)
        g = X.T @ (p - t)
        H = (X * (p * (1 - p))[:, None]).T @ X + 1e-12 * np.eye(2)
        step = np.linalg.solve(H, g)
        k = 1.0
        while k > 1e-10:
            new = w - k * step
            nl = loss(new)
            if nl < cur:
                break
            k /= 2
        if k <= 1e-10 or abs(cur - nl) < 1e-10 * max(1.0, abs(cur)):
            w = new if nl < cur else w
            break
        w, cur = new, nl
    return float(w[0]), float(w[1])


class FrameClassifier(BaseEstimator):
    r"""Predict frames from word counts: tf-idf + logistic regression, calibrated.

    Fitted on hand-coded documents (one frame or several, one binary model
    per frame), it predicts the probability that coders would code each
    frame. Features are the tf-idf of the counts, so it works on
    counts-only corpora: :math:`(1 + \ln tf)\,\mathrm{idf}`, with
    :math:`\mathrm{idf} = \ln\frac{1+n}{1+df} + 1` over the training
    documents and rows scaled to unit length (Salton & Buckley 1988; the
    scikit-learn ``TfidfTransformer(sublinear_tf=True)`` formula).
    For each frame an L2-penalised logistic regression is fitted; its
    inverse penalty :math:`C` is the one in ``Cs`` with the lowest
    out-of-fold log loss in ``cv``-fold stratified cross-validation, and
    the out-of-fold decision values of that :math:`C` are mapped to
    probabilities by Platt scaling (Platt 1999), so that the probabilities
    are calibrated on documents the model did not see.

    Parameters
    ----------
    Cs : sequence of float, default=(0.1, 1.0, 10.0)
        Candidate inverse penalties.
    cv : int, default=5
        Folds for choosing :math:`C` and calibrating; each frame needs at
        least ``cv`` positive and ``cv`` negative coded documents.
    min_df : int, default=2
        A term is a feature if at least this many training documents use it.
    lowercase : bool, default=True
        Lower-case a Corpus's terms (a DocumentTermMatrix is used as given).
    class_weight : {'balanced', None}, default='balanced'
        Reweight rare frames in the logistic regression (Platt scaling
        restores calibrated probabilities).
    max_iter : int, default=1000
    random_state : int, default=0
        Seeds the folds and liblinear's coordinate order.

    Attributes
    ----------
    frames_ : list of str
    vocabulary_ : ndarray of str, shape (n_features,)
    idf_ : ndarray of shape (n_features,)
    coef_ : ndarray of shape (n_frames, n_features)
    intercept_ : ndarray of shape (n_frames,)
    C_ : ndarray of shape (n_frames,)
        The chosen inverse penalty per frame.
    platt_ : ndarray of shape (n_frames, 2)
        Slope and intercept of the Platt scaling.
    cv_log_loss_ : ndarray of shape (n_frames, n_Cs)
    n_docs_ : ndarray of shape (n_frames,)
        Coded documents each frame was trained on.

    References
    ----------
    Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic
    text retrieval. *Information Processing & Management*, 24(5), 513-523.
    Platt, J. (1999). Probabilistic outputs for support vector machines and
    comparisons to regularized likelihood methods. *Advances in Large Margin
    Classifiers*, 61-74.
    Burscher, B., Vliegenthart, R., & de Vreese, C. H. (2015). Using
    supervised machine learning to code policy issues. *The ANNALS*, 659(1),
    122-131.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
    ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
    >>> c = Corpus.from_texts(texts)
    >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
    >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
    >>> p = clf.predict_proba(c)
    >>> bool(p["economic"].iloc[0] > p["economic"].iloc[4])
    True
    """

    def __init__(self, Cs=(0.1, 1.0, 10.0), cv: int = 5, min_df: int = 2, lowercase: bool = True,
                 class_weight="balanced", max_iter: int = 1000, random_state: int = 0):  # fmt: skip
        self.Cs = Cs
        self.cv = cv
        self.min_df = min_df
        self.lowercase = lowercase
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _check_params(self):
        Cs = np.asarray(self.Cs, dtype=float).ravel()
        if Cs.size == 0 or not np.all(np.isfinite(Cs)) or np.any(Cs <= 0):
            raise InputError(f"FrameClassifier: Cs must be positive numbers, got {self.Cs!r}")
        for name, low in (("cv", 2), ("min_df", 1), ("max_iter", 1)):
            check_param("FrameClassifier", name, getattr(self, name), [Interval(Integral, low, None)])
        check_param("FrameClassifier", "class_weight", self.class_weight, [Options(("balanced", None))])
        return np.sort(Cs)

    def _model(self, C):
        # liblinear's dual coordinate descent: fast when terms outnumber documents (Hsieh et al. 2008)
        # (it shuffles coordinates: random_state makes the fit, and so every figure, reproducible)
        return LogisticRegression(C=float(C), class_weight=self.class_weight, max_iter=self.max_iter,
                                  solver="liblinear", dual=True, random_state=self.random_state)  # fmt: skip

    def fit(self, X, y):
        """Fit one calibrated model per frame on the coded documents.

        Parameters
        ----------
        X : Corpus or DocumentTermMatrix
            Documents; those without a label are ignored.
        y : pandas.DataFrame or pandas.Series
            0/1 labels by ``doc_id``: a wide table (one column per frame),
            the long table of :func:`framing.read_codes` (the coders'
            majority is used), or a Series named after its frame. NaN means
            not coded.

        Returns
        -------
        self

        Raises
        ------
        InputError
            When a frame has fewer than ``cv`` coded positives or negatives,
            or no labelled document is in ``X``.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> clf.frames_
        ['economic']
        """
        import warnings

        Cs = self._check_params()
        labels = _labels(y, "FrameClassifier.fit()")
        counts, ids, terms = _counts(X, self.lowercase)
        labels = labels.reindex(ids)
        coded = labels.notna().any(axis=1).to_numpy()
        if not coded.any():
            raise InputError("FrameClassifier.fit(): no labelled document is in X; check that the doc_ids match")
        train = counts[coded]
        df = np.asarray((train > 0).sum(axis=0)).ravel()
        keep = df >= self.min_df
        if not keep.any():
            raise InputError(f"FrameClassifier.fit(): no term is used by min_df={self.min_df} coded documents")
        n_train = int(coded.sum())
        self.vocabulary_ = terms[keep]
        self.idf_ = np.log((1.0 + n_train) / (1.0 + df[keep])) + 1.0
        Z_all = _tfidf(counts[:, keep], self.idf_)
        frames = list(labels.columns)
        k = len(frames)
        self.frames_ = frames
        self.coef_ = np.zeros((k, keep.sum()))
        self.intercept_ = np.zeros(k)
        self.C_ = np.zeros(k)
        self.platt_ = np.zeros((k, 2))
        self.cv_log_loss_ = np.zeros((k, Cs.size))
        self.n_docs_ = np.zeros(k, dtype=np.int64)
        for j, f in enumerate(frames):
            yj = labels[f].to_numpy()
            rows = np.flatnonzero(~np.isnan(yj))
            yy = yj[rows].astype(int)
            npos, nneg = int(yy.sum()), int((1 - yy).sum())
            if min(npos, nneg) < self.cv:
                raise InputError(
                    f"FrameClassifier.fit(): frame {f!r} has {npos} coded positive and {nneg} negative document(s); "
                    f"cv={self.cv} folds need at least {self.cv} of each: code more documents (a sample stratified "
                    "by a score helps) or lower cv"
                )
            Z = Z_all[rows]
            folds = StratifiedKFold(self.cv, shuffle=True, random_state=self.random_state)
            dec = np.zeros((Cs.size, rows.size))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                for tr, te in folds.split(np.zeros(rows.size), yy):
                    for c, C in enumerate(Cs):
                        m = self._model(C).fit(Z[tr], yy[tr])
                        dec[c, te] = m.decision_function(Z[te])
                loss = np.zeros(Cs.size)
                platts = []
                for c in range(Cs.size):
                    platts.append(_platt(dec[c], yy))
                    p = np.clip(_sigmoid(platts[-1][0] * dec[c] + platts[-1][1]), 1e-12, 1 - 1e-12)
                    loss[c] = -np.mean(yy * np.log(p) + (1 - yy) * np.log(1 - p))
                best = int(np.argmin(loss))
                final = self._model(Cs[best]).fit(Z, yy)
            self.coef_[j] = final.coef_[0]
            self.intercept_[j] = final.intercept_[0]
            self.C_[j] = Cs[best]
            self.platt_[j] = platts[best]
            self.cv_log_loss_[j] = loss
            self.n_docs_[j] = rows.size
        return self

    # -------------------------------------------------------------- predict
    def _features(self, X):
        counts, ids, terms = _counts(X, self.lowercase)
        pos = {t: i for i, t in enumerate(self.vocabulary_)}
        src = np.fromiter((pos.get(t, -1) for t in terms), np.int64, len(terms))
        ok = np.flatnonzero(src >= 0)
        M = sparse.csr_matrix((np.ones(ok.size), (ok, src[ok])), shape=(len(terms), len(self.vocabulary_)))
        return _tfidf(sparse.csr_matrix(counts @ M), self.idf_), ids

    def decision_function(self, X) -> pd.DataFrame:
        """Log-odds before calibration, one column per frame (index ``doc_id``).

        Parameters
        ----------
        X : Corpus or DocumentTermMatrix
            Documents to score (document level, with ``doc_id``); terms are
            matched to the training vocabulary by name, unknown terms ignored.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``doc_id``, one column per frame.

        Raises
        ------
        InputError
            For an ``X`` that is not a document-level Corpus or DocumentTermMatrix.
        sklearn.exceptions.NotFittedError
            When the classifier is not fitted.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> d = clf.decision_function(c)
        >>> bool(d["economic"].iloc[0] > 0 > d["economic"].iloc[4])
        True
        """
        check_is_fitted(self, "coef_")
        Z, ids = self._features(X)
        dec = np.asarray(Z @ self.coef_.T) + self.intercept_
        return pd.DataFrame(dec, index=pd.Index(ids, name="doc_id"), columns=self.frames_)

    def predict_proba(self, X) -> pd.DataFrame:
        """Calibrated probability of each frame, one column per frame (index ``doc_id``).

        Parameters
        ----------
        X : Corpus or DocumentTermMatrix
            Documents to score (document level, with ``doc_id``); terms are
            matched to the training vocabulary by name, unknown terms ignored.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``doc_id``, one column per frame, probabilities in (0, 1).

        Raises
        ------
        InputError
            For an ``X`` that is not a document-level Corpus or DocumentTermMatrix.
        sklearn.exceptions.NotFittedError
            When the classifier is not fitted.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> p = clf.predict_proba(c)
        >>> bool(p["economic"].between(0, 1).all())
        True
        """
        dec = self.decision_function(X)
        return pd.DataFrame(_sigmoid(dec.to_numpy() * self.platt_[:, 0] + self.platt_[:, 1]),
                            index=dec.index, columns=self.frames_)  # fmt: skip

    def predict(self, X, threshold: float = 0.5) -> pd.DataFrame:
        """0/1 frame flags: probability above ``threshold``.

        Parameters
        ----------
        X : Corpus or DocumentTermMatrix
            Documents to score (document level, with ``doc_id``); terms are
            matched to the training vocabulary by name, unknown terms ignored.
        threshold : float, default=0.5
            A frame is flagged where its probability is above this.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``doc_id``, one 0/1 column per frame.

        Raises
        ------
        InputError
            For an ``X`` that is not a document-level Corpus or DocumentTermMatrix.
        sklearn.exceptions.NotFittedError
            When the classifier is not fitted.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> clf.predict(c)["economic"].tolist()[:8]
        [1, 1, 1, 1, 0, 0, 0, 0]
        """
        return (self.predict_proba(X) > threshold).astype(int)

    # ---------------------------------------------------------- persistence
    def save(self, path) -> Path:
        """Write the fitted model to one ``.npz`` file (arrays and JSON settings; no pickle).

        The file is written to a temporary name and renamed, so a crash
        never leaves a half-written model.

        Parameters
        ----------
        path : path-like
            Target file (``.npz`` is appended if missing).

        Returns
        -------
        pathlib.Path

        Raises
        ------
        sklearn.exceptions.NotFittedError
            When the classifier is not fitted.
        OSError
            When the folder cannot be written.

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = clf.save(pathlib.Path(tmp) / "economic")
        ...     FrameClassifier.load(path).frames_
        ['economic']
        """
        check_is_fitted(self, "coef_")
        path = Path(path)
        if path.suffix != ".npz":
            path = path.with_name(path.name + ".npz")
        meta = {"format": _FORMAT, "frames": list(self.frames_), "params": self.get_params()}
        meta["params"]["Cs"] = [float(c) for c in np.asarray(self.Cs, dtype=float).ravel()]
        buf = io.BytesIO()
        np.savez_compressed(
            buf, meta=np.array(json.dumps(meta, sort_keys=True)), vocabulary=self.vocabulary_.astype(str),
            idf=self.idf_, coef=self.coef_, intercept=self.intercept_, C=self.C_, platt=self.platt_,
            cv_log_loss=self.cv_log_loss_, n_docs=self.n_docs_,
        )  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(buf.getvalue())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path) -> "FrameClassifier":
        """Read a model written by :meth:`save`, checking its format and shapes.

        Parameters
        ----------
        path : path-like
            The ``.npz`` file written by :meth:`save`.

        Returns
        -------
        FrameClassifier
            Fitted, with the saved parameters.

        Raises
        ------
        InputError
            For a missing file, another format, or arrays whose shapes or
            values do not fit together (a damaged file).

        Examples
        --------
        >>> import pandas as pd
        >>> from framing import Corpus
        >>> texts = ["prices rose", "costs and prices", "the budget cost", "money and prices",
        ...          "rivals clashed", "they disagreed", "a quarrel", "the rivals fought"] * 2
        >>> c = Corpus.from_texts(texts)
        >>> y = pd.Series([1, 1, 1, 1, 0, 0, 0, 0] * 2, index=c.doc_ids, name="economic")
        >>> clf = FrameClassifier(cv=2, min_df=1).fit(c, y)
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     loaded = FrameClassifier.load(clf.save(pathlib.Path(tmp) / "economic"))
        >>> loaded.predict(c).equals(clf.predict(c))
        True
        """
        path = Path(path)
        if not path.is_file():
            raise InputError(f"FrameClassifier.load(): no file {path}")
        try:
            with np.load(path, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            meta = json.loads(str(arrays["meta"]))
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"FrameClassifier.load(): {path} is not a saved FrameClassifier ({exc})") from None
        if meta.get("format") != _FORMAT:
            raise InputError(f"FrameClassifier.load(): {path} has format {meta.get('format')!r}, expected {_FORMAT!r}")
        need = ("vocabulary", "idf", "coef", "intercept", "C", "platt", "cv_log_loss", "n_docs")
        missing = [k for k in need if k not in arrays]
        if missing:
            raise InputError(
                f"FrameClassifier.load(): {path} lacks {missing}; save the model again with FrameClassifier.save"
            )
        k, v = len(meta["frames"]), arrays["vocabulary"].size
        shapes = {"idf": (v,), "coef": (k, v), "intercept": (k,), "C": (k,), "platt": (k, 2), "n_docs": (k,)}
        for name, shape in shapes.items():
            if arrays[name].shape != shape:
                raise InputError(f"FrameClassifier.load(): {path}: {name} has shape {arrays[name].shape}, expected {shape}")
            if not np.all(np.isfinite(arrays[name])):
                raise InputError(f"FrameClassifier.load(): {path}: {name} holds non-finite values")
        params = meta["params"]
        params["Cs"] = tuple(params["Cs"])
        clf = cls(**params)
        clf.frames_ = list(meta["frames"])
        clf.vocabulary_ = arrays["vocabulary"].astype(str)
        clf.idf_, clf.coef_, clf.intercept_ = arrays["idf"], arrays["coef"], arrays["intercept"]
        clf.C_, clf.platt_, clf.cv_log_loss_, clf.n_docs_ = arrays["C"], arrays["platt"], arrays["cv_log_loss"], arrays["n_docs"]
        return clf
