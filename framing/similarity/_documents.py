"""Distances between documents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._provenance import records_call
from .._validation import validate_params
from ..corpus import DocumentTermMatrix
from ..errors import InputError
from ._measures import _DTM, _MEASURE, _cosine_matrix, _doc_matrix, _long, _measures, jensen_shannon_matrix


@validate_params({"measure": _MEASURE, "dtm": _DTM})
@fill_doc
@records_call
def document_distances(corpus, *, measure="jsd", doc_ids=None, dtm: DocumentTermMatrix | None = None) -> pd.DataFrame:
    """Distances between documents (Jensen-Shannon and/or tf-idf cosine).

    See :func:`group_distances` for the measures. Documents without any
    counted token (after the ``dtm``'s filters) are left out and listed in
    ``attrs['skipped']``.

    Parameters
    ----------
    {params.corpus}
    measure : {'jsd', 'cosine'} or list of them, default='jsd'
    doc_ids : list of str, optional
        Only these documents (default: all).
    {params.dtm}

    Returns
    -------
    pandas.DataFrame
        ``doc_a``, ``doc_b`` (doc ids, in corpus order), ``distance``, ``measure``.

    Raises
    ------
    InputError
        A bad ``measure``, a ``dtm`` that is not document-level, unknown
        ``doc_ids``, or fewer than two documents with tokens.

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy.
    *IEEE Transactions on Information Theory*, 37(1), 145-151.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["peace talks", "peace talks", "war"], pd.DataFrame({"doc_id": ["a", "b", "c"]}))
    >>> document_distances(c)["distance"].round(3).tolist()
    [0.0, 1.0, 1.0]
    """
    measures = _measures(measure)
    dtm = _doc_matrix(corpus, dtm, "document_distances()")
    X, rows, _ = dtm
    ids = rows["doc_id"].to_numpy(dtype=object)
    keep = np.ones(len(ids), dtype=bool)
    if doc_ids is not None:
        doc_ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
        unknown = [d for d in doc_ids if d not in set(ids)]
        if unknown:
            raise InputError(f"document_distances(): unknown doc_id(s) {unknown[:5]}")
        keep &= np.isin(ids, doc_ids)
    totals = np.asarray(X.sum(axis=1)).ravel()
    skipped = ids[keep & (totals == 0)].tolist()
    keep &= totals > 0
    if keep.sum() < 2:
        raise InputError("document_distances(): need at least two documents with tokens")
    mats = {m: jensen_shannon_matrix(X[keep]) if m == "jsd" else _cosine_matrix(X, X[keep]) for m in measures}
    out = _long(ids[keep], mats, pair=("doc_a", "doc_b"))
    out.attrs["skipped"] = skipped
    return out
