"""Dictionary patterns: globs and multi-word entries compiled to regular expressions, matched against vocabularies."""

from __future__ import annotations

import re

import numpy as np

from ..errors import InputError

__all__ = ["compile_pattern", "match_terms"]

_BAD_CHARS = re.compile(r"[\t\n\r\[\]{}]")
# Characters of regular expressions that no token ever holds: a pattern with one can never match.
_REGEX_CHARS = re.compile(r"[()|\\^$+]")


def compile_pattern(pattern, where: str, case_sensitive: bool) -> tuple[re.Pattern, int]:
    """A full-match regex for one glob pattern and its number of words."""
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
    if not any(w.strip("*?") for w in words):
        raise InputError(
            f"{where}: invalid pattern {pattern!r}: it is only wildcards and would match every term; "
            "give at least one letter"
        )
    parts = []
    for w in words:
        parts.append("".join(r"[^ \n]*" if ch == "*" else r"[^ \n]" if ch == "?" else re.escape(ch) for ch in w))
    # n-grams are stored lower-cased, so multi-word entries always ignore case
    flags = re.MULTILINE if case_sensitive and len(words) == 1 else re.MULTILINE | re.IGNORECASE
    return re.compile("^" + " ".join(parts) + "$", flags), len(words)


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
