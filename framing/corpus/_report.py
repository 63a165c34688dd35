"""What a reader or :meth:`Corpus.from_texts` kept and skipped, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

__all__ = ["ReadReport"]


@dataclass
class ReadReport:
    """What a reader or :meth:`Corpus.from_texts` kept and skipped, and why.

    Every record seen is accounted for: ``n_read + n_skipped == n_seen``.

    Parameters
    ----------
    source : str
        The file, folder or ``'texts'`` that was read.
    n_read : int
        Documents kept.
    skipped : pandas.DataFrame
        One row per skipped record: ``where`` (line, row or file), ``doc_id``
        (if known) and ``reason``.
    n_seen : int, optional
        Records seen (data rows, JSON lines, files matched); defaults to
        ``n_read + n_skipped``.
    unmatched : pandas.DataFrame
        Rows of a metadata table that match no file (:func:`framing.read_folder`):
        ``where``, ``file``, ``reason``. They are not documents, so they are
        not counted in ``n_skipped``.

    Examples
    --------
    >>> import pandas as pd
    >>> r = ReadReport("news.csv", 2, pd.DataFrame([("line 3", "c", "empty text")], columns=["where", "doc_id", "reason"]))
    >>> str(r), r.n_seen
    ('news.csv: read 2 document(s), skipped 1 (1 empty text)', 3)
    """

    source: str
    n_read: int = 0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["where", "doc_id", "reason"]))
    n_seen: int | None = None
    unmatched: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["where", "file", "reason"]))

    def __post_init__(self):
        if self.n_seen is None:
            self.n_seen = self.n_read + len(self.skipped)

    @property
    def n_skipped(self) -> int:
        """Number of records skipped."""
        return len(self.skipped)

    def reasons(self) -> pd.Series:
        """How many records were skipped for each reason.

        Returns
        -------
        pandas.Series
            Indexed by reason (sorted), the number of records.

        Raises
        ------
        None
            Every report has a (possibly empty) table of skipped records.

        Examples
        --------
        >>> import pandas as pd
        >>> skipped = pd.DataFrame([("line 3", "c", "empty text"), ("line 4", "c", "duplicate id")],
        ...                        columns=["where", "doc_id", "reason"])
        >>> ReadReport("news.csv", 2, skipped).reasons().to_dict()
        {'duplicate id': 1, 'empty text': 1}
        """
        return self.skipped["reason"].value_counts().sort_index()

    def __str__(self) -> str:
        head = f"{self.source}: read {self.n_read} document(s), skipped {self.n_skipped}"
        if self.n_skipped:
            head += " (" + "; ".join(f"{n} {reason}" for reason, n in self.reasons().items()) + ")"
        if len(self.unmatched):
            head += f"; {len(self.unmatched)} metadata row(s) match no file"
        return head
