"""The document-term matrix: a sparse count matrix with its row and column labels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Options, check_param
from ..errors import InputError

__all__ = ["DocumentTermMatrix"]


@dataclass(frozen=True, eq=False)
class DocumentTermMatrix:
    """Term counts with their labels: what every analysis takes in.

    Parameters
    ----------
    matrix : scipy.sparse.csr_matrix of shape (n_rows, n_terms)
        Non-negative counts (or weights). Rows are documents or paragraphs.
    rows : pandas.DataFrame of length n_rows
        One row per matrix row: ``doc_id`` (and ``para`` at paragraph level)
        plus the documents' metadata columns (``language``, ``source``, ...).
        Its index is ``0..n_rows-1``.
    terms : numpy.ndarray of str, shape (n_terms,)
        The column labels (the vocabulary), in column order.
    level : {'document', 'paragraph'}, default='document'
        What a row is.

    Notes
    -----
    The object unpacks like a tuple: ``X, rows, terms = corpus.dtm()``.

    Examples
    --------
    >>> from scipy import sparse
    >>> import pandas as pd, numpy as np
    >>> m = DocumentTermMatrix(sparse.csr_matrix([[1, 0], [2, 3]]),
    ...                        pd.DataFrame({"doc_id": ["a", "b"]}),
    ...                        np.array(["peace", "war"], dtype=object))
    >>> m.shape
    (2, 2)
    >>> m.to_frame()["count"].tolist()
    [1, 2, 3]
    """

    matrix: sparse.csr_matrix
    rows: pd.DataFrame
    terms: np.ndarray
    level: str = "document"

    def __post_init__(self):
        matrix = sparse.csr_matrix(self.matrix)
        rows = self.rows.reset_index(drop=True)
        terms = np.asarray(self.terms, dtype=object)
        if matrix.shape != (len(rows), len(terms)):
            raise InputError(
                f"DocumentTermMatrix: matrix shape {matrix.shape} does not match "
                f"{len(rows)} row labels and {len(terms)} terms"
            )
        check_param("DocumentTermMatrix", "level", self.level, [Options(("document", "paragraph"))])
        object.__setattr__(self, "matrix", matrix)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "terms", terms)

    def __iter__(self):
        return iter((self.matrix, self.rows, self.terms))

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_rows, n_terms)``."""
        return self.matrix.shape

    def term_index(self) -> dict[str, int]:
        """Map each term to its column number.

        Returns
        -------
        dict of str to int

        Raises
        ------
        None
            Every matrix has its terms.

        Examples
        --------
        >>> Corpus.from_texts(["Talks in Geneva."]).dtm().term_index()
        {'Geneva': 0, 'Talks': 1, 'in': 2}
        """
        return {t: i for i, t in enumerate(self.terms)}

    def select_rows(self, mask) -> "DocumentTermMatrix":
        """The rows where ``mask`` is true.

        Parameters
        ----------
        mask : array-like of bool, shape (n_rows,)

        Returns
        -------
        DocumentTermMatrix
            The same terms and level, the selected rows.

        Raises
        ------
        InputError
            A mask of the wrong length.

        Examples
        --------
        >>> m = Corpus.from_texts(["Talks in Geneva.", "No talks."]).dtm()
        >>> m.select_rows(m.rows["doc_id"] == "doc-0002").shape
        (1, 5)
        """
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.shape[0],):
            raise InputError(f"select_rows(): mask has shape {mask.shape}, need ({self.shape[0]},)")
        return DocumentTermMatrix(self.matrix[mask], self.rows[mask], self.terms, self.level)

    def to_frame(self) -> pd.DataFrame:
        """The matrix as a long table: the row labels, ``term`` and ``count``.

        Only non-zero cells are listed, row by row and within a row by column.

        Returns
        -------
        pandas.DataFrame
            ``doc_id`` (and ``para`` at paragraph level), ``term``, ``count``.

        Raises
        ------
        None
            Every matrix can be listed.

        Examples
        --------
        >>> Corpus.from_texts(["Talks, talks."]).dtm().to_frame().values.tolist()
        [['doc-0001', 'Talks', 1], ['doc-0001', 'talks', 1]]
        """
        coo = self.matrix.tocoo()
        order = np.lexsort((coo.col, coo.row))
        labels = [c for c in ("doc_id", "para") if c in self.rows.columns]
        out = self.rows.loc[coo.row[order], labels].reset_index(drop=True)
        out["term"] = self.terms[coo.col[order]]
        out["count"] = coo.data[order]
        return out
