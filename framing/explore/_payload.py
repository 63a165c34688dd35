"""Arrange analysis tables and corpus metadata into the explorer's data (plain JSON).

Nothing here computes a statistic: the scores, intervals and p-values are the
analyses' own columns, passed through. What is added is bookkeeping the page
needs to link a row to documents: which documents use a term (and how often),
a term's token and document counts per group, the citation metadata of those
documents, and, where the corpus has text, the paragraph that contains the term.
"""

from __future__ import annotations

import math
import re
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Interval, check_param
from ..errors import InputError

#: Citation columns shown for a document, in this order (those the corpus has).
DOC_COLUMNS = ("doc_id", "title", "source", "date", "url")

#: Keyness columns the page knows by name; any other column whose name says it
#: counts documents (n_docs..., df...) is passed through as well.
KEYNESS_COLUMNS = ("group", "reference", "term", "estimate", "ci_low", "ci_high", "p_adj", "count_target", "count_reference")
NAMING_COLUMNS = (
    "group", "variant", "count", "total", "estimate", "ci_low", "ci_high",
    "n_docs", "n_docs_group", "doc_share", "doc_ci_low", "doc_ci_high",
)  # fmt: skip
_DOC_FREQ = re.compile(r"^(n_docs|df|docs?)(_|$)")


