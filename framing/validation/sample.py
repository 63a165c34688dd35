"""Drawing documents for hand coding: stratified samples with known inclusion probabilities."""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._stats import as_generator, top_k
from .._validation import Interval, Options, validate_params
from ..errors import InputError

__all__ = ["coding_sample"]

_META = ("title", "source", "date", "url")


def _allocate(sizes: np.ndarray, n: int, allocation: str) -> np.ndarray:
    """Documents to draw per stratum: equal or proportional, capped at the stratum size."""
    h = len(sizes)
    take = np.zeros(h, dtype=np.int64)
    if allocation == "proportional":
        raw = n * sizes / sizes.sum()
        take = np.minimum(np.floor(raw).astype(np.int64), sizes)
        rest = n - take.sum()
        order = top_k(raw - np.floor(raw))
        for i in np.tile(order, max(1, rest)):
            if rest <= 0:
                break
            if take[i] < sizes[i]:
                take[i] += 1
                rest -= 1
        return take
    rest = n
    open_ = sizes > 0
    while rest > 0 and open_.any():  # equal shares; what a small stratum cannot take goes to the others
        idx = np.flatnonzero(open_)
        share = np.full(idx.size, rest // idx.size)
        share[: rest % idx.size] += 1
        add = np.minimum(share, sizes[idx] - take[idx])
        take[idx] += add
        rest -= int(add.sum())
        open_ = take < sizes
    return take


@validate_params(
    {
        "n": [Interval(Integral, 1, None)],
        "n_bins": [Interval(Integral, 1, None)],
        "allocation": [Options(("equal", "proportional"))],
        "seed": ["seed"],
    }
)
@fill_doc
def coding_sample(
    corpus,
    n: int,
    *,
    by=None,
    by_score=None,
    n_bins: int = 4,
    allocation: str = "equal",
    column: str = "source",
    seed=0,
) -> pd.DataFrame:
    r"""A stratified random sample of documents to hand-code, with inclusion probabilities.

    The corpus is split into strata, the cells of a grouping (``by``, e.g.
    the bloc) crossed with the quantile bins of a score (``by_score``,
    e.g. a dictionary's frame rate, so that rare frames get positives).
    Within stratum :math:`h` of :math:`N_h` documents, :math:`n_h` are
    drawn without replacement, so each has inclusion probability
    :math:`\pi_h = n_h / N_h` and design weight :math:`1/\pi_h`
    (stratified simple random sampling; Cochran 1977, ch. 5). Estimates
    from the coded documents are weighted back with these probabilities
    (e.g. by :func:`framing.corrected_prevalence`).

    Parameters
    ----------
    corpus : Corpus
    n : int
        Documents to draw in all (at most the corpus size).
    by : str, mapping, callable, Series or array-like, optional
        The grouping to stratify by, as in :meth:`Corpus.groups`.
        Documents without a group form their own stratum ``'(none)'``.
    by_score : pandas.Series, optional
        A score per document (indexed by ``doc_id``); its quantile bins
        (``n_bins``) become strata. Every document needs a score.
    n_bins : int, default=4
        Quantile bins of ``by_score`` (ties share a bin, so there may be
        fewer).
    allocation : {'equal', 'proportional'}, default='equal'
        ``'equal'``: the same number per stratum (oversamples small strata
        and high-score bins); ``'proportional'``: :math:`n_h \propto N_h`.
        What a stratum is too small to take goes to the others.
    {params.column}
    {params.seed}

    Returns
    -------
    pandas.DataFrame
        One row per sampled document, in a random order (so that the order
        of a coding sheet reveals no stratum): ``doc_id``, the corpus's
        ``title``, ``source``, ``date``, ``url`` where it has them,
        ``stratum``, ``n_stratum`` (:math:`N_h`), ``n_drawn``
        (:math:`n_h`), ``inclusion_prob`` (:math:`\pi_h`) and ``weight``
        (:math:`1/\pi_h`).

    Raises
    ------
    InputError
        For a bad ``n``, ``n_bins`` or ``allocation``, or a ``by_score``
        that misses documents.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.). Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts([f"Text number {i}." for i in range(8)],
    ...                       pd.DataFrame({"source": list("AAAAAABB")}))
    >>> s = coding_sample(c, 4, by="source", seed=1)
    >>> s.groupby("stratum")["inclusion_prob"].first().to_dict()
    {'A': 0.3333333333333333, 'B': 1.0}
    """
    docs = corpus.documents
    n_total = len(docs)
    if n > n_total:
        raise InputError(f"coding_sample(): n={n} is more than the corpus's {n_total} documents")
    parts = []
    if by is not None:
        labels = corpus.groups(by, column=column)
        parts.append(labels.reindex(docs.index).astype(object).where(labels.notna(), "(none)").astype(str))
    if by_score is not None:
        score = pd.Series(by_score) if not isinstance(by_score, pd.Series) else by_score
        score = score.copy()
        score.index = score.index.astype(str)
        score = score.reindex(docs.index.astype(str))
        if score.isna().any():
            missing = score.index[score.isna()]
            raise InputError(
                f"coding_sample(): by_score has no value for {missing.size} document(s), e.g. {missing[0]!r}; "
                "give a score (indexed by doc_id) for every document"
            )
        ranks = score.rank(method="average", pct=True).to_numpy()
        bins = np.minimum((ranks * n_bins - 1e-9).astype(int), n_bins - 1)
        edges = [f"score q{b + 1}/{n_bins}" for b in range(n_bins)]
        parts.append(pd.Series([edges[b] for b in bins], index=docs.index))
    if parts:
        stratum = parts[0] if len(parts) == 1 else parts[0].str.cat(parts[1:], sep=" | ")
    else:
        stratum = pd.Series("all", index=docs.index)
    stratum = stratum.to_numpy(dtype=object)
    names = sorted(set(stratum), key=str)
    sizes = np.array([int((stratum == s).sum()) for s in names], dtype=np.int64)
    take = _allocate(sizes, int(n), allocation)
    rng = as_generator(seed)
    ids = docs.index.to_numpy(dtype=object)
    rows = []
    for s, size, k in zip(names, sizes, take):
        members = np.sort(ids[stratum == s].astype(str)).astype(object)
        if k == 0:
            continue
        for d in members[rng.choice(size, size=int(k), replace=False)]:
            rows.append((d, s, int(size), int(k)))
    out = pd.DataFrame(rows, columns=["doc_id", "stratum", "n_stratum", "n_drawn"])
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    out["inclusion_prob"] = out["n_drawn"] / out["n_stratum"]
    out["weight"] = 1.0 / out["inclusion_prob"]
    meta = [c for c in _META if c in docs.columns]
    for i, c in enumerate(meta):
        out.insert(1 + i, c, docs[c].reindex(out["doc_id"]).to_numpy(dtype=object))
    return out
