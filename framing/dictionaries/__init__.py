"""Dictionaries: categories of word patterns, counted per document or paragraph.


multi-word entries as regular expressions), ``_formats`` (YAML, JSON and LIWC
``.dic`` files), ``_counting`` (the count matrices a dictionary is matched against).
"""

from ._dictionary import Dictionary

__all__ = ["Dictionary"]
