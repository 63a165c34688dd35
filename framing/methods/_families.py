"""One sentence builder per analysis family (keyness, naming, frames, tone, topics, reuse, distances)."""

from __future__ import annotations

import pandas as pd

from .._provenance import CALL_KEY
from ._phrases import (
    _KEYNESS,
    _KEYNESS_REFS,
    _PERMUTATION_REFS,
    _TOPIC_METHODS,
    _data_phrase,
    _groups_phrase,
    _list_phrase,
    _seed_phrase,
)


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
    data = p.get("data")
    where = _data_phrase(p)
    if isinstance(data, str) and data.startswith("corpus") and where.endswith(")"):
        unit = "n-grams" if tuple(p.get("ngram_range") or (1, 1)) != (1, 1) else "tokens"
        case = "lower-cased" if p.get("lowercase", True) else "as written"
        where = where[:-1] + f"; {unit} {case}, counted per {p.get('level', 'document')})"
    min_count = int(p.get("min_count", 1) or 1)
    s = [
        f"We compared the vocabulary of {what}{where} with {stat}.",
        f"{int(n_terms.max()) if len(n_terms) else 0:,} terms were scored per comparison"
        + (f" (terms with at least {min_count} occurrences in the two groups together)." if min_count > 1 else "."),
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


def _keyness_refs(p: dict, refs: list[str]) -> list[str]:
    method = p.get("method", "log_odds")
    drop = tuple(a for m, authors in _KEYNESS_REFS.items() if m != method for a in authors)
    if p.get("test") == "token":
        drop += _PERMUTATION_REFS
    if not p.get("n_boot"):
        drop += ("Efron",)
    return [r for r in refs if not r.startswith(drop)]


def _concept_phrase(p: dict) -> str:
    concept = p.get("concept", "the concept")
    if isinstance(concept, dict):
        name = concept.get("dictionary") if "categories" in concept else None
        variants = concept.get("categories", concept)
        shown = _list_phrase(
            f"{v} ({', '.join(map(str, pats)) if isinstance(pats, list) else pats})" for v, pats in variants.items()
        )
        label = f" '{name}'" if name else ""
        return (
            f"a naming concept defined for this study{label}, with the variants {shown} "
            "(variant and, in parentheses, its word patterns)"
        )
    lexicon = p.get("lexicon") or "all"
    return f"the naming concept '{concept}' of framing's concept lexicon ('{lexicon}')"


def _naming(p: dict, table: pd.DataFrame) -> list[str]:
    s = [
        f"We counted the mentions of the competing variants of {_concept_phrase(p)}{_data_phrase(p)}, matching "
        "each variant's word patterns in the documents' token counts (and stored n-grams for multi-word "
        "variants); a group's share of a variant is its mentions divided by the mentions of any variant."
    ]
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


def _naming_test(p: dict, table: pd.DataFrame) -> list[str]:
    n_perm = int(p.get("n_perm", 2000) or 0)
    s = [
        f"We tested whether the use of the variants of {_concept_phrase(p)}{_data_phrase(p)} differs between "
        "groups with Pearson's chi-square statistic of the group x variant table of mentions."
    ]
    if n_perm:
        s.append(
            f"With {n_perm:,} permutations the smallest attainable permutation p is 1 / ({n_perm:,} + 1) = "
            f"{1 / (n_perm + 1):.2g} (Phipson & Smyth 2010)."
        )
    return s


def _dictionary_phrase(p: dict) -> str:
    d = p.get("dictionary")
    if isinstance(d, dict) and "categories" in d:
        name = d.get("dictionary")
        return f"the categories {_list_phrase(d['categories'])} of the dictionary{f' {name!r}' if name else ''}"
    if d:
        return f"the dictionary {d}"
    return "framing's generic-frame dictionary for English (generic_frames_en)"


def _frames(p: dict, table: pd.DataFrame) -> list[str]:
    value = p.get("value", "rate")
    unit = {"rate": "rate of matches per 1,000 tokens", "present": "presence (at least one match)"}.get(value, value)
    if p.get("dictionary"):
        s = [f"We measured {_dictionary_phrase(p)}{_data_phrase(p)} as each document's {unit}."]
    else:
        s = [
            "We measured the generic news frames of Semetko & Valkenburg (2000) with "
            f"{_dictionary_phrase(p)}{_data_phrase(p)}, as each document's {unit}.",
        ]
    if table.attrs.get(CALL_KEY, {}).get("function") == "compare_frames":
        s.append("Each group's mean was compared with the mean of all other documents.")
    s.append(
        "Dictionary frame measures must be validated against human codes of the same corpus before their results "
        "are reported (framing.validate_measure)."
    )
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


_VADER = (
    "VADER (Hutto & Gilbert 2014) on the running text: each sentence's compound score (the valences of its words "
    "after VADER's rules for negation, intensifiers, capitals, punctuation and 'but', normalised to -1 to 1)"
)
_LEXICON_TONE = (
    "the mean VADER valence per token (Hutto & Gilbert 2014) from the documents' token counts, an approximation "
    "without VADER's rules for negation, intensifiers, capitals, punctuation and 'but'"
)


def _tone(p: dict, table: pd.DataFrame) -> list[str]:
    function = table.attrs.get(CALL_KEY, {}).get("function")
    if function == "vader_tone":
        level = p.get("level", "document")
        s = [f"We scored tone{_data_phrase(p)} with {_VADER}"
             + ("." if level == "sentence" else "; a document's tone is the unweighted mean of its sentences' scores.")]
    elif function == "lexicon_tone":
        s = [f"We scored tone{_data_phrase(p)} as {_LEXICON_TONE}."]
    elif function == "actor_tone":
        s = [f"We scored the tone{_data_phrase(p)} of the paragraphs that mention each actor, with {_LEXICON_TONE}"
             " (co-occurrence with the actor, not stance toward it)."]
    else:  # compare_tone
        tone = p.get("tone")
        if isinstance(tone, str) and tone.endswith("from vader_tone"):
            how = f"with {_VADER}, averaged over each document's sentences"
        elif isinstance(tone, str) and tone.endswith("from actor_tone"):
            how = f"for the paragraphs that mention each actor, as {_LEXICON_TONE}"
        elif tone is None or tone.endswith("from lexicon_tone"):
            how = f"as {_LEXICON_TONE}"
        else:
            how = "with document scores supplied by the analyst (the tone= table)"
        s = [f"We scored each document's tone{_data_phrase(p)} {how}, and compared each group's mean tone with "
             "the mean of all other documents."]
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


def _model_phrase(m) -> str:
    """'a topic model with K = 4 topics' (what it is; :func:`_model_how` says how it was fitted)."""
    if not isinstance(m, dict) or "model" not in m:
        return "a fitted topic model"
    if m["model"] == "STM":
        extra = []
        if m.get("prevalence"):
            extra.append(f"topic prevalence depending on the formula '{m['prevalence']}'")
        if m.get("content"):
            extra.append(f"topic content depending on '{m['content']}'")
        return (f"a structural topic model (STM; Roberts, Stewart & Airoldi 2016) with K = {m.get('n_topics')} topics"
                + (f" and {' and '.join(extra)}" if extra else ""))
    return f"a topic model with K = {m.get('n_topics')} topics"


def _model_how(m) -> str:
    """'It was fitted by ..., with random seed 0.' for a described model."""
    if not isinstance(m, dict) or "model" not in m:
        return ""
    if m["model"] == "STM":
        return _stm_fit_sentences(m)
    method = m.get("method", "nmf")
    return f"It was fitted by {_TOPIC_METHODS.get(method, str(method))}{_seed_phrase(m)}."


_START_NAMES = {"spectral": "spectral", "nmf": "NMF", "random": "random"}


def _stm_fit_sentences(m) -> str:
    """How an STM was fitted and started: one start, or several compared by their bound (stm's selectModel)."""
    starts = [m.get("init")] if isinstance(m.get("init"), str) else list(m.get("init") or [])
    if len(starts) <= 1:
        name = _START_NAMES.get(starts[0], starts[0]) if starts else "default"
        return (f"It was fitted by variational EM from a {name} initialisation (at most {m.get('max_iter')} "
                f"iterations){_seed_phrase(m)}.")
    names = [_START_NAMES.get(s, str(s)) for s in starts]
    used = m.get("init_used")
    kept = f" (here the {_START_NAMES.get(used, used)} start)" if used else ""
    return (f"It was fitted by variational EM (at most {m.get('max_iter')} iterations){_seed_phrase(m)}. It began "
            f"from {len(names)} starts ({_list_phrase(names)}); each ran {m.get('start_iter') or 'a few'} EM "
            f"iterations, and the one with the higher approximate evidence bound{kept} was continued, as stm's "
            "selectModel does (Roberts, Stewart & Tingley 2019).")


def _labels_phrase(m) -> str:
    labels = m.get("labels") if isinstance(m, dict) else None
    if not labels:
        return ""
    return f" The topics were labelled {_list_phrase(repr(x) for x in labels)}."


def _topics(p: dict, table: pd.DataFrame) -> list[str]:
    function = table.attrs.get(CALL_KEY, {}).get("function")
    model = p.get("model")
    if function == "estimate_effect":
        s = [f"We regressed the document-topic proportions of {_model_phrase(model)} on the covariates in "
             f"{p.get('covariates')} (ordinary least squares, one-hot coding against "
             f"{p.get('reference') or 'the first level of each covariate'}).", _model_how(model)]
        n_boot = int(p.get("n_boot") or 0)
        if n_boot and isinstance(model, dict) and model.get("model") == "STM":
            s.append(f"Intervals come from {n_boot:,} draws of the proportions from the model's approximate posterior, "
                     "a regression on each (the method of composition of the stm package; Roberts et al. 2019).")
        elif n_boot:
            s.append(f"Intervals come from {n_boot:,} bootstrap replicates that resample documents and refit the "
                     "regression; they do not include the uncertainty of the fitted proportions.")
    elif function == "prevalence_curve":
        return _curve(p, table, model)
    elif function == "prevalence_differences":
        s = [f"We compared the mean document-topic proportions of pairs of groups, from {_model_phrase(model)}.",
             _model_how(model)]
    else:
        s = [f"We estimated each group's mean document-topic proportion from {_model_phrase(model)}.",
             _model_how(model)]
    s[1] += _labels_phrase(model)
    groups = _groups_phrase(table)
    if groups:
        s.append(f"Groups: {groups}.")
    return s


def _curve(p: dict, table: pd.DataFrame, model) -> list[str]:
    """prevalence_curve: the regression read along one numeric covariate, the others held fixed."""
    over = p.get("over")
    formula = p.get("formula") or (model.get("prevalence") if isinstance(model, dict) else None)
    standard = {"topic", "label", "covariate", "value", "estimate", "ci_low", "ci_high", "n_docs", "n_boot_used"}
    held = [f"{c} = {table[c].iloc[0]}" for c in table.columns if c not in standard and len(table)]
    s = [f"We estimated each topic's expected proportion along {over} from {_model_phrase(model)}, by ordinary "
         f"least squares of the document-topic proportions on the formula '{formula}'"
         + (f", with the other covariates held at {_list_phrase(held)}" if held else "") + ".", _model_how(model)]
    n_boot = int(p.get("n_boot") or 0)
    if n_boot:
        s.append(f"Pointwise intervals come from {n_boot:,} draws of the proportions from the model's approximate "
                 "posterior, a regression on each (the method of composition of the stm package; Roberts et al. 2019).")
    s[1] += _labels_phrase(model)
    return s


def _reuse(p: dict, table: pd.DataFrame) -> list[str]:
    function = table.attrs.get(CALL_KEY, {}).get("function")
    thr = p.get("min_containment")
    min_shared = p.get("min_shared")
    max_df = p.get("max_df")
    s = [
        f"We detected reused text{_data_phrase(p)} with hashed 5-token shingles per paragraph (framing-tokens/1) "
        "and the containment of one document's shingles in another's (Broder 1997)"
        + (f", linking two documents when at least {thr:g} of one's shingles are in the other"
           if isinstance(thr, (int, float)) else "")
        + (f" and they share at least {min_shared} shingles" if isinstance(min_shared, int) else "")
        + "."
    ]
    if isinstance(max_df, float):
        s.append(f"Shingles found in more than {max_df:.0%} of the documents (boilerplate) were ignored.")
    elif isinstance(max_df, int):
        s.append(f"Shingles found in more than {max_df} documents (boilerplate) were ignored.")
    if function == "reuse_clusters":
        s.append("Linked documents were grouped into stories by single linkage (Gower & Ross 1969).")
    elif function in ("who_republishes_whom", "republication_pairs"):
        s.append("In each story the original was chosen by earliest date, own site, the stated source basis and "
                 "fullest version, in that order; every other document counts as a copy.")
    return s


def _distances(p: dict, table: pd.DataFrame) -> list[str]:
    return [
        "We measured how different the groups' vocabularies are with the Jensen-Shannon distance (Lin 1991) "
        f"between their pooled term distributions{_data_phrase(p)}."
    ]


_TEMPLATES = {
    "keyness": _keyness,
    "naming_shares": _naming,
    "naming_test": _naming_test,
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
    "prevalence_curve": _topics,
    "containment_pairs": _reuse,
    "reuse_clusters": _reuse,
    "who_republishes_whom": _reuse,
    "republication_pairs": _reuse,
    "paragraph_alignment": _reuse,
    "group_distances": _distances,
}

