"""The default tokenizer (token spec ``framing-tokens/1``), paragraphs and shingles.

The bundled corpus was counted with this spec, so counts the kit makes from a
user's own text line up with the bundled counts and shingle hashes match.
This module imports nothing else from :mod:`framing`.

The spec in brief:

1. Normalise: curly and other apostrophes to ``'``, guillemets and curly
   double quotes to ``"``, then Unicode NFKC.
2. Match tokens left to right with one regular expression whose alternatives
   are: dotted acronym (``U.S.``), number with separators (``1,250``,
   ``1,250-kilometre``), word (``son-in-law``, ``don't``, ``O'Neill``),
   possessive clitic (``'s``) and CJK run. Everything else separates tokens.
3. A CJK run of more than one character becomes its overlapping bigrams.
4. Paragraphs are the stripped, non-empty lines of a text.
5. Shingles: BLAKE2b-64 hashes of every 5 consecutive lower-cased tokens of
   a paragraph, as sorted unique 16-digit hex strings.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
import unicodedata

__all__ = [
    "SPEC",
    "normalize",
    "tokenize",
    "split_paragraphs",
    "tokenize_paragraphs",
    "shingles",
]

#: Name and version of the token spec this module implements.
SPEC = "framing-tokens/1"

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_APOSTROPHES = "\u2018\u2019\u02bc\u0060\u00b4\u2032"
_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2033"
_TRANSLATE = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: '"' for c in _QUOTES}})
_MAPPED_RE = re.compile(f"[{_APOSTROPHES}{_QUOTES}]")
_SHINGLE_N = 5


def normalize(text: str) -> str:
    """Normalise text as step 1 of the token spec.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with apostrophe-like characters mapped to ``'``, curly
        double quotes and guillemets mapped to ``"``, then Unicode NFKC.

    Raises
    ------
    TypeError
        ``text`` is not a str (tokenize is the ground layer and raises Python's
        own errors).

    Examples
    --------
    >>> normalize("envoy\u2019s \u00abdeal\u00bb")
    'envoy\\'s "deal"'
    """
    if not isinstance(text, str):
        raise TypeError(f"normalize() expects a str, got {type(text).__name__}")
    if text.isascii():
        return text
    if _MAPPED_RE.search(text):
        text = text.translate(_TRANSLATE)
    if unicodedata.is_normalized("NFKC", text):  # fast check, same result
        return text
    return unicodedata.normalize("NFKC", text)


def _ranges(codepoints: list[int]) -> str:
    """Compress sorted code points into a regex character-class body."""
    out = []
    start = prev = codepoints[0]
    for cp in codepoints[1:] + [-2]:
        if cp == prev + 1:
            prev = cp
            continue
        out.append(re.escape(chr(start)) if start == prev else f"{re.escape(chr(start))}-{re.escape(chr(prev))}")
        start = prev = cp
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _marks_set() -> frozenset[str]:
    """Combining marks (Mn, Mc, Me) outside the CJK ranges, as a set (fast membership test)."""
    category = unicodedata.category
    marks = [c for c in map(chr, range(sys.maxunicode + 1)) if category(c)[0] == "M"]
    return frozenset(c for c in marks if not _CJK_RE.match(c))


@functools.lru_cache(maxsize=1)
def _marks_class() -> str:
    """Combining marks (Mn, Mc, Me) outside the CJK ranges, as a class body."""
    return _ranges(sorted(map(ord, _marks_set())))


@functools.lru_cache(maxsize=2)
def _token_re(with_marks: bool) -> re.Pattern[str]:
    letter = f"[^\\W\\d_{_CJK}]"
    al = f"(?:[^\\W_{_CJK}]|[{_marks_class()}])" if with_marks else f"[^\\W_{_CJK}]"
    join = "[-\u200c\u200d]"
    word = f"{al}+(?:{join}{al}+)*(?:'(?!s\\b){al}+(?:{join}{al}+)*)*"
    pattern = "|".join(
        [
            f"(?:{letter}\\.){{2,}}",  # dotted acronym
            f"\\d+(?:[.,:/]\\d+)+(?:-{al}+)*",  # number with separators
            word,  # word
            "'s\\b",  # possessive clitic
            f"[{_CJK}]+",  # CJK run
        ]
    )
    return re.compile(pattern)


@functools.lru_cache(maxsize=1)
def _marks_probe() -> re.Pattern[str]:
    """Finds a combining mark of the Basic Multilingual Plane, or any astral character."""
    bmp = sorted(ord(c) for c in _marks_set() if ord(c) < 0x10000)
    return re.compile(f"[{_ranges(bmp)}]|[\U00010000-\U0010ffff]")


def _needs_marks(text: str) -> bool:
    """True when the text holds a combining mark (only then the marks class matters)."""
    if text.isascii():
        return False
    m = _marks_probe().search(text)
    if m is None:
        return False
    return ord(m.group()) < 0x10000 or not _marks_set().isdisjoint(text[m.start() :])


def _split_cjk(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if len(tok) > 1 and _CJK_RE.match(tok):
            out.extend(tok[i : i + 2] for i in range(len(tok) - 1))
        else:
            out.append(tok)
    return out


def tokenize(text: str) -> list[str]:
    """Split a text into tokens by the token spec ``framing-tokens/1``.

    Case is kept as written; punctuation, symbols and white space are
    dropped. A possessive ``'s`` is its own token. A run of kana or Han
    characters longer than one becomes its overlapping character bigrams.

    Parameters
    ----------
    text : str
        The text to tokenize (any language).

    Returns
    -------
    list of str
        The tokens in text order.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    See Also
    --------
    tokenize_paragraphs : tokens of each paragraph (line) of a text.

    Examples
    --------
    >>> tokenize("Kyiv's envoy met U.S. officials at 10:30.")
    ['Kyiv', "'s", 'envoy', 'met', 'U.S.', 'officials', 'at', '10:30']
    >>> tokenize("会谈在")
    ['会谈', '谈在']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize() expects a str, got {type(text).__name__}: {text!r:.60}")
    text = normalize(text)
    tokens = _token_re(_needs_marks(text)).findall(text)
    if not text.isascii() and _CJK_RE.search(text):
        tokens = _split_cjk(tokens)
    return tokens


