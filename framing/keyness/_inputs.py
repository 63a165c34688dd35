"""Resolution of keyness's inputs: the unit-by-term matrix, its groups, and the comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from .. import _stats
from .._validation import warn_ignored
from ..corpus import DocumentTermMatrix, group_order, missing_labels, resolve_groups
from ..errors import InputError

REST = "rest"


# --------------------------------------------------------------------------- inputs
def _resolve(data, by, level, lowercase, ngram_range):
    """Blocks of the unit-by-term matrix (one unit = one document's rows of one group), unit groups, terms.

    The blocks are a callable that returns an iterator of ``(unit positions,
    csr)`` (see :func:`framing._stats.group_sums`): the whole matrix for an
    in-memory corpus or matrix, blocks read from disk for a
    :class:`~framing.DiskCorpus`. Everything downstream works on group sums
    and resampled group sums, so both give the same numbers. The labels come
    from the one resolver (:func:`framing.corpus.resolve_groups`, behind
    ``Corpus.groups``) and the one missing-label rule.
    """
    from ..corpus import Corpus, DiskCorpus

    if not isinstance(data, (Corpus, DiskCorpus, DocumentTermMatrix)):
        raise InputError(f"keyness(): expected a Corpus or a DocumentTermMatrix, got {type(data).__name__}")
    if by is None:
        what = "a column of the matrix's rows or one label per row" if isinstance(data, DocumentTermMatrix) else (
            "a metadata column, a mapping source -> group, or labels per document")
        raise InputError(f"keyness(): give by= ({what})")
    if isinstance(data, DiskCorpus):
        if level != "document":
            raise InputError(f"keyness(): an on-disk corpus stores document-level counts; use level='document', not {level!r}")
        if tuple(ngram_range) != (1, 1):
            raise InputError(f"keyness(): an on-disk corpus stores single tokens; use ngram_range=(1, 1), not {ngram_range!r}")
        row_labels = data.groups(by).to_numpy(dtype=object)
        ok = ~missing_labels(row_labels)
        terms, blocks = data.row_blocks(np.flatnonzero(ok), lowercase=lowercase)
        return blocks, row_labels[ok], terms, int((~ok).sum())
    if isinstance(data, Corpus):
        labels = data.groups(by)
        dtm = data.dtm(level, lowercase=lowercase, ngram_range=ngram_range)
        row_labels = labels.reindex(dtm.rows["doc_id"]).to_numpy(dtype=object)
    else:
        dtm = data
        # rows indexed by doc_id, so that a Series indexed by doc_id aligns (one label per row otherwise)
        rows = dtm.rows.set_index("doc_id", drop=False) if "doc_id" in dtm.rows.columns else dtm.rows
        try:
            row_labels = resolve_groups(rows, by).to_numpy(dtype=object)
        except InputError as exc:
            raise InputError(f"keyness(): {exc} (data is a DocumentTermMatrix: one label per row)") from None
        if lowercase:
            dtm = _lowercase(dtm)
    doc_ids = dtm.rows["doc_id"].to_numpy(dtype=object) if "doc_id" in dtm.rows.columns else np.arange(dtm.shape[0]).astype(object)
    ok = ~missing_labels(row_labels)
    n_unlabelled = int((~ok).sum())
    # a unit is (document, group): the resampling unit of the bootstrap
    keys = pd.DataFrame({"doc": doc_ids[ok].astype(str), "group": row_labels[ok].astype(str)})
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys), sort=False)
    rows_ok = np.flatnonzero(ok)
    agg = sparse.csr_matrix((np.ones(rows_ok.size), (codes, rows_ok)), shape=(len(uniques), dtm.shape[0]))
    U = (agg @ dtm.matrix).tocsr()
    unit_groups = np.asarray(uniques.get_level_values(1), dtype=object)
    label_of = {str(v): v for v in row_labels[ok]}
    unit_groups = np.array([label_of[g] for g in unit_groups], dtype=object)
    return _stats.matrix_blocks(U), unit_groups, dtm.terms, n_unlabelled


def _lowercase(dtm: DocumentTermMatrix) -> DocumentTermMatrix:
    low = np.array([str(t).lower() for t in dtm.terms], dtype=object)
    uniq, inv = np.unique(low.astype(str), return_inverse=True)
    if len(uniq) == len(low):
        return DocumentTermMatrix(dtm.matrix, dtm.rows, low, dtm.level)
    m = sparse.csr_matrix((np.ones(len(low)), (np.arange(len(low)), inv)), shape=(len(low), len(uniq)))
    return DocumentTermMatrix((dtm.matrix @ m).tocsr(), dtm.rows, uniq.astype(object), dtm.level)


def _as_list(x, name, known):
    if x is None:
        return None
    vals = [x] if isinstance(x, str) or not np.iterable(x) else list(x)
    unknown = [v for v in vals if v not in known]
    if unknown:
        raise InputError(
            f"keyness(): unknown group(s) {unknown} in {name}=; the groups are {', '.join(map(str, known))}"
        )
    return vals


# --------------------------------------------------------------------------- main
def _warn_ignored_for_matrix(level, ngram_range) -> None:
    """keyness() on a DocumentTermMatrix: ``level`` and ``ngram_range`` belong to the matrix already."""
    ignored = {"level": level} if level != "document" else {}
    if tuple(ngram_range) != (1, 1):
        ignored["ngram_range"] = tuple(ngram_range)
    warn_ignored(
        "keyness()", ignored,
        "data is a DocumentTermMatrix (its rows and terms are fixed); build the matrix with these options, "
        "or pass the Corpus", stacklevel=4,
    )  # fmt: skip


def _known_groups(unit_groups, by) -> list:
    """The groups in table order (:func:`framing.corpus.group_order`); each must have documents."""
    present = list(pd.unique(unit_groups))
    known = group_order(unit_groups, by=by)
    empty = [g for g in known if g not in present]
    if empty:
        raise InputError(f"keyness(): group(s) {empty} have no documents; drop them or choose other groups")
    return known


def _comparisons(known: list, target, reference) -> list:
    """``(target, reference name, target groups, reference groups)`` for each comparison."""
    targets = _as_list(target, "target", known) or known
    refs = _as_list(reference, "reference", known)
    if len(known) < 2:
        raise InputError(f"keyness(): need at least two groups to compare, got {known}")
    comparisons = []
    for t in targets:
        if refs is None:
            r_groups = [g for g in known if g != t]
            r_name = REST
        else:
            r_groups = [g for g in refs if g != t]
            if not r_groups:
                raise InputError(f"keyness(): the reference of target {t!r} is empty (reference={reference!r})")
            r_name = "+".join(map(str, r_groups))
        comparisons.append((t, r_name, [t], r_groups))
    return comparisons
