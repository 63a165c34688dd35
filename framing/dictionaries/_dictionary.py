"""Dictionaries: categories of word patterns, counted per document or paragraph.

A :class:`Dictionary` maps category names to patterns. A pattern is a word
with optional glob wildcards (``*`` any run of characters within one token,
``?`` exactly one character), or several such words separated by spaces (a
multi-word entry, matched against n-grams). Matching ignores case unless
asked otherwise, and every count can be audited with
:meth:`Dictionary.matches`: which pattern matched which vocabulary term, how
often, in how many documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import sparse

from .._docs import fill_doc
from .._validation import Options, check_param
from ..errors import InputError
from ._counting import count_blocks
from ._formats import LoadersMixin
from ._patterns import compile_pattern as _compile
from ._patterns import match_terms

__all__ = ["Dictionary"]


class Dictionary(LoadersMixin):
    """Categories of word patterns (globs and multi-word entries).

    Parameters
    ----------
    categories : mapping of str to iterable of str
        Category name -> patterns. ``negotiat*`` matches every token that
        starts with "negotiat"; ``*украин*`` every token containing
        "украин"; ``?`` stands for one character; ``peace deal`` (words
        separated by spaces) is a multi-word entry. A wildcard never crosses
        a word boundary.
    case_sensitive : bool, default=False
        Whether ``Kiev`` and ``kiev`` differ (single-word patterns). n-grams
        are stored lower-cased, so multi-word entries always ignore case.
    name : str, optional
        A label for the dictionary (shown in its repr).

    Attributes
    ----------
    categories : dict of str to tuple of str
        The patterns of each category, as given.

    Raises
    ------
    InputError
        For an empty dictionary or category, or an invalid pattern (the
        message names the pattern and its category).

    Notes
    -----
    **Multi-word entries.** On a corpus with running text, n-word entries
    are matched against the n-grams of the tokenized text (any n, document
    or paragraph level). On a counts-only corpus (such as the bundled one)
    they can only be matched against the stored n-grams: lengths 2 and 3,
    document level, and only n-grams found in at least 3 documents from 2
    sites. A phrase used by one or two documents is therefore invisible
    there, and its count is a lower bound. On a
    :class:`~framing.DocumentTermMatrix`, multi-word entries match the
    matrix's n-gram columns (build it with ``ngram_range``).

    **Exclusions and exact case.** ``invest* -investig* -investor*``
    matches what ``invest*`` matches except the terms that ``investig*`` or
    ``investor*`` match (an over-matching glob narrowed without listing
    every wanted form). A leading ``=`` makes one entry case-sensitive:
    ``=justice`` matches *justice* but not the title *Justice*. Both apply
    to single-word entries.

    **Counting.** A category's count in a row is the sum of the counts of
    the distinct terms any of its patterns matched: a term matched by two
    patterns of one category counts once. A multi-word entry does not
    double-count its words: when a category lists ``crimes against
    humanity`` and ``humanity``, the phrase counts once, the *humanity*
    inside it is not counted again (on a counts-only corpus this holds for
    the stored n-grams).

    Examples
    --------
    >>> d = Dictionary({"talks": ["negotiat*", "talks"], "deal": ["peace deal"]})
    >>> d
    Dictionary(2 categories, 3 patterns)
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Negotiators met. The talks went on.", "A peace deal?"])
    >>> d.count(c)[["doc_id", "category", "count"]].to_dict("records")[:2]
    [{'doc_id': 'doc-0001', 'category': 'talks', 'count': 2}, {'doc_id': 'doc-0001', 'category': 'deal', 'count': 0}]
    """

    def __init__(self, categories: Mapping[str, Iterable[str]], *, case_sensitive: bool = False, name: str | None = None):
        if not isinstance(categories, Mapping):
            raise InputError(
                f"categories must be a mapping of category name -> list of patterns, got {type(categories).__name__}"
            )
        if not categories:
            raise InputError("the dictionary has no categories; give at least one category with patterns")
        self.case_sensitive = bool(case_sensitive)
        self.name = name
        cats: dict[str, tuple[str, ...]] = {}
        compiled: dict[str, list[tuple[str, re.Pattern, int]]] = {}
        for cat, patterns in categories.items():
            where = f"Dictionary category {cat!r}"
            if isinstance(patterns, str):
                patterns = [patterns]
            if not isinstance(patterns, Iterable):
                raise InputError(f"{where}: patterns must be a list of str, got {type(patterns).__name__}")
            patterns = tuple(patterns)
            if not patterns:
                raise InputError(f"{where} has no patterns")
            cats[str(cat)] = patterns
            compiled[str(cat)] = [(p, *_compile(p, where, self.case_sensitive)) for p in patterns]
        self.categories = cats
        self._compiled = compiled

    # ---------------------------------------------------------------- basics
    def __repr__(self) -> str:
        n = sum(len(p) for p in self.categories.values())
        name = f"{self.name!r}, " if self.name else ""
        return f"Dictionary({name}{len(self.categories)} categories, {n} patterns)"

    def __len__(self) -> int:
        return len(self.categories)

    def __iter__(self):
        return iter(self.categories)

    def to_dict(self) -> dict[str, list[str]]:
        """The categories as ``{category: [patterns]}``.

        Returns
        -------
        dict of str to list of str

        Raises
        ------
        None
            Every dictionary has categories.

        Examples
        --------
        >>> Dictionary({"war": "war*"}).to_dict()
        {'war': ['war*']}
        """
        return {k: list(v) for k, v in self.categories.items()}

    def ngram_lengths(self) -> set[int]:
        """The word counts of the multi-word entries (empty if there are none).

        Returns
        -------
        set of int

        Raises
        ------
        None
            Every dictionary has entries.

        Examples
        --------
        >>> sorted(Dictionary({"deal": ["peace deal", "deal", "crimes against humanity"]}).ngram_lengths())
        [2, 3]
        """
        return {n for pats in self._compiled.values() for _, _, n in pats if n > 1}

    # ------------------------------------------------------------- matching
    def _match(self, terms: np.ndarray, n: int) -> dict[tuple[str, str], np.ndarray]:
        """Column indices of ``terms`` matched by each (category, pattern) of length n."""
        return match_terms(self._compiled, terms, n)

    def _blocks(self, data, level: str):
        """The count matrices to match against: ``[(n, matrix, terms)]``, plus rows and n_tokens."""
        return count_blocks(self, data, level)

    def _category_columns(self, blocks):
        """For each category and block: the distinct matched columns."""
        per_cat = {cat: [] for cat in self.categories}
        audit = []
        for n, X, terms in blocks:
            for (cat, pat), cols in self._match(terms, n).items():
                per_cat[cat].append((n, cols))
                audit.append((cat, pat, n, cols))
        return per_cat, audit

    def _phrase_overlap(self, cat: str, by_n: dict, blocks) -> np.ndarray:
        """Per row: unigram matches of ``cat`` that lie inside a matched multi-word entry of ``cat``.

        Subtracted from the category's count, so that *crimes against
        humanity* counts once for a category that also lists *humanity*.
        """
        unis = [rx for _, rx, k in self._compiled[cat] if k == 1]
        n_rows = blocks[0][1].shape[0]
        out = np.zeros(n_rows, dtype=np.int64)
        if not unis:
            return out
        terms_by_n = {n: t for n, _, t in blocks}
        mats = {n: X for n, X, _ in blocks}
        for n, cols in by_n.items():
            if n == 1 or not cols:
                continue
            cols = sorted(cols)
            inside = np.array(
                [sum(any(rx.fullmatch(w) for rx in unis) for w in str(terms_by_n[n][c]).split()) for c in cols],
                dtype=np.int64,
            )
            if inside.any():
                out += np.asarray(mats[n][:, cols] @ inside).ravel().astype(np.int64)
        return out

    def _counts(self, data, level: str):
        """Rows, their label columns, counts and rates (matches per 1,000 tokens) per category."""
        blocks, rows, n_tokens = self._blocks(data, level)
        per_cat, _ = self._category_columns(blocks)
        mats = {n: X for n, X, _ in blocks}
        counts = np.zeros((len(rows), len(self.categories)), dtype=np.int64)
        for j, cat in enumerate(self.categories):
            by_n: dict[int, set] = {}
            for n, cols in per_cat[cat]:
                by_n.setdefault(n, set()).update(cols.tolist())
            for n, cols in by_n.items():
                if cols:
                    counts[:, j] += np.asarray(mats[n][:, sorted(cols)].sum(axis=1)).ravel().astype(np.int64)
            counts[:, j] -= self._phrase_overlap(cat, by_n, blocks)
        np.maximum(counts, 0, out=counts)
        labels = [c for c in ("doc_id", "para") if c in rows.columns]
        with np.errstate(divide="ignore", invalid="ignore"):
            rates = np.where(n_tokens[:, None] > 0, 1000.0 * counts / n_tokens[:, None], np.nan)
        return rows, labels, n_tokens, counts, rates

    @fill_doc
    def count(self, data, level: str = "document") -> pd.DataFrame:
        """Count each category in each document (or paragraph): a tidy table.

        Parameters
        ----------
        {params.dictionary_data}
        {params.dictionary_level}

        Returns
        -------
        pandas.DataFrame
            ``doc_id`` (and ``para`` at paragraph level), ``category``,
            ``count`` (tokens matched), ``n_tokens`` (tokens in the row) and
            ``rate`` (``1000 * count / n_tokens``, matches per 1,000 tokens;
            NaN for a row without tokens), one row per document x category
            in corpus and dictionary order. For a DocumentTermMatrix
            ``n_tokens`` is the row total of its single-word columns, i.e.
            after whatever filters built it. :meth:`count_wide` gives one
            column per category.

        Raises
        ------
        InputError
            ``data`` that is not a Corpus or DocumentTermMatrix; an unknown
            ``level``; multi-word entries that cannot be counted (a
            counts-only corpus at paragraph level or without n-grams of that
            length, a matrix without n-gram columns).

        Examples
        --------
        >>> c = Corpus.from_texts(["War and war.", "Peace talks"])
        >>> Dictionary({"war": ["war*"]}).count(c)["count"].tolist()
        [2, 0]
        """
        rows, labels, n_tokens, counts, rates = self._counts(data, level)
        n_rows, cats = len(rows), list(self.categories)
        out = rows.loc[np.repeat(np.arange(n_rows), len(cats)), labels].reset_index(drop=True)
        out["category"] = np.tile(np.asarray(cats, dtype=object), n_rows)
        out["count"] = counts.ravel()
        out["n_tokens"] = np.repeat(n_tokens.astype(np.int64), len(cats))
        out["rate"] = rates.ravel()
        return out

    @fill_doc
    def count_wide(self, data, level: str = "document", *, values: str = "rate") -> pd.DataFrame:
        """Count each category in each document (or paragraph): one row per document, one column per category.

        Parameters
        ----------
        {params.dictionary_data}
        {params.dictionary_level}
        values : {'rate', 'count'}, default='rate'
            Matches per 1,000 tokens, or matched tokens (as in :meth:`count`).

        Returns
        -------
        pandas.DataFrame
            Indexed by ``doc_id`` (and ``para``), one column per category.

        Raises
        ------
        InputError
            ``data`` that is not a Corpus or DocumentTermMatrix; an unknown
            ``level``; multi-word entries that cannot be counted (a
            counts-only corpus at paragraph level or without n-grams of that
            length, a matrix without n-gram columns).

        Examples
        --------
        >>> c = Corpus.from_texts(["War and war.", "Peace talks"])
        >>> Dictionary({"war": ["war*"]}).count_wide(c, values="count")["war"].tolist()
        [2, 0]
        """
        check_param("Dictionary.count_wide()", "values", values, [Options(("rate", "count"))])
        rows, labels, _, counts, rates = self._counts(data, level)
        idx = pd.MultiIndex.from_frame(rows[labels]) if len(labels) > 1 else pd.Index(rows[labels[0]], name=labels[0])
        return pd.DataFrame(rates if values == "rate" else counts, index=idx, columns=list(self.categories))

    @fill_doc
    def term_counts(self, data, category: str, level: str = "document"):
        """Per-row counts of each distinct term a category matched (for auditing terms).

        Parameters
        ----------
        {params.dictionary_data}
        category : str
        {params.dictionary_level}

        Returns
        -------
        counts : scipy.sparse.csr_matrix of shape (n_rows, n_terms)
        terms : numpy.ndarray of str
            The matched terms (multi-word ones included), in column order.
        rows : pandas.DataFrame
            ``doc_id`` (and ``para``) of each row.

        Raises
        ------
        InputError
            For a category the dictionary does not have.

        Examples
        --------
        >>> from framing import Corpus
        >>> X, terms, rows = Dictionary({"e": ["cost*"]}).term_counts(Corpus.from_texts(["Costs and cost."]), "e")
        >>> sorted(terms.tolist()), X.toarray().tolist()
        (['Costs', 'cost'], [[1, 1]])
        """
        if category not in self.categories:
            raise InputError(f"no category {category!r}; the dictionary has {list(self.categories)}")
        blocks, rows, _ = self._blocks(data, level)
        per_cat, _ = self._category_columns(blocks)
        mats = {n: X for n, X, _ in blocks}
        terms_by_n = {n: t for n, _, t in blocks}
        by_n: dict[int, set] = {}
        for n, cols in per_cat[category]:
            by_n.setdefault(n, set()).update(cols.tolist())
        parts, names = [], []
        for n in sorted(by_n):
            cols = sorted(by_n[n])
            if cols:
                parts.append(sparse.csr_matrix(mats[n][:, cols]))
                names.extend(str(t) for t in terms_by_n[n][cols])
        labels = rows[[c for c in ("doc_id", "para") if c in rows.columns]].reset_index(drop=True)
        if not parts:
            return sparse.csr_matrix((len(rows), 0), dtype=np.int64), np.array([], dtype=object), labels
        return sparse.hstack(parts, format="csr"), np.array(names, dtype=object), labels

    @fill_doc
    def matches(self, data, level: str = "document") -> pd.DataFrame:
        """Audit table: which pattern matched which vocabulary term, how often.

        Parameters
        ----------
        {params.dictionary_data}
        {params.dictionary_level}

        Returns
        -------
        pandas.DataFrame
            ``category``, ``pattern``, ``term`` (as in the vocabulary; NaN
            when the pattern matched no term that occurs in the data),
            ``count`` (occurrences in the
            data) and ``n_docs`` (documents using the term), one row per
            (category, pattern, term), in dictionary order and by
            descending count within a pattern. Patterns that matched nothing
            are listed with count 0, so that a dictionary can be audited.

        Raises
        ------
        InputError
            ``data`` that is not a Corpus or DocumentTermMatrix; an unknown
            ``level``; multi-word entries that cannot be counted (a
            counts-only corpus at paragraph level or without n-grams of that
            length, a matrix without n-gram columns).

        Examples
        --------
        >>> from framing import Corpus
        >>> c = Corpus.from_texts(["Negotiators negotiate.", "Talks"])
        >>> Dictionary({"talks": ["negotiat*", "deal"]}).matches(c)[["pattern", "term", "count"]].values.tolist()
        [['negotiat*', 'Negotiators', 1], ['negotiat*', 'negotiate', 1], ['deal', nan, 0]]
        """
        blocks, rows, _ = self._blocks(data, level)
        _, audit = self._category_columns(blocks)
        mats = {n: X for n, X, _ in blocks}
        terms_by_n = {n: t for n, _, t in blocks}
        doc_ids = rows["doc_id"].to_numpy(dtype=object) if "doc_id" in rows.columns else np.arange(len(rows))
        _, doc_codes = np.unique(doc_ids.astype(str), return_inverse=True)
        n_docs_total = int(doc_codes.max()) + 1 if len(doc_codes) else 0
        to_doc = sparse.csr_matrix(
            (np.ones(len(doc_codes)), (doc_codes, np.arange(len(doc_codes)))), shape=(n_docs_total, len(doc_codes))
        )
        order_key = {(c, p): i for i, (c, ps) in enumerate(self._compiled.items()) for p in [q for q, _, _ in ps]}
        records = []
        for cat, pat, n, cols in sorted(audit, key=lambda a: order_key[(a[0], a[1])]):
            if cols.size == 0:
                records.append((cat, pat, None, 0, 0))
                continue
            sub = mats[n][:, cols]
            cnt = np.asarray(sub.sum(axis=0)).ravel()
            used = cnt > 0  # a vocabulary term may not occur in these rows (e.g. after subset())
            if not used.any():
                records.append((cat, pat, None, 0, 0))
                continue
            sub, cnt, cols = sub[:, used], cnt[used], cols[used]
            ndoc = np.asarray(((to_doc @ sub) > 0).sum(axis=0)).ravel()
            terms = terms_by_n[n][cols]
            order = np.lexsort((terms.astype(str), -cnt))
            for i in order:
                records.append((cat, pat, terms[i], int(cnt[i]), int(ndoc[i])))
        out = pd.DataFrame(records, columns=["category", "pattern", "term", "count", "n_docs"])
        out["term"] = out["term"].astype(object)
        return out

