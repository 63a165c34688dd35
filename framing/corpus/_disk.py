"""The on-disk corpus: a folder written by :func:`framing.build_corpus`, opened memory-mapped.

Format ``framing-store/1`` (one folder):

``corpus.json``            format name, token spec, shape, inputs and the build report;
``documents.parquet``      one row per document: ``doc_id``, the metadata (as text),
                           ``n_tokens``, ``n_paragraphs``;
``vocabulary.parquet``     ``term``: the tokens as written (case kept), sorted;
``counts.indptr.npy``      CSR row pointers (int64, ``n_docs + 1``);
``counts.indices.npy``     CSR column indices (int32, sorted within each row);
``counts.data.npy``        CSR token counts (int32);
``skipped.parquet``        the records the build skipped: ``where``, ``record``, ``doc_id``, ``reason``;
``SHA256SUMS``             checksums of every file above.

The counts are document-level (a row per document, a column per term), in
NumPy's ``.npy`` format so that they can be memory-mapped
(``numpy.load(..., mmap_mode="r")``). The corpus-layer methods
:meth:`DiskCorpus.group_sums` and :meth:`DiskCorpus.row_blocks` read them in
blocks of rows with plain file reads, so that memory stays bounded by the
block size whatever the corpus size.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from .._docs import fill_doc
from ._checksums import verify_checksums
from ._container import metadata_counts
from ..errors import CorpusFormatError, InputError

__all__ = ["DiskCorpus", "FORMAT", "is_store", "lowercase_map"]

FORMAT = "framing-store/1"
ARRAYS = {"indptr": np.int64, "indices": np.int32, "data": np.int32}
_BLOCK_NNZ = 8_000_000  # non-zero cells per block read (about 64 MB of indices and counts)


def is_store(folder) -> bool:
    """Whether ``folder`` holds an on-disk corpus (``corpus.json`` of format ``framing-store/1``)."""
    return (Path(folder) / "corpus.json").is_file()


def lowercase_map(terms: np.ndarray):
    """Lower-cased terms and the (n_terms, n_lower) 0/1 matrix that merges them (None if nothing merges).

    The same rule as :meth:`framing.Corpus.dtm` with ``lowercase=True`` as
    used by keyness: the merged terms are sorted.
    """
    low = np.array([str(t).lower() for t in terms], dtype=object)
    uniq, inv = np.unique(low.astype(str), return_inverse=True)
    if len(uniq) == len(low):
        return None, low
    m = sparse.csr_matrix((np.ones(len(low)), (np.arange(len(low)), inv)), shape=(len(low), len(uniq)))
    return m, uniq.astype(object)


class _NpyColumn:
    """Reads ranges of a one-dimensional ``.npy`` file with plain file reads (no mapping kept)."""

    def __init__(self, path: Path, dtype):
        self.path = path
        with open(path, "rb") as fh:
            try:
                version = np.lib.format.read_magic(fh)
                reader = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
                shape, fortran, dt = reader(fh)
            except ValueError as exc:
                raise CorpusFormatError(f"{path}: not a NumPy .npy file ({exc})") from None
            self.offset = fh.tell()
        if len(shape) != 1 or dt != np.dtype(dtype):
            raise CorpusFormatError(f"{path}: expected a 1-d {np.dtype(dtype)} array, found shape {shape} of {dt}")
        self.dtype = np.dtype(dtype)
        self.length = shape[0]

    def read(self, start: int, stop: int) -> np.ndarray:
        with open(self.path, "rb") as fh:
            fh.seek(self.offset + start * self.dtype.itemsize)
            out = np.fromfile(fh, dtype=self.dtype, count=stop - start)
        if len(out) != stop - start:
            raise CorpusFormatError(f"{self.path}: shorter than its header says; the file is damaged")
        return out


def _block_ranges(indptr: np.ndarray, rows: np.ndarray, block_nnz: int) -> list[tuple[int, int]]:
    """Split ``rows`` into ranges whose file span holds about ``block_nnz`` cells."""
    if not len(rows):
        return []
    ends = indptr[rows + 1]
    starts = indptr[rows]
    out, start = [], 0
    while start < len(rows):
        stop = int(np.searchsorted(ends, starts[start] + block_nnz, side="right"))
        stop = max(stop, start + 1)
        out.append((start, stop))
        start = stop
    return out


@functools.lru_cache(maxsize=8)
def _columns(path: Path, stamp: tuple) -> tuple:
    """The store's count columns and row pointers, cached per process (``stamp``: the files' mtimes and sizes)."""
    cols = {k: _NpyColumn(path / f"counts.{k}.npy", dt) for k, dt in ARRAYS.items()}
    return cols, cols["indptr"].read(0, cols["indptr"].length)


def read_rows(path: Path, rows: np.ndarray, n_vocab: int, mapping=None) -> sparse.csr_matrix:
    """The counts of document rows ``rows`` (increasing) of a store, read from disk (columns merged by ``mapping``)."""
    path = Path(path)
    stamp = tuple((st.st_mtime_ns, st.st_size) for st in (os.stat(path / f"counts.{k}.npy") for k in ARRAYS))
    cols, indptr = _columns(path, stamp)
    lo, hi = int(rows[0]), int(rows[-1]) + 1
    a, b = int(indptr[lo]), int(indptr[hi])
    block = sparse.csr_matrix(
        (cols["data"].read(a, b), cols["indices"].read(a, b), indptr[lo : hi + 1] - a), shape=(hi - lo, n_vocab)
    )
    if hi - lo != len(rows):
        block = block[rows - lo]
    if mapping is not None:
        block = (block @ mapping).tocsr()
        block.sort_indices()
    return block


class DiskCorpus:
    """A corpus stored on disk by :func:`framing.build_corpus`, opened without reading its counts.

    The documents table and vocabulary are read into memory (a few hundred
    bytes per document); the counts stay on disk. Analyses that accept a
    corpus ask it for group sums and resampled group sums
    (:meth:`group_sums`, :meth:`row_blocks`), computed block by block.

    Parameters
    ----------
    path : str or path-like
        The folder written by :func:`framing.build_corpus`.
    verify : bool, default=True
        Check every file against ``SHA256SUMS`` (reads the files once).

    Attributes
    ----------
    documents : pandas.DataFrame
        Indexed by ``doc_id``: metadata, ``n_tokens``, ``n_paragraphs``.
    vocabulary : numpy.ndarray of str
        The terms (case kept), sorted; the columns of :attr:`counts`.
    report : pandas.DataFrame
        The records the build skipped, with reasons.
    name, checksum, path

    Raises
    ------
    CorpusFormatError
        For a missing, damaged or inconsistent file (named in the message).

    Examples
    --------
    >>> import tempfile, pathlib, framing as fr
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> c = fr.build_corpus(iter(["Talks resumed.", "Talks ended in Geneva."]), out, n_jobs=1, progress=False)
    >>> c
    DiskCorpus('store', 2 documents, 6 tokens, 5 types)
    >>> c.counts.toarray().tolist()
    [[0, 1, 0, 0, 1], [1, 1, 1, 1, 0]]
    """

    def __init__(self, path, *, verify: bool = True):
        folder = Path(path)
        if not is_store(folder):
            raise InputError(f"{folder}: not an on-disk corpus (no corpus.json); build one with framing.build_corpus")
        try:
            self.info = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CorpusFormatError(f"{folder / 'corpus.json'}: damaged ({exc})") from None
        if self.info.get("format") != FORMAT:
            raise CorpusFormatError(f"{folder / 'corpus.json'}: format {self.info.get('format')!r}, expected {FORMAT!r}")
        self.checksum = verify_checksums(folder, required=True) if verify else None
        self.path = folder
        self.name = self.info.get("name") or folder.name
        docs = pd.read_parquet(folder / "documents.parquet")
        self.documents = docs.set_index("doc_id")
        voc = pd.read_parquet(folder / "vocabulary.parquet")["term"]
        self.vocabulary = voc.to_numpy(dtype=object)
        self.report = pd.read_parquet(folder / "skipped.parquet") if (folder / "skipped.parquet").is_file() else None
        self._cols = {k: _NpyColumn(folder / f"counts.{k}.npy", dt) for k, dt in ARRAYS.items()}
        self.indptr = self._cols["indptr"].read(0, self._cols["indptr"].length)
        self.engine = None
        n = len(self.documents)
        nnz = self._cols["indices"].length
        if len(self.indptr) != n + 1 or self.indptr[-1] != nnz or self._cols["data"].length != nnz:
            raise CorpusFormatError(
                f"{folder}: counts do not match documents.parquet ({n} documents, {len(self.indptr) - 1} rows, "
                f"{nnz} indices, {self._cols['data'].length} counts)"
            )

    # ------------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return (
            f"DiskCorpus({self.name!r}, {len(self)} documents, {int(self.documents['n_tokens'].sum())} tokens, "
            f"{len(self.vocabulary)} types)"
        )

    @property
    def doc_ids(self) -> pd.Index:
        """Document ids in corpus order."""
        return self.documents.index

    def summary(self) -> dict:
        """Counts that describe the corpus (the keys of :meth:`framing.Corpus.summary` the store can give).

        Returns
        -------
        dict
            ``name``, ``documents``, ``paragraphs``, ``tokens``, ``types``,
            and where the metadata has them ``sites``, ``sources``,
            ``languages`` and ``events`` (as in :meth:`framing.Corpus.summary`).

        Raises
        ------
        None
            Every store can be summarised.

        Examples
        --------
        >>> import tempfile, pathlib, framing as fr
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s"
        >>> c = fr.build_corpus([{"text": "war war", "side": "a"}, {"text": "peace", "side": "b"}], out,
        ...                     n_jobs=1, progress=False)
        >>> c.summary()["tokens"]
        3
        """
        docs = self.documents
        out = {
            "name": self.name,
            "documents": len(docs),
            "paragraphs": int(docs["n_paragraphs"].sum()),
            "tokens": int(docs["n_tokens"].sum()),
            "types": len(self.vocabulary),
        }
        out.update(metadata_counts(docs))
        return out

    @property
    def has_text(self) -> bool:
        """Always False: the store holds counts, not running text."""
        return False

    @property
    def counts(self) -> sparse.csr_matrix:
        """The (n_docs, n_terms) counts as a CSR matrix over memory-mapped arrays.

        Pages are read as they are touched; for sums over the whole corpus
        prefer :meth:`row_blocks`, which keeps memory bounded.
        """
        arrays = {k: np.load(self.path / f"counts.{k}.npy", mmap_mode="r") for k in ARRAYS}
        indptr = self.indptr.astype(np.int32) if self.indptr[-1] < 2**31 else self.indptr
        return sparse.csr_matrix(
            (arrays["data"], arrays["indices"], indptr), shape=(len(self), len(self.vocabulary)), copy=False
        )

    @fill_doc
    def groups(self, by, *, column: str = "source", groups=None) -> pd.Series:
        """Group label of each document (same rules as :meth:`framing.Corpus.groups`).

        Parameters
        ----------
        {params.by}
        {params.column}
        {params.groups}

        Returns
        -------
        pandas.Series
            Indexed by ``doc_id``, named ``'group'``; NaN for a document
            without a group.

        Raises
        ------
        InputError
            As :meth:`framing.Corpus.groups` (an unknown column or group,
            labels of the wrong length).

        Examples
        --------
        >>> import tempfile, pathlib, framing as fr
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s"
        >>> c = fr.build_corpus([{"text": "war war", "side": "a"}, {"text": "peace", "side": "b"}], out,
        ...                     n_jobs=1, progress=False)
        >>> c.groups("side").tolist()
        ['a', 'b']
        """
        from ._groups import resolve_groups

        return resolve_groups(self.documents, by, column=column, groups=groups)

    # ----------------------------------------------------------------- streams
    def row_blocks(self, rows=None, *, lowercase: bool = False, block_nnz: int = _BLOCK_NNZ):
        """Blocks of document rows as CSR matrices, read from disk one block at a time.

        Parameters
        ----------
        rows : array-like of int, optional
            Sorted document positions to yield (default: all); a block holds
            the rows of one contiguous range of the file.
        lowercase : bool, default=False
            Merge terms that differ only in case (columns as :func:`lowercase_map`).
        block_nnz : int
            About how many non-zero cells a block reads.

        Returns
        -------
        terms : numpy.ndarray
            The column labels of the blocks.
        blocks : callable
            ``blocks()`` returns a fresh iterator of ``(positions, csr)``:
            the positions (into ``rows``) of the block's rows and their counts.

        Raises
        ------
        InputError
            ``rows`` that are not increasing positions of documents.

        Examples
        --------
        >>> import tempfile, pathlib, framing as fr
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s"
        >>> c = fr.build_corpus([{"text": "war war", "side": "a"}, {"text": "peace", "side": "b"}], out,
        ...                     n_jobs=1, progress=False)
        >>> terms, blocks = c.row_blocks()
        >>> [(pos.tolist(), m.toarray().tolist()) for pos, m in blocks()]
        [([0, 1], [[0, 2], [1, 0]])]
        """
        mapping, terms = lowercase_map(self.vocabulary) if lowercase else (None, self.vocabulary)
        rows = np.arange(len(self)) if rows is None else np.asarray(rows, dtype=np.int64)
        if len(rows) and (np.any(np.diff(rows) <= 0) or rows[0] < 0 or rows[-1] >= len(self)):
            raise InputError("row_blocks(): rows must be increasing document positions")
        ranges = _block_ranges(self.indptr, rows, block_nnz)
        if self.engine is not None:
            from ._dask import DaskBlocks

            return terms, DaskBlocks(self.engine, self.path, rows, ranges, len(self.vocabulary), mapping)
        path, n_vocab = self.path, len(self.vocabulary)

        def blocks():
            for start, stop in ranges:
                yield np.arange(start, stop), read_rows(path, rows[start:stop], n_vocab, mapping)

        return terms, blocks

    def on_cluster(self, scheduler) -> "DiskCorpus":
        """The same corpus, with its group sums and resamples computed on a Dask cluster.

        Parameters
        ----------
        scheduler : str or distributed.Client
            A scheduler address (``tcp://host:8786``) or a client. The
            workers must see the store's folder at the same path (a shared
            file system). Needs ``pip install "framing[dask]"``.

        Returns
        -------
        DiskCorpus
            Results are identical to the single-machine ones (sums of
            integer counts do not depend on how the rows are split).

        Raises
        ------
        InputError
            Without ``dask.distributed`` installed, or a ``scheduler`` that is
            neither an address nor a client; a scheduler that cannot be reached.

        Examples
        --------
        >>> import tempfile, pathlib, framing as fr
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s"
        >>> c = fr.build_corpus([{"text": "war war", "side": "a"}, {"text": "peace", "side": "b"}], out,
        ...                     n_jobs=1, progress=False)
        >>> from distributed import Client, LocalCluster  # doctest: +SKIP
        >>> with LocalCluster(n_workers=1) as cluster, Client(cluster) as client:  # doctest: +SKIP
        ...     c.on_cluster(client).group_sums("side").loc["a", "war"]
        2
        """
        from ._dask import get_client

        out = DiskCorpus.__new__(DiskCorpus)
        out.__dict__.update(self.__dict__)
        out.engine = get_client(scheduler)
        return out

    def group_sums(self, by, *, column: str = "source", groups=None, lowercase: bool = False) -> pd.DataFrame:
        """Token counts of each term summed over the documents of each group, block by block.

        Parameters
        ----------
        by, column, groups
            As for :meth:`groups`.
        lowercase : bool, default=False

        Returns
        -------
        pandas.DataFrame
            One row per group (sorted), one column per term; ``n_docs`` is in
            ``attrs['n_docs']``.

        Raises
        ------
        InputError
            As :meth:`groups`.

        Examples
        --------
        >>> import tempfile, pathlib, framing as fr
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "s"
        >>> c = fr.build_corpus([{"text": "war war", "side": "a"}, {"text": "peace", "side": "b"}], out,
        ...                     n_jobs=1, progress=False)
        >>> c.group_sums("side").to_dict("index")
        {'a': {'peace': 0, 'war': 2}, 'b': {'peace': 1, 'war': 0}}
        """
        from ._blocks import group_sums

        labels = self.groups(by, column=column, groups=groups).to_numpy(dtype=object)
        ok = pd.notna(labels)
        names = sorted(set(labels[ok]), key=str)
        code = {g: i for i, g in enumerate(names)}
        codes = np.array([code[v] for v in labels[ok]], dtype=np.int64)
        terms, blocks = self.row_blocks(np.flatnonzero(ok), lowercase=lowercase)
        sums = group_sums(blocks, codes, len(names), len(terms))
        out = pd.DataFrame(sums.astype(np.int64), index=pd.Index(names, name="group"), columns=terms)
        out.attrs["n_docs"] = dict(zip(names, np.bincount(codes, minlength=len(names)).tolist()))
        return out
