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
        how = f"variational EM from a {m.get('init')} initialisation (at most {m.get('max_iter')} iterations)"
    else:
        method = m.get("method", "nmf")
        how = _TOPIC_METHODS.get(method, str(method))
    return f"It was fitted by {how}{_seed_phrase(m)}."


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
    "containment_pairs": _reuse,
    "reuse_clusters": _reuse,
    "who_republishes_whom": _reuse,
    "republication_pairs": _reuse,
    "paragraph_alignment": _reuse,
    "group_distances": _distances,
}


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


def _model_text(model) -> str:
    from ._provenance import describe_model, docstring_references

    m = describe_model(model)
    lines = [f"We fitted {_model_phrase(m)} with framing's {m['model']}"
             + (", which calls scikit-learn (Pedregosa et al. 2011)." if m["model"] == "TopicModel" else "."),
             _model_how(m)]
    lines.append("Preprocessing: " + _preprocessing_phrase(m) + ".")
    labels = _labels_phrase(m)
    if labels:
        lines.append(labels.strip() + " The labels are the researchers' reading of each topic's top words and "
                     "documents, not an output of the model.")
    refs = docstring_references(type(model))
    if m["model"] == "TopicModel":
        refs = _TOPIC_REFS.get(m.get("method"), []) + [_SKLEARN]
    return _finish(lines, _version(), refs)


def _model_references(m) -> list[str]:
    """The papers behind a recorded topic model (a table computed from a model cites the model too)."""
    if not isinstance(m, dict) or "model" not in m:
        return []
    if m["model"] == "STM":
        import framing

        from ._provenance import docstring_references

        return docstring_references(framing.STM)[:1]
    return _TOPIC_REFS.get(m.get("method"), [])


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
    >>> print(text.split(". ")[0])
    We compared the vocabulary of each group of documents against all other documents in corpus (unnamed) (4 documents; tokens lower-cased, counted per document) with the log-likelihood statistic G2 (Dunning 1993; Rayson & Garside 2000)
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
        if record.get("function") == "estimate_effect":
            pass  # its template says how the intervals were made
        elif inference:
            inference = str(inference).rstrip(".")
            sentences.append(inference[:1].upper() + inference[1:] + ".")
        else:
            sentences.append(_bootstrap_phrase(params))
        seed = params.get("seed")
        if isinstance(seed, int) and (params.get("n_boot") or (params.get("n_perm") and params.get("test") != "token")):
            sentences.append(f"The random seed was {seed}.")
        refs = list(record.get("references", []))
        if record.get("function") == "keyness":
            refs = _keyness_refs(params, refs)
        if record.get("function") in ("compare_frames", "frame_scores") and params.get("dictionary"):
            refs = [r for r in refs if not r.startswith("Semetko")]  # the analyst's own dictionary
        if "n_boot" in params and not params.get("n_boot") and record.get("function") != "keyness":
            refs = [r for r in refs if not r.startswith(("Efron", "Hesterberg", "Field"))]
        model_refs = _model_references(params.get("model"))
        refs += [r for r in model_refs if r not in refs]
        text = _finish(sentences, record.get("version", "unknown"), refs)
    if width:
        head, _, refs = text.partition("\n\nReferences:\n")
        text = textwrap.fill(head, width) + ("\n\nReferences:\n" + refs if refs else "")
    return text
