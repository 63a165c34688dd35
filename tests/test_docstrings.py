"""Every public name has a numpydoc docstring with the sections the house rules ask for.

The test walks ``framing.__all__``: each function, each public class and each
public method a framing class defines (inherited scikit-learn methods are not
ours) needs

* ``Parameters`` if it takes parameters (besides ``self``/``cls``),
* ``Returns`` (or ``Yields``) unless it is annotated ``-> None``,
* ``Raises``,
* ``Examples``,
* ``References`` if it computes a statistic (the names in ``STATISTICS``).

Classes need ``Parameters`` (if ``__init__`` takes any) and ``Examples``.
Exceptions and constants are skipped.

``ALLOW`` lists the names that are not compliant yet. When you fix a
docstring, delete its line: the test warns about an entry that is no longer
needed (a warning, so that fixing a docstring never breaks the suite), so
the list only shrinks.
"""

from __future__ import annotations

import inspect
import re
import warnings

import pytest

import framing

# Public names that compute a statistic: their docstring cites the source (References).
STATISTICS = {
    "STM",
    "actor_tone",
    "agreement",
    "antmn_frames",
    "antmn_prevalence",
    "calibration_table",
    "choose_k",
    "compare_frames",
    "compare_tone",
    "containment_pairs",
    "content_contrast",
    "content_terms",
    "corrected_prevalence",
    "document_distances",
    "estimate_effect",
    "group_distances",
    "jensen_shannon_matrix",
    "keyness",
    "krippendorff_alpha",
    "learn_thresholds",
    "lexicon_tone",
    "match_topics",
    "minhash_pairs",
    "model_quality",
    "naming_shares",
    "naming_test",
    "prevalence_differences",
    "roc_auc",
    "topic_coherence",
    "topic_correlation",
    "topic_diversity",
    "topic_exclusivity",
    "topic_network",
    "topic_prevalence",
    "topic_quality",
    "topic_stability",
    "topic_term_scores",
    "vader_tone",
    "validate_measure",
}

# Not compliant yet: one name per line, sorted within each module. Delete a line when you fix it.
ALLOW = """
"""

ALLOW = {line.strip() for line in ALLOW.splitlines() if line.strip() and not line.lstrip().startswith("#")}

_SECTION = re.compile(r"^\s*([A-Z][A-Za-z ]+)\n\s*-{3,}\s*$", re.M)


def _sections(doc: str | None) -> set[str]:
    return {m.group(1).strip() for m in _SECTION.finditer(inspect.cleandoc(doc or ""))}


def _takes_parameters(func, skip_first: bool) -> bool:
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    if skip_first and params:
        params = params[1:]
    return bool(params)


def _returns_none(func) -> bool:
    try:
        ann = inspect.signature(func).return_annotation
    except (TypeError, ValueError):
        return False
    return ann is None or ann == "None"


def _missing_for_function(name: str, func, *, method: bool = False) -> list[str]:
    func = inspect.unwrap(func)
    have = _sections(func.__doc__)
    need = []
    if _takes_parameters(func, skip_first=method):
        need.append("Parameters")
    if not _returns_none(func):
        need.append("Returns")
    need += ["Raises", "Examples"]
    if name in STATISTICS:
        need.append("References")
    missing = [s for s in need if s not in have]
    if "Returns" in missing and "Yields" in have:
        missing.remove("Returns")
    return missing


def _own_methods(cls):
    """Public methods defined by framing classes in the MRO (not scikit-learn's or traitlets')."""
    seen = {}
    for klass in reversed(cls.__mro__):
        if not (klass.__module__ or "").startswith("framing"):
            continue
        for attr, value in vars(klass).items():
            if attr.startswith("_"):
                continue
            if isinstance(value, (staticmethod, classmethod)):
                seen[attr] = (value.__func__, isinstance(value, classmethod))
            elif inspect.isfunction(value):
                seen[attr] = (value, True)
            else:
                seen.pop(attr, None)  # a property or attribute overrides
    return seen


def _public_callables():
    """(name, missing sections) for every public function, class and method."""
    out = []
    for name in framing.__all__:
        obj = getattr(framing, name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            need = ["Examples"] + (["References"] if name in STATISTICS else [])
            if _takes_parameters(obj.__init__, skip_first=True) and obj.__init__ is not object.__init__:
                need.insert(0, "Parameters")
            have = _sections(obj.__doc__)
            out.append((name, [s for s in need if s not in have]))
            for attr, (func, bound) in sorted(_own_methods(obj).items()):
                out.append((f"{name}.{attr}", _missing_for_function(f"{name}.{attr}", func, method=bound)))
        elif callable(obj):
            out.append((name, _missing_for_function(name, obj)))
    return out


CHECKED = _public_callables()


@pytest.mark.parametrize("name,missing", CHECKED, ids=[n for n, _ in CHECKED])
def test_docstring_sections(name, missing):
    if name in ALLOW:
        if not missing:  # a warning, not a failure: fixing a docstring never breaks the suite
            warnings.warn(f"{name} is compliant now: delete it from ALLOW in tests/test_docstrings.py", stacklevel=1)
    else:
        assert not missing, f"{name}: the docstring lacks the numpydoc section(s) {missing}"


def test_allow_list_names_exist():
    known = {n for n, _ in CHECKED}
    assert not ALLOW - known, f"ALLOW names that are not public: {sorted(ALLOW - known)}"


def test_shared_parameter_docs_are_filled():
    """Every ``{params.<name>}`` placeholder was filled by ``framing._docs.fill_doc``."""
    unfilled = []
    for name in framing.__all__:
        obj = getattr(framing, name)
        docs = [(name, getattr(obj, "__doc__", None))]
        if inspect.isclass(obj):
            docs += [(f"{name}.{a}", f.__doc__) for a, (f, _) in _own_methods(obj).items()]
        unfilled += [n for n, d in docs if isinstance(d, str) and "{params." in d]
    assert not unfilled, f"unfilled {{params.*}} placeholders (add @fill_doc): {unfilled}"