def split_paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs: its stripped, non-empty lines.

    Parameters
    ----------
    text : str
        A text whose paragraphs are separated by line breaks.

    Returns
    -------
    list of str
        The paragraphs in order; paragraph numbers count from 0 over these.

    Raises
    ------
    TypeError
        ``text`` is not a str.

    Examples
    --------
    >>> split_paragraphs("Title\\n\\n  First line. \\nSecond")
    ['Title', 'First line.', 'Second']
    """
    if not isinstance(text, str):
        raise TypeError(f"split_paragraphs() expects a str, got {type(text).__name__}")
    return [line.strip() for line in text.split("\n") if line.strip()]


def tokenize_paragraphs(text: str) -> list[list[str]]:
    """Tokens of each paragraph of a text (spec sections 2 to 4).

    Parameters
    ----------
    text : str
        The text.

    Returns
    -------
    list of list of str
        One token list per paragraph kept by :func:`split_paragraphs`
        (a paragraph may have no tokens, e.g. a line of dashes).

    Raises
    ------
    TypeError
        ``text`` is not a str.

    Examples
    --------
    >>> tokenize_paragraphs("Talks ended.\\nTalks resume.")
    [['Talks', 'ended'], ['Talks', 'resume']]
    """
    return [tokenize(p) for p in split_paragraphs(text)]


def shingles(tokens: list[str], n: int = _SHINGLE_N) -> list[str]:
    """Hashed word shingles of one paragraph (spec section 5).

    Each run of ``n`` consecutive lower-cased tokens is joined with single
    spaces and hashed with BLAKE2b (digest size 8 bytes); the result is the
    sorted set of hex digests. This is the representation of text reuse
    measures such as containment (Broder 1997).

    Parameters
    ----------
    tokens : list of str
        The paragraph's tokens, as returned by :func:`tokenize`.
    n : int, default=5
        Shingle length. The spec and the bundled corpus use 5.

    Returns
    -------
    list of str
        Sorted unique 16-digit lower-case hex digests; empty when the
        paragraph has fewer than ``n`` tokens.

    Raises
    ------
    TypeError
        ``tokens`` is a str instead of a list of tokens.
    ValueError
        ``n`` is below 1.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> shingles(["a", "b", "c", "d"])
    []
    >>> len(shingles(["a", "b", "c", "d", "e", "f"]))
    2
    """
    if isinstance(tokens, str):
        raise TypeError("shingles() expects a list of tokens, got a str; call tokenize(text) first")
    if n < 1:
        raise ValueError(f"shingles(): n must be at least 1, got {n}")
    low = [t.lower() for t in tokens]
    digests = {
        hashlib.blake2b(" ".join(low[i : i + n]).encode("utf-8"), digest_size=8).hexdigest()
        for i in range(len(low) - n + 1)
    }
    return sorted(digests)
