"""Phrases shared by the methods-text templates: data, bootstrap, seed, stop words, preprocessing, references."""

from __future__ import annotations

import pandas as pd

_KEYNESS = {
    "log_odds": "the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; "
    "prior strength alpha0 = {alpha0:g}), reported as a z-score",
    "g2": "the log-likelihood statistic G2 (Dunning 1993; Rayson & Garside 2000)",
    "chi2": "Pearson's chi-square statistic",
    "pmi": "pointwise mutual information (Church & Hanks 1990)",
}
# first authors of the references that belong to one keyness method only
_KEYNESS_REFS = {"log_odds": ("Monroe",), "g2": ("Dunning", "Rayson"), "pmi": ("Church",), "chi2": ()}
_PERMUTATION_REFS = ("Good", "Phipson", "Besag", "Lijffijt")

_TOPIC_METHODS = {
    "nmf": "non-negative matrix factorisation (NMF; Lee & Seung 1999) of tf-idf weights",
    "minibatch_nmf": "mini-batch non-negative matrix factorisation (NMF; Lee & Seung 1999) of tf-idf weights",
    "lda": "latent Dirichlet allocation (LDA; Blei, Ng & Jordan 2003) fitted by batch variational Bayes",
    "online_lda": "latent Dirichlet allocation (LDA; Blei, Ng & Jordan 2003) fitted by online variational Bayes "
    "(Hoffman, Blei & Bach 2010)",
}
_TOPIC_REFS = {
    "nmf": ["Lee, D. D., & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix factorization. "
            "Nature, 401(6755), 788-791."],
    "lda": ["Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. Journal of Machine "
            "Learning Research, 3, 993-1022."],
    "online_lda": ["Blei, D. M., Ng, A. Y., & Jordan, M. I. (2003). Latent Dirichlet allocation. Journal of Machine "
                   "Learning Research, 3, 993-1022.",
                   "Hoffman, M. D., Blei, D. M., & Bach, F. (2010). Online learning for latent Dirichlet allocation. "
                   "Advances in Neural Information Processing Systems, 23."],
}  # fmt: skip
_TOPIC_REFS["minibatch_nmf"] = _TOPIC_REFS["nmf"]
_SKLEARN = (
    "Pedregosa, F., et al. (2011). Scikit-learn: Machine learning in Python. Journal of Machine Learning "
    "Research, 12, 2825-2830."
)


def _groups_phrase(table: pd.DataFrame) -> str:
    """'A (n = 12 documents), B (n = 30)' from a tidy table's group and n_docs columns."""
    col = "group" if "group" in table else None
    if col is None:
        return ""
    groups = list(dict.fromkeys(table[col].astype(str)))
    size = next((c for c in ("n_docs_group", "n_docs") if c in table), None)
    if size is not None:
        n = table.groupby(table[col].astype(str), sort=False)[size].max()
        return ", ".join(f"{g} (n = {int(n[g])} documents)" for g in groups if pd.notna(n.get(g)))
    return ", ".join(groups)


def _data_phrase(p: dict) -> str:
    """' in corpus X (66 documents)' from the recorded data/corpus parameter."""
    data = p.get("data", p.get("corpus"))
    return f" in {data}" if isinstance(data, str) and data else ""


def _bootstrap_phrase(p: dict) -> str:
    n_boot = p.get("n_boot") or 0
    if not n_boot:
        return ""
    level = 1 - float(p.get("alpha", 0.05) or 0.05)
    return (
        f"Intervals are {level:.0%} bootstrap intervals from {int(n_boot):,} replicates that resample whole "
        "documents within each group (documents, not words, are the independent units)."
    )


def _seed_phrase(p: dict) -> str:
    seed = p.get("seed", p.get("random_state"))
    return f" with random seed {seed}" if isinstance(seed, int) and not isinstance(seed, bool) else ""


def _list_phrase(items) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _stop_phrase(value) -> str:
    if value is True:
        return "the stop words of each document's language (framing's function-word lists)"
    if value in (False, None):
        return "no stop-word removal"
    if isinstance(value, str) and value.startswith("a list of"):
        return f"stop words: {value}"
    if isinstance(value, str):
        return f"the '{value}' stop-word list"
    return f"stop words: {value}"



def _preprocessing_phrase(m: dict) -> str:
    parts = []
    if m.get("level"):
        parts.append(f"one row per {m['level']}")
    if m.get("lowercase") is not None:
        parts.append("lower-cased" if m["lowercase"] else "case kept")
    parts.append(_stop_phrase(m.get("stop_words")))
    if m.get("stem"):
        parts.append("Snowball stemming")
    if m.get("min_len"):
        parts.append(f"terms of at least {m['min_len']} characters")
    if m.get("drop_numbers"):
        parts.append("numbers dropped")
    if m.get("min_df") not in (None, 1):
        parts.append(f"terms in at least {m['min_df']} rows")
    if m.get("max_df") not in (None, 1.0, 1):
        parts.append(f"terms in at most {m['max_df']} of the rows")
    return "; ".join(parts)



def _version() -> str:
    from .._provenance import _version as v

    return v()


def _finish(sentences: list[str], version: str, refs: list[str]) -> str:
    text = " ".join(s for s in sentences if s) + f" Computed with framing {version} (Python)."
    if refs:
        text += "\n\nReferences:\n" + "\n".join(f"- {r}" for r in refs)
    return text

