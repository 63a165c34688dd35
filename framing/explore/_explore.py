"""``explore()``: pick the view for an analysis result and arrange its tables."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from . import _payload
from ._widget import Explorer


def _kind(result) -> str:
    if isinstance(result, pd.DataFrame):
        cols = set(result.columns)
        has_estimate = bool(cols & {"estimate", "score", "share"})  # score/share: tables of framing 0.1
        if {"term", "group"} <= cols and has_estimate:
            return "keyness"
        if {"variant", "group"} <= cols and has_estimate:
            return "naming"
        raise InputError(
            "explore(): the table is neither a keyness table (columns term, estimate, group) nor a "
            f"naming-shares table (columns variant, estimate, group); it has columns {', '.join(map(str, result.columns))}"
        )
    if hasattr(result, "topic_labels_") and hasattr(result, "doc_topic_"):
        return "topics"
    if hasattr(result, "doc_topic_") or type(result).__name__ == "TopicModel":
        raise InputError("explore(): the topic model is not fitted; call .fit(corpus) first")
    raise InputError(
        f"explore(): cannot explore a {type(result).__name__}; pass fr.keyness()'s or fr.naming_shares()'s "
        "table or a fitted fr.TopicModel"
    )


def explore(
    result,
    corpus,
    *,
    by=None,
    concept=None,
    lexicon="all",
    prevalence=None,
    dtm=None,
    n_terms: int = 300,
    n_docs: int | None = None,
) -> Explorer:
    """An interactive view of a keyness table, a naming-shares table or a topic model.

    In JupyterLab the returned widget displays itself; ``.save("page.html")``
    writes the same view to one self-contained HTML file (data and
    JavaScript inline, no server, no network requests) that can be e-mailed
    and opened on a phone.

    - **keyness** (:func:`framing.keyness`): a sortable, filterable term list
      (score, interval, ``p_adj``, counts, and document-frequency columns
      when the table has them) beside a scatter of occurrences against score;
      clicking a term shows its rows in every comparison, its occurrences and
      documents per group, and the documents that use it.
    - **naming shares** (:func:`framing.naming_shares`): each variant's share
      per group with its interval; clicking a cell lists the documents of
      that group that use the variant.
    - **topics** (a fitted :class:`framing.TopicModel`): topics with their
      FREX terms, prevalence per group with intervals (from ``prevalence``),
      and the representative documents of the topic clicked.

    Documents are shown with title, source, date, group and url, and, when
    the corpus holds text, the passage with the term (the bundled corpus is
    counts-only, so its pages link to the articles instead).

    The view computes no statistic: scores, intervals and p-values are the
    analysis tables' own columns. It adds only counts it reads from the
    corpus (which documents use a term, and how often).

    Parameters
    ----------
    result : pandas.DataFrame or TopicModel
        A table from :func:`framing.keyness` or :func:`framing.naming_shares`,
        or a fitted :class:`framing.TopicModel`.
    corpus : Corpus
        The corpus the result was computed on (a subset is fine): the source
        of document titles, sources, dates, urls and counts.
    by : str, mapping, callable, pandas.Series or array-like, optional
        The grouping the analysis used, as for :meth:`Corpus.groups`; it labels
        documents with their group. Needed for naming shares.
    concept : str, Dictionary or mapping, optional
        For naming shares: the concept given to :func:`framing.naming_shares`.
    lexicon : str or Lexicon, default='all'
        For naming shares: where ``concept`` is looked up.
    prevalence : pandas.DataFrame, optional
        For topics: :func:`framing.topic_prevalence`'s table, shown per topic.
    dtm : DocumentTermMatrix, optional
        For keyness: the document-level matrix the table was computed on
        (default: the corpus's lowercase counts). Its rows need ``doc_id``.
    n_terms : int, default=300
        For keyness: the page keeps the ``n_terms`` terms with the largest
        absolute score in each comparison (all their rows), to stay small.
    n_docs : int, optional
        Documents listed per term or cell (default 25), or representative
        documents per topic (default 5).

    Returns
    -------
    Explorer
        An anywidget widget; ``.save(path)`` writes the HTML page,
        ``.selected`` is what was clicked last, ``.data`` the page's data.

    Raises
    ------
    InputError
        For a result it cannot show, a keyness table without ``term``,
        a naming table without ``concept=``/``by=``, or an unfitted model.

    Examples
    --------
    >>> import framing as fr
    >>> en = fr.load_corpus("peace-talks-2026").subset(language="en")
    >>> table = fr.keyness(en, "ownership", target="state", min_count=3)
    >>> view = fr.explore(table, en, by="ownership", n_terms=50)
    >>> view.kind, len(view.data["term_docs"]) > 0
    ('keyness', True)
    """
    kind = _kind(result)
    if kind == "keyness":
        data = _payload.keyness_payload(result, corpus, by, dtm=dtm, n_terms=n_terms, n_docs=n_docs or 25)
    elif kind == "naming":
        data = _payload.naming_payload(result, corpus, by, concept, lexicon=lexicon, n_docs=n_docs or 50)
    else:
        data = _payload.topics_payload(result, corpus, prevalence=prevalence, by=by, n_docs=n_docs or 5)
    return Explorer(data)
