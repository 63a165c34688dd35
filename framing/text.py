"""Preprocessing that needs no downloaded data: stop words, stemming, sentences.

* Stop words: by default framing's own conservative lists of **function
  words** (articles, pronouns, prepositions, conjunctions, auxiliaries) for
  the languages in ``framing/_data/stopwords/`` (see its README: negations,
  *against* and English *us* are kept on purpose, and no word of the shipped
  concept lexicons is on a list). The broad `stopwords-iso` lists (the
  ``stopwordsiso`` package, MIT licence, https://github.com/stopwords-iso;
  the English one has about 1,300 words, including *state*, *world* and
  *against*) are an option, ``source="iso"``. Nothing is downloaded.
  Stop-word removal is a choice to make visibly, and :func:`stop_words`
  takes ``keep_words`` to put words back.
* Stemming uses nltk's Snowball stemmers (Porter 2001), which need no data.
* Sentences are split with nltk's Punkt (Kiss & Strunk 2006) given an
  abbreviation list instead of the downloadable ``punkt`` model.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Iterable

from typing import TYPE_CHECKING

from ._paths import data_dir
from ._validation import Options, validate_params
from .errors import InputError

if TYPE_CHECKING:  # nltk is imported lazily: it takes seconds to import
    from nltk.stem.snowball import SnowballStemmer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "stop_words",
    "stop_word_languages",
    "stemmer",
    "stem_languages",
    "split_sentences",
    "DEFAULT_ABBREVIATIONS",
]

# ISO 639-1 code -> name of nltk's Snowball stemmer.
_SNOWBALL = {
    "ar": "arabic", "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish",
    "fr": "french", "de": "german", "hu": "hungarian", "it": "italian", "no": "norwegian",
    "nb": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian",
    "es": "spanish", "sv": "swedish",
}  # fmt: skip


@functools.lru_cache(maxsize=None)
def _iso_lists() -> dict:
    import stopwordsiso

    return {lang: frozenset(stopwordsiso.stopwords(lang)) for lang in stopwordsiso.langs()}


@functools.lru_cache(maxsize=None)
def _function_lists() -> dict:
    folder = data_dir() / "stopwords"
    lists = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        lists[path.stem] = frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))
    return lists


_SOURCES = ("function", "iso")


@validate_params({"source": [Options(_SOURCES)]})
def stop_word_languages(source: str = "function") -> list[str]:
    """ISO 639-1 codes that have a stop-word list, sorted.

    Parameters
    ----------
    source : {'function', 'iso'}, default='function'
        framing's conservative function-word lists, or stopwords-iso's
        broad lists. :func:`stop_words` falls back to stopwords-iso (with a
        warning) for a language that has no function-word list.

    Returns
    -------
    list of str
        Sorted ISO 639-1 codes.

    Raises
    ------
    InputError
        ``source`` is not ``'function'`` or ``'iso'``.

    Examples
    --------
    >>> stop_word_languages()
    ['de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'ru', 'uk']
    >>> len(stop_word_languages("iso")) > 50
    True
    """
    return sorted(_lists(source))


def _lists(source: str) -> dict:
    return _function_lists() if source == "function" else _iso_lists()


@validate_params({"source": [Options(_SOURCES)]})
def stop_words(language: str, *, source: str = "function", keep_words: Iterable[str] = ()) -> frozenset[str]:
    """The stop-word list of a language (lower case).

    The default lists (``source='function'``) hold function words only and
    keep the words framing research studies: negations, *against* and its
    equivalents, English *us* (lower-cased *US*), and every single-word entry
    of the shipped concept lexicons (a test checks this). They are framing's
    own, written for the languages in :func:`stop_word_languages`; for any
    other language the stopwords-iso list is used, with a warning.

    Parameters
    ----------
    language : str
        ISO 639-1 code, e.g. ``'en'``, ``'ru'``, ``'uk'``.
    source : {'function', 'iso'}, default='function'
        ``'function'``: framing's conservative function-word lists.
        ``'iso'``: the broad stopwords-iso lists (e.g. 1,298 English words,
        including *state, states, world, against, us*), which remove words
        that often carry a frame.
    keep_words : iterable of str, default=()
        Words to take out of the list (e.g. ``{'state', 'against'}`` with
        ``source='iso'``).

    Returns
    -------
    frozenset of str

    Raises
    ------
    InputError
        If the language has no list in either source (the message lists those
        that do), or ``source`` is not one of the choices.

    Warns
    -----
    UserWarning
        When ``source='function'`` and the language has no function-word list,
        so the broader stopwords-iso list is used instead.

    Examples
    --------
    >>> "the" in stop_words("en")
    True
    >>> "against" in stop_words("en"), "against" in stop_words("en", source="iso")
    (False, True)
    >>> "state" in stop_words("en", source="iso", keep_words={"state"})
    False
    """
    if isinstance(keep_words, str):
        raise InputError(f"stop_words(): keep_words must be a collection of words, got a single str; wrap it in a list: [{keep_words!r}]")
    lists = _lists(source)
    if language not in lists:
        iso = _iso_lists()
        if source == "function" and language in iso:
            warnings.warn(
                f"no function-word list for language {language!r}; using the broader stopwords-iso list "
                "(pass source='iso' to choose it explicitly, or your own list as stop_words=[...])",
                UserWarning,
                stacklevel=2,
            )
            lists = iso
        else:
            raise InputError(
                f"stop_words(): no stop-word list for language {language!r}; available: {', '.join(sorted(set(lists) | set(iso)))}. "
                "Pass your own list as stop_words=[...] instead"
            )
    words = lists[language]
    keep = {w.lower() for w in keep_words}
    return words - keep if keep else words


def stem_languages() -> list[str]:
    """ISO 639-1 codes that have a Snowball stemmer, sorted.

    Returns
    -------
    list of str
        Codes :func:`stemmer` accepts.

    Raises
    ------
    InputError
        Never (the list is fixed).

    Examples
    --------
    >>> "en" in stem_languages(), "uk" in stem_languages()
    (True, False)
    """
    return sorted(_SNOWBALL)


@functools.lru_cache(maxsize=None)
def stemmer(language: str) -> "SnowballStemmer":
    """nltk's Snowball stemmer for a language (Porter 2001).

    Parameters
    ----------
    language : str
        ISO 639-1 code.

    Returns
    -------
    nltk.stem.snowball.SnowballStemmer

    Raises
    ------
    InputError
        If Snowball has no stemmer for the language.

    References
    ----------
    Porter, M. F. (2001). Snowball: A language for stemming algorithms.

    Examples
    --------
    >>> stemmer("en").stem("negotiations")
    'negoti'
    """
    if language not in _SNOWBALL:
        raise InputError(
            f"no Snowball stemmer for language {language!r}; available: {', '.join(sorted(_SNOWBALL))}"
        )
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(_SNOWBALL[language])


#: Abbreviations (lower case, without the final period) that do not end a sentence.
DEFAULT_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm st jr sr rev hon pres
    u.s u.k u.n e.u u.s.a e.g i.e etc vs approx dept est inc ltd co corp no nos fig
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun
    a.m p.m ca cf al
    """.split()
)


