"""Choosing the original of a reuse cluster (a cascade of rules) and who republishes whom."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docs import fill_doc
from .._provenance import records_call
from .._validation import validate_params
from ..errors import InputError
from ._clusters import reuse_clusters
from ._pairs import THRESHOLDS, _warn_ignored
from ._shingles import Shingled

__all__ = ["choose_original", "republication_pairs", "who_republishes_whom"]

_PAIR_COLUMNS = [
    "cluster", "original", "copy", "original_source", "original_site", "republisher_source",
    "republisher_site", "containment", "date_original", "date_copy", "basis",
]  # fmt: skip
_SOURCE_KEYS = ["original_source", "republisher_site", "republisher_source"]
_SOURCE_COLUMNS = _SOURCE_KEYS + [
    "n_stories", "mean_containment", "lowest_containment", "same_source", "n_by_date", "n_by_other_rule",
]  # fmt: skip


def choose_original(members: list, cont: np.ndarray, dates: np.ndarray, meta) -> tuple[int, str]:
    """Position of a cluster's original among ``members`` and the rule that chose it.

    The rules, in turn, each applied to the documents the previous rules
    left (heuristics; the rule that decided is returned as the *basis*):

    1. ``'date'``: the earliest date, where at least one member is dated
       (undated members cannot be earlier than a dated one by this rule, and
       members dated the same day tie);
    2. ``'own-site'``: a document published on the source's own site
       (``site == source``);
    3. ``'source_basis'``: a document whose ``source_basis`` is ``'own'``
       (the site's own story) over ``'stated'`` or ``'inferred'`` credits;
    4. ``'containment'``: the document that contains the most of the others
       (largest sum of the others' containment in it: the fullest version);
    5. ``'order'``: the first in corpus order.

    The basis names the first rule that left one document.

    Parameters
    ----------
    members : list of str
        The cluster's doc_ids, in corpus order.
    cont : ndarray of shape (n_members, n_members)
        ``cont[i, j]`` is the containment of member i in member j.
    dates : ndarray of datetime64
        The members' dates (NaT where undated).
    meta : callable
        ``meta(doc_id, column)``: a metadata value ('' where missing).

    Returns
    -------
    (int, str)
        The original's position in ``members`` and the rule that chose it.

    Examples
    --------
    >>> dates = np.array(["2026-02-18", "2026-02-17"], dtype="datetime64[D]")
    >>> choose_original(["a", "b"], np.ones((2, 2)), dates, lambda d, c: "")
    (1, 'date')
    """
    cand = list(range(len(members)))
    basis = None
    if not np.isnat(dates).all():
        first = dates[~np.isnat(dates)].min()
        new = [i for i in cand if dates[i] == first]
        if len(new) == 1:
            basis = "date"
        cand = new
    rules = (
        ("own-site", lambda i: meta(members[i], "site") != "" and meta(members[i], "site") == meta(members[i], "source")),
        ("source_basis", lambda i: meta(members[i], "source_basis") == "own"),
    )
    for name, rule in rules:
        if basis is None and len(cand) > 1:
            new = [i for i in cand if rule(i)]
            if new:
                if len(new) == 1:
                    basis = name
                cand = new
    if basis is None and len(cand) > 1:
        score = np.nan_to_num(cont).sum(axis=0) - np.nan_to_num(np.diag(cont))
        best = max(score[i] for i in cand)
        new = [i for i in cand if score[i] == best]
        if len(new) == 1:
            basis = "containment"
        cand = new
    if basis is None:
        basis = "order" if len(cand) > 1 else "date"
    return min(cand), basis


@validate_params(THRESHOLDS)
@fill_doc
@records_call
def republication_pairs(
    corpus,
    *,
    clusters: pd.DataFrame | None = None,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
) -> pd.DataFrame:
    """Each reuse cluster's original and its copies, one row per (original, copy) document pair.

    Each cluster of :func:`reuse_clusters` is one story. Its original is
    chosen by the rules of :func:`choose_original` (date, own site,
    ``source_basis``, containment, order); every other document of the
    cluster is a republication of the original, with its containment in the
    original, :math:`|S(copy) \\cap S(orig)| / |S(copy)|` (Broder 1997).
    :func:`who_republishes_whom` summarises this table by source.

    Parameters
    ----------
    corpus : Corpus
    {params.clusters}
    {params.min_containment}
    {params.max_df_shingles}
    {params.min_shared}

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``original``, ``copy``, ``original_source``,
        ``original_site``, ``republisher_source``, ``republisher_site``,
        ``containment`` (of the copy in the original), ``date_original``,
        ``date_copy``, ``basis`` (the rule that chose the original).

    Raises
    ------
    InputError
        A ``clusters`` table without ``doc_id`` and ``cluster``; a corpus
        without shingles; a threshold out of range.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> story = "Delegates met in Geneva on Tuesday for a second day of talks."
    >>> meta = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Agency", "Agency"],
    ...                      "site": ["Agency", "Daily"], "date": ["2026-02-17", "2026-02-18"]})
    >>> c = Corpus.from_texts([story, story], meta)
    >>> republication_pairs(c)[["original", "copy", "basis"]].values.tolist()
    [['a', 'b', 'date']]
    """
    thresholds = {"min_containment": min_containment, "max_df": max_df, "min_shared": min_shared}
    return _republications(corpus, clusters, thresholds, "republication_pairs()")


def _republications(corpus, clusters, thresholds: dict, where: str) -> pd.DataFrame:
    """The (original, copy) pairs of every cluster: the one core of both public functions."""
    if clusters is None:
        clusters = reuse_clusters(corpus, **thresholds)
    else:
        _warn_ignored(where, "clusters", **thresholds, stacklevel=7)
    for col in ("doc_id", "cluster"):
        if col not in clusters.columns:
            raise InputError(f"clusters must be a table from reuse_clusters() with a {col!r} column")
    sh = Shingled(corpus)
    columns = _metadata_strings(corpus.documents, sh.doc_ids)
    date_of = pd.to_datetime(
        pd.Series([columns["date"].get(d, "") for d in sh.doc_ids], dtype=object), errors="coerce", format="%Y-%m-%d"
    ).to_numpy()  # datetime64, NaT where undated
    position = {d: i for i, d in enumerate(sh.doc_ids)}

    def meta(d, col):
        return columns[col].get(d, "")

    rows = []
    for k, members in clusters.groupby("cluster", sort=True)["doc_id"]:
        members = list(members)
        if len(members) < 2:
            continue
        idx = np.fromiter((position[d] for d in members), dtype=np.int64, count=len(members))
        cont = _containments(sh, idx)
        o, basis = choose_original(members, cont, date_of[idx], meta)
        orig = members[o]
        rows.extend(
            (
                k, orig, d, meta(orig, "source"), meta(orig, "site"), meta(d, "source"), meta(d, "site"),
                cont[i, o], meta(orig, "date"), meta(d, "date"), basis,
            )  # fmt: skip
            for i, d in enumerate(members)
            if i != o
        )
    return pd.DataFrame(rows, columns=_PAIR_COLUMNS)


def _metadata_strings(docs: pd.DataFrame, doc_ids) -> dict:
    """``{column: {doc_id: value as str, '' where missing}}`` for the columns the rules read."""
    columns = {}
    for col in ("site", "source", "source_basis", "date"):
        if col in docs.columns:
            values = docs[col].to_numpy(dtype=object)
            columns[col] = dict(zip(doc_ids, ["" if v is None or v != v else str(v) for v in values]))
        else:
            columns[col] = {}
    return columns


def _containments(sh: Shingled, idx: np.ndarray) -> np.ndarray:
    """``cont[i, j]``: the containment of document ``idx[i]`` in document ``idx[j]``."""
    sets = [sh.matrix.indices[sh.matrix.indptr[i] : sh.matrix.indptr[i + 1]] for i in idx]
    inter = np.array([[np.intersect1d(a, b, assume_unique=True).size for b in sets] for a in sets], dtype=float)
    n = sh.n[idx].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return inter / n[:, None]


@validate_params(THRESHOLDS)
@fill_doc
@records_call
def who_republishes_whom(
    corpus,
    *,
    clusters: pd.DataFrame | None = None,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
) -> pd.DataFrame:
    """Which sites and sources carry which source's stories.

    The (original, copy) pairs of :func:`republication_pairs` (each
    cluster's original chosen by the rules of :func:`choose_original`),
    summarised by original source and republishing site and source.

    Parameters
    ----------
    corpus : Corpus
    {params.clusters}
    {params.min_containment}
    {params.max_df_shingles}
    {params.min_shared}

    Returns
    -------
    pandas.DataFrame
        One row per (original source, republishing site, republishing
        source): ``original_source``, ``republisher_site``,
        ``republisher_source``, ``n_stories``, ``mean_containment``,
        ``lowest_containment``, ``same_source`` (the copy credits the
        original's source, e.g. an agency story on a client's site),
        ``n_by_date``, ``n_by_other_rule``; sorted by ``n_stories``
        descending. The document pairs behind it are
        :func:`republication_pairs`.

    Raises
    ------
    InputError
        As :func:`republication_pairs`.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> story = "Delegates met in Geneva on Tuesday for a second day of talks."
    >>> meta = pd.DataFrame({"doc_id": ["a", "b"], "source": ["Agency", "Agency"],
    ...                      "site": ["Agency", "Daily"], "date": ["2026-02-17", "2026-02-18"]})
    >>> c = Corpus.from_texts([story, story], meta)
    >>> who_republishes_whom(c)[["original_source", "republisher_site", "n_stories"]].values.tolist()
    [['Agency', 'Daily', 1]]
    """
    thresholds = {"min_containment": min_containment, "max_df": max_df, "min_shared": min_shared}
    return _by_source(_republications(corpus, clusters, thresholds, "who_republishes_whom()"))


def _by_source(table: pd.DataFrame) -> pd.DataFrame:
    """The pairs of :func:`republication_pairs` counted by original source and republishing site and source."""
    if table.empty:
        return pd.DataFrame(columns=_SOURCE_COLUMNS)
    table = table.assign(_by_date=table["basis"] == "date")
    out = (
        table.groupby(_SOURCE_KEYS, sort=True)
        .agg(
            n_stories=("cluster", "nunique"),
            mean_containment=("containment", "mean"),
            lowest_containment=("containment", "min"),
            n_by_date=("_by_date", "sum"),
            n_pairs=("copy", "size"),
        )
        .reset_index()
    )
    out["same_source"] = out["original_source"] == out["republisher_source"]
    out["n_by_other_rule"] = out["n_pairs"] - out["n_by_date"]
    out = out[_SOURCE_COLUMNS]
    order = ["n_stories", "original_source", "republisher_site"]
    return out.sort_values(order, ascending=[False, True, True], kind="mergesort").reset_index(drop=True)
