"""Methods sections written from what a result records (:func:`methods_text`).

Rooms: the public function and topic models in :mod:`._text`, one sentence builder per analysis family in
:mod:`._families`, the shared phrases in :mod:`._phrases`.
"""

from ._text import methods_text

__all__ = ["methods_text"]
