"""One error vocabulary for the kit.

Every message names the parameter, file, row or line at fault, shows the bad
value and says what is accepted, so that a researcher can fix the input
without reading the source.
"""

from __future__ import annotations

__all__ = [
    "FramingError",
    "InputError",
    "CorpusFormatError",
    "TextRequiredError",
    "EmptyVocabularyError",
]


class FramingError(Exception):
    """Base class of the errors raised by :mod:`framing`."""


class InputError(FramingError, ValueError):
    """A parameter or an input table has a value the kit cannot use."""


class CorpusFormatError(FramingError, ValueError):
    """A corpus file is missing, damaged or not in the expected format.

    The message names the file (and the line or row where known).
    """


class TextRequiredError(FramingError, RuntimeError):
    """A method needs running text but the corpus holds derived counts only."""


class EmptyVocabularyError(InputError):
    """No term is left after filtering; the message says which filter emptied it."""