# --------------------------------------------------------------------------- helpers
def _value(v):
    """One JSON-safe cell: floats to 4 significant digits, NaN/inf to None."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if not math.isfinite(v):
            return None
        return float(f"{v:.4g}")
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def columns_of(df: pd.DataFrame, names) -> dict:
    """The table as ``{column: [values]}`` for the named columns it has."""
    return {c: [_value(v) for v in df[c].tolist()] for c in names if c in df.columns}


def with_estimate(table: pd.DataFrame, old: str) -> pd.DataFrame:
    """The table with its point estimate in ``estimate`` (tables of framing 0.1 call it ``score``/``share``)."""
    if "estimate" not in table.columns and old in table.columns:
        return table.rename(columns={old: "estimate"})
    return table


def doc_frequency_columns(df: pd.DataFrame) -> list[str]:
    """Columns that count documents (added by later versions of the analyses)."""
    return [c for c in df.columns if isinstance(c, str) and _DOC_FREQ.match(c) and c not in KEYNESS_COLUMNS and c not in ("p", "sign_stable", "freq_target", "freq_reference")]


def group_labels(corpus, by) -> pd.Series:
    """Group of every document of ``corpus`` (NaN for none), via :meth:`Corpus.groups`."""
    if by is None:
        return pd.Series(np.nan, index=corpus.documents.index, name="group", dtype=object)
    return corpus.groups(by)


class Documents:
    """The documents a page refers to, numbered in the order first used."""

    def __init__(self, corpus, groups: pd.Series):
        self.meta = corpus.documents
        self.groups = groups
        self.index: dict[str, int] = {}

    def ref(self, doc_id) -> int:
        doc_id = str(doc_id)
        if doc_id not in self.index:
            self.index[doc_id] = len(self.index)
        return self.index[doc_id]

    def table(self) -> dict:
        ids = list(self.index)
        meta = self.meta.reindex(ids)
        out = {"doc_id": ids}
        for c in DOC_COLUMNS[1:]:
            if c in meta.columns:
                out[c] = ["" if pd.isna(v) else _value(v) for v in meta[c].tolist()]
        out["group"] = ["" if pd.isna(v) else str(v) for v in self.groups.reindex(ids).tolist()]
        return out


def _snippet(left: str, match: str, right: str) -> str:
    return f"…{left} [{match}] {right}…".replace("  ", " ")


def snippets(corpus, pairs: dict[str, list[str]], *, window: int = 12) -> dict:
    """``{term: {doc_id: 'context'}}`` for the (term, documents) pairs, where the corpus has text."""
    if not corpus.has_text:
        return {}
    out: dict[str, dict] = {}
    for term, doc_ids in pairs.items():
        wanted = set(doc_ids)
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in term.split()) + r"(?!\w)"
        conc = corpus.concordance(pattern, window=window)
        conc = conc[conc["doc_id"].isin(wanted)].drop_duplicates("doc_id")
        out[term] = {r.doc_id: _snippet(r.left, r.match, r.right) for r in conc.itertuples()}
    return out


# --------------------------------------------------------------------------- keyness
def keyness_payload(table: pd.DataFrame, corpus, by, *, dtm=None, n_terms: int = 300, n_docs: int = 25) -> dict:
    """The page's data for a :func:`framing.keyness` table."""
    table = with_estimate(table, "score")
    missing = [c for c in ("group", "term", "estimate") if c not in table.columns]
    if missing:
        raise InputError(f"explore(): the keyness table has no column {', '.join(missing)}; pass fr.keyness()'s table")
    check_param("explore()", "n_terms", n_terms, [Interval(Integral, 1, None)])
    groups = group_labels(corpus, by)
    # the n_terms most distinctive terms of each comparison (largest |score|), and all their rows
    ref = table["reference"] if "reference" in table.columns else pd.Series("rest", index=table.index)
    comp = table["group"].astype(str) + "\u2009vs\u2009" + ref.astype(str)
    strength = table["estimate"].abs().replace(np.inf, np.finfo(float).max)
    top = strength.groupby(comp, sort=False).rank(method="first", ascending=False) <= n_terms
    terms = pd.unique(table.loc[top, "term"].astype(str))
    rows = table[table["term"].astype(str).isin(set(terms))]
    cols = [c for c in KEYNESS_COLUMNS if c in rows.columns and c not in ("group", "reference")]
    data = columns_of(rows, cols + doc_frequency_columns(rows))
    # the comparison of each row as a number into `comparisons` (keeps the page small)
    pair = pd.MultiIndex.from_arrays([rows["group"].astype(str), ref.loc[rows.index].astype(str)])
    codes, pairs = pd.factorize(pair)
    data["comparison"] = codes.tolist()

    # documents that use each term, from the corpus's document-term counts
    if dtm is None:
        longest = max(len(t.split()) for t in terms) if len(terms) else 1
        lowercase = bool(table.attrs.get("lowercase", True))
        dtm = corpus.dtm(lowercase=lowercase, ngram_range=(1, longest)) if longest > 1 else corpus.dtm(lowercase=lowercase)
    if "doc_id" not in dtm.rows.columns:
        raise InputError("explore(): dtm has no doc_id column in its rows; pass a document-level matrix")
    col = {t: j for j, t in enumerate(dtm.terms)}
    present = [t for t in terms if t in col]
    row_doc = dtm.rows["doc_id"].astype(str).to_numpy()
    doc_codes, doc_ids = pd.factorize(row_doc)
    to_doc = sparse.csr_matrix(
        (np.ones(len(row_doc)), (doc_codes, np.arange(len(row_doc)))), shape=(len(doc_ids), len(row_doc))
    )
    m = sparse.csc_matrix(to_doc @ dtm.matrix[:, [col[t] for t in present]])  # documents x terms
    m.sort_indices()
    targets = [str(g) for g in pd.unique(table["group"])]
    order = targets + sorted({str(g) for g in groups.dropna()} - set(targets))
    doc_group = groups.reindex(doc_ids).astype(object).where(lambda s: s.notna(), "(no group)").astype(str)
    labels = [*order, "(no group)"]
    g_codes = pd.Categorical(doc_group, categories=labels).codes
    g_mat = sparse.csr_matrix((np.ones(len(doc_ids)), (g_codes, np.arange(len(doc_ids)))), shape=(len(labels), len(doc_ids)))
    tokens = np.asarray((g_mat @ m).todense())
    used = m.copy()
    used.data = (used.data > 0).astype(float)
    n_using = np.asarray((g_mat @ used).todense())
    docs = Documents(corpus, groups)
    term_docs, by_group = {}, {}
    for j, t in enumerate(present):
        lo, hi = m.indptr[j], m.indptr[j + 1]
        r, c = m.indices[lo:hi], m.data[lo:hi]
        keep = c > 0
        r, c = r[keep], c[keep]
        top = np.lexsort((r, -c))[:n_docs]  # most uses first, then corpus order
        by_group[t] = [[i, int(tokens[i, j]), int(n_using[i, j])] for i in range(len(labels)) if n_using[i, j] > 0]
        term_docs[t] = {"n": int(len(r)), "docs": [[docs.ref(doc_ids[r[i]]), int(c[i])] for i in top]}
    ids = {v: k for k, v in docs.index.items()}  # doc numbers -> doc ids
    context = snippets(corpus, {t: [ids[i] for i, _ in term_docs[t]["docs"]] for t in term_docs})
    if context:
        for t in term_docs:
            term_docs[t]["context"] = [context.get(t, {}).get(ids[i], "") for i, _ in term_docs[t]["docs"]]
    return {
        "kind": "keyness",
        "title": table.attrs.get("title", "Keyness"),
        "method": str(table.attrs.get("method", "")),
        "n_boot": _value(table.attrs.get("n_boot", 0)),
        "alpha": _value(table.attrs.get("alpha", 0.05)),
        "n_terms": int(n_terms),
        "n_rows_table": int(len(table)),
        "groups": [str(g) for g in order],
        "comparisons": [{"group": g, "reference": r} for g, r in pairs],
        "table": data,
        "term_docs": term_docs,
        "term_groups": by_group,  # [index into group_labels, occurrences, documents]
        "group_labels": labels,
        "docs": docs.table(),
        "has_text": bool(corpus.has_text),
    }


