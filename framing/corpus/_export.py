"""Write a corpus in the shareable derived-feature format (no running text).

The format is the bundled corpus's (see its ``DATASHEET.md`` and
:mod:`framing.corpus._features`), so :func:`framing.load_corpus` reads the output
back with the same counts.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from .. import _paths
from ..errors import InputError
from ._checksums import write_checksums
from ._schema import SCHEMA_FILE, write_documents
from ._events import write_events

__all__ = ["write_features", "NGRAM_MIN_DOCS", "NGRAM_MIN_SITES", "DOCUMENT_COLUMNS"]

#: An n-gram is written only when it occurs in at least this many documents ...
NGRAM_MIN_DOCS = 3
#: ... from at least this many sites (as in the bundled corpus).
NGRAM_MIN_SITES = 2
#: Metadata columns of the bundled corpus (in its order).
DOCUMENT_COLUMNS = (
    "event", "phase", "date", "language", "site", "site_country", "domain", "source", "source_basis",
    "source_country", "source_kind", "ownership", "title", "url",
)  # fmt: skip
_COUNT_COLUMNS = ("n_paragraphs", "n_tokens")
_FILES = ("documents.csv", "paragraphs.tsv", "counts.tsv", "ngrams.tsv", "shingles.tsv", SCHEMA_FILE)


def _site_codes(documents: pd.DataFrame) -> np.ndarray:
    """One integer per document naming its site: ``site``, else ``source``, else the document."""
    col = "site" if "site" in documents.columns else "source" if "source" in documents.columns else None
    n = len(documents)
    if col is None:
        return np.arange(n)
    values = documents[col].to_numpy(dtype=object)
    # a missing site counts as a site of its own (it cannot vouch for a phrase being shared)
    labels = [f"\x00doc{i}" if (v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "") else str(v) for i, v in enumerate(values)]
    return pd.factorize(np.asarray(labels, dtype=object))[0]


def shared_ngram_mask(matrix, sites: np.ndarray, *, min_docs: int = NGRAM_MIN_DOCS, min_sites: int = NGRAM_MIN_SITES) -> np.ndarray:
    """Which columns of a documents x n-grams matrix occur in >= min_docs documents from >= min_sites sites."""
    m = sparse.csc_matrix(matrix)
    df = np.diff(m.indptr)
    width = int(sites.max()) + 1 if len(sites) else 1
    col = np.repeat(np.arange(m.shape[1], dtype=np.int64), df)
    pairs = np.unique(col * width + sites[m.indices])
    n_sites = np.bincount(pairs // width, minlength=m.shape[1])
    return (df >= min_docs) & (n_sites >= min_sites)


def _check_field(values, what: str) -> None:
    for v in values:
        s = str(v)
        if "\t" in s or "\n" in s or "\r" in s:
            raise InputError(f"write_features(): {what} {s!r} holds a tab or line break; TSV fields cannot")


def _write_tsv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, sep="\t", index=False, quoting=csv.QUOTE_NONE, lineterminator="\n", encoding="utf-8")


def write_features(corpus, path, *, overwrite: bool = False) -> Path:
    """Write a corpus as derived features that can be shared without its text.

    Writes into the folder ``path``:

    ``documents.csv``
        One row per document: ``doc_id``, then the metadata columns in the
        corpus's order, with ``n_paragraphs`` and ``n_tokens`` (added at
        the end when the corpus has none).
    ``schema.json``
        Each metadata column's dtype and where its missing values are (and
        which: ``None``, ``NaN``, ``NaT`` or ``pd.NA``), so that
        :func:`framing.load_corpus` gives back exactly the documents table
        that was written (see :mod:`framing._schema`).
    ``paragraphs.tsv``
        ``doc_id``, ``para``, ``role``, ``n_tokens``.
    ``counts.tsv``
        ``doc_id``, ``para``, ``token``, ``count`` (case as written).
    ``ngrams.tsv``
        ``doc_id``, ``n``, ``ngram``, ``count``: lower-cased 2- and 3-grams,
        kept only when the same n-gram occurs in at least 3 documents from
        at least 2 sites (as in the bundled corpus), so that shared phrases
        are there but no single text can be pieced back together. The site
        of a document is its ``site`` column, else its ``source`` column,
        else the document itself (then an n-gram needs 3 documents); an
        empty site counts as a site of its own.
    ``shingles.tsv``
        ``doc_id``, ``para``, ``blake2b64_5gram_shingles`` (space-separated
        hashes; paragraphs with at least 5 tokens).
    ``SHA256SUMS``
        Checksums of the six data files, checked by :func:`framing.load_corpus`
        (every data file in the folder must be listed).
    ``DATASHEET.md``
        A stub with the composition numbers filled in and the other sections
        (motivation, collection, uses, distribution) to complete.
    ``tokenizer.md``
        The token spec, copied when available.

    Parameters
    ----------
    corpus : Corpus
    path : str or path-like
        The output folder. The files are written to a temporary folder
        beside it, which is then moved into place: a failure part-way
        leaves no folder, or the old one untouched.
    overwrite : bool, default=False
        Replace an existing, non-empty corpus folder (one holding a
        ``documents.csv``) as a whole; any other non-empty folder is never
        replaced.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    InputError
        When the folder exists and is not empty (and ``overwrite`` is
        False, or it is not a corpus folder); a doc_id that holds a tab or
        line break; a metadata column named ``text`` (the format holds no
        running text); a metadata value or dtype the format cannot store
        (names the column and document).

    Examples
    --------
    >>> import tempfile, pathlib, framing
    >>> c = framing.Corpus.from_texts(["Talks in Geneva.\\nNo deal."], pd.DataFrame({"doc_id": ["a"]}))
    >>> out = write_features(c, pathlib.Path(tempfile.mkdtemp()) / "mine")
    >>> framing.load_corpus(out).dtm().matrix.sum()
    np.int64(5)
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"write_features(): {folder} exists and is not a folder")
    replace = folder.is_dir() and any(folder.iterdir())
    if replace and not overwrite:
        raise InputError(f"write_features(): {folder} is not empty; choose a new folder or pass overwrite=True")
    if replace and not (folder / "documents.csv").is_file():
        raise InputError(
            f"write_features(): {folder} is not a corpus folder (no documents.csv); not replacing it. "
            "Choose a new or empty folder"
        )
    if "text" in corpus.documents.columns:
        raise InputError(
            "write_features(): a metadata column is named 'text'; the derived-feature format holds no running "
            "text. Drop the column, or rename it if it is not the articles' text"
        )
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        _write_all(corpus, tmp, folder.name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _move_into_place(tmp, folder)
    return folder


def _move_into_place(tmp: Path, folder: Path) -> None:
    """Replace ``folder`` by ``tmp`` (two renames); on failure restore the old folder."""
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
        old.rmdir()
        os.rename(folder, old)
    try:
        os.rename(tmp, folder)
    except BaseException:
        if old is not None:
            os.rename(old, folder)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_all(corpus, folder: Path, name: str) -> None:
    docs = corpus.documents
    ids = docs.index.to_numpy(dtype=object)
    _check_field(ids, "doc_id")
    out_docs = docs.copy()
    n_paras = corpus.paragraphs.groupby("doc_id", sort=False).size().reindex(docs.index, fill_value=0).to_numpy()
    n_tokens = corpus.paragraphs.groupby("doc_id", sort=False)["n_tokens"].sum().reindex(docs.index, fill_value=0).to_numpy()
    out_docs["n_paragraphs"] = n_paras.astype(np.int64)
    out_docs["n_tokens"] = n_tokens.astype(np.int64)
    out_docs.index = pd.Index(ids, name="doc_id", dtype=docs.index.dtype)
    schema = write_documents(out_docs, folder / "documents.csv")
    (folder / SCHEMA_FILE).write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    paras = corpus.paragraphs[["doc_id", "para", "role", "n_tokens"]]
    _check_field(paras["role"].unique(), "paragraph role")
    _write_tsv(paras, folder / "paragraphs.tsv")

    coo = sparse.csr_matrix(corpus.counts).tocoo()
    order = np.lexsort((coo.col, coo.row))
    r, c, v = coo.row[order], coo.col[order], coo.data[order]
    p_doc = corpus.paragraphs["doc_id"].to_numpy(dtype=object)
    p_num = corpus.paragraphs["para"].to_numpy()
    _write_tsv(
        pd.DataFrame({"doc_id": p_doc[r], "para": p_num[r], "token": corpus.vocabulary[c], "count": v}),
        folder / "counts.tsv",
    )

    sites = _site_codes(docs)
    frames = []
    for n in sorted(corpus.ngrams):
        m, terms = corpus.ngrams[n]
        keep = shared_ngram_mask(m, sites)
        sub = sparse.csr_matrix(m[:, keep]).tocoo()
        o = np.lexsort((sub.col, sub.row))
        frames.append(
            pd.DataFrame({"doc_id": ids[sub.row[o]], "n": n, "ngram": np.asarray(terms, dtype=object)[keep][sub.col[o]], "count": sub.data[o]})
        )
    ngrams = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["doc_id", "n", "ngram", "count"])
    if len(ngrams):
        pos = pd.Series(np.arange(len(ids)), index=ids)
        ngrams = ngrams.assign(_d=ngrams["doc_id"].map(pos).to_numpy()).sort_values(["_d", "n"], kind="mergesort").drop(columns="_d")
    _write_tsv(ngrams, folder / "ngrams.tsv")

    sh = corpus.shingles
    if sh is None:
        sh = pd.DataFrame(columns=["doc_id", "para", "shingles"])
    sh_out = pd.DataFrame(
        {"doc_id": sh["doc_id"].to_numpy(dtype=object), "para": sh["para"].to_numpy(),
         "blake2b64_5gram_shingles": [" ".join(t) for t in sh["shingles"]]}
    )  # fmt: skip
    _write_tsv(sh_out, folder / "shingles.tsv")

    files = list(_FILES)
    if corpus.events is not None:
        write_events(corpus.events, folder / "events.csv")
        files.append("events.csv")
    write_checksums(folder, files)
    spec = _paths.corpora_dir() / "peace-talks-2026" / "tokenizer.md"
    if spec.is_file():
        shutil.copyfile(spec, folder / "tokenizer.md")
    (folder / "DATASHEET.md").write_text(_datasheet(corpus, name, len(ngrams)), encoding="utf-8")


