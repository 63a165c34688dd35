"""The Corpus: documents with metadata, paragraph-level term counts, n-grams, shingles.

A corpus built from counts (like the bundled ``peace-talks-2026``) and one
built from text have the same API; what needs running text (concordance,
re-tokenizing) raises :class:`~framing.errors.TextRequiredError` on a
counts-only corpus.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from . import _paths
from ._count import count_texts, gc_paused
from ._features import read_features
from .dtm import DocumentTermMatrix
from .errors import EmptyVocabularyError, InputError, TextRequiredError
from .text import stem_languages, stemmer, stop_words as _stop_words

__all__ = ["Corpus", "ReadReport", "load_corpus", "list_corpora"]

_HAS_LETTER = re.compile(r"[^\W\d_]")
#: Marks n-grams and shingles that a text corpus makes on first use (see ``Corpus.ngrams``).
_FROM_TEXT = object()
NGRAM_SIZES = (2, 3)


@dataclass
class ReadReport:
    """What a reader or :meth:`Corpus.from_texts` kept and skipped, and why.

    Attributes
    ----------
    source : str
        The file, folder or ``'texts'`` that was read.
    n_read : int
        Documents kept.
    skipped : pandas.DataFrame
        One row per skipped record: ``where`` (line, row or file), ``doc_id``
        (if known) and ``reason``.
    """

    source: str
    n_read: int = 0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["where", "doc_id", "reason"]))

    @property
    def n_skipped(self) -> int:
        """Number of records skipped."""
        return len(self.skipped)

    def reasons(self) -> pd.Series:
        """How many records were skipped for each reason."""
        return self.skipped["reason"].value_counts().sort_index()

    def __str__(self) -> str:
        head = f"{self.source}: read {self.n_read} document(s), skipped {self.n_skipped}"
        if not self.n_skipped:
            return head
        parts = [f"{n} {reason}" for reason, n in self.reasons().items()]
        return head + " (" + "; ".join(parts) + ")"


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
        name: str | None = None,
        checksum: str | None = None,
    ):
        if len(documents) == 0:
            raise InputError("the corpus is empty: no documents were given (or all were skipped)")
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
        if self.counts.shape != (len(self.paragraphs), len(self.vocabulary)):
            raise InputError(
                f"counts has shape {self.counts.shape}, expected ({len(self.paragraphs)} paragraphs, "
                f"{len(self.vocabulary)} terms)"
            )

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
            )
        self._ngrams, self._shingles = parts["ngrams"], shingles

    @property
    def has_text(self) -> bool:
        """Whether the corpus holds running text (not only derived counts)."""
        return self.texts is not None

    @property
    def doc_ids(self) -> pd.Index:
        """Document ids in corpus order."""
        return self.documents.index

    def _require_text(self, what: str) -> pd.Series:
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
        mask : array-like of bool or callable, optional
            A boolean per document (corpus order), or a function of the
            documents table returning one.
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
            For an unknown column or doc_id, or when nothing is left.

        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> len(corpus.subset(language="en"))
        184
        """
        docs = self.documents
        keep = np.ones(len(docs), dtype=bool)
        if mask is not None:
            m = mask(docs) if callable(mask) else mask
            m = np.asarray(m, dtype=bool)
            if m.shape != (len(docs),):
                raise InputError(f"subset(): mask has {m.size} values, the corpus has {len(docs)} documents")
            keep &= m
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
        counts, vocabulary = _drop_empty_columns(self.counts[pmask], self.vocabulary)
        if self._ngrams is _FROM_TEXT:  # not made yet: the subset makes its own from its text
            ngrams = _FROM_TEXT
        else:
            ngrams = {n: _drop_empty_columns(m[positions], t) for n, (m, t) in self._ngrams.items()}
        if self._shingles is _FROM_TEXT or self._shingles is None:
            shingles = self._shingles
        else:
            shingles = self._shingles[self._shingles["doc_id"].isin(ids)].reset_index(drop=True)
        texts = None if self.texts is None else self.texts.loc[ids]
        out = Corpus(
            docs, paras, counts, vocabulary, ngrams=ngrams, shingles=shingles,
            texts=texts, name=self.name, checksum=self.checksum,
        )  # fmt: skip
        out._n_jobs = self._n_jobs
        return out

    def groups(self, by, *, column: str = "source", keep: Iterable | None = None) -> pd.Series:
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
        keep : iterable of labels, optional
            Keep only these groups (other documents get NaN). A label that is
            not a group of ``by`` is an error that lists the groups.

        Returns
        -------
        pandas.Series
            Indexed by ``doc_id``, named ``'group'``. Documents without a
            group (not covered by a mapping, an empty label, or outside
            ``keep``) get NaN; a mapping that leaves documents out warns how
            many.

        Raises
        ------
        InputError
            For an unknown column, labels of the wrong length, a Series that
            shares no ``doc_id`` with the corpus, or an unknown group in ``keep``.

        Examples
        --------
        >>> corpus = load_corpus("peace-talks-2026")
        >>> corpus.groups("ownership", keep=["state", "public"]).value_counts().to_dict()
        {'state': 131, 'public': 45}
        """
        docs = self.documents
        if isinstance(by, pd.Series) and not isinstance(by.index, pd.RangeIndex):
            if not docs.index.isin(by.index).any():
                raise InputError("groups is a Series whose index shares no doc_id with the corpus")
            out = by.reindex(docs.index)
        elif isinstance(by, str):
            if by not in docs.columns:
                raise InputError(f"groups(): no metadata column {by!r}; columns are {', '.join(map(str, docs.columns))}")
            out = docs[by].copy()
        elif isinstance(by, Mapping):
            if column not in docs.columns:
                raise InputError(f"groups(): no metadata column {column!r} to apply the mapping to")
            out = docs[column].map(by)
            missing = int(out.isna().sum())
            if missing:
                warnings.warn(
                    f"groups(): {missing} of {len(docs)} documents have a {column} the mapping does not cover; "
                    "they get no group (NaN)",
                    stacklevel=2,
                )
        elif callable(by):
            out = pd.Series(np.asarray(by(docs), dtype=object), index=docs.index)
        elif isinstance(by, Iterable) and not isinstance(by, (bytes, str)):
            arr = np.asarray(list(by) if not isinstance(by, (np.ndarray, pd.Series)) else by, dtype=object)
            if arr.shape != (len(docs),):
                raise InputError(f"groups has {arr.size} labels, the corpus has {len(docs)} documents")
            out = pd.Series(arr, index=docs.index)
        else:
            raise InputError(
                f"groups(): by must be a column name, a mapping, a function or labels, got {type(by).__name__}"
            )
        out = pd.Series(out.to_numpy(dtype=object), index=docs.index, name="group")
        out[out.isin([""])] = np.nan
        if keep is not None:
            keep = [keep] if isinstance(keep, str) else list(keep)
            known = set(out.dropna())
            unknown = [g for g in keep if g not in known]
            if unknown:
                what = repr(by) if isinstance(by, str) else "the grouping"
                raise InputError(
                    f"unknown group(s) {unknown}; the groups of {what} are {', '.join(sorted(map(str, known)))}"
                )
            out = out.where(out.isin(keep))
        return out

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
        if level not in ("document", "paragraph"):
            raise InputError(f"level must be 'document' or 'paragraph', got {level!r}")
        lo, hi = _check_ngram_range(ngram_range)
        if not isinstance(min_len, (int, np.integer)) or min_len < 1:
            raise InputError(f"min_len must be a positive integer, got {min_len!r}")
        if isinstance(keep_words, str):
            raise InputError("keep_words must be a collection of words, got a single str; wrap it in a list")
        blocks_terms: list[np.ndarray] = []
        blocks: list[sparse.csr_matrix] = []
        if level == "document":
            rows = self.documents.reset_index()
            base = self._paragraph_to_document() @ self.counts
        else:
            rows = self.paragraphs[["doc_id", "para", "role"]].merge(
                self.documents.reset_index(), on="doc_id", how="left", sort=False
            )
            base = self.counts
        if lo <= 1:
            m, t = self._process_unigrams(
                base, rows, lowercase=lowercase, stop_words=stop_words, keep_words=keep_words,
                stem=stem, min_len=min_len, drop_numbers=drop_numbers,
            )  # fmt: skip
            blocks.append(m)
            blocks_terms.append(t)
        for n in range(max(lo, 2), hi + 1):
            if level != "document":
                raise InputError(
                    "n-gram counts are stored per document; use level='document' with ngram_range beyond (1, 1)"
                )
            if n not in self.ngrams:
                stored = sorted(self.ngrams) or "none"
                raise InputError(f"ngram_range asks for {n}-grams, but this corpus stores n-grams of n = {stored}")
            m, t = self.ngrams[n]
            blocks.append(m)
            blocks_terms.append(t)
        matrix = sparse.hstack(blocks, format="csr") if len(blocks) > 1 else blocks[0]
        terms = np.concatenate(blocks_terms)
        matrix, terms = _df_filter(matrix, terms, min_df, max_df)
        return DocumentTermMatrix(matrix, rows, terms, level)

    def _paragraph_to_document(self) -> sparse.csr_matrix:
        """(n_docs, n_paragraphs) 0/1 matrix that sums paragraphs into documents."""
        pos = pd.Series(np.arange(len(self.documents)), index=self.documents.index)
        r = self.paragraphs["doc_id"].map(pos).to_numpy()
        n = len(self.paragraphs)
        return sparse.csr_matrix((np.ones(n, dtype=np.int64), (r, np.arange(n))), shape=(len(self.documents), n))

    def _process_unigrams(self, base, rows, *, lowercase, stop_words, keep_words, stem, min_len, drop_numbers):
        vocab = self.vocabulary
        if not (lowercase or stop_words or stem or min_len > 1 or drop_numbers):
            return base, vocab
        terms = np.array([t.lower() for t in vocab], dtype=object) if (lowercase or stem) else vocab.copy()
        alive = np.ones(len(terms), dtype=bool)
        if min_len > 1:
            alive &= np.fromiter((len(t) >= min_len for t in terms), bool, len(terms))
            _check_alive(alive, f"min_len={min_len}")
        if drop_numbers:
            alive &= np.fromiter((_HAS_LETTER.search(t) is not None for t in terms), bool, len(terms))
            _check_alive(alive, "drop_numbers=True")
        languages = rows["language"].fillna("").to_numpy(dtype=object) if "language" in rows.columns else None
        per_language = stop_words is True or stem is True
        if per_language and languages is None:
            raise InputError("stop_words=True / stem=True need a 'language' column; name a language instead, e.g. 'en'")
        keep = {w.lower() for w in keep_words}
        langs = sorted(set(languages)) if per_language else [None]
        out_index: dict[str, int] = {}
        out_blocks = []
        no_stemmer: set[str] = set()
        for lang in langs:
            row_mask = np.ones(base.shape[0], bool) if lang is None else (languages == lang)
            a = alive.copy()
            stops = self._stop_set(stop_words, lang, keep)
            if stops:
                a &= np.fromiter((t.lower() not in stops for t in terms), bool, len(terms))
            stem_lang = lang if stem is True else (stem or None)
            if stem_lang and stem_lang not in stem_languages():
                if stem is True:
                    no_stemmer.add(stem_lang)
                    stem_lang = None
                else:
                    stemmer(stem_lang)  # raises with the list of languages
            stemmed = terms
            if stem_lang:
                st = stemmer(stem_lang)
                stemmed = np.array([st.stem(t) if ok else t for t, ok in zip(terms, a)], dtype=object)
            cols = np.flatnonzero(a)
            targets = np.fromiter((out_index.setdefault(stemmed[c], len(out_index)) for c in cols), np.int64, len(cols))
            out_blocks.append((row_mask, cols, targets))
        if not out_index:
            what = "stop_words" if stop_words else "the filters"
            raise EmptyVocabularyError(f"no term is left after removing {what}; relax {what} or check the language column")
        n_out = len(out_index)
        result = sparse.csr_matrix((base.shape[0], n_out), dtype=base.dtype)
        for row_mask, cols, targets in out_blocks:
            mapping = sparse.csr_matrix((np.ones(len(cols), base.dtype), (cols, targets)), shape=(len(terms), n_out))
            part = base[row_mask] @ mapping
            scatter = sparse.csr_matrix(
                (np.ones(int(row_mask.sum()), base.dtype), (np.flatnonzero(row_mask), np.arange(int(row_mask.sum())))),
                shape=(base.shape[0], int(row_mask.sum())),
            )
            result = result + scatter @ part
        if no_stemmer:
            warnings.warn(
                f"dtm(stem=True): no Snowball stemmer for language(s) {sorted(no_stemmer)}; "
                "their terms are left unstemmed",
                stacklevel=3,
            )
        out_terms = np.empty(n_out, dtype=object)
        for t, i in out_index.items():
            out_terms[i] = t
        order = np.argsort(out_terms.astype(str), kind="mergesort")
        result = result[:, order].tocsr()
        result.eliminate_zeros()
        # with per-language lists a term kept for one language may occur only in
        # documents of another (where it was removed or stemmed): drop such empty columns
        used = np.diff(result.tocsc().indptr) > 0
        if not used.any():
            what = "stop_words" if stop_words else "the filters"
            raise EmptyVocabularyError(f"no term is left after removing {what}; relax {what} or check the language column")
        return result[:, used].tocsr(), out_terms[order][used]

    @staticmethod
    def _stop_set(stop_words, lang, keep) -> frozenset | set:
        if stop_words is None or stop_words is False:
            return set()
        if stop_words is True:
            try:
                return _stop_words(lang, keep=keep) if lang else set()
            except InputError:
                return set()
        if isinstance(stop_words, str):
            return _stop_words(stop_words, keep=keep)
        return {w.lower() for w in stop_words} - keep

    # ------------------------------------------------------------------- text
    def concordance(self, pattern: str, *, window: int = 8, ignore_case: bool = True) -> pd.DataFrame:
        """Keyword in context: every match of a regular expression in the text.

        Parameters
        ----------
        pattern : str
            A regular expression (e.g. ``r"\\bKyiv\\b"``).
        window : int, default=8
            Tokens of context shown on each side.
        ignore_case : bool, default=True

        Returns
        -------
        pandas.DataFrame
            ``doc_id``, ``para``, ``left``, ``match``, ``right``.

        Raises
        ------
        TextRequiredError
            On a counts-only corpus such as the bundled one.
        """
        texts = self._require_text("concordance()")
        try:
            rx = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
        except re.error as exc:
            raise InputError(f"concordance(): invalid pattern {pattern!r}: {exc}") from None
        from .tokenize import normalize, split_paragraphs

        out = []
        for doc_id, text in texts.items():
            for p, para in enumerate(split_paragraphs(normalize(text))):
                for m in rx.finditer(para):
                    left = para[: m.start()].split()[-window:]
                    right = para[m.end() :].split()[:window]
                    out.append((doc_id, p, " ".join(left), m.group(0), " ".join(right)))
        return pd.DataFrame(out, columns=["doc_id", "para", "left", "match", "right"])

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_texts(
        cls,
        texts,
        metadata: pd.DataFrame | None = None,
        *,
        id_column: str = "doc_id",
        name: str | None = None,
        on_duplicate: str = "raise",
        warn: bool = True,
        n_jobs=1,
    ) -> "Corpus":
        """Build a corpus from running text, tokenized by the token spec.

        Parameters
        ----------
        texts : list of str or pandas.Series
            One text per document; paragraphs are its lines.
        metadata : pandas.DataFrame, optional
            One row per text, in the same order; ``id_column`` gives the
            document ids (default: ``doc-0001``, ``doc-0002``, ...). A
            ``language`` column enables per-language stop words and stemming.
        id_column : str, default='doc_id'
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
            A bare string instead of a list; lengths that differ; a duplicate
            id (with ``on_duplicate='raise'``); no document left.

        Examples
        --------
        >>> c = Corpus.from_texts(["Talks in Geneva.\\nKyiv's team left."],
        ...                       pd.DataFrame({"doc_id": ["a"], "language": ["en"]}))
        >>> c.dtm().shape
        (1, 7)
        """
        if isinstance(texts, (str, bytes)):
            raise InputError(
                "texts must be a list of documents, got a single string; wrap one text as [text]"
            )
        texts = list(texts.tolist() if isinstance(texts, pd.Series) else texts)
        if metadata is None:
            metadata = pd.DataFrame(index=range(len(texts)))
        if not isinstance(metadata, pd.DataFrame):
            raise InputError(f"metadata must be a pandas DataFrame, got {type(metadata).__name__}")
        if len(metadata) != len(texts):
            raise InputError(
                f"texts and metadata differ in length: {len(texts)} texts but {len(metadata)} metadata rows"
            )
        if on_duplicate not in ("raise", "skip"):
            raise InputError(f"on_duplicate must be 'raise' or 'skip', got {on_duplicate!r}")
        meta = metadata.reset_index(drop=True).copy()
        width = max(4, len(str(len(texts))))
        if id_column in meta.columns:
            ids = meta[id_column].astype(str).str.strip()
        else:
            ids = pd.Series([f"doc-{i + 1:0{width}d}" for i in range(len(texts))])
        meta = meta.drop(columns=[id_column], errors="ignore")
        skipped = []
        keep = []
        seen: set[str] = set()
        for i, (doc_id, text) in enumerate(zip(ids, texts)):
            where = f"row {i + 1}"
            if not isinstance(text, str):
                if text is None or (isinstance(text, float) and np.isnan(text)):
                    skipped.append((where, doc_id, "empty text"))
                    continue
                raise InputError(f"texts[{i}] (doc_id {doc_id!r}) is a {type(text).__name__}, not a str")
            if doc_id in seen:
                if on_duplicate == "raise":
                    raise InputError(
                        f"duplicate document id {doc_id!r} at {where}; ids must be unique "
                        "(fix the id column or pass on_duplicate='skip')"
                    )
                skipped.append((where, doc_id, "duplicate id"))
                continue
            if not doc_id:
                raise InputError(f"empty document id at {where} in column {id_column!r}")
            if not text.strip():
                skipped.append((where, doc_id, "empty text"))
                continue
            seen.add(doc_id)
            keep.append(i)
        report = ReadReport("texts", len(keep), pd.DataFrame(skipped, columns=["where", "doc_id", "reason"]))
        if not keep:
            raise InputError(f"the corpus is empty: no usable document ({report})")
        corpus = cls._build(
            [texts[i] for i in keep], meta.iloc[keep].set_axis(ids.iloc[keep].to_numpy()), name, n_jobs=n_jobs
        )
        no_tokens = corpus.documents.index[corpus.documents["n_tokens"] == 0]
        if len(no_tokens):
            extra = pd.DataFrame(
                [(f"doc_id {d}", d, "no tokens (only punctuation or symbols)") for d in no_tokens],
                columns=report.skipped.columns,
            )
            report.skipped = pd.concat([report.skipped, extra], ignore_index=True)
            report.n_read -= len(no_tokens)
            if report.n_read == 0:
                raise InputError(f"the corpus is empty: no document has a token ({report})")
            corpus = corpus._take(np.flatnonzero(corpus.documents["n_tokens"].to_numpy() > 0))
        corpus.report = report
        if warn and report.n_skipped:
            warnings.warn(str(report), stacklevel=2)
        return corpus

    @classmethod
    def _build(cls, texts: list[str], meta: pd.DataFrame, name: str | None, n_jobs=1) -> "Corpus":
        meta.index.name = "doc_id"
        parts = count_texts(texts, n_jobs=n_jobs, derived=False)
        ids = meta.index.to_numpy(dtype=object)
        paragraphs = pd.DataFrame(
            {
                "doc_id": ids[parts["para_doc"]],
                "para": parts["para"],
                "role": "body",
                "n_tokens": parts["n_tokens"],
            }
        )
        documents = meta.copy()
        documents["n_paragraphs"] = parts["doc_paragraphs"]
        documents["n_tokens"] = parts["doc_tokens"]
        texts_s = pd.Series(texts, index=meta.index, name="text")
        corpus = cls(
            documents, paragraphs, parts["counts"], parts["vocabulary"], ngrams=_FROM_TEXT,
            shingles=_FROM_TEXT, texts=texts_s, name=name,
        )  # fmt: skip
        corpus._n_jobs = n_jobs
        return corpus

    def to_features(self, path) -> Path:
        """Write the corpus in the shareable derived-feature format (no text).

        See :func:`framing.write_features` for the files and thresholds.
        """
        from ._export import write_features

        return write_features(self, path)


def labels_within(corpus: Corpus, sub: Corpus, by, *, column: str, groups, what: str, empty_hint: str) -> pd.Series:
    """Group labels of ``sub``'s documents, the groups resolved on the whole ``corpus``.

    For analyses that score a subset (e.g. the English documents) but take
    their groups from the whole corpus: a requested group unknown to the
    corpus, a requested group with no document in ``sub``, or fewer than two
    groups in ``sub`` is an :class:`~framing.errors.InputError` that starts
    with ``what`` (the caller's name); ``empty_hint`` completes the message
    for empty groups (e.g. ``"English documents; choose other groups"``).
    """
    try:
        labels = corpus.groups(by, column=column, keep=groups).reindex(sub.documents.index)
    except InputError as exc:
        raise InputError(f"{what}: {exc}") from None
    if groups is not None:
        groups = [groups] if isinstance(groups, str) else list(groups)
        empty = [g for g in groups if not (labels == g).any()]
        if empty:
            raise InputError(f"{what}: group(s) {empty} have no {empty_hint}")
    if labels.dropna().nunique() < 2:
        raise InputError(
            f"{what}: need at least two groups with documents, got {sorted(map(str, labels.dropna().unique()))}"
        )
    return labels


def _drop_empty_columns(matrix: sparse.csr_matrix, terms: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Keep the columns (terms) with at least one non-zero count."""
    used = np.diff(matrix.tocsc().indptr) > 0
    if used.all():
        return matrix, terms
    return matrix[:, used].tocsr(), terms[used]


def _check_ngram_range(ngram_range) -> tuple[int, int]:
    try:
        lo, hi = (int(v) for v in ngram_range)
    except (TypeError, ValueError):
        raise InputError(f"ngram_range must be a pair (min_n, max_n), got {ngram_range!r}") from None
    if not 1 <= lo <= hi:
        raise InputError(f"ngram_range must satisfy 1 <= min_n <= max_n, got {ngram_range!r}")
    return lo, hi


def _check_alive(alive: np.ndarray, what: str) -> None:
    if not alive.any():
        raise EmptyVocabularyError(f"no term is left after {what}; relax that filter")


def _df_filter(matrix, terms, min_df, max_df):
    n_rows = matrix.shape[0]

    def bound(v, name):
        if isinstance(v, (bool, np.bool_)):
            raise InputError(f"{name} must be an int or a float, got {v!r}")
        if isinstance(v, (int, np.integer)):
            if v < 0:
                raise InputError(f"{name} must be >= 0, got {v}")
            return int(v)
        if isinstance(v, float) and 0.0 <= v <= 1.0:
            return v * n_rows
        raise InputError(f"{name} must be an int (rows) or a float in [0, 1] (share of rows), got {v!r}")

    lo, hi = bound(min_df, "min_df"), bound(max_df, "max_df")
    if min_df == 1 and max_df == 1.0:
        return matrix, terms
    df = np.diff(matrix.tocsc().indptr)
    keep = (df >= lo) & (df <= hi)
    if not keep.any():
        raise EmptyVocabularyError(
            f"no term is left after min_df={min_df!r} / max_df={max_df!r} (rows: {n_rows}, "
            f"highest document frequency: {int(df.max()) if df.size else 0}); relax them"
        )
    return matrix[:, keep].tocsr(), terms[keep]


def list_corpora() -> list[str]:
    """Names of the bundled corpora.

    Examples
    --------
    >>> "peace-talks-2026" in list_corpora()
    True
    """
    return _paths.bundled_corpora()


def load_corpus(name_or_path="peace-talks-2026") -> Corpus:
    """Load a bundled corpus by name, or a derived-feature corpus folder by path.

    The files' checksums (``SHA256SUMS``) and their consistency (row counts,
    token totals per paragraph and document) are checked; a damaged file
    gives an error that names it.

    Parameters
    ----------
    name_or_path : str or path-like, default='peace-talks-2026'
        A bundled corpus name (see :func:`list_corpora`) or a folder written
        by :meth:`Corpus.to_features`.

    Returns
    -------
    Corpus
        A counts-only corpus.

    Raises
    ------
    InputError
        For an unknown name (the message lists the bundled corpora).
    CorpusFormatError
        For a damaged or inconsistent file.

    Examples
    --------
    >>> corpus = load_corpus("peace-talks-2026")
    >>> len(corpus)
    602
    """
    if isinstance(name_or_path, Path) or (isinstance(name_or_path, str) and ("/" in name_or_path or "\\" in name_or_path)):
        folder = Path(name_or_path)
        if not folder.is_dir():
            raise InputError(f"load_corpus(): no corpus folder at {folder}")
        name = folder.name
    else:
        if not isinstance(name_or_path, str):
            raise InputError(f"load_corpus() takes a corpus name or folder, got {type(name_or_path).__name__}")
        name = name_or_path
        folder = _paths.corpora_dir() / name
        if name not in _paths.bundled_corpora():
            local = Path(name)
            if local.is_dir() and (local / "documents.csv").is_file():
                folder = local
            else:
                raise InputError(
                    f"no bundled corpus named {name!r}; bundled corpora: {', '.join(_paths.bundled_corpora()) or 'none'}. "
                    "To load an exported corpus, pass its folder path"
                )
    parts = read_features(folder)
    return Corpus(
        parts["documents"], parts["paragraphs"], parts["counts"], parts["vocabulary"],
        ngrams=parts["ngrams"], shingles=parts["shingles"], name=name, checksum=parts["checksum"],
    )  # fmt: skip
