"""Wire-copy reuse: containment of documents in each other, clusters, alignment.

Every document is represented by the set of its hashed word 5-gram shingles
(token spec ``framing-tokens/1``; the bundled corpus stores them and
:meth:`framing.Corpus.from_texts` computes them the same way). Two documents
that share many shingles carry the same text: one agency story republished on
several sites, a rewrite that kept whole sentences, or a shortened copy.

Candidate pairs come from an inverted index on shingles, so only documents
that share at least one shingle are ever compared. Shingles found in very
many documents (site boilerplate, a stock phrase) make every document a
candidate of every other and say nothing about reuse, so shingles in more
than ``max_df`` documents are left out of the index; how many were left out
is reported in ``DataFrame.attrs['skipped']``. They still count in the exact
containment of each candidate pair.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._provenance import records_call
from .._validation import Interval, validate_params, warn_ignored
from ..errors import InputError
from ._shingles import MAX_DF, Shingled

__all__ = ["containment_pairs", "paragraph_alignment"]

_META = ("site", "source", "source_basis", "date", "language")

#: The thresholds every pair-finding function takes, declared once.
THRESHOLDS = {
    "min_containment": [Interval(numbers.Real, 0, 1, closed="right")],
    "max_df": MAX_DF,
    "min_shared": [Interval(numbers.Integral, 1, None)],
}
_DEFAULTS = {"min_containment": 0.5, "max_df": 0.05, "min_shared": 5}


def _warn_ignored(what: str, given: str, min_containment, max_df, min_shared, *, stacklevel: int = 6) -> None:
    """Warn when thresholds are set but a precomputed table makes them moot."""
    values = {"min_containment": min_containment, "max_df": max_df, "min_shared": min_shared}
    changed = {k: v for k, v in values.items() if v != _DEFAULTS[k]}
    warn_ignored(what, changed, f"{given} was given; pass them to the function that made it", stacklevel=stacklevel)


def finish_pairs(corpus, sets, ia, ib, shared, keep, skipped: dict) -> pd.DataFrame:
    """The pair table of the kept candidate pairs, sorted by decreasing larger containment, with ``attrs['skipped']``.

    ``sets`` has ``doc_ids`` and ``n`` (shingles per document); ``keep`` is a
    boolean per candidate pair ``(ia, ib)`` with ``shared`` shingles.
    """
    out = _pair_table(corpus, sets, ia[keep], ib[keep], shared[keep])
    top = np.maximum(out["containment_a_in_b"].to_numpy(), out["containment_b_in_a"].to_numpy())
    order = np.lexsort((out["doc_b"].to_numpy(dtype=str), out["doc_a"].to_numpy(dtype=str), -top))
    out = out.iloc[order].reset_index(drop=True)
    out.attrs["skipped"] = skipped
    return out


def passes(shared, n, ia, ib, min_containment: float, min_shared: int) -> np.ndarray:
    """Which candidate pairs meet the rule: larger containment >= min_containment and shared >= min_shared."""
    with np.errstate(divide="ignore", invalid="ignore"):
        best = np.maximum(shared / np.maximum(n[ia], 1), shared / np.maximum(n[ib], 1))
    return (best >= min_containment) & (shared >= min_shared)


def _pair_table(corpus, sh: Shingled, ia, ib, shared) -> pd.DataFrame:
    na, nb = sh.n[ia], sh.n[ib]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {
                "doc_a": sh.doc_ids[ia],
                "doc_b": sh.doc_ids[ib],
                "shared": shared,
                "n_a": na,
                "n_b": nb,
                "containment_a_in_b": shared / na,
                "containment_b_in_a": shared / nb,
                "jaccard": shared / (na + nb - shared),
            }
        )
    docs = corpus.documents
    for col in _META:
        if col in docs.columns:
            values = docs[col].to_numpy(dtype=object)
            out[f"{col}_a"] = values[ia]
            out[f"{col}_b"] = values[ib]
    return out


# --------------------------------------------------------------------- public
@validate_params(THRESHOLDS)
@fill_doc
@records_call
def containment_pairs(corpus, *, min_containment: float = 0.5, max_df=0.05, min_shared: int = 5) -> pd.DataFrame:
    r"""Pairs of documents that share text, with containment and resemblance.

    With :math:`S(d)` the set of a document's shingles (hashed word
    5-grams), the *containment* of A in B and the *resemblance* (Jaccard)
    are (Broder 1997)

    .. math::
        c(A, B) = \frac{|S(A) \cap S(B)|}{|S(A)|}, \qquad
        r(A, B) = \frac{|S(A) \cap S(B)|}{|S(A) \cup S(B)|}.

    Containment is asymmetric: a short copy cut from a long story is
    contained in it (:math:`c \approx 1`) while the story is not contained in
    the copy. A pair is kept when the larger of the two containments is at
    least ``min_containment`` and it shares at least ``min_shared`` shingles.

    Parameters
    ----------
    corpus : Corpus
        A corpus with shingles.
    {params.min_containment}
    {params.max_df_shingles}
    {params.min_shared}

    Returns
    -------
    pandas.DataFrame
        One row per pair (``doc_a`` before ``doc_b`` in corpus order):
        ``doc_a``, ``doc_b``, ``shared`` (:math:`|S(A) \cap S(B)|`), ``n_a``,
        ``n_b`` (:math:`|S(A)|`, :math:`|S(B)|`), ``containment_a_in_b``,
        ``containment_b_in_a``, ``jaccard``, and for each of ``site``,
        ``source``, ``source_basis``, ``date``, ``language`` the corpus has,
        ``<column>_a`` and ``<column>_b``. Sorted by decreasing larger
        containment. ``attrs['skipped']`` is a dict: ``boilerplate_shingles``
        (shingles left out of the index), ``max_df_documents`` (the limit
        used), ``documents_without_shingles`` (documents with no paragraph
        of 5 or more tokens, which cannot be compared).

    Raises
    ------
    InputError
        If the corpus has no shingles, or a threshold is out of range.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = chr(10).join(["Delegates met in Geneva on Tuesday for a second day of talks.",
    ...                       "The envoy said the meeting was useful and would continue."])
    >>> extra = chr(10) + "A local editor added this line here."
    >>> c = Corpus.from_texts([story, story + extra, "Rain is due."],
    ...                       pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> p = containment_pairs(c)
    >>> p[["doc_a", "doc_b", "containment_a_in_b"]].values.tolist()
    [['a', 'b', 1.0]]
    """
    sh = Shingled(corpus)
    ia, ib, shared, skipped, limit = sh.candidates(max_df, min_containment, min_shared)
    keep = passes(shared, sh.n, ia, ib, min_containment, min_shared)
    return finish_pairs(corpus, sh, ia, ib, shared, keep, {
        "boilerplate_shingles": skipped,
        "max_df_documents": limit,
        "documents_without_shingles": int((sh.n == 0).sum()),
    })  # fmt: skip


@records_call
def paragraph_alignment(corpus, doc_a: str, doc_b: str) -> pd.DataFrame:
    r"""Which paragraphs of A were kept, changed or dropped in B, and which B added.

    Each paragraph's shingles are looked up in the whole other document.
    With :math:`S(p)` the set of hashed 5-token shingles of paragraph
    :math:`p` and :math:`S(B)` the union over B's paragraphs, the paragraph's
    containment in B (Broder 1997) is

    .. math:: c(p, B) = \frac{|S(p) \cap S(B)|}{|S(p)|}

    (``share_found``; ``n_found`` is the numerator), and

    * a paragraph of A is ``'kept'`` when :math:`c(p, B) = 1` (verbatim,
      wherever B put it), ``'changed'`` when :math:`0 < c(p, B) < 1`, and
      ``'dropped'`` when :math:`c(p, B) = 0`;
    * a paragraph of B is ``'added'`` when none of its shingles are in A,
      else ``'kept'`` or ``'changed'`` as above, seen from B;
    * a paragraph of fewer than 5 tokens has no shingles and is
      ``'too-short'`` (it cannot be compared).

    Parameters
    ----------
    corpus : Corpus
    doc_a, doc_b : str
        Document ids (A is the original, B the copy, by convention).

    Returns
    -------
    pandas.DataFrame
        One row per paragraph of A, then of B: ``side`` (``'a'``/``'b'``),
        ``doc_id``, ``para``, ``role`` (if the corpus has it),
        ``n_shingles``, ``n_found`` (shingles also in the other document),
        ``share_found``, ``status``, ``matched_para`` (the other document's
        paragraph sharing most shingles with it; -1 if none).

    Raises
    ------
    InputError
        For an unknown doc_id or the same id twice.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Proceedings of Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> a = "Delegates met in Geneva on Tuesday for talks.\nThe envoy said the meeting was useful."
    >>> b = "Delegates met in Geneva on Tuesday for talks.\nOur reporter saw the cars leave at noon."
    >>> c = Corpus.from_texts([a, b], pd.DataFrame({"doc_id": ["a", "b"]}))
    >>> paragraph_alignment(c, "a", "b")["status"].tolist()
    ['kept', 'dropped', 'kept', 'added']
    """
    docs = corpus.documents
    for name, d in (("doc_a", doc_a), ("doc_b", doc_b)):
        if d not in docs.index:
            raise InputError(f"paragraph_alignment(): {name}={d!r} is not a doc_id of this corpus")
    if doc_a == doc_b:
        raise InputError(f"paragraph_alignment(): doc_a and doc_b are the same document ({doc_a!r}); give two")
    if corpus.shingles is None:
        raise InputError("paragraph_alignment(): this corpus has no shingles")
    table = corpus.shingles
    paras = corpus.paragraphs
    rows = []
    sets = {}
    for d in (doc_a, doc_b):
        sub = table[table["doc_id"] == d]
        sets[d] = {int(p): set(s) for p, s in zip(sub["para"], sub["shingles"])}
    for side, d, other in (("a", doc_a, doc_b), ("b", doc_b, doc_a)):
        other_sets = sets[other]
        other_all = set().union(*other_sets.values()) if other_sets else set()
        p_rows = paras[paras["doc_id"] == d]
        for _, pr in p_rows.iterrows():
            p = int(pr["para"])
            s = sets[d].get(p, set())
            found = len(s & other_all)
            if not s:
                status = "too-short"
            elif found == len(s):
                status = "kept"
            elif found:
                status = "changed"
            else:
                status = "added" if side == "b" else "dropped"
            best, best_n = -1, 0
            for q, qs in sorted(other_sets.items()):
                k = len(s & qs)
                if k > best_n:
                    best, best_n = q, k
            row = {"side": side, "doc_id": d, "para": p}
            if "role" in p_rows.columns:
                row["role"] = pr["role"]
            row.update(
                n_shingles=len(s), n_found=found, share_found=found / len(s) if s else np.nan,
                status=status, matched_para=best,
            )  # fmt: skip
            rows.append(row)
    return pd.DataFrame(rows)