def _datasheet(corpus, name: str, n_ngram_rows: int) -> str:
    s = corpus.summary()
    docs = corpus.documents
    tokens = corpus.paragraphs.groupby("doc_id", sort=False)["n_tokens"].sum().reindex(docs.index, fill_value=0)
    lines = [
        f"# Datasheet: `{name}`",
        "",
        "Derived features of a text corpus (token counts per paragraph, shared n-gram counts,",
        "hashed shingles and metadata), written by `framing.write_features`. No running text",
        "is included.",
        "",
        "## Motivation",
        "TODO: why the corpus was built, by whom, for which research question.",
        "",
        "## Composition",
        f"- {s['documents']} documents"
        + (f" from {s['sites']} sites" if "sites" in s else "")
        + (f", written by {s['sources']} sources" if "sources" in s else "")
        + ".",
    ]
    if "languages" in s:
        langs = ", ".join(f"{k} {v}" for k, v in s["languages"].items())
        lines.append(f"- Languages (`language`): {langs}.")
    if "events" in s:
        lines.append("- Events (`event`): " + ", ".join(f"`{k}` {v}" for k, v in s["events"].items()) + ".")
    if "date_range" in s:
        first, last, undated = s["date_range"]
        lines.append(f"- Dated documents run from {first} to {last}; {undated} have no date.")
    lines += [
        f"- {s['paragraphs']:,} paragraphs and {s['tokens']:,} tokens ({s['types']:,} types); a document has "
        f"{int(tokens.min())} to {int(tokens.max())} tokens (median {float(tokens.median()):g}).",
        f"- {n_ngram_rows:,} (document, n-gram) rows kept in `ngrams.tsv`.",
        "- TODO: how documents were sampled; known gaps and biases.",
        "",
        "## Files",
        "All UTF-8. TSV files have a header row, tab separators and no quoting; `documents.csv` is",
        "RFC 4180 CSV. Columns as in the bundled corpus `peace-talks-2026` (see its datasheet):",
        "`documents.csv` (`doc_id`, metadata: " + ", ".join(f"`{c}`" for c in docs.columns if c not in _COUNT_COLUMNS) +
        ", `n_paragraphs`, `n_tokens`; their types and missing values in `schema.json`), `paragraphs.tsv`,",
        "`counts.tsv`, `ngrams.tsv`, `shingles.tsv`, `SHA256SUMS` (checksums of every data file).",
        "",
        "Tokens, paragraphs and shingles follow the token spec `framing-tokens/1` (`tokenizer.md`).",
        f"n-grams (n = 2, 3, lower-cased) are kept only when the same n-gram occurs in at least {NGRAM_MIN_DOCS}",
        f"documents from at least {NGRAM_MIN_SITES} sites (site: the `site` column, else `source`, else each",
        "document is its own site).",
        "",
        "## Collection and curation",
        "TODO: where the texts come from, how they were selected and cleaned, who labelled the metadata.",
        "",
        "## Uses",
        "TODO: what the corpus is good for and what it is not suitable for.",
        "",
        "## Distribution",
        "TODO: licence of the derived features; where the original texts can be found.",
        "",
    ]
    return "\n".join(lines)
