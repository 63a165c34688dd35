"""The Corpus: documents with metadata, paragraph-level term counts, n-grams, shingles.

A corpus built from counts (like the bundled ``peace-talks-2026``) and one
built from text have the same API; what needs running text (concordance,
re-tokenizing) raises :class:`~framing.errors.TextRequiredError` on a
counts-only corpus.

The class's work is done in the rooms beside it (``_build``, ``_dtmspec``,
``_groups``); this module is above the kit's usual 500 lines only by the
docstrings and argument checks of the public methods that delegate there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import InputError, TextRequiredError
from . import _build, _dtmspec, _events, _groups
from ._build import FROM_TEXT as _FROM_TEXT
from ._count import count_texts, gc_paused
from ._dtm import DocumentTermMatrix
from ._report import ReadReport

__all__ = ["Corpus"]

NGRAM_SIZES = (2, 3)


class Corpus:
    """Documents with metadata and their paragraph-level term counts.

    Build one with :func:`load_corpus` (bundled or exported corpora),
    :meth:`Corpus.from_texts`, or the readers :func:`framing.read_csv`,
    :func:`framing.read_jsonl` and :func:`framing.read_folder`.

    Parameters
    ----------
    documents : pandas.DataFrame
        One row per document, indexed by ``doc_id``; metadata columns such
        as ``language``, ``source``, ``date``. ``n_tokens`` is recomputed.
    paragraphs : pandas.DataFrame
        One row per paragraph with at least one token: ``doc_id``, ``para``
        (0-based), ``role`` and ``n_tokens``, in document order.
    counts : scipy.sparse matrix of shape (n_paragraphs, n_terms)
        Token counts; row *i* belongs to ``paragraphs.iloc[i]``.
    vocabulary : array-like of str, shape (n_terms,)
        Tokens as written (case kept), in column order.
    ngrams : dict of int to (csr_matrix, ndarray), optional
        Document-level counts of lower-cased n-grams, by n.
    shingles : pandas.DataFrame, optional
        ``doc_id``, ``para``, ``shingles`` (tuple of 16-digit hex hashes).
    texts : pandas.Series, optional
        The running text of each document, indexed by ``doc_id``.
    events : pandas.DataFrame, optional
        The events the documents belong to (``event``, ``label``,
        ``first_day``, ``last_day``, ...), one row per value of the
        documents' ``event`` column; see :attr:`events`.
    name : str, optional
    checksum : str, optional
        SHA-256 of the corpus's SHA256SUMS file, when loaded from one.

    Attributes
    ----------
    report : ReadReport or None
        What the reader kept and skipped.
    """

    def __init__(
        self,
        documents: pd.DataFrame,
        paragraphs: pd.DataFrame,
        counts,
        vocabulary,
        *,
        ngrams: dict | None = None,
        shingles: pd.DataFrame | None = None,
        texts: pd.Series | None = None,
        events: pd.DataFrame | None = None,
        name: str | None = None,
        checksum: str | None = None,
    ):
        if len(documents) == 0:
            raise InputError("the corpus is empty: no documents were given (or all were skipped)")
        clash = [c for c in ("doc_id", "para", "role") if c in documents.columns]
        if clash:
            raise InputError(
                f"the documents table has column(s) {clash}, the names of the kit's own row labels; rename them"
            )
        self.documents = documents
        self.paragraphs = paragraphs.reset_index(drop=True)
        self.counts = sparse.csr_matrix(counts)
        self.vocabulary = np.asarray(vocabulary, dtype=object)
        if (ngrams is _FROM_TEXT or shingles is _FROM_TEXT) and texts is None:
            raise InputError("n-grams and shingles can be made from the text only when the corpus has text")
        self._ngrams = ngrams if ngrams is _FROM_TEXT else dict(ngrams or {})
        self._shingles = shingles
        self._n_jobs = 1
        self.texts = texts
        self.name = name
        self.checksum = checksum
        self.report: ReadReport | None = None
        self.events = events
        if self.counts.shape != (len(self.paragraphs), len(self.vocabulary)):
            raise InputError(
                f"counts has shape {self.counts.shape}, expected ({len(self.paragraphs)} paragraphs, "
                f"{len(self.vocabulary)} terms)"
            )

    @property
    def events(self) -> pd.DataFrame | None:
        """The events (rounds, summits, ...) the documents belong to, or None.

        One row per value of the documents' ``event`` column: ``event`` (the
        key), ``label`` (short, for figures), ``first_day`` and ``last_day``
        (``datetime64``; NaT for an event without a single span), then any
        descriptive columns (``place``, ``format``, ``description`` in the
        bundled corpus). Read from the corpus folder's ``events.csv`` and
        written back by :meth:`to_features`. Assign a DataFrame to describe
        the events of your own corpus; it is checked (keys, dates, and that
        every event the documents use is described).
        :func:`framing.plots.mark_events` draws them on a time axis.

        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> corpus.events[["event", "label", "first_day"]].head(2)
                 event label  first_day
        0  abu-dhabi-1   AD1 2026-01-23
        1  abu-dhabi-2   AD2 2026-02-04
        """
        return self._events

    @events.setter
    def events(self, table: pd.DataFrame | None) -> None:
        self._events = None if table is None else _events.check_events(table, self.documents)

    # ------------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        name = f"{self.name!r}, " if self.name else ""
        kind = "text" if self.has_text else "counts only"
        return (
            f"Corpus({name}{len(self)} documents, {len(self.paragraphs)} paragraphs, "
            f"{int(self.counts.sum())} tokens, {len(self.vocabulary)} types; {kind})"
        )

    @property
    def ngrams(self) -> dict:
        """Document-level counts of lower-cased n-grams: ``{n: (csr (n_docs, n_ngrams), terms)}``.

        A corpus built from text makes them (with its shingles) the first time
        they are asked for, so that building a corpus costs only the token counts.
        """
        if self._ngrams is _FROM_TEXT:
            self._derive()
        return self._ngrams

    @property
    def shingles(self) -> pd.DataFrame | None:
        """Hashed 5-gram shingles per paragraph: ``doc_id``, ``para``, ``shingles`` (tuple of hex digests).

        None for a counts-only corpus stored without them; made on first use
        for a corpus built from text (see :attr:`ngrams`).
        """
        if self._shingles is _FROM_TEXT:
            self._derive()
        return self._shingles

    def _derive(self) -> None:
        """Count the n-grams and shingles of a text corpus (token spec sections 4 and 5)."""
        parts = count_texts(self.texts.tolist(), n_jobs=self._n_jobs, derived=True)
        ids = self.documents.index.to_numpy(dtype=object)
        with gc_paused():
            shingles = pd.DataFrame(
                [(ids[d], p, sh) for d, p, sh in parts["shingles"]], columns=["doc_id", "para", "shingles"]
            ).astype({"doc_id": str, "para": np.int64})  # the same dtypes with no rows as with some
        self._ngrams, self._shingles = parts["ngrams"], shingles

    @property
    def has_text(self) -> bool:
        """Whether the corpus holds running text (not only derived counts)."""
        return self.texts is not None

    @property
    def doc_ids(self) -> pd.Index:
        """Document ids in corpus order."""
        return self.documents.index

    def require_text(self, what: str) -> pd.Series:
        """The running text of each document, or :class:`~framing.errors.TextRequiredError` naming ``what``.

        For analyses that need the text (``what`` is the caller's name, used
        in the message); a counts-only corpus such as the bundled one has none.
        """
        if self.texts is None:
            raise TextRequiredError(
                f"{what} needs the running text, but this corpus holds derived counts only "
                "(token counts, n-grams and shingles). Build the corpus from the articles with "
                "Corpus.from_texts or a reader to use it."
            )
        return self.texts

    def summary(self) -> dict:
        """Counts that describe the corpus: documents, sites, languages, events, tokens, dates.

        Returns
        -------
        dict
            Keys ``name``, ``documents``, ``paragraphs``, ``tokens``,
            ``types``, and where the metadata has them ``sites``,
            ``sources``, ``languages`` (a dict code -> documents),
            ``events`` (dict) and ``date_range`` ((first, last, n_undated)).
        """
        docs = self.documents
        out = {
            "name": self.name,
            "documents": len(docs),
            "paragraphs": len(self.paragraphs),
            "tokens": int(self.counts.sum()),
            "types": len(self.vocabulary),
        }
        for col, key in (("site", "sites"), ("source", "sources")):
            if col in docs.columns:
                out[key] = int(docs[col].nunique())
        for col, key in (("language", "languages"), ("event", "events")):
            if col in docs.columns:
                vc = docs[col].value_counts()
                out[key] = {k: int(v) for k, v in sorted(vc.items(), key=lambda kv: (-kv[1], str(kv[0])))}
        if "date" in docs.columns:
            dates = pd.to_datetime(docs["date"].replace("", None), errors="coerce", format="%Y-%m-%d")
            valid = dates.dropna()
            out["date_range"] = (
                valid.min().date().isoformat() if len(valid) else None,
                valid.max().date().isoformat() if len(valid) else None,
                int(dates.isna().sum()),
            )
        return out

    # -------------------------------------------------------------- selecting
    def subset(self, mask=None, *, doc_ids: Iterable[str] | None = None, **criteria) -> "Corpus":
        """A corpus of the documents that meet every condition given.

        Parameters
        ----------
        mask : array-like of bool, pandas.Series or callable, optional
            A boolean per document: a Series indexed by ``doc_id`` (aligned
            by id, in any order), or a list or array in corpus order; or a
            function of the documents table returning one.
        doc_ids : iterable of str, optional
            Keep these documents.
        **criteria
            ``column=value`` or ``column=[values]`` on the documents table,
            e.g. ``language="en"``, ``ownership=["state", "public"]``.

        Returns
        -------
        Corpus

        Raises
        ------
        InputError
            For an unknown column or doc_id; a mask that is not booleans
            (``["no", ...]``, 0/1, None), of the wrong length, or a Series
            whose index is not the corpus's doc_ids; when nothing is left.


        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> len(corpus.subset(language="en"))
        184
        """
        docs = self.documents
        keep = np.ones(len(docs), dtype=bool)
        if mask is not None:
            keep &= _boolean_mask(mask(docs) if callable(mask) else mask, docs.index)
        if doc_ids is not None:
            if isinstance(doc_ids, str):
                doc_ids = [doc_ids]
            doc_ids = list(doc_ids)
            unknown = [d for d in doc_ids if d not in docs.index]
            if unknown:
                raise InputError(f"subset(): unknown doc_id(s) {unknown[:5]}")
            keep &= docs.index.isin(doc_ids)
        for col, value in criteria.items():
            if col not in docs.columns:
                raise InputError(
                    f"subset(): no metadata column {col!r}; columns are {', '.join(map(str, docs.columns))}"
                )
            values = [value] if isinstance(value, str) or not isinstance(value, Iterable) else list(value)
            keep &= docs[col].isin(values).to_numpy()
        if not keep.any():
            raise InputError(f"subset(): no document matches {criteria or 'the mask'}")
        return self._take(np.flatnonzero(keep))


    def _take(self, positions: np.ndarray) -> "Corpus":
        docs = self.documents.iloc[positions]
        ids = docs.index
        pmask = self.paragraphs["doc_id"].isin(ids).to_numpy()
        paras = self.paragraphs[pmask]
        # The subset's vocabulary (and n-gram lists) hold only the terms its documents use,
        # so a subset's dtm() has no all-zero columns and summary() counts its own types.
        counts, vocabulary = _dtmspec.drop_empty_columns(self.counts[pmask], self.vocabulary)
        if self._ngrams is _FROM_TEXT:  # not made yet: the subset makes its own from its text
            ngrams = _FROM_TEXT
        else:
            ngrams = {n: _dtmspec.drop_empty_columns(m[positions], t) for n, (m, t) in self._ngrams.items()}
        if self._shingles is _FROM_TEXT or self._shingles is None:
            shingles = self._shingles
        else:
            shingles = self._shingles[self._shingles["doc_id"].isin(ids)].reset_index(drop=True)
        texts = None if self.texts is None else self.texts.loc[ids]
        out = Corpus(
            docs, paras, counts, vocabulary, ngrams=ngrams, shingles=shingles,
            texts=texts, events=self.events, name=self.name, checksum=self.checksum,
        )  # fmt: skip
        out._n_jobs = self._n_jobs
        return out

    def groups(self, by, *, column: str = "source", groups: Iterable | None = None) -> pd.Series:
        """Group label of each document: the one place where groupings are resolved.

        Parameters
        ----------
        by : str, mapping, callable, pandas.Series or array-like
            A metadata column name (``'ownership'``); a mapping from the
            values of ``column`` to group labels (e.g. source -> bloc); a
            function of the documents table returning one label per row
            (e.g. :func:`framing.assign_blocs`); a Series indexed by
            ``doc_id``; or one label per document, in corpus order.
        column : str, default='source'
            The column a mapping is applied to.
        groups : iterable of labels, optional
            Keep only these groups (other documents get NaN). A label that is
            not a group of ``by`` is an error that lists the groups.

        Returns
        -------
        pandas.Series
            Indexed by ``doc_id``, named ``'group'``. Documents without a
            group (not covered by a mapping, an empty label, or outside
            ``groups``) get NaN; a mapping that leaves documents out warns how
            many.

        Raises
        ------
        InputError
            For an unknown column, labels of the wrong length, a Series that
            shares no ``doc_id`` with the corpus, or an unknown group in ``groups``.

        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> corpus.groups("ownership", groups=["state", "public"]).value_counts().to_dict()
        {'state': 131, 'public': 45}
        """
        return _groups.resolve_groups(self.documents, by, column=column, groups=groups)

    # ------------------------------------------------------- document-term matrix
    def dtm(
        self,
        level: str = "document",
        *,
        lowercase: bool = False,
        stop_words=None,
        keep_words: Iterable[str] = (),
        stem=False,
        min_len: int = 1,
        drop_numbers: bool = False,
        min_df=1,
        max_df=1.0,
        ngram_range: tuple[int, int] = (1, 1),
    ) -> DocumentTermMatrix:
        """A document-term (or paragraph-term) matrix with its labels.

        Called without options it returns exactly the stored counts (every
        token kept, case as written), so each preprocessing step is a
        visible choice. Steps run in this order on each term: lower-casing,
        minimum length, dropping numbers, stop words, stemming; then
        document-frequency limits.

        Parameters
        ----------
        level : {'document', 'paragraph'}, default='document'
        lowercase : bool, default=False
        stop_words : None, True, str or iterable of str, default=None
            ``True`` removes each document's own language's list (see
            :func:`framing.stop_words`); a language code uses that list for
            every document; an iterable is used as given. Matching ignores case.
        keep_words : iterable of str, default=()
            Words taken out of the stop-word lists.
        stem : bool or str, default=False
            ``True`` stems each document with its language's Snowball stemmer
            (languages without one are left unstemmed, with a warning); a
            language code uses that stemmer for all. Implies lower case.
        min_len : int, default=1
            Drop terms shorter than this many characters.
        drop_numbers : bool, default=False
            Drop terms without any letter (``2026``, ``10:30``, ``2022-2026``).
        min_df, max_df : int or float, default=1 and 1.0
            Keep terms in at least ``min_df`` and at most ``max_df`` rows
            (an int is a number of rows, a float a proportion of rows).
        ngram_range : (int, int), default=(1, 1)
            Which n-gram lengths to include. n > 1 uses the stored
            document-level n-gram counts (lower-cased, as stored); it needs
            ``level='document'``. Stop words, stemming, ``min_len`` and
            ``drop_numbers`` apply to unigrams only.

        Returns
        -------
        DocumentTermMatrix
            ``matrix`` (CSR, rows x terms), ``rows`` (``doc_id``[, ``para``,
            ``role``] and the documents' metadata) and ``terms``.

        Raises
        ------
        InputError
            For an invalid option, or an n-gram length the corpus does not store.
        EmptyVocabularyError
            When a filter leaves no term (the message names the filter).

        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> X, rows, terms = corpus.dtm()
        >>> int(X.sum()) == int(corpus.counts.sum())
        True
        """
        return _dtmspec.document_term_matrix(
            self, level, lowercase=lowercase, stop_words=stop_words, keep_words=keep_words, stem=stem,
            min_len=min_len, drop_numbers=drop_numbers, min_df=min_df, max_df=max_df, ngram_range=ngram_range,
        )  # fmt: skip

    # ------------------------------------------------------------------- text
    def concordance(
        self, pattern: str, *, window: int = 8, ignore_case: bool = True, timeout: float = 10.0
    ) -> pd.DataFrame:
        """Keyword in context: every match of a regular expression in the text.

        Patterns are matched with the `regex <https://pypi.org/project/regex/>`_
        module (the syntax of Python's ``re``), which avoids most runaway
        backtracking; as a guard against the rest (e.g. ``(a|aa)+b``), a
        search that runs longer than ``timeout`` seconds stops with an error.

        Parameters
        ----------
        pattern : str
            A regular expression (e.g. ``r"\\bKyiv\\b"``).
        window : int, default=8
            Tokens of context shown on each side.
        ignore_case : bool, default=True
        timeout : float, default=10.0
            Seconds the whole search may take.

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``para``, ``left``, ``match``, ``right``.

        Raises
        ------
        TextRequiredError
            On a counts-only corpus such as the bundled one.
        InputError
            An invalid pattern; a search that ran longer than ``timeout``.
        """
        import regex

        texts = self.require_text("concordance()")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise InputError(f"concordance(): timeout must be a positive number of seconds, got {timeout!r}")
        try:
            rx = regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)
        except (regex.error, TypeError) as exc:
            raise InputError(f"concordance(): invalid pattern {pattern!r}: {exc}") from None
        from ..tokenize import normalize, split_paragraphs
        import time

        deadline = time.monotonic() + timeout
        out = []
        try:
            for doc_id, text in texts.items():
                for p, para in enumerate(split_paragraphs(normalize(text))):
                    left_s = deadline - time.monotonic()
                    if left_s <= 0:
                        raise TimeoutError
                    for m in rx.finditer(para, timeout=left_s):
                        left = para[: m.start()].split()[-window:]
                        right = para[m.end() :].split()[:window]
                        out.append((doc_id, p, " ".join(left), m.group(0), " ".join(right)))
        except TimeoutError:
            raise InputError(
                f"concordance(): the pattern {pattern!r} ran longer than {timeout:g} s; it probably nests "
                "repetitions (such as (a|aa)+ or (a+)+). Simplify it, or pass a larger timeout="
            ) from None
        return pd.DataFrame(out, columns=["doc_id", "para", "left", "match", "right"])

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_texts(
        cls,
        texts,
        metadata: pd.DataFrame | None = None,
        *,
        id_column: str = "doc_id",
        title_column: str | None = None,
        name: str | None = None,
        on_duplicate: str = "raise",
        warn: bool = True,
        n_jobs=1,
    ) -> "Corpus":
        """Build a corpus from running text, tokenized by the token spec.

        Parameters
        ----------
        texts : list of str, pandas.Series or dict
            One text per document; paragraphs are its lines. A dict is
            ``{doc_id: text}``. A missing text (None, NaN, ``pd.NA``) or a
            blank one is skipped and reported.
        metadata : pandas.DataFrame, optional
            One row per text, in the same order; ``id_column`` gives the
            document ids (default: ``doc-0001``, ``doc-0002``, ...; strings,
            or integers written as their digits). A ``language`` column
            enables per-language stop words and stemming. A column named
            like one of the kit's own (``n_tokens``, ``n_paragraphs``,
            ``para``, ``role``, ``text``, ``doc_id``) is renamed to
            ``user_<name>`` with a warning; a ``text`` column that repeats
            the texts is dropped.
        id_column : str, default='doc_id'
        title_column : str, optional
            A metadata column holding each document's title (headline). The
            title becomes the document's first paragraph, with ``role``
            ``'title'`` (as in the bundled corpus), so that counts, n-grams,
            shingles and the text include it and analyses can keep or drop
            titles by role. Line breaks inside a title are folded into
            spaces; a missing, blank or token-less title adds no paragraph.
            The column stays in the metadata.
        name : str, optional
        on_duplicate : {'raise', 'skip'}, default='raise'
            What to do with a repeated document id ('skip' keeps the first
            and reports the others).
        warn : bool, default=True
            Warn when documents are skipped (the :attr:`report` lists them).
        n_jobs : int or None, default=1
            Worker processes for tokenizing and counting (-1: all CPUs).
            Used for large inputs (a few MB of text or more); the result is
            identical for every value. Token counts are made now; the 2-/3-gram
            counts and shingles when :attr:`ngrams` or :attr:`shingles` is
            first used (with the same ``n_jobs``).

        Returns
        -------
        Corpus
            With ``report``: documents read and skipped (empty texts,
            duplicate ids), with reasons.

        Raises
        ------
        InputError
            A bare string instead of a list; lengths that differ; a missing
            id, a float id or one with a control character (names the row); a
            duplicate id (with ``on_duplicate='raise'``); a metadata value
            that is not a scalar or a column name that is not a string; a
            dict with an id column in ``metadata``; no document left; a
            ``title_column`` that is not in ``metadata``.

        Examples
        --------
        >>> c = Corpus.from_texts(["Talks in Geneva.\\nKyiv's team left."],
        ...                       pd.DataFrame({"doc_id": ["a"], "language": ["en"]}))
        >>> c.dtm().shape
        (1, 7)
        >>> t = Corpus.from_texts(["The envoys met on Monday."],
        ...                       pd.DataFrame({"headline": ["Talks resume"]}), title_column="headline")
        >>> t.paragraphs[["para", "role", "n_tokens"]].values.tolist()
        [[0, 'title', 2], [1, 'body', 5]]
        """
        return _build.from_texts(
            cls, texts, metadata, id_column=id_column, title_column=title_column, name=name,
            on_duplicate=on_duplicate, warn=warn, n_jobs=n_jobs,
        )  # fmt: skip

    def to_features(self, path, *, overwrite: bool = False) -> Path:
        """Write the corpus in the shareable derived-feature format (no text).

        See :func:`framing.write_features` for the files, the thresholds and
        ``overwrite`` (the folder is written whole, through a temporary folder).
        """
        from ._export import write_features

        return write_features(self, path, overwrite=overwrite)


def _boolean_mask(m, index: pd.Index) -> np.ndarray:
    """One bool per document from a mask: a Series is aligned by doc_id, anything else is in corpus order."""
    if isinstance(m, pd.Series):
        if not isinstance(m.index, pd.RangeIndex) or not m.index.equals(pd.RangeIndex(len(index))):
            if len(m) != len(index) or m.index.has_duplicates or not m.index.isin(index).all():
                raise InputError(
                    "subset(): the mask is a Series whose index is not the corpus's doc_ids; index it by doc_id "
                    "(e.g. a condition on corpus.documents) or pass a list in corpus order"
                )
            m = m.reindex(index)
        values = m.to_numpy(dtype=object)
    else:
        values = np.asarray(m, dtype=object)
    if values.ndim != 1 or len(values) != len(index):
        raise InputError(f"subset(): mask has {values.size} values, the corpus has {len(index)} documents")
    bad = [v for v in values if not isinstance(v, (bool, np.bool_))]
    if bad:
        raise InputError(
            f"subset(): the mask must hold booleans (True/False), got {bad[0]!r} ({type(bad[0]).__name__}); "
            "for a list of documents use doc_ids=..."
        )
    return values.astype(bool)
