"""Build an on-disk corpus from a stream of records, in chunks, with every core.

:func:`build_corpus` reads CSV, JSON Lines, folders of text files or any
iterable of records chunk by chunk, counts each chunk's tokens in a worker
process (token spec ``framing-tokens/1``, the same counting as
:meth:`framing.Corpus.from_texts`), and appends the document-level counts to
the files of format ``framing-store/1`` (see :mod:`framing.corpus._disk`). Memory
is bounded by the chunk size and the vocabulary, not by the corpus.

The store is written into a temporary folder beside ``out`` and moved into
place only when complete, so an interrupted build never leaves a half-written
corpus at ``out``; with ``resume=True`` (the default) the next build of the
same inputs continues from the last chunk written.
"""

from __future__ import annotations

import collections
import hashlib
import json
import numbers
import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from scipy import sparse

from ._count import _count_chunk, _normalize_and_probe, _stream_re, gc_paused, resolve_n_jobs
from ._checksums import write_checksums
from ._records import RecordError, _as_list, check_errors, describe_sources, iter_records
from .._validation import Interval, check_param
from ..errors import InputError
from ._disk import ARRAYS, FORMAT, DiskCorpus
from ..tokenize import SPEC

__all__ = ["build_corpus", "count_documents"]

_HEADER = 128  # bytes reserved for each .npy header (a shape of up to 20 digits fits)


def count_documents(texts: list[str]) -> dict:
    """Document-level token counts of a chunk of texts, with the chunk's own vocabulary.

    Runs in a worker process of :func:`build_corpus`; the chunks' vocabularies
    are merged afterwards. Tokens keep their case here (the dtm options apply
    later); paragraphs are the blank-line separated blocks.

    Parameters
    ----------
    texts : list of str
        The documents' texts (already validated by the caller; an empty
        string is a document with no token).

    Returns
    -------
    dict
        ``vocab`` (terms in order of first appearance), ``indptr`` (int64)
        and ``indices`` (int32, into ``vocab``, sorted within rows) and
        ``data`` (int32) of the CSR document-term counts, ``n_tokens`` and
        ``n_paragraphs`` (int64, one per document).

    Raises
    ------
    AttributeError
        If an element of ``texts`` is not a string (``None`` included): the
        caller checks the records first and reports malformed ones.

    Examples
    --------
    >>> r = count_documents(["Talks in Geneva.\\n\\nTalks resume.", ""])
    >>> r["vocab"], r["indptr"].tolist(), r["data"].tolist()
    (['Talks', 'in', 'Geneva', 'resume'], [0, 4, 4], [2, 1, 1, 1])
    >>> r["n_tokens"].tolist(), r["n_paragraphs"].tolist()
    ([5, 0], [2, 0])
    """
    n = len(texts)
    r = _count_chunk(texts, derived=False)
    if r["empty"]:
        z = np.zeros(n, np.int64)
        return {"vocab": [], "indptr": np.zeros(n + 1, np.int64), "indices": np.empty(0, np.int32),
                "data": np.empty(0, np.int32), "n_tokens": z, "n_paragraphs": z}  # fmt: skip
    cells = r["cells"]
    n_rows = cells.shape[0]
    to_doc = sparse.csr_matrix((np.ones(n_rows, np.int64), (r["row_doc"], np.arange(n_rows))), shape=(n, n_rows))
    docs = (to_doc @ cells).tocsr()
    docs.sort_indices()
    return {
        "vocab": r["vocab"].tolist(),
        "indptr": docs.indptr.astype(np.int64),
        "indices": docs.indices.astype(np.int32),
        "data": docs.data.astype(np.int32),
        "n_tokens": np.bincount(r["row_doc"], weights=r["row_ntok"], minlength=n).astype(np.int64),
        "n_paragraphs": np.bincount(r["row_doc"], minlength=n).astype(np.int64),
    }


