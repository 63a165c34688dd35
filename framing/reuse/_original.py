"""Choosing the original of a reuse cluster (a cascade of rules) and who republishes whom."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._provenance import records_call
from ..errors import InputError
from ._clusters import reuse_clusters
from ._pairs import _warn_ignored
from ._shingles import Shingled

__all__ = ["choose_original", "republication_pairs", "who_republishes_whom"]


def choose_original(members: list, cont: np.ndarray, dates: np.ndarray, meta) -> tuple[int, str]:
    """Position of a cluster's original among ``members`` and the rule that chose it.

    The rules of :func:`who_republishes_whom`, in turn: ``'date'``,
    ``'own-site'``, ``'source_basis'``, ``'containment'``, ``'order'``.
    ``cont[i, j]`` is the containment of member i in member j, ``dates`` the
    members' dates (NaT where undated) and ``meta(doc_id, column)`` a
    metadata value ('' where missing).
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

    The original is chosen by the rules of :func:`who_republishes_whom`
    (see :func:`choose_original`); :func:`who_republishes_whom` summarises
    this table by source.

    Parameters
    ----------
    corpus : Corpus
    clusters : pandas.DataFrame, optional
        From :func:`reuse_clusters`; computed with the thresholds if omitted.
    min_containment, max_df, min_shared
        As in :func:`containment_pairs`.

    Returns
    -------
    pandas.DataFrame
        ``cluster``, ``original``, ``copy``, ``original_source``,
        ``original_site``, ``republisher_source``, ``republisher_site``,
        ``containment`` (of the copy in the original), ``date_original``,
        ``date_copy``, ``basis`` (the rule that chose the original).

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
    if clusters is None:
        clusters = reuse_clusters(corpus, min_containment=min_containment, max_df=max_df, min_shared=min_shared)
    else:
        _warn_ignored("republication_pairs()", "clusters", min_containment, max_df, min_shared)
    for col in ("doc_id", "cluster"):
        if col not in clusters.columns:
            raise InputError(f"clusters must be a table from reuse_clusters() with a {col!r} column")
    docs = corpus.documents
    sh = Shingled(corpus)
    columns = {}
    for col in ("site", "source", "source_basis", "date"):
        if col in docs.columns:
            values = docs[col].to_numpy(dtype=object)
            columns[col] = dict(zip(sh.doc_ids, ["" if v is None or v != v else str(v) for v in values]))
        else:
            columns[col] = {}
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
        sets = [sh.matrix.indices[sh.matrix.indptr[i] : sh.matrix.indptr[i + 1]] for i in idx]
        inter = np.array(
            [[np.intersect1d(a, b, assume_unique=True).size for b in sets] for a in sets], dtype=float
        )
        n = sh.n[idx].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            cont = inter / n[:, None]  # cont[i, j] = containment of i in j
        o, basis = choose_original(members, cont, date_of[idx], meta)
        orig = members[o]
        for i, d in enumerate(members):
            if i == o:
                continue
            rows.append(
                {
                    "cluster": k, "original": orig, "copy": d,
                    "original_source": meta(orig, "source"), "original_site": meta(orig, "site"),
                    "republisher_source": meta(d, "source"), "republisher_site": meta(d, "site"),
                    "containment": cont[i, o], "date_original": meta(orig, "date"),
                    "date_copy": meta(d, "date"), "basis": basis,
                }  # fmt: skip
            )
    detail_cols = [
        "cluster", "original", "copy", "original_source", "original_site", "republisher_source",
        "republisher_site", "containment", "date_original", "date_copy", "basis",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=detail_cols)


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

    Each cluster of :func:`reuse_clusters` is one story. Its *original* is
    chosen by these rules in turn, each applied to the documents the
    previous rules left (heuristics; check the ``basis`` column):

    1. ``'date'``: the earliest date, where at least one copy is dated
       (undated copies cannot be earlier than a dated one by this rule, and
       copies dated the same day tie);
    2. ``'own-site'``: a document published on the source's own site
       (``site == source``);
    3. ``'source_basis'``: a document whose ``source_basis`` is ``'own'``
       (the site's own story) over ``'stated'`` or ``'inferred'`` credits;
    4. ``'containment'``: the document that contains the most of the others
       (largest sum of the others' containment in it: the fullest version);
    5. ``'order'``: the first in corpus order.

    ``basis`` names the first rule that left one document. Every other
    document of the cluster is a republication of the original, with its
    containment in the original, :math:`|S(copy) \\cap S(orig)| / |S(copy)|`
    (Broder 1997).

    Parameters
    ----------
    corpus : Corpus
    clusters : pandas.DataFrame, optional
        From :func:`reuse_clusters`; computed with the thresholds if omitted.
    min_containment, max_df, min_shared
        As in :func:`containment_pairs`.

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
    table = republication_pairs(
        corpus, clusters=clusters, min_containment=min_containment, max_df=max_df, min_shared=min_shared
    )
    keys = ["original_source", "republisher_site", "republisher_source"]
    if table.empty:
        return pd.DataFrame(
            columns=keys + ["n_stories", "mean_containment", "lowest_containment", "same_source", "n_by_date", "n_by_other_rule"]
        )
    table["_by_date"] = table["basis"] == "date"
    out = (
        table.groupby(keys, sort=True)
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
    out = out.drop(columns="n_pairs")
    out = out[keys + ["n_stories", "mean_containment", "lowest_containment", "same_source", "n_by_date", "n_by_other_rule"]]
    return out.sort_values(["n_stories", "original_source", "republisher_site"], ascending=[False, True, True], kind="mergesort").reset_index(drop=True)
