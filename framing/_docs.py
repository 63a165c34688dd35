"""Shared parameter docs: the same parameter reads the same in every docstring.

After seaborn's ``DocstringComponents``: a docstring writes ``{params.by}``
(with the indentation of a parameter entry) and :func:`fill_doc` puts the shared
text there, so ``by``, ``groups``, ``column``, ``seed``, ``n_boot`` and
``alpha`` are described once.

Examples
--------
>>> @fill_doc
... def f(by, *, seed=0):
...     '''Do it.
...
...     Parameters
...     ----------
...     {params.by}
...     {params.seed}
...     '''
>>> "The grouping of documents" in f.__doc__ and "numpy Generator" in f.__doc__
True
"""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

__all__ = ["PARAMS", "fill_doc"]

_PARAMS = {
    "by": """
by : str, mapping, callable, pandas.Series or array-like
    The grouping of documents: a metadata column name (``'ownership'``), a
    mapping from the values of ``column`` to groups (e.g. source -> bloc), a
    function of the documents table, a Series indexed by ``doc_id``, or one
    label per document (see :meth:`framing.Corpus.groups`). Documents without
    a label (None, NaN, empty or blank) are left out.
""",
    "groups": """
groups : list of str, optional
    Keep only these groups, in this order; an unknown group is an error that
    lists the groups. Default: all.
""",
    "column": """
column : str, default='source'
    The metadata column a mapping ``by`` is applied to.
""",
    "seed": """
seed : int, numpy Generator or None, default=0
    Randomness: the same seed gives the same numbers (None means 0).
""",
    "n_boot": """
n_boot : int
    Bootstrap replicates, resampling documents within each group: 0 means no
    bootstrap (interval columns are NaN); otherwise at least 50.
""",
    "alpha": """
alpha : float, default=0.05
    One minus the coverage of the intervals (0.05: 95 % intervals).
""",
    # ---- analyses: naming, frames, tone, similarity, keyness (r9a) -----------
    "corpus": """
corpus : Corpus
    The documents (see :func:`framing.load_corpus`, :func:`framing.read_csv`).
""",
    "concept": """
concept : str, Dictionary or mapping
    A concept name of ``lexicon`` (``'city_name'``, ``'war_name'``, ...), or
    the competing variants as a Dictionary or ``{variant: [patterns]}``
    (at least two variants).
""",
    "lexicon": """
lexicon : str or Lexicon, default='all'
    Where a concept name is looked up (see :func:`framing.load_lexicon`).
""",
    "language_en": """
language : str, list of str or None, default='en'
    Score only the documents in this language (the dictionary's language);
    None scores every document. A language no document has is an error that
    lists the corpus's languages.
""",
    "language_vader": """
language : {'en', None}, default='en'
    ``'en'`` scores the English documents (VADER's lexicon is English); None
    scores every document and is an error when the ``language`` column names
    another language.
""",
    "n_perm": """
n_perm : int, default=2000
    Random relabellings of the documents for the permutation test (the
    document is the unit).
""",
    "dtm": """
dtm : DocumentTermMatrix, optional
    A document-level matrix (``corpus.dtm('document', ...)``) to use instead
    of the default lower-cased unigram counts.
""",
    # ---- corpus, readers and reuse (r9b) -------------------------------------
    "min_containment": """
min_containment : float, default=0.5
    Keep pairs with ``max(c(A,B), c(B,A)) >= min_containment``, a number in
    (0, 1].
""",
    "max_df_shingles": """
max_df : int or float, default=0.05
    Shingles in more than this many documents (an int, at least 2) or this
    share of documents (a float in (0, 1]; then never fewer than 50
    documents, so that an agency story carried by dozens of sites is not
    mistaken for boilerplate in a small corpus) are left out of the
    candidate index as boilerplate; they still count in the exact
    containment. Reported in ``attrs['skipped']``.
""",
    "min_shared": """
min_shared : int, default=5
    Minimum number of shared shingles (five 5-grams is about one shared
    clause), so that two very short documents sharing one stock phrase are
    not reported.
""",
    "clusters": """
clusters : pandas.DataFrame, optional
    From :func:`framing.reuse_clusters` (``doc_id``, ``cluster``); computed
    with ``min_containment``, ``max_df`` and ``min_shared`` if omitted (they
    are ignored, with a warning, when it is given).
""",
    "reader_title_column": """
title_column : str, optional
    The column (in JSON Lines, the key) that holds each document's title
    (headline): it becomes the document's first paragraph with role
    ``'title'`` and stays in the metadata (see :meth:`framing.Corpus.from_texts`).
""",
    "reader_encoding": """
encoding : str, optional
    Default: strict UTF-8. A byte-order mark is removed whatever the
    encoding. Undecodable bytes are an error that names the byte offset and
    line (in a folder, the file is skipped and reported), never read as
    mojibake; texts that look like mojibake give a warning.
""",
    "reader_errors": """
errors : {'skip', 'raise'}, default='skip'
    What to do with a record (row, line or file) that cannot be used: skip
    it and report it in ``corpus.report``, or stop with an error naming its
    line or file. The reasons are listed in :mod:`framing.corpus._readers`.
""",
    "reader_name": """
name : str, optional
    Corpus name (default: the file or folder name without extension).
""",
    "reader_warn": """
warn : bool, default=True
    Warn with the report's summary when records were skipped.
""",
    "n_jobs_build": """
n_jobs : int or None, default=1
    Worker processes for tokenizing and counting (-1: all CPUs), used for
    large inputs (a few MB of text or more); the result is identical for
    every value (see :meth:`framing.Corpus.from_texts`).
""",
    "dictionary_case_sensitive": """
case_sensitive : bool, default=False
    Whether ``Kiev`` and ``kiev`` differ (single-word patterns); see
    :class:`framing.Dictionary`.
""",
    "dictionary_file": """
path : str or path-like
    The dictionary file.
encoding : str, optional
    Default: strict UTF-8 (a byte-order mark is accepted); e.g. ``'latin-1'``
    or ``'cp1252'`` for older LIWC files.
case_sensitive : bool, default=False
    Whether ``Kiev`` and ``kiev`` differ (single-word patterns); see
    :class:`framing.Dictionary`.
name : str, optional
    A label for the dictionary (default: the file name without extension).

Returns
-------
Dictionary
""",
    "dictionary_data": """
data : Corpus or DocumentTermMatrix
    What to count in: a corpus (its token counts, and n-grams for
    multi-word entries) or a document-term matrix (its single-word and
    n-gram columns).
""",
    "dictionary_level": """
level : {'document', 'paragraph'}, default='document'
    For a Corpus; a DocumentTermMatrix keeps its own level.
""",
    "notebook_run": """
progress : bool, default=True
    Show a progress bar (tqdm, on stderr) over the code cells.
timeout : int, default=600
    Seconds a single cell may run.
jobs : int, default=None
    How many notebooks run at once, each in its own fresh kernel
    (notebooks are independent: each loads its own data and writes only
    its own figures). ``None`` means the number of CPUs, at most 2; ``1``
    runs them one after the other. The figures are the same either way.
""",
    # ---- end of the corpus, readers and reuse block ---------------------------
}

