"""Groupings of documents: the one place where a ``by=`` is turned into labels."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["resolve_groups", "labels_within", "missing_labels", "group_order", "select_language"]


def resolve_groups(documents: pd.DataFrame, by, *, column: str = "source", groups: Iterable | None = None) -> pd.Series:
    """Group label of each document: the one resolver behind every ``by=`` (see :meth:`framing.Corpus.groups`).

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (``Corpus.documents``, indexed by ``doc_id``) or
        a matrix's rows table.
    by : str, mapping, callable, pandas.Series or array-like
        A column name, a mapping from the values of ``column`` to groups, a
        function of ``documents``, a Series indexed like ``documents``, or
        one label per row.
    column : str, default='source'
        The column a mapping ``by`` is applied to.
    groups : str or list, optional
        Keep only these groups (the others get NaN); an unknown group is an
        error that lists the groups.

    Returns
    -------
    pandas.Series
        Named ``group``, indexed like ``documents``; NaN where a document has
        no group (:func:`missing_labels`).

    Raises
    ------
    InputError
        An unknown column, a Series that shares no index with the documents,
        labels of the wrong length, a ``by`` of another kind, an unknown group.

    Examples
    --------
    >>> docs = pd.DataFrame({"source": ["tass", "bbc", "rt"]}, index=["a", "b", "c"])
    >>> resolve_groups(docs, {"tass": "state", "rt": "state", "bbc": "public"}).tolist()
    ['state', 'public', 'state']
    """
    docs = documents
    if isinstance(by, pd.Series) and not isinstance(by.index, pd.RangeIndex):
        if not docs.index.isin(by.index).any():
            raise InputError("by is a Series whose index shares no doc_id with the corpus")
        out = by.reindex(docs.index)
    elif isinstance(by, str):
        if by not in docs.columns:
            raise InputError(f"no metadata column {by!r}; columns are {', '.join(map(str, docs.columns))}")
        out = docs[by].copy()
    elif isinstance(by, Mapping):
        if column not in docs.columns:
            raise InputError(f"no metadata column {column!r} to apply the mapping to")
        out = docs[column].map(by)
        missing = int(out.isna().sum())
        if missing:
            warnings.warn(
                f"{missing} of {len(docs)} documents have a {column} the mapping does not cover; "
                "they get no group (NaN)",
                stacklevel=3,
            )
    elif callable(by):
        out = pd.Series(np.asarray(by(docs), dtype=object), index=docs.index)
    elif isinstance(by, Iterable) and not isinstance(by, (bytes, str)):
        arr = np.asarray(list(by) if not isinstance(by, (np.ndarray, pd.Series)) else by, dtype=object)
        if arr.shape != (len(docs),):
            raise InputError(f"by has {arr.size} labels, need one per document ({len(docs)})")
        out = pd.Series(arr, index=docs.index)
    else:
        raise InputError(
            f"by must be a column name, a mapping, a function or labels, got {type(by).__name__}"
        )
    out = pd.Series(out.to_numpy(dtype=object), index=docs.index, name="group")
    out[missing_labels(out)] = np.nan
    if groups is not None:
        keep = [groups] if isinstance(groups, str) else list(groups)
        known = set(out.dropna())
        unknown = [g for g in keep if g not in known]
        if unknown:
            what = repr(by) if isinstance(by, str) else "the grouping"
            raise InputError(
                f"unknown group(s) {unknown}; the groups of {what} are {', '.join(sorted(map(str, known)))}"
            )
        out = out.where(out.isin(keep))
    return out


def group_order(labels, *, groups=None, by=None) -> list:
    """The one group-ordering rule: the order in which a table lists the groups.

    ``groups=`` given: its groups, in the order given. Otherwise, when
    ``by`` is a categorical Series: its categories, in their order.
    Otherwise: the groups present in ``labels`` (missing labels left out),
    sorted as strings.

    Parameters
    ----------
    labels : array-like
        Group labels (missing labels are ignored).
    groups : str or list, optional
        The caller's ``groups=``.
    by : object, optional
        The caller's ``by=`` (its categories, if it is a categorical Series).

    Returns
    -------
    list
        The groups, in table order.

    Raises
    ------
    InputError
        Never: unknown groups are caught by :func:`resolve_groups`.

    Examples
    --------
    >>> group_order(["b", "a", None, "b"])
    ['a', 'b']
    >>> group_order(["b", "a"], groups=["b", "a"])
    ['b', 'a']
    """
    if groups is not None:
        return [groups] if isinstance(groups, str) else list(groups)
    if isinstance(by, pd.Series) and isinstance(by.dtype, pd.CategoricalDtype):
        return list(by.cat.categories)
    values = np.asarray(labels, dtype=object).ravel()
    return sorted(pd.unique(values[~missing_labels(values)]), key=str)


def missing_labels(labels) -> np.ndarray:
    """The one missing-label rule: None, NaN, NaT and empty or blank strings are no group.

    Parameters
    ----------
    labels : array-like
        Group labels, one per document.

    Returns
    -------
    numpy.ndarray of bool
        True where a label is missing.

    Raises
    ------
    InputError
        Never: every value is either a label or missing.

    Examples
    --------
    >>> missing_labels(["a", "", " ", None, float("nan"), 0]).tolist()
    [False, True, True, True, True, False]
    """
    values = np.asarray(labels, dtype=object).ravel()
    return np.fromiter((_is_missing(v) for v in values), dtype=bool, count=values.size)


def _is_missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    return bool(pd.api.types.is_scalar(v) and pd.isna(v))


def labels_within(corpus, sub, by, *, column: str, groups, what: str, empty_hint: str) -> pd.Series:
    """Group labels of ``sub``'s documents, the groups resolved on the whole ``corpus``.

    For analyses that score a subset (e.g. the English documents) but take
    their groups from the whole corpus.

    Parameters
    ----------
    corpus : Corpus
        The whole corpus (its groups are the known groups).
    sub : Corpus
        The documents scored (a subset of ``corpus``).
    by, column, groups
        As in :func:`resolve_groups`.
    what : str
        The caller's name; every message starts with it.
    empty_hint : str
        Completes the message for empty groups (e.g.
        ``"English documents; choose other groups"``).

    Returns
    -------
    pandas.Series
        Group labels indexed by the ``doc_id`` of ``sub``'s documents.

    Raises
    ------
    InputError
        A requested group unknown to the corpus, a requested group with no
        document in ``sub``, or fewer than two groups in ``sub``.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["a", "b", "c"], pd.DataFrame({"side": ["x", "y", "y"], "language": ["en"] * 3}))
    >>> labels_within(c, c, "side", column="source", groups=None, what="f()", empty_hint="documents").tolist()
    ['x', 'y', 'y']
    """
    try:
        labels = corpus.groups(by, column=column, groups=groups).reindex(sub.documents.index)
    except InputError as exc:
        raise InputError(f"{what}: {exc}") from None
    if groups is not None:
        groups = [groups] if isinstance(groups, str) else list(groups)
        empty = [g for g in groups if not (labels == g).any()]
        if empty:
            raise InputError(f"{what}: group(s) {empty} have no {empty_hint}")
    if labels.dropna().nunique() < 2:
        raise InputError(
            f"{what}: need at least two groups with documents, got {sorted(map(str, labels.dropna().unique()))}"
        )
    return labels


_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French", "uk": "Ukrainian"}


def select_language(corpus, language, *, where: str, only: str | None = None, resource: str = "a dictionary"):
    """The documents of ``corpus`` in ``language``: the one language subset of the analyses.

    ``language`` is a code (``'en'``) or a list of codes; None keeps every
    document. A corpus without a ``language`` column is returned whole.

    Parameters
    ----------
    corpus : Corpus
    language : str, list of str or None
        The language(s) to keep.
    where : str
        The caller's name; every message starts with it.
    only : str, optional
        The one language ``resource`` (e.g. VADER's lexicon) is written for.
    resource : str, default='a dictionary'
        What the language must suit, for messages.

    Returns
    -------
    Corpus
        The documents in ``language`` (``corpus`` itself when nothing is left out).

    Raises
    ------
    InputError
        A language no document has (the message lists the corpus's
        languages); with ``only``, another language, or ``language=None`` on
        a corpus with documents in other languages.

    Examples
    --------
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Peace talks.", "Friedensgespräche."], pd.DataFrame({"language": ["en", "de"]}))
    >>> len(select_language(c, "en", where="f()").documents)
    1
    """
    name = _LANGUAGE_NAMES.get(only, only)
    if only is not None and language is not None and language != only:
        raise InputError(
            f"{where}: language={language!r}, but {resource} is {name} only; use language={only!r} "
            f"(the {name} documents) or a lexicon written for that language"
        )
    docs = corpus.documents
    if "language" not in docs.columns:
        return corpus
    listing = ", ".join(f"{k} ({v})" for k, v in docs["language"].value_counts().items())
    if language is None:
        if only is not None and (docs["language"] != only).any():
            raise InputError(
                f"{where}: {resource} is {name}, but this corpus has documents in {listing}; "
                f"pass language={only!r} to score only the {name} documents"
            )
        return corpus
    langs = [language] if isinstance(language, str) else list(language)
    if not docs["language"].isin(langs).any():
        remedy = f"Pass language= one of these with {resource} written for it" if only is None else (
            f"{resource[0].upper()}{resource[1:]} is {name} only")
        raise InputError(f"{where}: no document has language {language!r}; the corpus has {listing}. {remedy}")
    return corpus.subset(language=langs)