class _Appender:
    """A growing one-dimensional ``.npy`` file: a reserved header, then raw values appended."""

    def __init__(self, path: Path, dtype, resume_at: int | None = None):
        self.path, self.dtype = path, np.dtype(dtype)
        if resume_at is None:
            self.fh = open(path, "wb")
            self.fh.write(b"\0" * _HEADER)
            self.n = 0
        else:
            self.fh = open(path, "r+b")
            self.fh.truncate(_HEADER + resume_at * self.dtype.itemsize)
            self.fh.seek(0, os.SEEK_END)
            self.n = resume_at

    def append(self, values: np.ndarray) -> None:
        self.fh.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.n += len(values)

    def close(self) -> None:
        header = {"descr": np.lib.format.dtype_to_descr(self.dtype), "fortran_order": False, "shape": (self.n,)}
        text = repr(header).encode("latin1")
        pad = _HEADER - 10 - len(text) - 1
        self.fh.seek(0)
        self.fh.write(b"\x93NUMPY\x01\x00" + (_HEADER - 10).to_bytes(2, "little") + text + b" " * pad + b"\n")
        self.fh.close()


class _Writer:
    """Writes a store into ``tmp`` chunk by chunk; :meth:`finish` completes it."""

    def __init__(self, tmp: Path, state: dict | None):
        self.tmp = tmp
        (tmp / "parts").mkdir(exist_ok=True)
        resume = state is not None
        self.state = state or {"chunks": 0, "records": 0, "docs": 0, "nnz": 0, "n_terms": 0}
        at = {"indptr": self.state["docs"] + 1, "indices": self.state["nnz"], "data": self.state["nnz"]}
        self.files = {k: _Appender(tmp / f"counts.{k}.npy", dt, at[k] if resume else None) for k, dt in ARRAYS.items()}
        if not resume:
            self.files["indptr"].append(np.zeros(1, np.int64))
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        self.seen: set[str] = set()
        if resume:
            with open(tmp / "terms.txt", encoding="utf-8") as fh:
                self.terms = fh.read().split("\n")[: self.state["n_terms"]]
            self.index = {t: i for i, t in enumerate(self.terms)}
            for i in range(self.state["chunks"]):
                self.seen.update(pq.read_table(tmp / "parts" / f"{i:06d}.parquet", columns=["doc_id"])["doc_id"].to_pylist())
        self.terms_fh = open(tmp / "terms.txt", "r+" if resume else "w", encoding="utf-8")
        if resume:
            self.terms_fh.truncate(len("".join(t + "\n" for t in self.terms).encode("utf-8")))
            self.terms_fh.seek(0, os.SEEK_END)
        self.skipped: list[tuple] = []
        if resume and (tmp / "skipped.json").is_file():
            self.skipped = [tuple(x) for x in json.loads((tmp / "skipped.json").read_text(encoding="utf-8"))]

    def add(self, ids: list[str], meta: list[dict], records: list[tuple], counted: dict, n_records: int) -> None:
        new = [t for t in counted["vocab"] if t not in self.index]
        for t in new:
            self.index[t] = len(self.terms)
            self.terms.append(t)
        if new:
            self.terms_fh.write("".join(t + "\n" for t in new))
        gmap = np.fromiter((self.index[t] for t in counted["vocab"]), np.int64, len(counted["vocab"]))
        m = sparse.csr_matrix(
            (counted["data"], gmap[counted["indices"]].astype(np.int32), counted["indptr"]), shape=(len(ids), max(len(self.terms), 1))
        )
        m.sort_indices()
        n_tok = counted["n_tokens"]
        keep = np.flatnonzero(n_tok > 0)
        for i in np.flatnonzero(n_tok == 0):
            number, where = records[i]
            self.skipped.append((where, number, ids[i], "no tokens (only punctuation or symbols)"))
        if len(keep) < len(ids):
            m = m[keep]
        self.files["indices"].append(m.indices)
        self.files["data"].append(m.data)
        self.files["indptr"].append(m.indptr[1:].astype(np.int64) + self.state["nnz"])
        table = pd.DataFrame([meta[i] for i in keep])
        table.insert(0, "doc_id", [ids[i] for i in keep])
        table["n_tokens"] = n_tok[keep]
        table["n_paragraphs"] = counted["n_paragraphs"][keep]
        pq.write_table(pa.Table.from_pandas(table, preserve_index=False), self.tmp / "parts" / f"{self.state['chunks']:06d}.parquet")
        self.state["chunks"] += 1
        self.state["records"] = n_records
        self.state["docs"] += len(keep)
        self.state["nnz"] += m.nnz
        self.state["n_terms"] = len(self.terms)
        self.checkpoint()

    def checkpoint(self) -> None:
        for f in self.files.values():
            f.fh.flush()
        self.terms_fh.flush()
        done = [s for s in self.skipped if s[1] <= self.state["records"]]  # records read ahead are re-read on resume
        (self.tmp / "skipped.json").write_text(json.dumps(done), encoding="utf-8")
        tmp_state = self.tmp / "state.json.tmp"
        tmp_state.write_text(json.dumps(self.state), encoding="utf-8")
        os.replace(tmp_state, self.tmp / "state.json")

    def finish(self, info: dict) -> None:
        for f in self.files.values():
            f.close()
        self.terms_fh.close()
        if self.state["docs"] == 0:
            raise InputError(f"the corpus is empty: no usable document ({len(self.skipped)} record(s) skipped)")
        # the vocabulary in sorted order (as Corpus.vocabulary): remap the columns block by block
        terms = np.array(self.terms, dtype=object)
        order = np.argsort(terms.astype(str), kind="mergesort")
        rank = np.empty(len(terms), np.int64)
        rank[order] = np.arange(len(terms))
        self._remap(rank.astype(np.int32))
        pq.write_table(pa.table({"term": pa.array(terms[order].tolist(), pa.string())}), self.tmp / "vocabulary.parquet")
        parts = [pq.read_table(self.tmp / "parts" / f"{i:06d}.parquet") for i in range(self.state["chunks"])]
        parts = [p.cast(pa.schema([(f.name, pa.string() if pa.types.is_null(f.type) else f.type) for f in p.schema])) for p in parts]
        docs = pa.concat_tables(parts, promote_options="permissive")
        pq.write_table(docs, self.tmp / "documents.parquet")
        del parts, docs
        skipped = pd.DataFrame(self.skipped, columns=["where", "record", "doc_id", "reason"])
        skipped["doc_id"] = skipped["doc_id"].astype(object)
        pq.write_table(pa.Table.from_pandas(skipped, preserve_index=False), self.tmp / "skipped.parquet")
        shutil.rmtree(self.tmp / "parts")
        for name in ("terms.txt", "state.json", "skipped.json", "build.json"):
            (self.tmp / name).unlink(missing_ok=True)
        info = {**info, "n_docs": self.state["docs"], "n_terms": len(terms), "nnz": self.state["nnz"], "n_records": self.state["records"],
                "n_skipped": len(self.skipped)}  # fmt: skip
        (self.tmp / "corpus.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        write_checksums(self.tmp, sorted(p.name for p in self.tmp.iterdir() if p.is_file()))

    def _remap(self, rank: np.ndarray, block_rows: int = 50_000) -> None:
        if np.array_equal(rank, np.arange(len(rank))):
            return
        src = DiskCorpusArrays(self.tmp)
        out = {k: _Appender(self.tmp / f"counts.{k}.npy.new", ARRAYS[k]) for k in ("indices", "data")}
        indptr = src.indptr
        for s in range(0, len(indptr) - 1, block_rows):
            e = min(len(indptr) - 1, s + block_rows)
            a, b = int(indptr[s]), int(indptr[e])
            ind, dat = src.read("indices", a, b), src.read("data", a, b)
            m = sparse.csr_matrix((dat, rank[ind], indptr[s : e + 1] - a), shape=(e - s, len(rank)))
            m.sort_indices()
            out["indices"].append(m.indices)
            out["data"].append(m.data)
        for k, f in out.items():
            f.close()
            os.replace(f.path, self.tmp / f"counts.{k}.npy")


class DiskCorpusArrays:
    """The count arrays of a store being written (read back for the final remap)."""

    def __init__(self, folder: Path):
        from ._disk import _NpyColumn

        self.cols = {k: _NpyColumn(folder / f"counts.{k}.npy", dt) for k, dt in ARRAYS.items()}
        self.indptr = self.cols["indptr"].read(0, self.cols["indptr"].length)

    def read(self, key, a, b):
        return self.cols[key].read(a, b)


def _chunks(records, chunk_size: int, errors: str, writer_skipped: list, seen: set, skip_first: int):
    """Group records into chunks of usable documents; report or raise on malformed ones."""
    chunk: list = []
    for rec in records:
        if rec.number <= skip_first:
            continue
        if isinstance(rec, RecordError):
            if errors == "raise":
                raise InputError(f"malformed record: {rec}; fix it or pass errors='skip' to skip such records")
            writer_skipped.append((rec.where, rec.number, rec.doc_id, rec.reason))
            continue
        text = rec.text
        doc_id = rec.doc_id if rec.doc_id else f"doc-{rec.number:07d}"
        if text is None or (isinstance(text, float) and np.isnan(text)) or (isinstance(text, str) and not text.strip()):
            writer_skipped.append((rec.where, rec.number, doc_id, "empty text"))
            continue
        if not isinstance(text, str):
            reason = f"the text is a {type(text).__name__}, not a string"
            if errors == "raise":
                raise InputError(f"malformed record: {rec.where} (record {rec.number:,}): {reason}; pass errors='skip' to skip it")
            writer_skipped.append((rec.where, rec.number, doc_id, reason))
            continue
        if doc_id in seen:
            reason = "duplicate document id"
            if errors == "raise":
                raise InputError(f"malformed record: {rec.where} (record {rec.number:,}): {reason} {doc_id!r}; ids must be unique "
                                 "(fix the id column or pass errors='skip')")  # fmt: skip
            writer_skipped.append((rec.where, rec.number, doc_id, reason))
            continue
        seen.add(doc_id)
        meta = {k: (None if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v)))
                for k, v in rec.meta.items()}  # fmt: skip
        chunk.append((doc_id, text, meta, rec.number, rec.where))
        if len(chunk) >= chunk_size:
            yield chunk, rec.number
            chunk = []
    if chunk:
        yield chunk, chunk[-1][3]


