"""The paragraph a methods section needs, written from what a result records.

Every analysis table of framing carries in ``attrs['framing_call']`` the
function that made it, its parameters, the framing version and the papers in
the function's References (see :mod:`framing._provenance`); analyses may add
``attrs['inference']``, a sentence saying how p-values or intervals were
obtained (unit of resampling, number of replicates, correction).
:func:`methods_text` turns that into prose a reviewer can check: what was
computed, on how many documents, with which parameters, how uncertainty was
obtained and corrected, with which software version, and which papers to cite.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from ._provenance import CALL_KEY
from .errors import InputError

__all__ = ["methods_text"]

_KEYNESS = {
    "log_odds": "the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; "
    "prior strength alpha0 = {alpha0:g}), reported as a z-score",
    "g2": "the log-likelihood statistic G2 (Dunning 1993; Rayson & Garside 2000)",
    "chi2": "Pearson's chi-square statistic",
    "pmi": "pointwise mutual information (Church & Hanks 1990)",
}


def _groups_phrase(table: pd.DataFrame) -> str:
    """'A (n = 12 documents), B (n = 30)' from a tidy table's group and n_docs columns."""
    col = "group" if "group" in table else None
    if col is None:
        return ""
    groups = list(dict.fromkeys(table[col].astype(str)))
    size = next((c for c in ("n_docs_group", "n_docs") if c in table), None)
    if size is not None:
        n = table.groupby(col, sort=False)[size].first()
        return ", ".join(f"{g} (n = {int(n[g])} documents)" for g in groups if pd.notna(n.get(g)))
    return ", ".join(groups)


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
    return f" with random seed {seed}" if isinstance(seed, int) else ""


def _keyness(p: dict, table: pd.DataFrame) -> list[str]:
    method = p.get("method", "log_odds")
    stat = _KEYNESS.get(method, method).format(alpha0=float(p.get("alpha0", 1000.0) or 1000.0))
    target = p.get("target")
    reference = p.get("reference")
    if target is None:
        what = "each group of documents against all other documents"
    else:
        tgt = " and ".join(target) if isinstance(target, list) else str(target)
        ref = "all other documents" if reference is None else (
            " + ".join(reference) if isinstance(reference, list) else str(reference)
        )
        what = f"{tgt} against {ref}"
    n_terms = table.groupby([c for c in ("group", "reference") if c in table], sort=False).size()
    s = [
        f"We compared the vocabulary of {what} with {stat}.",
        f"Terms with at least {p.get('min_count', 1)} occurrence(s) in the two groups were scored "
        f"({int(n_terms.max()) if len(n_terms) else 0:,} terms per comparison).",
    ]
    if {"n_docs_target", "n_docs_reference"} <= set(table.columns):
        sizes = table.drop_duplicates(["group", "reference"])
        s.append(
            "Documents: "
            + "; ".join(
                f"{g} {int(a)} against {r} {int(b)}"
                for g, r, a, b in sizes[["group", "reference", "n_docs_target", "n_docs_reference"]].itertuples(index=False)
            )
            + "."
        )
    else:
        groups = _groups_phrase(table)
        if groups:
            s.append(f"Groups: {groups}.")
    if "p_adj" in table and "inference" not in table.attrs:
        s.append(
            "p-values were adjusted for the number of terms tested in each comparison with the "
            "Benjamini-Hochberg procedure (false discovery rate)."
        )
    return s


def _naming(p: dict, table: pd.DataFrame) -> list[str]:
    concept = p.get("concept", "the concept")
    s = [
        f"We counted the competing variants of the naming concept '{concept}' with framing's concept lexicon "
        f"({p.get('lexicon') or 'the lexicon of the documents’ language'}), matching each variant's word "
        "patterns in the documents' token counts (and stored n-grams for multi-word variants)."
    ]
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


def _frames(p: dict, table: pd.DataFrame) -> list[str]:
    value = p.get("value", "rate")
    unit = "rate per 1,000 tokens" if value == "rate" else value
    return [
        "We measured the generic news frames of Semetko & Valkenburg (2000) with framing's frame dictionary "
        f"(dictionary: {p.get('dictionary') or 'the shipped generic-frame dictionary'}), as each document's {unit}.",
        "Dictionary frame measures must be validated against human codes before their results are reported "
        "(framing.validate_measure).",
    ] + ([f"Groups: {_groups_phrase(table)}."] if _groups_phrase(table) else [])


def _tone(p: dict, table: pd.DataFrame) -> list[str]:
    return [
        "We measured tone with VADER (Hutto & Gilbert 2014): on running text with its rules, or, for a "
        "counts-only corpus, as the lexicon-weighted mean valence of the tokens (an approximation without "
        "VADER's negation and intensifier rules)."
    ] + ([f"Groups: {_groups_phrase(table)}."] if _groups_phrase(table) else [])


def _topics(p: dict, table: pd.DataFrame) -> list[str]:
    s = ["We estimated topic prevalence from a fitted topic model's document-topic proportions."]
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


def _reuse(p: dict, table: pd.DataFrame) -> list[str]:
    thr = p.get("threshold", p.get("min_containment"))
    s = [
        "We detected reused text with hashed 5-token shingles per paragraph (framing-tokens/1) and the "
        "containment of one document's shingles in another's (Broder 1997)"
        + (f", linking documents with containment of at least {thr:g}" if isinstance(thr, (int, float)) else "")
        + "."
    ]
    return s


