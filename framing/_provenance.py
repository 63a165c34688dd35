"""What a result table was computed with: the call recorded in ``DataFrame.attrs``.

:func:`records_call` wraps a public analysis function. After the function
returns a DataFrame, it stores under ``attrs['framing_call']`` the function's
name, its parameters (described, not copied: a Corpus becomes its name and
size, a label array its length), the framing version and the references of
the function's docstring. :func:`framing.methods_text` turns that record into
the paragraph a methods section needs.

The record is small and made of plain Python values, so it survives
``DataFrame.copy()`` and slicing (pandas carries ``attrs`` along) and can be
written to JSON.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
import types
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

__all__ = ["records_call", "docstring_references", "describe_model", "CALL_KEY"]

#: Key of the record in ``DataFrame.attrs``.
CALL_KEY = "framing_call"

_NEXT_ENTRY = re.compile(r"(?<=\.) (?=[A-Z][\w'\-]+(?: [A-Z][\w'\-]+)?, [A-Z]\.)")
_SECTION = re.compile(r"^\s*([A-Z][A-Za-z ]+)\n\s*-{3,}\s*$", re.M)


def docstring_references(func: Callable) -> list[str]:
    """The entries of a numpydoc ``References`` section, one string each.

    Parameters
    ----------
    func : callable

    Returns
    -------
    list of str
        Each entry with its line breaks folded and RST emphasis (``*``)
        removed; empty when the docstring has no References section.

    Examples
    --------
    >>> def f():
    ...     '''Do it.
    ...
    ...     References
    ...     ----------
    ...     Lin, J. (1991). Divergence measures based on the Shannon
    ...     entropy. *IEEE Trans. Inf. Theory*, 37(1), 145-151.
    ...     '''
    >>> docstring_references(f)
    ['Lin, J. (1991). Divergence measures based on the Shannon entropy. IEEE Trans. Inf. Theory, 37(1), 145-151.']
    """
    doc = inspect.cleandoc(getattr(func, "__doc__", None) or "")
    sections = list(_SECTION.finditer(doc))
    for i, m in enumerate(sections):
        if m.group(1).strip() != "References":
            continue
        end = sections[i + 1].start() if i + 1 < len(sections) else len(doc)
        body = doc[m.end() : end]
        entries = [" ".join(block.split()) for block in re.split(r"\n\s*\n", body) if block.strip()]
        # entries written without a blank line between them: split before "Surname, X." after a full stop
        entries = [e for entry in entries for e in _NEXT_ENTRY.split(entry)]
        return [e.replace("*", "") for e in entries]
    return []


#: Model parameters worth recording (TopicModel and STM), in this order.
MODEL_PARAMS = (
    "n_topics", "method", "prevalence", "content", "init", "sigma_prior", "random_state", "level", "lowercase",
    "stop_words", "stem", "min_len", "drop_numbers", "min_df", "max_df", "weighting", "max_iter",
)  # fmt: skip


def describe_model(model) -> dict:
    """The parameters and labels of a fitted topic model, as plain values.

    Parameters
    ----------
    model : TopicModel, STM or any estimator with ``get_params``

    Returns
    -------
    dict
        ``model`` (the class name), the parameters of :data:`MODEL_PARAMS`
        it has (described by :func:`_describe`), and ``labels`` (its
        ``topic_labels_``) when it is fitted.

    Examples
    --------
    >>> import framing as fr
    >>> describe_model(fr.TopicModel(n_topics=4))["n_topics"]
    4
    """
    params = model.get_params()
    out = {"model": type(model).__name__}
    for name in MODEL_PARAMS:
        if name in params:
            value = params[name]
            out[name] = value if name != "method" or isinstance(value, str) else type(value).__name__
            out[name] = _describe(out[name])
    if isinstance(getattr(model, "init_", None), str):  # the start an STM's EM continued from, and when it was chosen
        out["init_used"] = model.init_
        out["start_iter"] = int(getattr(model, "start_iter_", 0))
    labels = getattr(model, "topic_labels_", None)
    if labels is not None:
        out["labels"] = [str(x) for x in labels]
    return out


def _describe(value):
    """A short, JSON-friendly description of a parameter value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, np.random.Generator):
        return "a numpy Generator"
    if isinstance(value, (tuple, list, set, frozenset)) and all(isinstance(v, str) for v in value) and len(value) > 20:
        return f"a list of {len(value):,} words"
    if isinstance(value, (tuple, list)) and len(value) <= 20 and all(
        v is None or isinstance(v, (bool, int, float, str)) for v in value
    ):
        return list(value)
    if isinstance(value, (dict,)) and len(value) <= 20:
        return {str(k): _describe(v) for k, v in value.items()}
    n_docs = getattr(value, "doc_ids", None)
    if n_docs is not None and hasattr(value, "documents"):
        return f"corpus {getattr(value, 'name', None) or '(unnamed)'} ({len(value)} documents)"
    if hasattr(value, "categories") and hasattr(value, "to_dict") and hasattr(value, "case_sensitive"):
        return {"dictionary": getattr(value, "name", None), "categories": _describe(value.to_dict())}
    if hasattr(value, "matrix") and hasattr(value, "terms") and hasattr(value, "rows"):
        n_rows, n_terms = value.matrix.shape
        return f"a {getattr(value, 'level', 'document')}-term matrix ({n_rows} rows x {n_terms} terms)"
    if hasattr(value, "get_params") and hasattr(value, "fit"):
        return describe_model(value)
    if isinstance(value, pd.DataFrame):
        made_by = value.attrs.get(CALL_KEY, {}).get("function") if isinstance(value.attrs.get(CALL_KEY), dict) else None
        columns = f" with columns {', '.join(map(str, value.columns))}" if 0 < value.shape[1] <= 8 else ""
        return f"a table of {len(value)} rows" + (f" from {made_by}" if made_by else columns)
    if isinstance(value, (pd.Series, np.ndarray)):
        return f"{len(value)} labels"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return type(value).__name__