#: The shared entries, as attributes: ``PARAMS.by``, ``PARAMS.seed`` ...
PARAMS = SimpleNamespace(**{k: v.strip("\n") for k, v in _PARAMS.items()})


def fill_doc(func):
    """Fill ``{params.<name>}`` placeholders in ``func``'s docstring with the shared entries.

    A line that holds only ``{params.<name>}`` becomes the shared entry, with
    the line's indentation; lines indented below it add to the entry.

    Parameters
    ----------
    func : callable
        A function whose docstring uses the placeholders.

    Returns
    -------
    callable
        ``func``, its ``__doc__`` filled in.

    Raises
    ------
    AttributeError
        A placeholder names no shared entry (a programming error).

    Examples
    --------
    >>> @fill_doc
    ... def f(seed=0):
    ...     '''Parameters
    ...     ----------
    ...     {params.seed}
    ...     '''
    >>> "Randomness" in f.__doc__
    True
    """
    doc = func.__doc__
    if not doc:
        return func
    lines = []
    for line in doc.split("\n"):
        stripped = line.strip()
        if stripped.startswith("{params.") and stripped.endswith("}"):
            name = stripped[len("{params.") : -1]
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(textwrap.indent(getattr(PARAMS, name), indent))
        else:
            lines.append(line)
    func.__doc__ = "\n".join(lines)
    return func
