"""Dictionary patterns: globs and multi-word entries compiled to regular expressions, matched against vocabularies."""

from __future__ import annotations

import re

import numpy as np

from ..errors import InputError

__all__ = ["compile_pattern", "match_terms"]

_BAD_CHARS = re.compile(r"[\t\n\r\[\]{}]")
# Characters of regular expressions that no token ever holds: a pattern with one can never match.
_REGEX_CHARS = re.compile(r"[()|\\^$+]")


def _glob(word: str) -> str:
    return "".join(r"[^ \n]*" if ch == "*" else r"[^ \n]" if ch == "?" else re.escape(ch) for ch in word)


def compile_pattern(pattern, where: str, case_sensitive: bool) -> tuple[re.Pattern, int]:
    """A full-match regex for one pattern and its number of words.

    Syntax (documented on :class:`~framing.Dictionary`): globs (``*``,
    ``?``), multi-word entries (words separated by spaces), exclusions
    (``invest* -investig*``: what the first glob matches minus what any
    ``-glob`` matches; single-word entries only) and a leading ``=`` for
    an entry whose case must match exactly (``=justice`` does not match
    *Justice*; single-word entries only).
    """
    if not isinstance(pattern, str):
        raise InputError(f"{where}: invalid pattern {pattern!r}: a pattern must be a str")
    words = pattern.split()
    if not words:
        raise InputError(f"{where}: invalid pattern {pattern!r}: it is empty")
    if _REGEX_CHARS.search(pattern):
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: it looks like a regular expression; dictionary patterns are "
            "globs (* for any characters within a word, ? for one character) and tokens never hold ( ) | \\ ^ $ +. "
            "List alternatives as separate patterns, e.g. ['war', 'peace']"
        )
    if _BAD_CHARS.search(pattern):
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: tabs, newlines, [ ] and {{ }} are not allowed; "
            "use * (any characters within a word) and ? (one character)"
        )
    exact = words[0].startswith("=") and len(words[0]) > 1
    if exact:
        words[0] = words[0][1:]
    excl = [w[1:] for w in words[1:] if w.startswith("-") and len(w) > 1]
    words = [words[0]] + [w for w in words[1:] if not (w.startswith("-") and len(w) > 1)]
    if excl and len(words) > 1:
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: exclusions (-glob) apply to single-word entries only, "
            "e.g. 'invest* -investig*'"
        )
    if exact and len(words) > 1:
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: '=' (exact case) applies to single-word entries only; "
            "multi-word entries are matched against lower-cased n-grams"
        )
    if not any(w.strip("*?") for w in words) or any(not w.strip("*?") for w in excl):
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: it is only wildcards and would match every term; "
            "give at least one letter"
        )
    body = " ".join(_glob(w) for w in words)
    if excl:
        body = "(?!(?:" + "|".join(_glob(w) for w in excl) + ")$)" + body
    # n-grams are stored lower-cased, so multi-word entries always ignore case
    if exact:
        flags = re.MULTILINE
    elif case_sensitive and len(words) == 1:
        flags = re.MULTILINE
    else:
        flags = re.MULTILINE | re.IGNORECASE
    return re.compile("^" + body + "$", flags), len(words)


def match_terms(compiled, terms: np.ndarray, n: int) -> dict[tuple[str, str], np.ndarray]:
    """Column indices of ``terms`` matched by each (category, pattern) of length n.

    ``compiled`` maps a category to ``[(pattern, regex, n_words)]``.
    """
    # One pass of each regex over the newline-joined vocabulary (C speed),
    # then match offsets are mapped back to term positions.
    strs = [str(t) for t in terms]
    joined = "\n".join(strs)
    starts = np.cumsum([0] + [len(t) + 1 for t in strs[:-1]]) if strs else np.zeros(0, np.int64)
    out = {}
    for cat, pats in compiled.items():
        for pat, rx, k in pats:
            if k != n:
                continue
            offs = [m.start() for m in rx.finditer(joined)]
            out[(cat, pat)] = np.searchsorted(starts, np.asarray(offs, dtype=np.int64)).astype(np.int64)
    return out
