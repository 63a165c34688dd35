"""Counting text into the corpus's arrays, fast and optionally in parallel.

:meth:`framing.Corpus.from_texts` uses :func:`count_texts`. Each chunk of
documents is tokenized by the token spec (:mod:`framing.tokenize`): no token
spans white space, so a white-space separated chunk of letters only is one
token and only the other chunks go through the spec's regular expression
(documents with CJK or combining marks take one pass of it). Tokens are then
counted with NumPy/pandas on
integer codes: paragraph-level token counts, document-level lower-cased
2- and 3-gram counts, and hashed 5-gram shingles per paragraph (only the
distinct n-grams of a chunk are joined into strings and hashed). Chunks can
run in a process pool; they are merged by string, so the result is the same
for any ``n_jobs``.

The results equal the plain definition (``tokenize_paragraphs`` per text,
``shingles`` per paragraph); ``tests/test_corpus.py`` checks that.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import numbers
import os
import re
import sys
import unicodedata

import numpy as np
import pandas as pd
from scipy import sparse

from .._validation import Interval, Options, check_param
from ..tokenize import (
    _APOSTROPHES,
    _CJK,
    _CJK_RE,
    _QUOTES,
    _SHINGLE_N,
    _TRANSLATE,
    _marks_set,
    _ranges,
    _split_cjk,
    _token_re,
)

__all__ = ["count_texts", "CORPUS_DERIVED", "NGRAM_SIZES", "resolve_n_jobs", "gc_paused"]

NGRAM_SIZES = (2, 3)
#: Worker processes: a positive int, -1 (all CPUs) or None (1).
N_JOBS = [Interval(numbers.Integral, 1, None), Options((-1,)), None]
_PARALLEL_MIN_CHARS = 2_000_000  # below this a pool costs more than it saves


@functools.lru_cache(maxsize=2)
def _stream_re(with_marks: bool) -> re.Pattern[str]:
    """The spec's token pattern plus a last alternative that returns each line break.

    Without combining marks, two shortcuts give the same tokens faster:
    a lookahead that skips positions where no alternative can start (every
    alternative starts with a word character, ``'``, a CJK character or a
    line break), and a first alternative for the common case, a word that
    starts with a letter not followed by ``.`` (then neither a dotted acronym
    nor a number can match there, so the spec's word alternative is what
    would match).
    """
    spec = _token_re(with_marks).pattern + "|\n"
    if with_marks:
        return re.compile(spec)
    letter = f"[^\\W\\d_{_CJK}]"
    al = f"[^\\W_{_CJK}]"
    join = "[-\u200c\u200d]"
    word = f"{letter}(?!\\.){al}*(?:{join}{al}+)*(?:'(?!s\\b){al}+(?:{join}{al}+)*)*"
    return re.compile(f"(?=[\\w'\\n{_CJK}])(?:{word}|{spec})")


_MAPPED = frozenset(_APOSTROPHES + _QUOTES)


@functools.lru_cache(maxsize=1)
def _probe_re() -> re.Pattern[str]:
    """Characters that matter before tokenizing: mapped quotes, BMP marks, CJK, any astral character."""
    bmp_marks = sorted(ord(c) for c in _marks_set() if ord(c) < 0x10000)
    return re.compile(f"[{_APOSTROPHES}{_QUOTES}{_ranges(bmp_marks)}{_CJK}\U00010000-\U0010ffff]")


def _normalize_and_probe(text: str) -> tuple[str, bool, bool]:
    """``(normalize(text), has combining marks, has CJK)`` with one scan of the text in the usual case.

    Same result as :func:`framing.tokenize.normalize`, ``_needs_marks`` and
    a CJK search on the normalized text.
    """
    if text.isascii():
        return text, False, False
    probe = _probe_re()
    found = set(probe.findall(text))
    if not _MAPPED.isdisjoint(found):
        text = text.translate(_TRANSLATE)
        found -= _MAPPED
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        found = set(probe.findall(text))
    marks = not _marks_set().isdisjoint(found)
    cjk = any(_CJK_RE.match(c) for c in found)
    return text, marks, cjk


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small objects.

    Counting creates millions of tuples and lists that hold no reference
    cycles; letting the collector scan them again and again costs more than
    the counting itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def resolve_n_jobs(n_jobs) -> int:
    """Number of worker processes for ``n_jobs`` (None -> 1, -1 -> all CPUs).

    Parameters
    ----------
    n_jobs : int or None
        A positive int, -1 (all CPUs) or None (1).

    Returns
    -------
    int

    Raises
    ------
    InputError
        Any other value (the one wording of :mod:`framing._validation`).

    Examples
    --------
    >>> resolve_n_jobs(None), resolve_n_jobs(3)
    (1, 3)
    """
    check_param("n_jobs", "n_jobs", n_jobs, N_JOBS)
    if n_jobs is None:
        return 1
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


def _first_positions(codes: np.ndarray, n_unique: int) -> np.ndarray:
    """Index of the first occurrence of each code 0..n_unique-1.

    pandas.factorize numbers values in order of first appearance, so a
    first occurrence is where a code exceeds every code before it.
    """
    if len(codes) == 0:
        return np.empty(0, dtype=np.int64)
    prev_max = np.maximum.accumulate(np.r_[-1, codes[:-1]])
    first = np.flatnonzero(codes > prev_max)
    assert len(first) == n_unique
    return first


def _chain(prev_ids: np.ndarray, nxt: np.ndarray, width: int) -> np.ndarray:
    """Ids of (prev, next) pairs: extends i-gram ids to (i+1)-gram ids."""
    key = prev_ids[:-1].astype(np.int64) * width + nxt[1:]
    codes, _ = pd.factorize(key)
    return codes.astype(np.int64)


#: What a chunk counts besides tokens: the n-gram sizes, their rows ('document' or
#: 'paragraph') and whether to hash shingles. The corpus's own: 2-/3-grams by document.
CORPUS_DERIVED = (NGRAM_SIZES, "document", True)


def _count_chunk(texts: list[str], derived: bool = True, spec: tuple = CORPUS_DERIVED) -> dict:
    """Tokenize and count one chunk of documents (runs in a worker)."""
    with gc_paused():
        return _count_chunk_inner(texts, derived, spec)


def _token_stream(texts: list[str]) -> tuple[list[str], list[int], list[int]]:
    """The tokens of a chunk with a ``'\\n'`` after each line; each line's document and paragraph (-1: blank).

    Part of the hot loop of corpus building (benchmarks/bench_corpus.py): one
    call per chunk, with the per-line work inlined.
    """
    stream: list[str] = []
    line_doc: list[int] = []
    line_para: list[int] = []
    app, ext = stream.append, stream.extend
    find_fast = _stream_re(False).findall
    for d, text in enumerate(texts):
        k = 0
        lines = text.split("\n")
        line_doc.extend([d] * len(lines))
        norm, marks, cjk = _normalize_and_probe(text)
        norm_lines = lines if norm is text else norm.split("\n")
        if marks or cjk or len(norm_lines) != len(lines):
            for line in lines:
                if line.strip():
                    line_para.append(k)
                    k += 1
                else:
                    line_para.append(-1)
            toks = _stream_re(marks).findall(norm)
            if cjk:
                toks = _split_cjk(toks)
            ext(toks)
            app("\n")
            continue
        # No token spans white space, so each white-space separated chunk can be
        # tokenized alone; a chunk of letters only (no CJK here) is one word token.
        for raw, line in zip(lines, norm_lines):
            if raw.strip():
                line_para.append(k)
                k += 1
            else:
                line_para.append(-1)
            for w in line.split():
                if w.isalpha():
                    app(w)
                else:
                    ext(find_fast(w))
            app("\n")
    return stream, line_doc, line_para


def _count_chunk_inner(texts: list[str], derived: bool = True, spec: tuple = CORPUS_DERIVED) -> dict:
    """Token counts (and n-grams, shingles as ``spec`` says) of a chunk of texts in one pass."""
    stream, line_doc, line_para = _token_stream(texts)
    arr = np.array(stream, dtype=object)
    is_nl = arr == "\n"
    line_of = np.cumsum(is_nl)[~is_nl]
    toks = arr[~is_nl]
    line_doc_a = np.asarray(line_doc, dtype=np.int64)
    line_para_a = np.asarray(line_para, dtype=np.int64)
    n_tok = len(toks)
    if n_tok == 0:
        return {"n_docs": len(texts), "vocab": np.empty(0, object), "empty": True}
    codes, uniq = pd.factorize(toks)
    uniq = np.asarray(uniq, dtype=object)
    # paragraph rows: lines that hold tokens, in order
    starts = np.flatnonzero(np.r_[True, line_of[1:] != line_of[:-1]])
    row_line = line_of[starts]
    tok_row = np.cumsum(np.r_[True, line_of[1:] != line_of[:-1]]) - 1
    n_rows = len(starts)
    row_ntok = np.diff(np.r_[starts, n_tok])
    cells = sparse.csr_matrix(
        (np.ones(n_tok, dtype=np.int64), (tok_row, codes)), shape=(n_rows, len(uniq))
    )  # duplicates are summed
    out = {
        "n_docs": len(texts),
        "empty": False,
        "vocab": uniq,
        "row_doc": line_doc_a[row_line],
        "row_para": line_para_a[row_line],
        "row_ntok": row_ntok,
        "cells": cells,
    }
    if not derived:  # token counts only; n-grams and shingles are made when first asked for
        out["ngrams"], out["shingles"] = {}, None
        return out
    # lower-cased codes for n-grams and shingles
    lower = np.array([u.lower() for u in uniq], dtype=object)
    lmap, luniq = pd.factorize(lower)
    luniq = np.asarray(luniq, dtype=object)
    lc = lmap[codes].astype(np.int64)
    low = luniq[lc].tolist()  # the lower-cased tokens, for joining n-grams
    sizes, level, with_shingles = spec
    rows = (line_doc_a[line_of], len(texts)) if level == "document" else (tok_row, n_rows)
    out["ngrams"], sh_ids = _chunk_ngrams(lc, len(luniq), low, tok_row, rows, sizes, with_shingles)
    out["shingles"] = _chunk_shingles(sh_ids, low, tok_row, line_doc_a[row_line], line_para_a[row_line])
    return out


def _chunk_ngrams(lc, width, low, tok_row, rows, sizes, with_shingles: bool):
    """n-gram counts ``{n: {'terms', 'matrix'}}`` (rows as ``rows`` says) within paragraphs, and the shingle ids."""
    row_of, n_out = rows
    n_tok = len(lc)
    ngrams, sh_ids, ids = {}, None, lc
    for n in range(2, max(max(sizes, default=1), _SHINGLE_N if with_shingles else 1) + 1):
        if n_tok < n:
            break
        ids = _chain(ids, lc[n - 2 :], width)
        valid = np.flatnonzero(tok_row[: n_tok - n + 1] == tok_row[n - 1 :])
        if n in sizes and len(valid):
            vid = ids[valid]
            n_ids = int(ids.max()) + 1
            m = sparse.csr_matrix(
                (np.ones(len(valid), dtype=np.int64), (row_of[valid], vid)), shape=(n_out, n_ids)
            )  # (row, n-gram) counts, duplicates summed
            used = np.flatnonzero(np.bincount(vid, minlength=n_ids))
            rep = np.empty(n_ids, dtype=np.int64)
            rep[vid] = valid  # any occurrence of an n-gram spells it
            strings = np.array([" ".join(low[p : p + n]) for p in rep[used].tolist()], dtype=object)
            ngrams[n] = {"terms": strings, "matrix": m[:, used].tocsr()}
        if with_shingles and n == _SHINGLE_N:
            sh_ids = (ids, valid)
    return ngrams, sh_ids


def _chunk_shingles(sh_ids, low, tok_row, row_doc, row_para):
    """Per paragraph with >= 5 tokens: (doc, para, sorted unique hex digests)."""
    if sh_ids is None or len(sh_ids[1]) == 0:
        return None
    ids, valid = sh_ids
    n = _SHINGLE_N
    codes, uniq_ids = pd.factorize(ids[valid])
    first = valid[_first_positions(codes, len(uniq_ids))]
    blake = hashlib.blake2b
    digests = np.array(
        [
            int.from_bytes(blake(" ".join(low[p : p + n]).encode("utf-8"), digest_size=8).digest(), "big")
            for p in first.tolist()
        ],
        dtype=np.uint64,
    )
    dig = digests[codes]
    rows = tok_row[valid]
    order = np.lexsort((dig, rows))
    dig, rows = dig[order], rows[order]
    keep = np.r_[True, (dig[1:] != dig[:-1]) | (rows[1:] != rows[:-1])]
    dig, rows = dig[keep], rows[keep]
    bounds = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1], True])
    r = rows[bounds[:-1]]
    return {"doc": row_doc[r], "para": row_para[r], "bounds": bounds, "digests": dig}


def _shingle_tuples(parts: list[tuple[dict, int]]) -> list[tuple]:
    """(doc position, para, tuple of 16-digit hex digests) per paragraph with shingles."""
    out = []
    for sh, off in parts:
        if sh is None:
            continue
        codes, uniq = pd.factorize(sh["digests"])
        flat = np.asarray(uniq, dtype=np.uint64).astype(">u8").tobytes().hex()  # 16 hex digits each, big-endian
        hex_uniq = np.array([flat[i : i + 16] for i in range(0, len(flat), 16)], dtype=object)
        hexes = hex_uniq[codes].tolist()
        b = sh["bounds"].tolist()
        docs = (sh["doc"] + off).tolist()
        paras = sh["para"].tolist()
        out.extend((d, p, tuple(hexes[lo:hi])) for d, p, lo, hi in zip(docs, paras, b[:-1], b[1:]))
    return out


def _chunks(texts: list[str], n_chunks: int) -> list[list[str]]:
    """Contiguous chunks of roughly equal total length."""
    if n_chunks <= 1 or len(texts) <= 1:
        return [texts]
    sizes = np.fromiter((len(t) for t in texts), np.int64, len(texts))
    cuts = np.searchsorted(np.cumsum(sizes), np.linspace(0, sizes.sum(), n_chunks + 1)[1:-1], side="right")
    bounds = [0, *sorted(set(int(c) for c in cuts)), len(texts)]
    return [texts[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def _merge_terms(parts: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Global sorted terms and, per part, the map local code -> global column."""
    allterms = np.concatenate(parts) if parts else np.empty(0, object)
    codes, uniq = pd.factorize(allterms)
    uniq = np.asarray(uniq, dtype=object)
    order = np.argsort(uniq.astype(str), kind="mergesort") if len(uniq) else np.empty(0, np.int64)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    maps, start = [], 0
    for p in parts:
        maps.append(rank[codes[start : start + len(p)]])
        start += len(p)
    return maps, uniq[order]