@validate_params({"text": ["str"]})
def split_sentences(text: str, *, abbreviations: Iterable[str] | None = None) -> list[str]:
    """Split a text into sentences without downloaded data.

    Uses nltk's :class:`~nltk.tokenize.punkt.PunktSentenceTokenizer` with
    a given abbreviation list (no trained ``punkt`` model is needed).
    Paragraph breaks (line breaks) always end a sentence.

    Parameters
    ----------
    text : str
    abbreviations : iterable of str, optional
        Lower-case abbreviations without their final period (``'u.s'``,
        ``'feb'``, ``'mr'``). Default: :data:`DEFAULT_ABBREVIATIONS`.

    Returns
    -------
    list of str

    Raises
    ------
    InputError
        ``text`` is not a str.

    References
    ----------
    Kiss, T., & Strunk, J. (2006). Unsupervised multilingual sentence
    boundary detection. *Computational Linguistics*, 32(4), 485-525.

    Examples
    --------
    >>> split_sentences("Mr. Witkoff arrived on Feb. 17. Talks began.")
    ['Mr. Witkoff arrived on Feb. 17.', 'Talks began.']
    """
    tok = _punkt(frozenset(a.lower().rstrip(".") for a in abbreviations) if abbreviations is not None else DEFAULT_ABBREVIATIONS)
    out: list[str] = []
    for line in re.split(r"\n+", text):
        line = line.strip()
        if line:
            out.extend(s.strip() for s in tok.tokenize(line) if s.strip())
    return out


@functools.lru_cache(maxsize=8)
def _punkt(abbrevs: frozenset) -> "PunktSentenceTokenizer":
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbrevs)
    return PunktSentenceTokenizer(params)
