"""Text queries on a corpus that holds running text: :class:`TextQueriesMixin` (``has_text``, ``require_text``, ``concordance``).

A counts-only corpus (like the bundled one) has no text; what needs it raises
:class:`~framing.errors.TextRequiredError`.
"""

from __future__ import annotations

import numbers

import pandas as pd

from .._validation import Interval, check_param
from ..errors import InputError, TextRequiredError

__all__ = ["TextQueriesMixin"]


class TextQueriesMixin:
    """What a :class:`~framing.Corpus` with running text can be asked about its text."""

    @property
    def has_text(self) -> bool:
        """Whether the corpus holds running text (not only derived counts)."""
        return self.texts is not None

    def require_text(self, what: str) -> pd.Series:
        """The running text of each document, or :class:`~framing.errors.TextRequiredError` naming ``what``.

        For analyses that need the text (``what`` is the caller's name, used
        in the message); a counts-only corpus such as the bundled one has none.

        Parameters
        ----------
        what : str
            The analysis that needs the text, for the message (e.g. ``'concordance()'``).

        Returns
        -------
        pandas.Series
            The text of each document, indexed by ``doc_id``.

        Raises
        ------
        TextRequiredError
            When the corpus holds derived counts only.

        Examples
        --------
        >>> Corpus.from_texts(["Talks resumed."]).require_text("my analysis").tolist()
        ['Talks resumed.']
        >>> load_corpus("peace-talks-2026").require_text("my analysis")
        Traceback (most recent call last):
        ...
        framing.errors.TextRequiredError: my analysis needs the running text, but this corpus holds derived counts only (token counts, n-grams and shingles). Build the corpus from the articles with Corpus.from_texts or a reader to use it.
        """
        if self.texts is None:
            raise TextRequiredError(
                f"{what} needs the running text, but this corpus holds derived counts only "
                "(token counts, n-grams and shingles). Build the corpus from the articles with "
                "Corpus.from_texts or a reader to use it."
            )
        return self.texts

    def concordance(
        self, pattern: str, *, window: int = 8, ignore_case: bool = True, timeout: float = 10.0
    ) -> pd.DataFrame:
        """Keyword in context: every match of a regular expression in the text.

        Patterns are matched with the `regex <https://pypi.org/project/regex/>`_
        module (the syntax of Python's ``re``), which avoids most runaway
        backtracking; as a guard against the rest (e.g. ``(a|aa)+b``), a
        search that runs longer than ``timeout`` seconds stops with an error.

        Parameters
        ----------
        pattern : str
            A regular expression (e.g. ``r"\\bKyiv\\b"``).
        window : int, default=8
            Tokens of context shown on each side.
        ignore_case : bool, default=True
        timeout : float, default=10.0
            Seconds the whole search may take.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``para``, ``left``, ``match``, ``right``.

        Raises
        ------
        TextRequiredError
            On a counts-only corpus such as the bundled one.
        InputError
            An invalid pattern; a ``timeout`` that is not a positive number;
            a search that ran longer than ``timeout``.

        Examples
        --------
        >>> c = Corpus.from_texts(["The envoys met in Geneva on Monday.", "No talks in Geneva today."])
        >>> c.concordance(r"\\bGeneva\\b", window=2)[["doc_id", "left", "match", "right"]].values.tolist()
        [['doc-0001', 'met in', 'Geneva', 'on Monday.'], ['doc-0002', 'talks in', 'Geneva', 'today.']]
        """
        import regex

        texts = self.require_text("concordance()")
        check_param("Corpus.concordance()", "timeout", timeout, [Interval(numbers.Real, 0, None, closed="neither")])
        check_param("Corpus.concordance()", "window", window, [Interval(numbers.Integral, 0, None)])
        check_param("Corpus.concordance()", "ignore_case", ignore_case, ["boolean"])
        try:
            rx = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
        except (regex.error, TypeError) as exc:
            raise InputError(f"concordance(): invalid pattern {pattern!r}: {exc}") from None
        from ..tokenize import normalize, split_paragraphs
        import time

        deadline = time.monotonic() + timeout
        out = []
        try:
            for doc_id, text in texts.items():
                for p, para in enumerate(split_paragraphs(normalize(text))):
                    left_s = deadline - time.monotonic()
                    if left_s <= 0:
                        raise TimeoutError
                    for m in rx.finditer(para, timeout=left_s):
                        left = para[: m.start()].split()[-window:]
                        right = para[m.end() :].split()[:window]
                        out.append((doc_id, p, " ".join(left), m.group(0), " ".join(right)))
        except TimeoutError:
            raise InputError(
                f"concordance(): the pattern {pattern!r} ran longer than {timeout:g} s; it probably nests "
                "repetitions (such as (a|aa)+ or (a+)+). Simplify it, or pass a larger timeout="
            ) from None
        return pd.DataFrame(out, columns=["doc_id", "para", "left", "match", "right"])

    # ------------------------------------------------------------ constructors