# --------------------------------------------------------------------------- naming
def naming_payload(table: pd.DataFrame, corpus, by, concept, *, lexicon="all", n_docs: int = 50) -> dict:
    """The page's data for a :func:`framing.naming_shares` table."""
    from ..naming import variant_counts

    table = with_estimate(table, "share")
    missing = [c for c in ("group", "variant", "estimate") if c not in table.columns]
    if missing:
        raise InputError(f"explore(): the naming table has no column {', '.join(missing)}; pass fr.naming_shares()'s table")
    if concept is None:
        raise InputError("explore(): a naming-shares table needs concept= (the concept or variants given to naming_shares)")
    if by is None:
        raise InputError("explore(): a naming-shares table needs by= (the grouping given to naming_shares)")
    counts = variant_counts(corpus, concept, by, lexicon=lexicon)
    docs = Documents(corpus, group_labels(corpus, by))
    cells = {}
    for g, sub in counts.groupby("group", sort=False):
        for v in table["variant"].astype(str).unique():
            if v not in sub.columns:
                continue
            used = sub[v][sub[v] > 0].sort_values(ascending=False, kind="stable")
            cells[f"{g}\u0001{v}"] = {
                "n": int(len(used)),
                "docs": [[docs.ref(d), int(n)] for d, n in used.head(n_docs).items()],
            }
    return {
        "kind": "naming",
        "title": table.attrs.get("title", f"Naming: {concept if isinstance(concept, str) else 'variants'}"),
        "concept": concept if isinstance(concept, str) else "",
        "alpha": _value(table.attrs.get("alpha", 0.05)),
        "groups": [str(g) for g in pd.unique(table["group"])],
        "variants": [str(v) for v in pd.unique(table["variant"])],
        "table": columns_of(table, [c for c in NAMING_COLUMNS if c in table.columns]),
        "cells": cells,
        "docs": docs.table(),
        "has_text": bool(corpus.has_text),
    }


# --------------------------------------------------------------------------- topics
def topics_payload(model, corpus, *, prevalence=None, by=None, n_terms: int = 10, n_docs: int = 5) -> dict:
    """The page's data for a fitted :class:`framing.TopicModel`."""
    from ..topics import representative_documents, top_terms

    frex = top_terms(model, n_terms, measure="frex")
    prob = top_terms(model, n_terms, measure="prob")
    share = model.doc_topic_.mean(axis=0)
    topics = []
    for k, label in enumerate(model.topic_labels_):
        topics.append(
            {
                "topic": int(k),
                "label": str(label),
                "frex": frex.loc[frex["topic"] == k, "term"].astype(str).tolist(),
                "prob": prob.loc[prob["topic"] == k, "term"].astype(str).tolist(),
                "prevalence": _value(share[k]),
            }
        )
    if prevalence is not None:
        missing = [c for c in ("topic", "group", "estimate") if c not in prevalence.columns]
        if missing:
            raise InputError(
                f"explore(): prevalence has no column {', '.join(missing)}; pass fr.topic_prevalence()'s table"
            )
    reps = representative_documents(model, n_docs)
    docs = Documents(corpus, group_labels(corpus, by))
    texts = corpus.texts if corpus.has_text else None
    rep = {}
    for k, sub in reps.groupby("topic", sort=True):
        items = []
        for r in sub.itertuples():
            item = {"doc": docs.ref(r.doc_id), "proportion": _value(r.proportion)}
            if "para" in sub.columns:
                item["para"] = int(r.para)
                if texts is not None:
                    from ..tokenize import normalize, split_paragraphs

                    paras = split_paragraphs(normalize(texts.get(r.doc_id, "")))
                    item["context"] = paras[int(r.para)] if int(r.para) < len(paras) else ""
            items.append(item)
        rep[int(k)] = items
    return {
        "kind": "topics",
        "title": "Topics",
        "level": str(getattr(model, "level_", "")),
        "topics": topics,
        "prevalence": columns_of(prevalence, ["topic", "label", "group", "n_docs", "estimate", "ci_low", "ci_high"])
        if prevalence is not None
        else None,
        "groups": [str(g) for g in pd.unique(prevalence["group"])] if prevalence is not None else [],
        "representatives": rep,
        "docs": docs.table(),
        "has_text": bool(corpus.has_text),
    }

