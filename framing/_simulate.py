"""Simulated corpora with a known truth, for calibrating the kit's inference.

Used by ``benchmarks/calibration.py`` and the fast calibration tests: each
function draws document-term counts (or per-document scores) from a stated
model, so that size (how often a test rejects a true null), coverage (how
often an interval holds the true value) and power can be counted.

The document model (issue #11): two groups of documents of about
``doc_len`` tokens (Poisson), ``n_terms`` terms with Zipf shares
:math:`\\pi_w \\propto 1/w`. *Multinomial* documents draw their tokens from
the group's distribution; *overdispersed* documents first draw their own
distribution from a Dirichlet with mean the group's and concentration
``concentration`` (100 by default, Dirichlet-multinomial; Madsen, Kauchak &
Elkan 2005), so that words cluster in documents as they do in articles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

__all__ = ["zipf_shares", "draw_counts", "two_group_counts", "shifted_shares", "jsd"]


def zipf_shares(n_terms: int = 300) -> np.ndarray:
    """Zipf term shares :math:`\\pi_w = w^{-1} / \\sum_v v^{-1}`, w = 1..n_terms.

    Parameters
    ----------
    n_terms : int, default=300

    Returns
    -------
    numpy.ndarray of shape (n_terms,)
        Shares summing to 1, decreasing.

    Raises
    ------
    ValueError
        For ``n_terms < 1`` (an empty distribution cannot be normalised).

    References
    ----------
    Zipf, G. K. (1949). *Human Behavior and the Principle of Least Effort*.
    Addison-Wesley.

    Examples
    --------
    >>> zipf_shares(3).round(4).tolist()  # 1, 1/2, 1/3 over 11/6
    [0.5455, 0.2727, 0.1818]
    """
    if n_terms < 1:
        raise ValueError(f"n_terms must be at least 1, got {n_terms}")
    p = 1.0 / np.arange(1, n_terms + 1)
    return p / p.sum()


def jsd(p, q) -> float:
    """Jensen-Shannon distance (base 2) between two distributions (Lin 1991).

    :math:`\\sqrt{(KL(p\\|m) + KL(q\\|m)) / 2}` with :math:`m = (p + q) / 2`
    and logarithms to base 2, so it lies in [0, 1].

    Parameters
    ----------
    p, q : array-like of shape (n_terms,)
        Non-negative weights (normalised here).

    Returns
    -------
    float

    Raises
    ------
    None
        Zero weights contribute nothing; all-zero input gives NaN.

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy. *IEEE
    Transactions on Information Theory*, 37(1), 145-151.

    Examples
    --------
    >>> jsd([1, 0], [0, 1])  # disjoint supports: KL to the midpoint is 1 bit each
    1.0
    >>> jsd([1, 1], [1, 1])
    0.0
    """
    p, q = np.asarray(p, float), np.asarray(q, float)
    p, q = p / p.sum(), q / q.sum()
    m = (p + q) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        kp = np.where(p > 0, p * np.log2(p / m), 0.0).sum()
        kq = np.where(q > 0, q * np.log2(q / m), 0.0).sum()
    return float(np.sqrt(max((kp + kq) / 2, 0.0)))


def shifted_shares(p, distance: float, seed=12345) -> np.ndarray:
    """A distribution at Jensen-Shannon distance ``distance`` from ``p``.

    :math:`q \\propto p\\,e^{s\\varepsilon}` with fixed standard-normal
    :math:`\\varepsilon` (seeded) and :math:`s` found by bisection.

    Parameters
    ----------
    p : array-like of shape (n_terms,)
    distance : float
        The Jensen-Shannon distance wanted (see :func:`jsd`).
    seed : int, default=12345
        Seed of :math:`\\varepsilon`.

    Returns
    -------
    numpy.ndarray of shape (n_terms,)

    Raises
    ------
    None
        A distance beyond reach ends the bisection at its upper end.

    Examples
    --------
    >>> p = zipf_shares(50)
    >>> round(jsd(p, shifted_shares(p, 0.1)), 6)
    0.1
    """
    p = np.asarray(p, float)
    eps = np.random.default_rng(seed).standard_normal(p.size)

    def q_of(s):
        q = p * np.exp(s * eps)
        return q / q.sum()

    lo, hi = 0.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if jsd(p, q_of(mid)) < distance:
            lo = mid
        else:
            hi = mid
    return q_of((lo + hi) / 2)


def draw_counts(rng, shares, n_docs: int, doc_len: float = 200, concentration: float | None = 100.0) -> np.ndarray:
    """Counts of ``n_docs`` documents, shape (n_docs, n_terms).

    Document lengths are Poisson(``doc_len``) (at least 1). With
    ``concentration=None`` the tokens are multinomial with ``shares``;
    otherwise each document's distribution is Dirichlet(``concentration *
    shares``) first (Dirichlet-multinomial; Madsen, Kauchak & Elkan 2005).

    Parameters
    ----------
    rng : numpy.random.Generator
    shares : array-like of shape (n_terms,)
    n_docs : int
    doc_len : float, default=200
        Mean document length.
    concentration : float or None, default=100.0

    Returns
    -------
    numpy.ndarray of shape (n_docs, n_terms)

    Raises
    ------
    ValueError
        From numpy, for shares that are not a distribution.

    References
    ----------
    Madsen, R. E., Kauchak, D., & Elkan, C. (2005). Modeling word burstiness
    using the Dirichlet distribution. *Proceedings of ICML*, 545-552.

    Examples
    --------
    >>> X = draw_counts(np.random.default_rng(0), zipf_shares(10), 3, doc_len=20)
    >>> X.shape
    (3, 10)
    """
    shares = np.asarray(shares, float)
    lengths = np.maximum(rng.poisson(doc_len, n_docs), 1)
    if concentration is None:
        probs = np.broadcast_to(shares, (n_docs, shares.size))
    else:
        probs = rng.dirichlet(concentration * shares, size=n_docs)
        probs = probs / probs.sum(axis=1, keepdims=True)
    return np.vstack([rng.multinomial(n, pr) for n, pr in zip(lengths, probs)])


def two_group_counts(
    rng, *, n_a: int = 25, n_b: int = 35, n_terms: int = 300, doc_len: float = 200,
    concentration: float | None = 100.0, shares_a=None, shares_b=None,
):  # fmt: skip
    """A DocumentTermMatrix of two groups ``'a'`` (n_a documents) and ``'b'`` (n_b).

    Parameters
    ----------
    rng : numpy.random.Generator
    n_a, n_b : int, default=25 and 35
        Documents per group.
    n_terms, doc_len, concentration
        As for :func:`zipf_shares` and :func:`draw_counts`.
    shares_a, shares_b : array-like, optional
        Each group's term shares (default: Zipf, the same for both: a true null).

    Raises
    ------
    ValueError
        From :func:`draw_counts`.

    Examples
    --------
    >>> m = two_group_counts(np.random.default_rng(0), n_a=2, n_b=3, n_terms=5)
    >>> m.shape, m.rows["group"].tolist()
    ((5, 5), ['a', 'a', 'b', 'b', 'b'])

    Returns
    -------
    DocumentTermMatrix
        Rows with ``doc_id`` and ``group``; terms ``t000``, ``t001``, ...
    """
    from .corpus import DocumentTermMatrix

    base = zipf_shares(n_terms)
    pa = base if shares_a is None else np.asarray(shares_a, float)
    pb = base if shares_b is None else np.asarray(shares_b, float)
    X = np.vstack([draw_counts(rng, pa, n_a, doc_len, concentration), draw_counts(rng, pb, n_b, doc_len, concentration)])
    rows = pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(n_a + n_b)], "group": ["a"] * n_a + ["b"] * n_b})
    terms = np.array([f"t{j:03d}" for j in range(n_terms)], dtype=object)
    return DocumentTermMatrix(sparse.csr_matrix(X), rows, terms)


def term_names(n_terms: int) -> np.ndarray:
    """Letter-only term names ``'xaa'``, ``'xab'``, ... (no digits, no stop words)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = []
    for j in range(n_terms):
        s, k = "", j
        for _ in range(3):
            s = letters[k % 26] + s
            k //= 26
        names.append("x" + s)
    return np.array(names, dtype=object)


def to_corpus(counts, groups, *, terms=None, seed=0):
    """A :class:`~framing.Corpus` whose documents have exactly these counts (``group`` column).

    Each document's tokens are its terms repeated by their counts, in a
    seeded random order, one paragraph per document.
    """
    from .corpus import Corpus

    counts = np.asarray(counts)
    terms = term_names(counts.shape[1]) if terms is None else np.asarray(terms, dtype=object)
    rng = np.random.default_rng(seed)
    texts = []
    for row in counts:
        toks = np.repeat(terms, row)
        rng.shuffle(toks)
        texts.append(" ".join(toks) if toks.size else "xempty")
    meta = pd.DataFrame({"doc_id": [f"d{i:04d}" for i in range(len(texts))], "group": list(groups),
                         "language": "en"})  # fmt: skip
    return Corpus.from_texts(texts, meta, warn=False)