def records_call(func: Callable) -> Callable:
    """Decorate an analysis so that the DataFrame it returns records the call.

    The wrapper is made with the decorated function's own module globals, so
    that doctest and other tools that ask which module a function belongs to
    still find it (and run its examples).

    Parameters
    ----------
    func : callable
        A public function returning a pandas DataFrame.

    Returns
    -------
    callable
        The same function (same signature and docstring) whose result carries
        ``attrs['framing_call']``: ``function``, ``params``, ``version`` and
        ``references``.

    Examples
    --------
    >>> @records_call
    ... def mean_length(words, *, unit="document"):
    ...     return pd.DataFrame({"estimate": [float(np.mean([len(w) for w in words]))]})
    >>> mean_length(["peace", "war"]).attrs["framing_call"]["params"]
    {'words': ['peace', 'war'], 'unit': 'document'}
    """
    record = functools.partial(_record, func, inspect.signature(func), docstring_references(func))
    run = _call_warning_the_caller  # a closure variable: the wrapper runs with the decorated module's globals

    def wrapper(*args, **kwargs):
        out = run(func, args, kwargs)
        record(out, args, kwargs)
        return out

    # the same code and closure, with the decorated function's module as its globals
    rebuilt = types.FunctionType(wrapper.__code__, func.__globals__, func.__name__, None, wrapper.__closure__)
    return functools.update_wrapper(rebuilt, func)


#: Files of framing's decorators (this one and validate_params): a warning located there belongs to the caller.
_WRAPPER_FILES = frozenset({__file__, os.path.join(os.path.dirname(__file__), "_validation.py")})


def _call_warning_the_caller(func, args, kwargs):
    """Call ``func``; its warnings that point into this file point at the caller of the wrapper instead.

    A warning issued with ``stacklevel=2`` inside a decorated function would
    otherwise name the wrapper's line (``out = func(...)``) as its source.
    Warnings are collected while ``func`` runs (also when it raises) and
    issued again: those located in this file at the wrapper's caller, the
    others at their own file and line. The caller's warning filters apply
    when they are issued again.
    """
    caught: list = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = func(*args, **kwargs)
    finally:
        if caught:
            # stacklevel of the first frame above the wrappers (1 = this function, 2 = the wrapper)
            frame, level = sys._getframe(1), 2
            while frame is not None and frame.f_code.co_filename in _WRAPPER_FILES:
                frame, level = frame.f_back, level + 1
            for w in caught:
                if w.filename in _WRAPPER_FILES:
                    warnings.warn(w.message, w.category, stacklevel=level)
                else:
                    warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return out


def _record(func, sig, refs, out, args, kwargs) -> None:
    if not isinstance(out, pd.DataFrame):
        return
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    params = {}
    for name, value in bound.arguments.items():
        kind = sig.parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            params.update({k: _describe(v) for k, v in value.items()})
        elif kind is not inspect.Parameter.VAR_POSITIONAL:
            params[name] = _describe(value)
    out.attrs[CALL_KEY] = {"function": func.__name__, "params": params, "version": _version(), "references": list(refs)}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("framing")
    except PackageNotFoundError:
        return "unknown"