def _distances(p: dict, table: pd.DataFrame) -> list[str]:
    return [
        "We measured how different the groups' vocabularies are with the Jensen-Shannon distance (Lin 1991) "
        "between their pooled term distributions."
    ]


_TEMPLATES = {
    "keyness": _keyness,
    "naming_shares": _naming,
    "naming_test": _naming,
    "variant_counts": _naming,
    "frame_scores": _frames,
    "compare_frames": _frames,
    "lexicon_tone": _tone,
    "vader_tone": _tone,
    "actor_tone": _tone,
    "compare_tone": _tone,
    "topic_prevalence": _topics,
    "prevalence_differences": _topics,
    "estimate_effect": _topics,
    "containment_pairs": _reuse,
    "reuse_clusters": _reuse,
    "who_republishes_whom": _reuse,
    "paragraph_alignment": _reuse,
    "group_distances": _distances,
}


def _model_text(model) -> str:
    params = model.get_params()
    k = params.get("n_topics", params.get("n_components"))
    method = params.get("method", type(model).__name__)
    lines = [
        f"We fitted a topic model ({method}, K = {k} topics{_seed_phrase(params)}) with framing's "
        f"{type(model).__name__}, a wrapper around scikit-learn's estimators.",
        "Preprocessing: " + ", ".join(
            f"{name} = {params[name]!r}" for name in ("level", "lowercase", "stop_words", "stem", "min_df", "max_df")
            if name in params
        ) + ".",
    ]
    return _finish(lines, _version(), [])


def _version() -> str:
    from ._provenance import _version as v

    return v()


def _finish(sentences: list[str], version: str, refs: list[str]) -> str:
    text = " ".join(s for s in sentences if s) + f" Computed with framing {version} (Python)."
    if refs:
        text += "\n\nReferences:\n" + "\n".join(f"- {r}" for r in refs)
    return text


def methods_text(result, *, width: int | None = None) -> str:
    """The paragraph for a paper's methods section describing how a result was computed.

    It names the method and its source papers, the groups and their numbers
    of documents, the parameters that change the result, how p-values and
    intervals were obtained (the unit of resampling, the number of
    replicates, the multiple-comparison correction), the random seed and
    the framing version. Read it, check it against your analysis, and edit
    it into your own words: it is a draft, not boilerplate to paste.

    Parameters
    ----------
    result : pandas.DataFrame or fitted TopicModel
        A table returned by a framing analysis (keyness, naming, frames,
        tone, topic prevalence, reuse, distances), or a fitted topic model.
    width : int, optional
        Wrap the paragraph at this many characters (default: one line).

    Returns
    -------
    str
        The paragraph, followed by the list of references.

    Raises
    ------
    InputError
        If ``result`` carries no record of how it was computed (for example
        a table built by hand, or one whose ``attrs`` were dropped by
        ``pd.concat``).

    Examples
    --------
    >>> import pandas as pd
    >>> import framing as fr
    >>> c = fr.Corpus.from_texts(
    ...     ["the war goes on", "war and war", "peace talks go on", "peace and talks"],
    ...     pd.DataFrame({"side": ["a", "a", "b", "b"]}))
    >>> text = fr.methods_text(fr.keyness(c, "side", method="g2"))
    >>> text.split(". ")[0]
    'We compared the vocabulary of each group of documents against all other documents with the log-likelihood statistic G2 (Dunning 1993; Rayson & Garside 2000)'
    >>> "Benjamini-Hochberg" in text and "Rayson, P., & Garside, R. (2000)" in text
    True
    """
    if hasattr(result, "get_params") and not isinstance(result, pd.DataFrame):
        text = _model_text(result)
    else:
        record = getattr(result, "attrs", {}).get(CALL_KEY) if isinstance(result, pd.DataFrame) else None
        if record is None:
            raise InputError(
                "result carries no record of how it was computed (attrs['framing_call']); pass a table "
                "returned by a framing analysis (keyness, naming_shares, compare_frames, ...) or a fitted "
                "TopicModel. pd.concat and some pandas operations drop attrs: call methods_text on each table"
            )
        params = record.get("params", {})
        template = _TEMPLATES.get(record.get("function"))
        if template is None:
            shown = ", ".join(f"{k} = {v!r}" for k, v in params.items())
            sentences = [f"We computed {record.get('function')} ({shown})."]
        else:
            sentences = template(params, result)
        inference = result.attrs.get("inference")
        if inference:
            inference = str(inference).rstrip(".")
            sentences.append(inference[:1].upper() + inference[1:] + ".")
        else:
            sentences.append(_bootstrap_phrase(params))
        seed = params.get("seed")
        if isinstance(seed, int) and (params.get("n_boot") or (params.get("n_perm") and params.get("test") != "token")):
            sentences.append(f"The random seed was {seed}.")
        text = _finish(sentences, record.get("version", "unknown"), record.get("references", []))
    if width:
        head, _, refs = text.partition("\n\nReferences:\n")
        text = textwrap.fill(head, width) + ("\n\nReferences:\n" + refs if refs else "")
    return text
