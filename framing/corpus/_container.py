"""The Corpus: documents with metadata, paragraph-level term counts, n-grams, shingles.

A corpus built from counts (like the bundled ``peace-talks-2026``) and one
built from text have the same API; what needs running text (concordance,
re-tokenizing) raises :class:`~framing.errors.TextRequiredError` on a
counts-only corpus.

The class is split by concern: this module holds the container (its
tables, derived counts, subsetting, the document-term matrix and groupings,
whose work is done in ``_dtmspec`` and ``_groups``); building from text is
:class:`~framing.corpus._build.BuildMixin` (``from_texts``) and the text
queries are :class:`~framing.corpus._queries.TextQueriesMixin`
(``has_text``, ``require_text``, ``concordance``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import InputError
from . import _dtmspec, _events, _groups
from ._build import FROM_TEXT as _FROM_TEXT
from ._build import BuildMixin
from ._count import count_texts, gc_paused
from ._dtm import DocumentTermMatrix
from ._inputs import boolean_mask as _boolean_mask
from ._queries import TextQueriesMixin
from ._report import ReadReport

__all__ = ["Corpus"]

NGRAM_SIZES = (2, 3)


class Corpus(BuildMixin, TextQueriesMixin):
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

    Raises
    ------
    InputError
        No documents; a documents column named like the kit's row labels
        (``doc_id``, ``para``, ``role``); counts whose shape does not match
        the paragraphs and vocabulary; n-grams or shingles to be made from
        text without ``texts``.

    Examples
    --------
    >>> docs = pd.DataFrame({"language": ["en"]}, index=pd.Index(["a"], name="doc_id"))
    >>> paras = pd.DataFrame({"doc_id": ["a"], "para": [0], "role": ["body"], "n_tokens": [3]})
    >>> Corpus(docs, paras, [[2, 1]], ["peace", "talks"])
    Corpus(1 documents, 1 paragraphs, 3 tokens, 2 types; counts only)
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
    def doc_ids(self) -> pd.Index:
        """Document ids in corpus order."""
        return self.documents.index

    def summary(self) -> dict:
        """Counts that describe the corpus: documents, sites, languages, events, tokens, dates.

        Returns
        -------
        dict
            Keys ``name``, ``documents``, ``paragraphs``, ``tokens``,
            ``types``, and where the metadata has them ``sites``,
            ``sources``, ``languages`` (a dict code -> documents),
            ``events`` (dict) and ``date_range`` ((first, last, n_undated);
            a date that does not parse as ``YYYY-MM-DD`` counts as undated).

        Raises
        ------
        None
            Every corpus can be summarised.

        Examples
        --------
        >>> s = load_corpus("peace-talks-2026").summary()
        >>> s["documents"], s["languages"]["en"]
        (602, 184)
        """
        docs = self.documents
        out = {
            "name": self.name,
            "documents": len(docs),
            "paragraphs": len(self.paragraphs),
            "tokens": int(self.counts.sum()),
            "types": len(self.vocabulary),
        }
        out.update(metadata_counts(docs))
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
        options = {name: value for name, value in locals().items() if name in _dtmspec.DTM_OPTIONS}
        return _dtmspec.document_term_matrix(self, level, **options)

    def to_features(self, path, *, overwrite: bool = False) -> Path:
        """Write the corpus in the shareable derived-feature format (no text).

        See :func:`framing.write_features` for the files and the thresholds
        (the folder is written whole, through a temporary folder).

        Parameters
        ----------
        path : str or path-like
            The folder to write.
        overwrite : bool, default=False
            Replace an existing folder.

        Returns
        -------
        pathlib.Path
            The folder written.

        Raises
        ------
        InputError
            As :func:`framing.write_features` (an existing folder without
            ``overwrite``, a path that is a file).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> out = Corpus.from_texts(["Talks resumed in Geneva."]).to_features(pathlib.Path(tempfile.mkdtemp()) / "c")
        >>> load_corpus(out).summary()["tokens"]
        4
        """
        from ._export import write_features

        return write_features(self, path, overwrite=overwrite)


def metadata_counts(docs: pd.DataFrame) -> dict:
    """``sites`` and ``sources`` (distinct values), ``languages`` and ``events`` (documents per value, most first).

    Only the keys whose column the documents table has; shared by
    :meth:`Corpus.summary` and :meth:`framing.DiskCorpus.summary`.
    """
    out = {}
    for col, key in (("site", "sites"), ("source", "sources")):
        if col in docs.columns:
            out[key] = int(docs[col].nunique())
    for col, key in (("language", "languages"), ("event", "events")):
        if col in docs.columns:
            vc = docs[col].value_counts()
            out[key] = {k: int(v) for k, v in sorted(vc.items(), key=lambda kv: (-kv[1], str(kv[0])))}
    return out
