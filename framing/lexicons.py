"""Concept lexicons shipped with framing: actors, places and contested naming choices.

One YAML file per language in ``framing/_data/lexicons`` (how the entries
were chosen, and their limits, are in the README beside them). A
:class:`Lexicon` holds three kinds of entries, each a
:class:`~framing.dictionaries.Dictionary`: ``actors``, ``places`` and
``concepts`` (a concept is a Dictionary whose categories are competing
variants, e.g. ``city_name``: Kyiv vs Kiev). ``load_lexicon('all')`` merges
every language, entry by entry, for multilingual corpora.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import _paths
from .dictionaries import Dictionary
from ._docs import fill_doc
from ._validation import InstanceOf, Options, check_param
from .errors import InputError

__all__ = ["Lexicon", "load_lexicon", "list_lexicons", "lexicon_coverage"]

ALL = "all"


@dataclass(frozen=True)
class Lexicon:
    """A concept lexicon: actors, places and naming concepts, each a Dictionary.

    Usually read with :func:`load_lexicon`; the parameters are its attributes.

    Parameters
    ----------
    name : str
        The lexicon's name (a language code or ``'all'``).
    language : str or None
        The language it is written for (None for ``'all'``).
    description : str
    actors, places : Dictionary
        One category per person or place, with spellings and inflected forms.
    concepts : dict of str to Dictionary
        Each concept's competing variants (categories) and their patterns.
    concept_descriptions : dict of str to str

    Examples
    --------
    >>> from framing import Dictionary
    >>> lex = Lexicon("mine", "en", "my own", Dictionary({"envoy": ["envoy*"]}), Dictionary({"Kyiv": ["kyiv"]}),
    ...               {"city_name": Dictionary({"Kyiv": ["kyiv"], "Kiev": ["kiev"]})})
    >>> lex.concept("city_name").to_dict()
    {'Kyiv': ['kyiv'], 'Kiev': ['kiev']}
    """

    name: str
    language: str | None
    description: str
    actors: Dictionary
    places: Dictionary
    concepts: dict = field(default_factory=dict)
    concept_descriptions: dict = field(default_factory=dict)

    def sections(self) -> dict[str, Dictionary]:
        """The lexicon's sections as Dictionaries: actors, places, then each concept.

        Returns
        -------
        dict of str to Dictionary
            ``{'actors': ..., 'places': ..., <concept>: ...}`` in that order.

        Raises
        ------
        InputError
            Never (the sections were checked when the lexicon was read).

        Examples
        --------
        >>> list(load_lexicon("en").sections())[:2]
        ['actors', 'places']
        """
        return {"actors": self.actors, "places": self.places, **self.concepts}

    def concept(self, name: str) -> Dictionary:
        """The variants of one concept, e.g. ``'city_name'``.

        Parameters
        ----------
        name : str
            A concept of the lexicon (see ``concepts``).

        Returns
        -------
        Dictionary
            One category per variant.

        Raises
        ------
        InputError
            If the lexicon has no concept ``name`` (the message lists them).

        Examples
        --------
        >>> load_lexicon("en").concept("city_name").to_dict()
        {'Kyiv': ['kyiv*'], 'Kiev': ['kiev*']}
        """
        if name not in self.concepts:
            raise InputError(
                f"lexicon {self.name!r} has no concept {name!r}; concepts are {', '.join(self.concepts)}"
            )
        return self.concepts[name]

    def entries(self) -> pd.DataFrame:
        """All entries as a table, for a paper's appendix.

        Returns
        -------
        pandas.DataFrame
            ``section``, ``entry``, ``patterns`` (joined by ``'; '``).

        Raises
        ------
        InputError
            Never (the entries were checked when the lexicon was read).

        Examples
        --------
        >>> load_lexicon("en").entries().columns.tolist()
        ['section', 'entry', 'patterns']
        """
        rows = [
            (sec, entry, "; ".join(pats))
            for sec, d in self.sections().items()
            for entry, pats in d.categories.items()
        ]
        return pd.DataFrame(rows, columns=["section", "entry", "patterns"])

    def __repr__(self) -> str:
        return (
            f"Lexicon({self.name!r}, {len(self.actors)} actors, {len(self.places)} places, "
            f"concepts: {', '.join(self.concepts)})"
        )


def _folder():
    return _paths.data_dir() / "lexicons"


def list_lexicons() -> list[str]:
    """Names of the shipped lexicons (language codes), plus ``'all'``.

    Returns
    -------
    list of str
        Names for :func:`load_lexicon`, ``'all'`` included.

    Raises
    ------
    InputError
        Never (the lexicons are bundled with the package).

    Examples
    --------
    >>> list_lexicons()
    ['all', 'de', 'en', 'es', 'fr', 'ru', 'uk']
    """
    names = sorted(p.stem for p in _folder().glob("*.yaml"))
    return [ALL] + names


def _read(name: str) -> Lexicon:
    import yaml

    path = _folder() / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # a shipped file: a bug, but say which
        raise InputError(f"lexicon file {path} is not valid YAML: {exc}") from None
    concepts, descriptions = {}, {}
    for cname, spec in (data.get("concepts") or {}).items():
        concepts[cname] = Dictionary(spec["variants"], name=f"{name}:{cname}")
        descriptions[cname] = spec.get("description", "")
    return Lexicon(
        name=name,
        language=data.get("language", name),
        description=data.get("description", ""),
        actors=Dictionary(data["actors"], name=f"{name}:actors"),
        places=Dictionary(data["places"], name=f"{name}:places"),
        concepts=concepts,
        concept_descriptions=descriptions,
    )


def _merge(dicts: list[Dictionary], name: str) -> Dictionary:
    merged: dict[str, list[str]] = {}
    for d in dicts:
        for cat, pats in d.categories.items():
            have = merged.setdefault(cat, [])
            have.extend(p for p in pats if p not in have)
    return Dictionary(merged, name=name)


def load_lexicon(name: str = ALL) -> Lexicon:
    """Load a shipped concept lexicon.

    Parameters
    ----------
    name : str, default='all'
        A language code (``'en'``, ``'ru'``, ``'uk'``, ``'de'``, ``'fr'``,
        ``'es'``) or ``'all'``, which merges every language: each entry (an
        actor, a place, a concept's variant) gets the union of its patterns
        in all languages, so that e.g. ``city_name`` / ``Kiev`` matches
        Kiev, Kiew and Киев.

    Returns
    -------
    Lexicon

    Raises
    ------
    InputError
        For an unknown name (the message lists the lexicons).

    Examples
    --------
    >>> lex = load_lexicon("en")
    >>> lex.concept("city_name").to_dict()
    {'Kyiv': ['kyiv*'], 'Kiev': ['kiev*']}
    >>> load_lexicon("all").concept("city_name").to_dict()["Kiev"][:3]
    ['kiew*', 'kiev*', 'kiev']
    """
    check_param("load_lexicon()", "name", name, [Options(list_lexicons())])
    if name != ALL:
        return _read(name)
    parts = [_read(n) for n in list_lexicons() if n != ALL]
    concept_names: list[str] = []
    for p in parts:
        concept_names += [c for c in p.concepts if c not in concept_names]
    concepts = {c: _merge([p.concepts[c] for p in parts if c in p.concepts], f"all:{c}") for c in concept_names}
    descriptions = {}
    for p in parts:
        for c, text in p.concept_descriptions.items():
            descriptions.setdefault(c, text)
    return Lexicon(
        name=ALL,
        language=None,
        description="All shipped lexicons merged entry by entry: " + ", ".join(p.name for p in parts),
        actors=_merge([p.actors for p in parts], "all:actors"),
        places=_merge([p.places for p in parts], "all:places"),
        concepts=concepts,
        concept_descriptions=descriptions,
    )


@fill_doc
def lexicon_coverage(corpus, lexicon="all", *, language: str | None = "auto", top: int = 5) -> pd.DataFrame:
    """How often each lexicon entry matches the corpus, and through which terms.

    Parameters
    ----------
    {params.corpus}
    lexicon : Lexicon or str, default='all'
        A :class:`Lexicon` or the name of a shipped one.
    language : str or None, default='auto'
        Restrict the corpus to documents in this language. ``'auto'`` uses
        the lexicon's language when the corpus has a ``language`` column
        (all documents for ``'all'``); None uses every document.
    top : int, default=5
        How many of an entry's matched terms to list in ``matched_terms``.

    Returns
    -------
    pandas.DataFrame
        One row per entry: ``section`` (``actors``, ``places`` or the
        concept's name), ``entry``, ``n_patterns``, ``n_terms`` (distinct
        vocabulary terms matched), ``matched_terms`` (the ``top`` most
        frequent, as ``term (count)``, joined by ``'; '``), ``count``
        (occurrences; a term matched by two patterns of the entry counts
        once), ``n_docs`` (documents with at least one match) and
        ``n_docs_total`` (documents searched).

    Raises
    ------
    InputError
        ``corpus`` is not a Corpus, ``lexicon`` is unknown, or no document has
        the language.

    Examples
    --------
    >>> from framing import load_corpus
    >>> cov = lexicon_coverage(load_corpus(), "en")
    >>> int(cov.set_index(["section", "entry"]).loc[("city_name", "Kiev"), "count"]) > 0
    True
    """
    from .corpus import Corpus

    check_param("lexicon_coverage()", "corpus", corpus, [InstanceOf(Corpus, "a Corpus")])
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    lang = lex.language if language == "auto" else language
    if lang is not None and "language" in corpus.documents.columns:
        if not (corpus.documents["language"] == lang).any():
            raise InputError(
                f"lexicon_coverage(): the corpus has no documents in language {lang!r}; "
                "pass language= one of the corpus's languages (or None to search every document)"
            )
        corpus = corpus.subset(language=lang)
    rows = []
    for sec, d in lex.sections().items():
        counts = d.count_wide(corpus, values="count")
        audit = d.matches(corpus).dropna(subset=["term"])
        for entry, pats in d.categories.items():
            a = audit[audit["category"] == entry].drop_duplicates("term")
            a = a.sort_values(["count", "term"], ascending=[False, True])
            listed = "; ".join(f"{t} ({c})" for t, c in zip(a["term"].head(top), a["count"].head(top)))
            rows.append(
                (sec, entry, len(pats), len(a), listed, int(counts[entry].sum()), int((counts[entry] > 0).sum()), len(counts))
            )
    return pd.DataFrame(
        rows, columns=["section", "entry", "n_patterns", "n_terms", "matched_terms", "count", "n_docs", "n_docs_total"]
    )

