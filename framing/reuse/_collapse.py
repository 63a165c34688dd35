"""One document per story: collapse the copies of each reuse cluster before comparing outlets."""

from __future__ import annotations

import warnings

import pandas as pd

from ..corpus import ReadReport
from ..errors import InputError
from ._original import republication_pairs

__all__ = ["collapse_copies"]


def collapse_copies(
    corpus,
    *,
    pairs: pd.DataFrame | None = None,
    min_containment: float = 0.5,
    max_df=0.05,
    min_shared: int = 5,
    warn: bool = True,
):
    """Keep one document per story: drop every copy of a reused (wire) story, keep its original.

    When an agency story is carried by ten sites, a comparison of outlets
    that counts all ten counts one author's word choices ten times, and a
    test that treats the ten as independent documents is too confident.
    Collapsing each cluster of :func:`reuse_clusters` to its original (chosen
    by the rules of :func:`who_republishes_whom`: earliest date, own site,
    ``source_basis``, fullest version, corpus order) makes the *story* the
    unit of analysis. The copies are attributed to the original's source,
    so a bloc comparison then compares what each bloc *wrote*, not what it
    carried; compare both versions when what outlets *carry* matters.

    Parameters
    ----------
    corpus : Corpus
        A corpus with shingles (a text corpus, or a bundled/exported one).
    pairs : pandas.DataFrame, optional
        From :func:`republication_pairs` (``original``, ``copy``,
        ``cluster``, ``containment``, ``basis``); computed with the
        thresholds if omitted.
    min_containment, max_df, min_shared
        As in :func:`containment_pairs`; used when ``pairs`` is omitted.
    warn : bool, default=True
        Warn with the number of copies dropped.

    Returns
    -------
    Corpus
        The corpus without the copies. Its ``report`` accounts for every
        document: ``n_read`` kept, and one skipped row per dropped copy
        (``reason`` = ``'copy of a reused story'``; ``where`` names the
        cluster, the original, the rule that chose it and the copy's
        containment in it).

    Raises
    ------
    InputError
        If ``pairs`` lacks the columns of :func:`republication_pairs` or
        names documents that are not in the corpus.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents.
    *Compression and Complexity of Sequences*, 21-29.

    Examples
    --------
    >>> story = "Delegates met in Geneva on Tuesday for a second day of talks about a ceasefire line."
    >>> meta = pd.DataFrame({"doc_id": ["a", "b", "c"], "source": ["Agency", "Agency", "Daily"],
    ...                      "site": ["Agency", "Client", "Daily"],
    ...                      "date": ["2026-02-17", "2026-02-18", "2026-02-18"]})
    >>> c = Corpus.from_texts([story, story, "The talks ended without a deal, officials said."], meta)
    >>> stories = collapse_copies(c, warn=False)
    >>> stories.doc_ids.tolist()
    ['a', 'c']
    >>> stories.report.skipped[["where", "doc_id"]].values.tolist()
    [['cluster 0: copy of a (original by date; containment 1.00)', 'b']]
    """
    if pairs is None:
        pairs = republication_pairs(corpus, min_containment=min_containment, max_df=max_df, min_shared=min_shared)
    missing = [c for c in ("cluster", "original", "copy", "containment", "basis") if c not in pairs.columns]
    if missing:
        raise InputError(f"pairs: missing column(s) {missing}; pass the table of republication_pairs()")
    unknown = sorted(set(pairs["copy"]).union(pairs["original"]) - set(corpus.doc_ids))
    if unknown:
        raise InputError(
            f"pairs: document(s) {unknown[:5]} are not in the corpus; compute pairs on the same corpus"
        )
    drop = pairs.drop_duplicates("copy")
    skipped = pd.DataFrame(
        {
            "where": [
                f"cluster {k}: copy of {o} (original by {b}; containment {c:.2f})"
                for k, o, b, c in zip(drop["cluster"], drop["original"], drop["basis"], drop["containment"])
            ],
            "doc_id": drop["copy"].to_numpy(dtype=object),
            "reason": "copy of a reused story",
        }
    )
    dropped = set(drop["copy"])
    out = corpus.subset(doc_ids=[d for d in corpus.doc_ids if d not in dropped])
    out.report = ReadReport(
        f"collapse_copies({corpus.name or 'corpus'})", len(out), skipped.reset_index(drop=True), n_seen=len(corpus)
    )
    if warn and len(skipped):
        warnings.warn(
            f"collapse_copies: dropped {len(skipped)} copies of {drop['original'].nunique()} stories; "
            f"{len(out)} of {len(corpus)} documents remain (see .report)",
            stacklevel=2,
        )
    return out
