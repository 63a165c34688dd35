"""What each preprocessing step does to the numbers: one table, step by step.

Notebook 00 teaches preprocessing by adding the usual steps one at a time
(lower case, numbers, stop words, stemming, a minimum document frequency)
and watching how many distinct terms and tokens are left and which terms
are most frequent. :func:`preprocessing_steps` makes that table for any
corpus, so that a study can report what its choices removed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["preprocessing_steps", "DEFAULT_STEPS"]

#: The steps of notebook 00, each on top of the previous ones (options of :meth:`Corpus.dtm`).
DEFAULT_STEPS: dict[str, dict] = {
    "as stored": {},
    "lowercase": dict(lowercase=True),
    "+ drop numbers": dict(lowercase=True, drop_numbers=True),
    "+ stop words": dict(lowercase=True, drop_numbers=True, stop_words=True),
    "+ stem": dict(lowercase=True, drop_numbers=True, stop_words=True, stem=True),
    "+ min_df=2": dict(lowercase=True, drop_numbers=True, stop_words=True, stem=True, min_df=2),
}


def preprocessing_steps(corpus, steps: Mapping[str, Mapping] | None = None, *, n_top: int = 7) -> pd.DataFrame:
    """Distinct terms, tokens and the most frequent terms after each preprocessing step.

    Each step is a set of options of :meth:`Corpus.dtm`; the document-term
    matrix is built once per step from the stored counts. A term is *used*
    when it occurs at least once in the corpus (a subset keeps the full
    vocabulary as columns, so unused columns are not counted).

    Parameters
    ----------
    corpus : Corpus
    steps : mapping of str to mapping, optional
        Step name -> options of ``corpus.dtm()``, in the order to show;
        write each step's options in full (they are not accumulated).
        Default: :data:`DEFAULT_STEPS` (stored counts, lower case, numbers
        dropped, each document's language's stop words, Snowball stemming,
        ``min_df=2``).
    n_top : int, default=7
        How many of the most frequent terms to list (ties in vocabulary
        order).

    Returns
    -------
    pandas.DataFrame
        One row per step: ``step``, ``terms_used`` (distinct terms with at
        least one occurrence), ``tokens`` (occurrences counted),
        ``token_share`` (``tokens`` over the first step's), ``top_terms``
        (comma-separated).

    Raises
    ------
    InputError
        If ``steps`` is empty or a step's options are not a mapping (an
        unknown option is reported by :meth:`Corpus.dtm`).

    Examples
    --------
    >>> import pandas as pd
    >>> import framing as fr
    >>> c = fr.Corpus.from_texts(["The talks on 17 May", "the Talks went on"], pd.DataFrame({"language": ["en", "en"]}))
    >>> table = fr.preprocessing_steps(c, {"as stored": {}, "lowercase": {"lowercase": True},
    ...                                    "+ stop words": {"lowercase": True, "stop_words": True}}, n_top=2)
    >>> for row in table[["step", "terms_used", "tokens", "top_terms"]].itertuples(index=False):
    ...     print(row)
    Pandas(step='as stored', terms_used=8, tokens=9, top_terms='on, 17')
    Pandas(step='lowercase', terms_used=6, tokens=9, top_terms='on, talks')
    Pandas(step='+ stop words', terms_used=3, tokens=4, top_terms='talks, 17')

    Lower case merges *The*/*the* and *talks*/*Talks*; the stop words then
    remove *the*, *on* and *may* (the auxiliary, here the month): check the
    list before trusting it.
    """
    steps = DEFAULT_STEPS if steps is None else steps
    if not isinstance(steps, Mapping) or not steps:
        raise InputError("preprocessing_steps(): steps must be a non-empty mapping of step name -> dtm options")
    records = []
    for name, options in steps.items():
        if not isinstance(options, Mapping):
            raise InputError(
                f"preprocessing_steps(): the options of step {name!r} must be a mapping of Corpus.dtm options "
                f"(e.g. {{'lowercase': True}}), got {type(options).__name__}"
            )
        m = corpus.dtm(**options)
        totals = np.asarray(m.matrix.sum(axis=0)).ravel()
        order = np.argsort(-totals, kind="stable")[: int(n_top)]
        records.append({
            "step": str(name),
            "terms_used": int((totals > 0).sum()),
            "tokens": int(totals.sum()),
            "top_terms": ", ".join(str(m.terms[j]) for j in order if totals[j] > 0),
        })  # fmt: skip
    table = pd.DataFrame.from_records(records, columns=["step", "terms_used", "tokens", "top_terms"])
    first = table["tokens"].iloc[0]
    table.insert(3, "token_share", table["tokens"] / first if first else np.nan)
    return table
