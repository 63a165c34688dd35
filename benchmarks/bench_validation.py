"""Speed of the validation tools on 10,000 documents.

* ``FrameClassifier.fit`` (tf-idf + logistic regression, C chosen by 5-fold
  CV over 3 values, Platt calibration on the out-of-fold scores) on 10,000
  synthetic documents, one frame and five frames, beside the plain
  scikit-learn pipeline that does the same job
  (``TfidfTransformer(sublinear_tf=True)`` + ``LogisticRegressionCV`` with
  the same folds and Cs, wrapped in ``CalibratedClassifierCV(method='sigmoid')``).
  Target: under 10 s.
* ``corrected_prevalence`` with 1,000 bootstrap replicates, 10,000
  documents, 5 frames, 3 groups. Target: under 2 s.

The documents are synthetic (random words, no text from anywhere): a
vocabulary of 20,000 words with Zipf frequencies, 120 tokens a document,
each frame raising the rate of 30 frame words. Run:
``python benchmarks/bench_validation.py`` (writes
``benchmarks/results/validation.txt``).
"""

from __future__ import annotations

import platform
import warnings
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

import framing as fr

N_DOCS, N_WORDS, LEN, N_FRAMES = 10_000, 20_000, 120, 5


def synthetic(seed=0):
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, N_WORDS + 1)
    base = 1.0 / ranks**1.1
    base /= base.sum()
    y = (rng.random((N_DOCS, N_FRAMES)) < np.array([0.3, 0.2, 0.3, 0.1, 0.2])).astype(int)
    frame_words = rng.choice(np.arange(500, N_WORDS), size=(N_FRAMES, 30), replace=False)
    tokens = rng.choice(N_WORDS, size=(N_DOCS, LEN), p=base)
    for f in range(N_FRAMES):  # a frame puts 4 of its words into the document, and noise: 1 in 10 others get one
        slots = slice(4 * f, 4 * f + 4)
        words = frame_words[f][rng.integers(0, 30, (N_DOCS, 4))]
        tokens[:, slots] = np.where(y[:, f : f + 1] == 1, words, tokens[:, slots])
        noise = (y[:, f] == 0) & (rng.random(N_DOCS) < 0.1)
        tokens[noise, 4 * f] = frame_words[f][rng.integers(0, 30, int(noise.sum()))]
    rows = np.repeat(np.arange(N_DOCS), LEN)
    X = sparse.csr_matrix((np.ones(N_DOCS * LEN), (rows, tokens.ravel())), shape=(N_DOCS, N_WORDS))
    X.sum_duplicates()
    terms = np.array([f"w{j}" for j in range(N_WORDS)], dtype=object)
    ids = [f"d{i:05d}" for i in range(N_DOCS)]
    dtm = fr.DocumentTermMatrix(X, pd.DataFrame({"doc_id": ids, "bloc": rng.choice(["A", "B", "C"], N_DOCS)}), terms)
    labels = pd.DataFrame(y, index=pd.Index(ids, name="doc_id"), columns=[f"frame{k}" for k in range(N_FRAMES)])
    return dtm, labels


def plain_sklearn(X, y):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.pipeline import make_pipeline

    warnings.simplefilter("ignore", FutureWarning)

    keep = np.asarray((X > 0).sum(axis=0)).ravel() >= 2
    pipe = make_pipeline(
        TfidfTransformer(sublinear_tf=True),
        CalibratedClassifierCV(
            LogisticRegressionCV(Cs=[0.1, 1.0, 10.0], cv=5, solver="liblinear", dual=True, class_weight="balanced",
                                 scoring="neg_log_loss", max_iter=1000),
            method="sigmoid", cv=5,
        ),
    )  # fmt: skip
    return pipe.fit(X[:, keep], y)


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main():
    dtm, labels = synthetic()
    X = dtm.matrix
    lines = [f"validation benchmark, {N_DOCS} synthetic documents, {N_WORDS} word types, {LEN} tokens each",
             f"python {platform.python_version()}, {platform.machine()}; best of 3 runs; 2-core machine shared "
             "with other jobs (timings are indicative)"]  # fmt: skip
    t1 = timed(lambda: fr.FrameClassifier().fit(dtm, labels[["frame0"]]))
    t1s = timed(lambda: plain_sklearn(X, labels["frame0"].to_numpy()), repeat=1)
    lines.append(f"FrameClassifier.fit, 1 frame:   {t1:6.2f} s   (target < 10 s)")
    lines.append(f"plain scikit-learn pipeline (TfidfTransformer + CalibratedClassifierCV(LogisticRegressionCV)), 1 frame: "
                 f"{t1s:6.2f} s   ratio {t1 / t1s:.2f}")  # fmt: skip
    t5 = timed(lambda: fr.FrameClassifier().fit(dtm, labels), repeat=1)
    lines.append(f"FrameClassifier.fit, 5 frames:  {t5:6.2f} s")
    rng = np.random.default_rng(1)
    pred = (labels + rng.normal(0, 0.3, labels.shape)).clip(0, 1)
    coded = rng.random(N_DOCS) < 0.05
    codes = labels[coded]
    corpus_like = _FakeCorpus(dtm)
    tp = timed(lambda: fr.corrected_prevalence(corpus_like, pred, codes, by="bloc", n_boot=1000))
    lines.append(f"corrected_prevalence, 5 frames x 3 groups, n_boot=1000: {tp:6.2f} s   (target < 2 s)")
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(__file__).parent / "results" / "validation.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text)


class _FakeCorpus:
    """The two things corrected_prevalence asks of a corpus, from a DocumentTermMatrix's rows."""

    def __init__(self, dtm):
        self.documents = dtm.rows.set_index("doc_id")

    def groups(self, by, *, column="source", groups=None):
        return self.documents[by].rename("group")


if __name__ == "__main__":
    main()