def count_texts(texts: list[str], *, n_jobs=1, derived: bool = True, spec: tuple = CORPUS_DERIVED) -> dict:
    """Tokenize and count documents into the corpus's arrays.

    Parameters
    ----------
    texts : list of str
    n_jobs : int or None, default=1
        Worker processes (-1: all CPUs). The result does not depend on it.
    derived : bool, default=True
        Also count 2-/3-grams and hash shingles; with False, ``ngrams`` and
        ``shingles`` are None.
    spec : (tuple of int, str, bool), default=CORPUS_DERIVED
        With ``derived``: the n-gram sizes, their rows (``'document'``, or
        ``'paragraph'``: the rows of ``counts``) and whether to hash shingles.

    Returns
    -------
    dict
        ``para_doc`` (document position of each paragraph row), ``para``,
        ``n_tokens`` (per paragraph row), ``counts`` (CSR paragraphs x
        vocabulary, int64), ``vocabulary`` (sorted), ``doc_tokens``,
        ``doc_paragraphs``, ``ngrams`` ({n: (CSR docs x n-grams, terms)}) and
        ``shingles`` (list of (doc position, para, tuple of hex digests)).

    Raises
    ------
    InputError
        A bad ``n_jobs``.

    Examples
    --------
    >>> out = count_texts(["Talks in Geneva.\\nTalks again."], derived=False)
    >>> out["vocabulary"].tolist(), out["counts"].toarray().tolist()
    (['Geneva', 'Talks', 'again', 'in'], [[1, 1, 0, 1], [0, 1, 1, 0]])
    """
    jobs = resolve_n_jobs(n_jobs)
    _normalize_and_probe("\u0301")  # build the cached tables once, before any fork
    _stream_re(False), _stream_re(True)
    total = sum(len(t) for t in texts)
    if jobs > 1 and total >= _PARALLEL_MIN_CHARS:
        chunks = _chunks(texts, jobs * 4)
        import multiprocessing as mp

        # fork is cheap (no re-import) and safe on Linux; elsewhere use the platform default
        method = "fork" if sys.platform.startswith("linux") else None
        with mp.get_context(method).Pool(jobs) as pool:
            results = pool.map(functools.partial(_count_chunk, derived=derived, spec=spec), chunks, chunksize=1)
    else:
        chunks = _chunks(texts, max(1, min(len(texts) // 2000, 64)))
        results = [_count_chunk(c, derived, spec) for c in chunks]
    with gc_paused():
        return _merge(results, len(texts), derived, spec)


def _merge(results: list[dict], n_docs: int, derived: bool = True, spec: tuple = CORPUS_DERIVED) -> dict:
    full = [r for r in results if not r["empty"]]
    doc_off = np.cumsum([0] + [r["n_docs"] for r in results])[:-1]
    offs = [o for o, r in zip(doc_off, results) if not r["empty"]]
    maps, vocab = _merge_terms([r["vocab"] for r in full])
    para_doc, para, ntok, blocks = [], [], [], []
    for r, off, m in zip(full, offs, maps):
        para_doc.append(r["row_doc"] + off)
        para.append(r["row_para"])
        ntok.append(r["row_ntok"])
        cells = r["cells"]
        blocks.append(sparse.csr_matrix((cells.data, m[cells.indices], cells.indptr), shape=(cells.shape[0], len(vocab))))

    def cat(xs, dtype=np.int64):
        return np.concatenate(xs).astype(dtype) if xs else np.empty(0, dtype)

    para_doc, para, ntok = cat(para_doc), cat(para), cat(ntok)
    counts = sparse.vstack(blocks, format="csr") if blocks else sparse.csr_matrix((0, len(vocab)), dtype=np.int64)
    counts = counts.astype(np.int64)
    counts.sort_indices()
    doc_tokens = np.bincount(para_doc, weights=ntok, minlength=n_docs).astype(np.int64)
    doc_paras = np.bincount(para_doc, minlength=n_docs).astype(np.int64)
    out = {
        "para_doc": para_doc,
        "para": para,
        "n_tokens": ntok,
        "counts": counts,
        "vocabulary": vocab,
        "doc_tokens": doc_tokens,
        "doc_paragraphs": doc_paras,
        "ngrams": None,
        "shingles": None,
    }
    if not derived:
        return out
    sizes, level, with_shingles = spec
    if level == "document":
        row_offs, n_out = offs, n_docs
    else:  # paragraph rows: each chunk's rows follow the rows of the chunks before it
        row_offs, n_out = np.cumsum([0] + [len(r["row_doc"]) for r in full])[:-1], len(para_doc)
    ngrams = {}
    for n in sizes:
        have = [(r["ngrams"][n], off) for r, off in zip(full, row_offs) if n in r["ngrams"]]
        nmaps, nterms = _merge_terms([g["terms"] for g, _ in have])
        parts = []
        for (g, off), mp in zip(have, nmaps):
            gm = g["matrix"].tocoo()
            parts.append((gm.data, gm.row + off, mp[gm.col]))
        m = sparse.csr_matrix(
            (cat([p[0] for p in parts]), (cat([p[1] for p in parts]), cat([p[2] for p in parts]))),
            shape=(n_out, len(nterms)),
            dtype=np.int64,
        )
        m.sort_indices()
        ngrams[n] = (m, nterms)
    out["ngrams"] = ngrams
    out["shingles"] = _shingle_tuples([(r["shingles"], off) for r, off in zip(full, offs)]) if with_shingles else None
    return out