def _fingerprint(sources, text_column, id_column, chunk_size, errors) -> str:
    desc = {"sources": describe_sources(sources), "text_column": text_column, "id_column": id_column,
            "chunk_size": chunk_size, "errors": errors, "spec": SPEC, "format": FORMAT}  # fmt: skip
    for s in desc["sources"]:
        p = Path(s)
        if p.is_file():
            st = p.stat()
            desc.setdefault("stat", []).append([s, st.st_size, st.st_mtime_ns])
    return hashlib.sha256(json.dumps(desc, sort_keys=True).encode()).hexdigest()


def build_corpus(
    inputs,
    out,
    *,
    text_column: str = "text",
    id_column: str = "doc_id",
    name: str | None = None,
    chunk_size: int = 2_000,
    n_jobs=-1,
    errors: str = "raise",
    resume: bool = True,
    overwrite: bool = False,
    progress: bool = True,
    scheduler=None,
) -> DiskCorpus:
    """Build an on-disk corpus from files or a stream of records, chunk by chunk.

    Parameters
    ----------
    inputs : path, list of paths, or iterable
        CSV/TSV files (a header row; ``text_column`` holds the text), JSON
        Lines files (one object per line), folders of ``.txt`` files (one
        document per file, id = file name without extension), or one iterable
        of texts or of mappings (``text_column``, optional ``id_column``, any
        metadata). Files are read as UTF-8. A list of strings is a list of
        paths; pass texts as an iterator (``iter(texts)``), a pandas Series or
        mappings.
    out : str or path-like
        The folder to create (format ``framing-store/1``, see :mod:`framing.corpus._disk`).
    text_column, id_column : str
        Field names. Without an id, documents are ``doc-0000001``, ... by
        global record number.
    name : str, optional
        Corpus name (default: the folder name).
    chunk_size : int, default=2000
        Documents per chunk: memory grows with it (roughly 30 KB per
        document of 300 tokens, per worker).
    n_jobs : int, default=-1
        Worker processes that count chunks (-1: all CPUs, 1: in this process).
        The store is byte-identical for every value.
    errors : {'raise', 'skip'}, default='raise'
        What to do with a malformed record (unreadable row, invalid JSON,
        wrong number of fields, a text that is not a string, a duplicate id):
        stop with an error that names its file, line and global record number,
        or skip it and list it in the report. Empty texts are always skipped
        and reported.
    resume : bool, default=True
        Continue an interrupted build of the same inputs and options from
        its last complete chunk (kept in a hidden folder beside ``out``).
    overwrite : bool, default=False
        Replace an existing store at ``out``.
    progress : bool, default=True
        Show a progress bar (tqdm, on stderr).
    scheduler : str or distributed.Client, optional
        Count the chunks on a Dask cluster instead (needs ``framing[dask]``;
        see :mod:`framing.corpus._dask`); the store is identical.

    Returns
    -------
    DiskCorpus
        The store, opened; ``report`` lists skipped records (``where``,
        ``record``, ``doc_id``, ``reason``).

    Raises
    ------
    InputError
        A malformed record with ``errors='raise'``; an unknown format; ``out``
        exists (without ``overwrite=True``); nothing usable in the input.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "talks"
    >>> c = build_corpus([{"doc_id": "a", "text": "Talks in Geneva."}, {"doc_id": "b", "text": "Kyiv's team left."}],
    ...                  out, n_jobs=1, progress=False)
    >>> len(c), list(c.vocabulary)
    (2, ["'s", 'Geneva', 'Kyiv', 'Talks', 'in', 'left', 'team'])
    """
    check_errors(errors)
    check_param("build_corpus()", "chunk_size", chunk_size, [Interval(numbers.Integral, 1, None)])
    out = Path(out)
    if out.exists():
        if not overwrite:
            raise InputError(f"build_corpus(): {out} exists; choose another folder or pass overwrite=True")
    tmp = out.parent / f".{out.name}.partial"
    out.parent.mkdir(parents=True, exist_ok=True)
    fp = _fingerprint(inputs, text_column, id_column, int(chunk_size), errors)
    state = None
    if tmp.is_dir():
        try:
            same = json.loads((tmp / "build.json").read_text(encoding="utf-8")).get("fingerprint") == fp
            saved = json.loads((tmp / "state.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            same, saved = False, None
        if resume and same and saved and all(isinstance(s, (str, Path)) for s in _as_list(inputs)):
            state = saved
        else:
            shutil.rmtree(tmp)
    if state is None:
        tmp.mkdir()
        (tmp / "build.json").write_text(json.dumps({"fingerprint": fp}), encoding="utf-8")
    writer = _Writer(tmp, state)
    info = {"format": FORMAT, "token_spec": SPEC, "name": name or out.name, "inputs": describe_sources(inputs),
            "text_column": text_column, "id_column": id_column}  # fmt: skip
    records = iter_records(inputs, text_column=text_column, id_column=id_column)
    chunks = _chunks(records, int(chunk_size), errors, writer.skipped, writer.seen, writer.state["records"])
    from tqdm.auto import tqdm

    with tqdm(unit=" docs", disable=not progress, file=sys.stderr, initial=writer.state["docs"]) as bar:
        if scheduler is not None:
            from ._dask import count_chunks_on_cluster

            counted = count_chunks_on_cluster(chunks, scheduler)
        else:
            counted = _count_local(chunks, resolve_n_jobs(n_jobs))
        for chunk, last, result in counted:
            writer.add([c[0] for c in chunk], [c[2] for c in chunk], [(c[3], c[4]) for c in chunk], result, last)
            bar.update(len(chunk))
    writer.finish(info)
    if out.exists():
        shutil.rmtree(out)
    os.replace(tmp, out)
    store = DiskCorpus(out, verify=False)
    if len(store.report) and progress is not None:
        reasons = store.report["reason"].value_counts().sort_index()
        warnings.warn(
            f"build_corpus(): read {len(store)} document(s), skipped {len(store.report)} ("
            + "; ".join(f"{n} {r}" for r, n in reasons.items()) + "); see .report",
            stacklevel=2,
        )
    return store


def _count_local(chunks, jobs: int):
    """Yield ``(chunk, last record number, counts)`` in input order, counting in ``jobs`` processes."""
    if jobs <= 1:
        for chunk, last in chunks:
            with gc_paused():
                yield chunk, last, count_documents([c[1] for c in chunk])
        return
    import multiprocessing as mp

    _normalize_and_probe("\u0301")  # build the cached tables once, before the fork
    _stream_re(False), _stream_re(True)
    method = "fork" if sys.platform.startswith("linux") else None
    pending: collections.deque = collections.deque()
    with mp.get_context(method).Pool(jobs) as pool:
        for chunk, last in chunks:
            texts = [c[1] for c in chunk]
            pending.append((chunk, last, pool.apply_async(_count_worker, (texts,))))
            del texts
            for i in range(len(pending[-1][0])):  # the texts go to the worker; keep only metadata here
                c = pending[-1][0][i]
                pending[-1][0][i] = (c[0], None, c[2], c[3], c[4])
            while len(pending) > jobs:  # bounded: at most jobs + 1 chunks in flight
                c, n, res = pending.popleft()
                yield c, n, res.get()
        while pending:
            c, n, res = pending.popleft()
            yield c, n, res.get()


def _count_worker(texts):
    with gc_paused():
        return count_documents(texts)
