"""What a reader or :meth:`Corpus.from_texts` kept and skipped, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["ReadReport"]


@dataclass
class ReadReport:
    """What a reader or :meth:`Corpus.from_texts` kept and skipped, and why.

    Attributes
    ----------
    source : str
        The file, folder or ``'texts'`` that was read.
    n_read : int
        Documents kept.
    skipped : pandas.DataFrame
        One row per skipped record: ``where`` (line, row or file), ``doc_id``
        (if known) and ``reason``.
    """

    source: str
    n_read: int = 0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["where", "doc_id", "reason"]))

    @property
    def n_skipped(self) -> int:
        """Number of records skipped."""
        return len(self.skipped)

    def reasons(self) -> pd.Series:
        """How many records were skipped for each reason."""
        return self.skipped["reason"].value_counts().sort_index()

    def __str__(self) -> str:
        head = f"{self.source}: read {self.n_read} document(s), skipped {self.n_skipped}"
        if not self.n_skipped:
            return head
        parts = [f"{n} {reason}" for reason, n in self.reasons().items()]
        return head + " (" + "; ".join(parts) + ")"
