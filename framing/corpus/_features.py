"""The derived-feature format of a shareable corpus: read and check it.

A corpus folder holds (see the bundled corpus's ``DATASHEET.md``):

``documents.csv``  one row per document (RFC 4180 CSV), ``doc_id`` first;
``paragraphs.tsv`` ``doc_id, para, role, n_tokens``;
``counts.tsv``     ``doc_id, para, token, count``;
``ngrams.tsv``     ``doc_id, n, ngram, count`` (optional);
``shingles.tsv``   ``doc_id, para, blake2b64_5gram_shingles`` (optional);
``events.csv``     ``event, label, first_day, last_day, ...`` (optional; see
                   :mod:`framing.corpus._events`);
``schema.json``    the dtypes and missing values of ``documents.csv`` (see
                   :mod:`framing._schema`; without it every metadata column is text);
``SHA256SUMS``     checksums of every data file (see :mod:`framing._checksums`):
                   required for a bundled corpus, a warning when a user's folder has none.

TSV files have a header, tab separators and no quoting.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from ..errors import CorpusFormatError
from ._checksums import sha256_file, verify_checksums
from ._schema import SCHEMA_FILE, read_documents
from ._events import read_events

__all__ = ["FEATURE_FILES", "read_features", "verify_checksums", "sha256_file"]

FEATURE_FILES = {
    "documents.csv": ["doc_id"],
    "paragraphs.tsv": ["doc_id", "para", "role", "n_tokens"],
    "counts.tsv": ["doc_id", "para", "token", "count"],
    "ngrams.tsv": ["doc_id", "n", "ngram", "count"],
    "shingles.tsv": ["doc_id", "para", "blake2b64_5gram_shingles"],
}
REQUIRED = ("documents.csv", "paragraphs.tsv", "counts.tsv")


def _read_table(path: Path, columns: list[str], dtypes: dict) -> pd.DataFrame:
    if dtypes and path.suffix != ".csv":
        # fast path: the C parser reads the integer columns directly; any problem
        # (a bad value, a missing column) falls through to the checked path below
        try:
            df = pd.read_csv(
                path, sep="\t", quoting=csv.QUOTE_NONE, keep_default_na=False, encoding="utf-8",
                dtype=defaultdict(lambda: str, {c: np.int64 for c in dtypes}),
            )  # fmt: skip
        except (ValueError, TypeError, OverflowError):
            df = None
        if (
            df is not None
            and all(c in df.columns for c in columns)
            and all(df[c].dtype == np.int64 and not (df[c].to_numpy() < 0).any() for c in dtypes if c in df.columns)
        ):
            return df
    try:
        if path.suffix == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        else:
            df = pd.read_csv(
                path, sep="\t", quoting=csv.QUOTE_NONE, keep_default_na=False, dtype=str, encoding="utf-8"
            )
    except UnicodeDecodeError as exc:
        raise CorpusFormatError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CorpusFormatError(f"{path}: cannot be parsed as a table: {exc}") from None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CorpusFormatError(f"{path}: missing column(s) {missing}; found {list(df.columns)}")
    for col, kind in dtypes.items():
        if col not in df.columns:
            continue
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise CorpusFormatError(
                f"{path}, line {row + 2}: column {col!r} must be a non-negative integer, got {df[col].iloc[row]!r}"
            )
        df[col] = values.astype(kind)
    return df


def read_features(folder: Path, *, bundled: bool = False) -> dict:
    """Read a derived-feature corpus folder into arrays (no Corpus object).

    Parameters
    ----------
    folder : pathlib.Path
        The corpus folder.
    bundled : bool, default=False
        A corpus shipped with the package: its ``SHA256SUMS`` is required
        (a user's folder without one only gives a warning).

    Returns
    -------
    dict
        ``documents`` (DataFrame indexed by ``doc_id``), ``paragraphs``
        (DataFrame), ``counts`` (CSR, paragraphs x vocabulary),
        ``vocabulary`` (ndarray), ``ngrams`` (dict n -> (CSR documents x
        n-grams, ndarray)), ``shingles`` (DataFrame or None), ``events``
        (DataFrame or None) and ``checksum`` (digest of SHA256SUMS or None).

    Raises
    ------
    CorpusFormatError
        When a file is missing, damaged or inconsistent with the others;
        the message names the file.

    Examples
    --------
    >>> from framing._paths import corpora_dir
    >>> arrays = read_features(corpora_dir() / "peace-talks-2026", bundled=True)
    >>> len(arrays["documents"]), sorted(arrays["ngrams"])
    (602, [2, 3])
    """
    folder = Path(folder)
    for name in REQUIRED:
        if not (folder / name).is_file():
            raise CorpusFormatError(f"{folder / name}: required corpus file is missing (a corpus folder needs {list(REQUIRED)})")
    checksum = verify_checksums(folder, required=bundled)
    docs = _documents(folder)
    doc_pos = pd.Series(np.arange(len(docs)), index=docs.index)
    paras = _paragraphs(folder, doc_pos)
    counts, vocab = _counts(folder, doc_pos, paras)
    _check_document_tokens(folder, docs, paras)
    events = read_events(folder / "events.csv", docs) if (folder / "events.csv").is_file() else None
    return {
        "documents": docs,
        "paragraphs": paras,
        "counts": counts,
        "vocabulary": np.asarray(vocab, dtype=object),
        "ngrams": _ngrams(folder, doc_pos),
        "shingles": _shingles(folder, doc_pos),
        "events": events,
        "checksum": checksum,
    }


def _documents(folder: Path) -> pd.DataFrame:
    """``documents.csv`` indexed by ``doc_id``, typed by ``schema.json`` when there is one."""
    if (folder / SCHEMA_FILE).is_file():
        docs = read_documents(folder / "documents.csv", folder / SCHEMA_FILE)
        dup = docs.index.duplicated()
        if dup.any():
            raise CorpusFormatError(f"{folder / 'documents.csv'}: duplicate doc_id {docs.index[dup][0]!r}")
        return docs
    # an older export: every metadata column is text, a missing value is ''
    docs = _read_table(folder / "documents.csv", FEATURE_FILES["documents.csv"], {})
    for col in ("n_paragraphs", "n_tokens"):
        if col in docs.columns:
            values = pd.to_numeric(docs[col], errors="coerce")
            if values.isna().any():
                row = int(np.flatnonzero(values.isna().to_numpy())[0])
                raise CorpusFormatError(
                    f"{folder / 'documents.csv'}, line {row + 2}: column {col!r} must be an integer, "
                    f"got {docs[col].iloc[row]!r}"
                )
            docs[col] = values.astype(np.int64)
    dup = docs["doc_id"].duplicated()
    if dup.any():
        raise CorpusFormatError(f"{folder / 'documents.csv'}: duplicate doc_id {docs['doc_id'][dup].iloc[0]!r}")
    return docs.set_index("doc_id")


def _paragraphs(folder: Path, doc_pos: pd.Series) -> pd.DataFrame:
    """``paragraphs.tsv`` in document order."""
    paras = _read_table(folder / "paragraphs.tsv", FEATURE_FILES["paragraphs.tsv"], {"para": np.int64, "n_tokens": np.int64})
    _check_ids(paras, doc_pos, folder / "paragraphs.tsv")
    paras["_doc"] = paras["doc_id"].map(doc_pos)
    paras = paras.sort_values(["_doc", "para"], kind="mergesort").drop(columns="_doc").reset_index(drop=True)
    if paras.duplicated(["doc_id", "para"]).any():
        raise CorpusFormatError(f"{folder / 'paragraphs.tsv'}: a (doc_id, para) pair occurs twice")
    return paras


def _counts(folder: Path, doc_pos: pd.Series, paras: pd.DataFrame):
    """``counts.tsv`` as a CSR matrix (paragraphs x sorted vocabulary), checked against ``paragraphs.tsv``."""
    para_pos = pd.Series(np.arange(len(paras)), index=pd.MultiIndex.from_frame(paras[["doc_id", "para"]]))
    counts_df = _read_table(folder / "counts.tsv", FEATURE_FILES["counts.tsv"], {"para": np.int64, "count": np.int64})
    _check_ids(counts_df, doc_pos, folder / "counts.tsv")
    rows = para_pos.reindex(pd.MultiIndex.from_frame(counts_df[["doc_id", "para"]])).to_numpy()
    if np.isnan(rows.astype(float)).any():
        i = int(np.flatnonzero(np.isnan(rows.astype(float)))[0])
        raise CorpusFormatError(
            f"{folder / 'counts.tsv'}, line {i + 2}: paragraph ({counts_df['doc_id'].iloc[i]}, "
            f"{counts_df['para'].iloc[i]}) is not in paragraphs.tsv"
        )
    codes, vocab = pd.factorize(counts_df["token"], sort=True)
    counts = sparse.csr_matrix(
        (counts_df["count"].to_numpy(np.int64), (rows.astype(np.int64), codes)), shape=(len(paras), len(vocab))
    )
    counts.sum_duplicates()
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    bad = np.flatnonzero(row_sums != paras["n_tokens"].to_numpy())
    if bad.size:
        i = int(bad[0])
        raise CorpusFormatError(
            f"{folder / 'counts.tsv'}: paragraph ({paras['doc_id'].iloc[i]}, {paras['para'].iloc[i]}) has "
            f"{row_sums[i]} tokens counted but paragraphs.tsv says {paras['n_tokens'].iloc[i]}"
        )
    return counts, vocab


def _check_document_tokens(folder: Path, docs: pd.DataFrame, paras: pd.DataFrame) -> None:
    """A document's ``n_tokens`` (when given) equals the sum over its paragraphs."""
    if "n_tokens" not in docs.columns:
        return
    per_doc = paras.groupby("doc_id", sort=False)["n_tokens"].sum().reindex(docs.index, fill_value=0)
    bad = per_doc.to_numpy() != docs["n_tokens"].to_numpy()
    if bad.any():
        d = docs.index[np.flatnonzero(bad)[0]]
        raise CorpusFormatError(
            f"{folder / 'documents.csv'}: document {d!r} says n_tokens={docs.loc[d, 'n_tokens']} "
            f"but its paragraphs hold {per_doc[d]}"
        )


def _ngrams(folder: Path, doc_pos: pd.Series) -> dict:
    """``ngrams.tsv`` (optional) as ``{n: (CSR documents x n-grams, terms)}``."""
    ngrams = {}
    if not (folder / "ngrams.tsv").is_file():
        return ngrams
    ng = _read_table(folder / "ngrams.tsv", FEATURE_FILES["ngrams.tsv"], {"n": np.int64, "count": np.int64})
    _check_ids(ng, doc_pos, folder / "ngrams.tsv")
    for n, part in ng.groupby("n", sort=True):
        codes, terms = pd.factorize(part["ngram"], sort=True)
        m = sparse.csr_matrix(
            (part["count"].to_numpy(np.int64), (part["doc_id"].map(doc_pos).to_numpy(), codes)),
            shape=(len(doc_pos), len(terms)),
        )
        m.sum_duplicates()
        ngrams[int(n)] = (m, np.asarray(terms, dtype=object))
    return ngrams


def _shingles(folder: Path, doc_pos: pd.Series) -> pd.DataFrame | None:
    """``shingles.tsv`` (optional): ``doc_id``, ``para``, ``shingles`` (tuple of hex digests)."""
    if not (folder / "shingles.tsv").is_file():
        return None
    sh = _read_table(folder / "shingles.tsv", FEATURE_FILES["shingles.tsv"], {"para": np.int64})
    _check_ids(sh, doc_pos, folder / "shingles.tsv")
    sh["shingles"] = pd.Series([tuple(s.split()) for s in sh.pop("blake2b64_5gram_shingles")], index=sh.index, dtype=object)
    return sh.astype({"doc_id": str})  # also when the file has no rows


def _check_ids(df: pd.DataFrame, doc_pos: pd.Series, path: Path) -> None:
    unknown = ~df["doc_id"].isin(doc_pos.index)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise CorpusFormatError(
            f"{path}, line {i + 2}: doc_id {df['doc_id'].iloc[i]!r} is not in documents.csv"
        )
