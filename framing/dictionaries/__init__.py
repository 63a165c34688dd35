"""Dictionaries: categories of word patterns, counted per document or paragraph.

Rooms: ``_dictionary`` (the :class:`Dictionary`), ``_patterns`` (globs and
multi-word entries as regular expressions), ``_formats`` (YAML, JSON and LIWC
``.dic`` files, and the constructors that read them), ``_counting`` (the count
matrices a dictionary is matched against).
"""

from ._dictionary import Dictionary

__all__ = ["Dictionary"]
