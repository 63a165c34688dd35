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

from .._provenance import CALL_KEY
from ..errors import InputError
from ._families import _TEMPLATES, _keyness_refs, _model_how, _model_phrase, _labels_phrase
from ._phrases import _SKLEARN, _TOPIC_REFS, _bootstrap_phrase, _finish, _preprocessing_phrase, _version

__all__ = ["methods_text"]


def _model_text(model) -> str:
    from .._provenance import describe_model, docstring_references

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

        from .._provenance import docstring_references

        return docstring_references(framing.STM)[:1]
    return _TOPIC_REFS.get(m.get("method"), [])



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
        if record.get("function") in ("estimate_effect", "prevalence_curve"):
            pass  # their template says how the intervals were made
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
