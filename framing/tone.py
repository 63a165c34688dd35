"""Tone: VADER for English text, a VADER-lexicon score for counts-only corpora.

* :func:`vader_tone` runs VADER (Hutto & Gilbert 2014; the ``vaderSentiment``
  package, which ships its lexicon) on each sentence of an English text
  corpus. A document's tone is the mean compound score of its sentences.
* :func:`lexicon_tone` is for corpora that hold counts only (such as the
  bundled one): each token's VADER lexicon valence (-4 to +4) weighted by
  its count, per token. It is **an approximation** of VADER: it has no
  negation ("not good" counts as good), no intensifiers ("very"), no
  capitals, exclamation marks or "but" rule, and no multi-word entries.
* :func:`actor_tone` is the tone of the paragraphs that mention an actor.
* :func:`compare_tone` compares groups with bootstrap intervals.

VADER's lexicon is English. Every function checks the corpus's
``language`` column and refuses other languages, saying which it found.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._provenance import records_call
from ._docs import fill_doc
from ._stats import as_generator, compare_group_means, inference_sentence
from ._validation import Interval, Options, validate_params
from .corpus import group_order, labels_within, select_language
from .dictionaries import Dictionary
from .errors import InputError
from .text import split_sentences
from .tokenize import split_paragraphs

__all__ = ["vader_lexicon", "vader_tone", "lexicon_tone", "actor_tone", "compare_tone"]


@functools.lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def vader_lexicon() -> dict[str, float]:
    """VADER's lexicon: lower-case token -> mean valence (-4 to +4).

    Returns
    -------
    dict of str to float
        A new dict on every call (changing it does not change the scores).

    Raises
    ------
    InputError
        Never for this function (it takes no input); listed for the house rule.

    Examples
    --------
    >>> vader_lexicon()["good"]
    1.9
    """
    return dict(_analyzer().lexicon)


@validate_params({"level": [Options(("document", "sentence"))]})
@fill_doc
@records_call
def vader_tone(corpus, *, level: str = "document", language="en") -> pd.DataFrame:
    """VADER sentiment of each sentence or document of an English text corpus.

    Sentences come from :func:`framing.split_sentences` within each
    paragraph (line). Each sentence gets VADER's ``neg``, ``neu``, ``pos``
    and ``compound`` scores; the compound score is the normalised sum of
    the valences of the sentence's words after VADER's rules (negation,
    intensifiers, capitals, punctuation, "but"),
    :math:`x / \\sqrt{x^2 + 15}` (Hutto & Gilbert 2014). A document's
    ``tone`` is the unweighted mean compound of its sentences.

    Parameters
    ----------
    {params.corpus}
        With running text (see :func:`lexicon_tone` for counts only).
    level : {'document', 'sentence'}, default='document'
    {params.language_vader}

    Returns
    -------
    pandas.DataFrame
        Sentence level: ``doc_id``, ``para``, ``sentence`` (0-based within
        the paragraph), ``text``, ``neg``, ``neu``, ``pos``, ``compound``.
        Document level: ``doc_id``, ``n_sentences``, ``tone`` (mean
        compound), ``neg``, ``neu``, ``pos`` (means).

    Raises
    ------
    TextRequiredError
        On a counts-only corpus.
    InputError
        For a non-English corpus or a bad level.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
    model for sentiment analysis of social media text. *Proceedings of
    ICWSM*, 8(1), 216-225.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["The talks were good. Nothing changed."], pd.DataFrame({"language": ["en"]}))
    >>> vader_tone(c, level="sentence")["compound"].tolist()
    [0.4404, 0.0]
    >>> vader_tone(c)["tone"].tolist()
    [0.2202]
    """
    corpus = select_language(corpus, language, where="vader_tone()", only="en", resource="VADER's lexicon")
    texts = corpus.require_text("vader_tone()")
    sia = _analyzer()
    rows = []
    for doc_id, text in texts.items():
        for p, para in enumerate(split_paragraphs(text)):
            for s, sentence in enumerate(split_sentences(para)):
                sc = sia.polarity_scores(sentence)
                rows.append((doc_id, p, s, sentence, sc["neg"], sc["neu"], sc["pos"], sc["compound"]))
    out = pd.DataFrame(rows, columns=["doc_id", "para", "sentence", "text", "neg", "neu", "pos", "compound"])
    if level == "sentence":
        return out
    g = out.groupby("doc_id", sort=False)
    doc = pd.DataFrame(
        {
            "n_sentences": g.size(),
            "tone": g["compound"].mean(),
            "neg": g["neg"].mean(),
            "neu": g["neu"].mean(),
            "pos": g["pos"].mean(),
        }
    )
    doc = doc.reindex(corpus.documents.index)
    doc["n_sentences"] = doc["n_sentences"].fillna(0).astype(int)
    return doc.rename_axis("doc_id").reset_index()


def _valences(corpus) -> np.ndarray:
    lex = _analyzer().lexicon
    return np.fromiter((lex.get(str(t).lower(), 0.0) for t in corpus.vocabulary), dtype=float, count=len(corpus.vocabulary))


@validate_params({"level": [Options(("document", "paragraph"))]})
@fill_doc
@records_call
def lexicon_tone(corpus, *, level: str = "document", language="en") -> pd.DataFrame:
    """Lexicon-weighted tone from token counts: an approximation of VADER.

    For a document (or paragraph) :math:`d` with token counts
    :math:`c_{dw}`, :math:`n_d` tokens and VADER lexicon valence
    :math:`v_w` (0 for words not in the lexicon; Hutto & Gilbert 2014),

    .. math::
        \\mathrm{tone}_d = \\frac{\\sum_w c_{dw} v_w}{n_d}

    i.e. the mean valence per token, on VADER's -4 to +4 scale. Tokens are
    looked up in lower case. This is an approximation: there is no
    negation handling ("not good" adds +1.9), no intensifiers, no
    punctuation or capitals rules, and multi-word lexicon entries never
    match. Use :func:`vader_tone` when the text is available.

    Parameters
    ----------
    {params.corpus}
    level : {'document', 'paragraph'}, default='document'
    {params.language_vader}

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` (and ``para``), ``n_tokens``, ``n_matched`` (tokens
        found in the lexicon), ``valence_sum``, ``tone``.

    Raises
    ------
    InputError
        For a non-English corpus or a bad level.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
    model for sentiment analysis of social media text. *Proceedings of
    ICWSM*, 8(1), 216-225.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["good talks"], pd.DataFrame({"language": ["en"]}))
    >>> lexicon_tone(c)["tone"].tolist()  # (1.9 + 0) / 2
    [0.95]
    """
    corpus = select_language(corpus, language, where="lexicon_tone()", only="en", resource="VADER's lexicon")
    return _paragraph_tone(corpus, level)


def _paragraph_tone(corpus, level: str, mask=None) -> pd.DataFrame:
    v = _valences(corpus)
    X = corpus.counts
    paras = corpus.paragraphs
    if mask is not None:
        X, paras = X[mask], paras[mask].reset_index(drop=True)
    out = paras[["doc_id", "para"]].copy()
    out["n_tokens"] = np.asarray(X.sum(axis=1)).ravel().astype(np.int64)
    out["n_matched"] = np.asarray(X[:, v != 0].sum(axis=1)).ravel().astype(np.int64)
    out["valence_sum"] = X @ v
    if level == "document":
        out = out.groupby("doc_id", sort=False)[["n_tokens", "n_matched", "valence_sum"]].sum().reset_index()
    out["tone"] = out["valence_sum"] / out["n_tokens"]
    return out


def _actor_dictionary(actors) -> Dictionary:
    if isinstance(actors, Dictionary):
        return actors
    if isinstance(actors, str):
        raise InputError(f"actor_tone(): actors must be a list of patterns, a mapping actor -> patterns or a Dictionary, "
                         f"got a str ({actors!r}); wrap one pattern as [pattern]")  # fmt: skip
    if isinstance(actors, Mapping):
        return Dictionary(actors)
    patterns = list(actors)
    return Dictionary({"actor": patterns})


@validate_params({"method": [Options(("lexicon", "vader"))]})
@fill_doc
@records_call
def actor_tone(corpus, actors, *, method: str = "lexicon", language="en") -> pd.DataFrame:
    """Tone toward an actor: the tone of the paragraphs that mention it.

    A paragraph mentions an actor when any of the actor's patterns (globs,
    as in :class:`~framing.dictionaries.Dictionary`) matches one of its
    tokens. The document's tone toward the actor is computed over those
    paragraphs only: with ``method='lexicon'`` the mean VADER valence per
    token (see :func:`lexicon_tone`), with ``method='vader'`` the mean VADER
    compound of their sentences (see :func:`vader_tone`). The words of the
    actor's name count like any other word. This is co-occurrence, not
    stance detection: a paragraph may be negative about something else.

    Parameters
    ----------
    {params.corpus}
    actors : list of str, mapping of str to list of str, or Dictionary
        One actor's patterns (named ``'actor'``), or several actors, e.g.
        ``load_lexicon('en').actors``.
    method : {'lexicon', 'vader'}, default='lexicon'
        'vader' needs running text.
    {params.language_vader}

    Returns
    -------
    pandas.DataFrame
        One row per document x actor it mentions: ``doc_id``, ``actor``,
        ``n_paragraphs`` (paragraphs mentioning it), ``n_tokens`` (their
        tokens), ``tone``.

    Raises
    ------
    InputError
        For a non-English corpus, an invalid pattern, a bad method.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). VADER. *Proceedings of ICWSM*, 8(1), 216-225.

    Examples
    --------
    >>> import pandas as pd
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Smith was happy.\\nJones was sad."], pd.DataFrame({"language": ["en"]}))
    >>> actor_tone(c, {"Smith": ["smith"], "Jones": ["jones"]}).round(2)[["actor", "tone"]].values.tolist()
    [['Smith', 0.9], ['Jones', -0.7]]
    """
    d = _actor_dictionary(actors)
    corpus = select_language(corpus, language, where="actor_tone()", only="en", resource="VADER's lexicon")
    mentions = d.count_wide(corpus, "paragraph", values="count")
    if method == "vader":
        sent = vader_tone(corpus, level="sentence", language=None if "language" not in corpus.documents else "en")
    rows = []
    for actor in d.categories:
        mask = mentions[actor].to_numpy() > 0
        if not mask.any():
            continue
        if method == "lexicon":
            t = _paragraph_tone(corpus, "document", mask)
            t = t.assign(n_paragraphs=corpus.paragraphs[mask].groupby("doc_id", sort=False).size().reindex(t["doc_id"]).to_numpy())
        else:
            keys = pd.MultiIndex.from_frame(corpus.paragraphs.loc[mask, ["doc_id", "para"]])
            s = sent[pd.MultiIndex.from_frame(sent[["doc_id", "para"]]).isin(keys)]
            g = s.groupby("doc_id", sort=False)
            t = pd.DataFrame({"tone": g["compound"].mean()}).reset_index()
            p = corpus.paragraphs[mask].groupby("doc_id", sort=False)["n_tokens"].agg(["size", "sum"])
            t["n_paragraphs"] = p["size"].reindex(t["doc_id"]).to_numpy()
            t["n_tokens"] = p["sum"].reindex(t["doc_id"]).to_numpy()
        t["actor"] = actor
        rows.append(t[["doc_id", "actor", "n_paragraphs", "n_tokens", "tone"]])
    if not rows:
        return pd.DataFrame(columns=["doc_id", "actor", "n_paragraphs", "n_tokens", "tone"])
    return pd.concat(rows, ignore_index=True)


@validate_params(
    {
        "n_boot": ["n_boot"],
        "alpha": [Interval(numbers.Real, 0, 1, closed="neither")],
        "seed": ["seed"],
    }
)
@fill_doc
@records_call
def compare_tone(
    corpus,
    by,
    *,
    tone: pd.DataFrame | None = None,
    groups=None,
    column: str = "source",
    language="en",
    n_boot: int = 1000,
    seed=0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    r"""Mean document tone by group, with bootstrap intervals and tests against the rest.

    **The unit is the document**: each document has one tone score (per
    actor) and weighs equally. Intervals are expanded percentile intervals
    from a bootstrap over documents within groups (Efron & Tibshirani 1993;
    Hesterberg 2015); the difference from all other documents has its own
    interval and Welch's test :math:`t = (\bar x_g - \bar x_r)/\sqrt{s_g^2/n_g
    + s_r^2/n_r}` (Welch 1947), Benjamini-Hochberg adjusted over the tested
    rows (Benjamini & Hochberg 1995). A group or rest with fewer than 5
    scored documents, or whose documents all score the same, is reported
    but not tested (``p`` NaN, reason in ``note``, with a warning); see
    :func:`framing._stats.compare_group_means`.

    Parameters
    ----------
    {params.corpus}
    {params.by}
    tone : pandas.DataFrame, optional
        A document-level table with ``doc_id`` and ``tone`` (from
        :func:`lexicon_tone`, :func:`vader_tone` or :func:`actor_tone`;
        with an ``actor`` column, each actor is compared separately).
        Default: :func:`lexicon_tone` of the English documents.
    {params.groups}
    {params.column}
    {params.language_vader}
    {params.n_boot}
        Default 1000.
    {params.seed}
    {params.alpha}

    Returns
    -------
    pandas.DataFrame
        ``actor`` (only when ``tone`` has one), ``group``, ``n_docs``,
        ``n_docs_rest``, ``estimate`` (the group's mean), ``ci_low``,
        ``ci_high``, ``rest_mean``, ``diff``, ``diff_ci_low``,
        ``diff_ci_high``, ``t``, ``p``, ``p_adj``, ``note`` (why a row is
        not tested; empty otherwise). Intervals are NaN with ``n_boot=0``.
        ``attrs['inference']`` says where p and the intervals come from.

    Raises
    ------
    InputError
        Unknown or empty groups, fewer than two groups, a tone table
        without ``doc_id``/``tone`` or naming documents not in the corpus.

    References
    ----------
    Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.

    Hesterberg, T. C. (2015). What teachers should know about the bootstrap.
    *The American Statistician*, 69(4), 371-386.

    Welch, B. L. (1947). *Biometrika*, 34(1-2), 28-35.

    Benjamini, Y., & Hochberg, Y. (1995). *JRSS B*, 57(1), 289-300.

    Examples
    --------
    >>> from framing import load_corpus
    >>> compare_tone(load_corpus(), "ownership", n_boot=200)["group"].tolist()
    ['private', 'public', 'state', 'unknown']
    """
    sub = select_language(corpus, language, where="compare_tone()", only="en", resource="VADER's lexicon")
    if tone is None:
        tone = _paragraph_tone(sub, "document")
    if not isinstance(tone, pd.DataFrame) or not {"doc_id", "tone"} <= set(tone.columns):
        raise InputError("compare_tone(): tone must be a document-level table with 'doc_id' and 'tone' columns "
                         "(e.g. from lexicon_tone())")
    unknown = set(tone["doc_id"]) - set(corpus.documents.index)
    if unknown:
        raise InputError(f"compare_tone(): tone names documents not in the corpus: {sorted(unknown)[:5]}; "
                         "score the same corpus (or drop those rows)")
    labels = labels_within(
        corpus, sub, by, column=column, groups=groups, what="compare_tone()",
        empty_hint="English documents; choose other groups",
    )  # fmt: skip
    actors = list(dict.fromkeys(tone["actor"])) if "actor" in tone.columns else [None]
    cols = [a if a is not None else "tone" for a in actors]
    values = np.full((len(labels), len(actors)), np.nan)
    pos = pd.Series(np.arange(len(labels)), index=labels.index)
    for j, a in enumerate(actors):
        part = tone if a is None else tone[tone["actor"] == a]
        part = part[part["doc_id"].isin(pos.index)]
        values[pos.reindex(part["doc_id"]).to_numpy(), j] = part["tone"].to_numpy(dtype=float)
    scored = labels[~np.isnan(values).all(axis=1)]
    if scored.dropna().nunique() < 2:
        raise InputError(f"compare_tone(): need at least two groups with scored documents, got {sorted(map(str, scored.dropna().unique()))}")
    table = compare_group_means(values, labels.to_numpy(dtype=object), columns=cols, n_boot=n_boot,
                                rng=as_generator(seed), alpha=alpha, where="compare_tone()",
                                order=group_order(labels, groups=groups))  # fmt: skip
    table = table[table["n_docs"] > 0].drop(columns="n_missing").reset_index(drop=True)
    table.attrs["inference"] = inference_sentence(n_boot, alpha, "tone scores")
    if actors == [None]:
        return table.drop(columns="column")
    return table.rename(columns={"column": "actor"})
