"""Blind coding sheets (CSV and printable HTML) and reading the coders' sheets back."""

from __future__ import annotations

import html
import os
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["FRAME_QUESTIONS", "coding_sheet", "read_codes"]

#: One coding question per generic frame, paraphrasing the definitions of
#: Semetko & Valkenburg (2000); a coder answers 1 (yes) or 0 (no).
FRAME_QUESTIONS = {
    "conflict": "Does the text show disagreement between parties, one side reproaching another, "
    "two or more sides of an issue, or winners and losers?",
    "human_interest": "Does the text give the issue a human face: a named or described person or family, "
    "how individuals are affected, or feelings such as grief, fear or sympathy?",
    "economic": "Does the text talk about financial gains or losses, costs, prices or money, or the economic "
    "consequences of acting or not acting?",
    "morality": "Does the text carry a moral message, refer to right and wrong, religion or faith, or "
    "prescribe how people ought to behave?",
    "responsibility": "Does the text say who caused the problem or who (a government, an organisation, a "
    "person) is responsible for solving it, propose a solution, or call for urgent action?",
}

_META = ("title", "source", "date", "url")
_NOT_FOR_CODERS = ("stratum", "n_stratum", "n_drawn", "inclusion_prob", "weight")


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def coding_sheet(sample, path, *, corpus=None, frames=None, questions=None, title: str = "Coding sheet") -> dict:
    """Write a blind coding sheet: a CSV to fill in and a printable HTML page.

    The sheet shows what a coder needs (``doc_id``, title, source, date,
    url and, where the corpus has running text, the text itself) and empty
    ``code_<frame>`` columns, in the sample's order. It never shows an
    automated score, a dictionary flag or the sampling stratum (which may
    be a score bin): coders who see the machine's answer anchor on it.

    Parameters
    ----------
    sample : pandas.DataFrame
        From :func:`framing.coding_sample` (or any table with ``doc_id``).
        Only ``doc_id``, ``title``, ``source``, ``date`` and ``url`` are
        copied; every other column is left out.
    path : path-like
        Where to write; ``<path>.csv`` and ``<path>.html`` are written
        (a ``.csv`` or ``.html`` suffix is replaced).
    corpus : Corpus, optional
        Gives the text of each document (and any metadata the sample
        lacks). A counts-only corpus has no text; the sheet then gives the
        url for coders to read the original.
    frames : list of str, optional
        Default: the five generic frames (:data:`framing.FRAMES`).
    questions : mapping of str to str, optional
        The question coders answer for each frame; default
        :data:`FRAME_QUESTIONS` for the generic frames.
    title : str, default='Coding sheet'

    Returns
    -------
    dict
        ``{'csv': Path, 'html': Path}``.

    Raises
    ------
    InputError
        For a sample without ``doc_id``, documents the corpus does not
        have, or a frame without a question.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> from framing import Corpus
    >>> c = Corpus.from_texts(["Rivals clashed over the budget."], pd.DataFrame({"doc_id": ["a"]}))
    >>> out = coding_sheet(pd.DataFrame({"doc_id": ["a"], "weight": [2.0]}),
    ...                    pathlib.Path(tempfile.mkdtemp()) / "sheet", corpus=c)
    >>> pd.read_csv(out["csv"]).columns.tolist()[:3]
    ['doc_id', 'text', 'code_conflict']
    """
    from ..frames import FRAMES

    if not isinstance(sample, pd.DataFrame) or "doc_id" not in sample.columns:
        raise InputError("coding_sheet(): sample must be a DataFrame with a doc_id column (see coding_sample)")
    frames = list(FRAMES) if frames is None else ([frames] if isinstance(frames, str) else list(frames))
    qs = dict(FRAME_QUESTIONS)
    if questions is not None:
        qs.update(questions)
    missing_q = [f for f in frames if f not in qs]
    if missing_q:
        raise InputError(f"coding_sheet(): no question for frame(s) {missing_q}; pass questions={{frame: question}}")
    ids = sample["doc_id"].astype(str).tolist()
    sheet = pd.DataFrame({"doc_id": ids})
    for c in _META:
        if c in sample.columns:
            sheet[c] = sample[c].to_numpy(dtype=object)
    if corpus is not None:
        docs = corpus.documents
        unknown = [d for d in ids if d not in docs.index]
        if unknown:
            raise InputError(f"coding_sheet(): {len(unknown)} sampled doc_id(s) are not in the corpus, e.g. {unknown[0]!r}")
        for c in _META:
            if c in docs.columns and c not in sheet.columns:
                sheet[c] = docs[c].reindex(ids).to_numpy(dtype=object)
        if corpus.has_text:
            sheet["text"] = corpus.texts.reindex(ids).fillna("").to_numpy(dtype=object)
    for f in frames:
        sheet[f"code_{f}"] = ""
    sheet["note"] = ""
    base = Path(path)
    if base.suffix.lower() in (".csv", ".html"):
        base = base.with_suffix("")
    csv_path, html_path = base.with_suffix(".csv"), base.with_suffix(".html")
    _atomic_write(csv_path, sheet.to_csv(index=False, lineterminator="\n"))
    _atomic_write(html_path, _html(sheet, frames, qs, title))
    return {"csv": csv_path, "html": html_path}


def _html(sheet: pd.DataFrame, frames, qs, title: str) -> str:
    esc = html.escape
    css = (
        "body{font-family:Georgia,serif;max-width:46em;margin:2em auto;color:#111}"
        "h1{font-size:1.4em}.doc{border-top:1px solid #999;padding:.6em 0;page-break-inside:avoid}"
        ".meta{font-family:sans-serif;font-size:.85em;color:#444}.text p{margin:.4em 0}"
        "table.codes{font-family:sans-serif;font-size:.85em;border-collapse:collapse;margin-top:.4em}"
        "table.codes td{border:1px solid #bbb;padding:.15em .5em}dl{font-size:.9em}dt{font-weight:bold}"
        "@media print{a{color:#111}}"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{css}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        "<p>For each document, answer each question with 1 (yes) or 0 (no) in the CSV sheet "
        "(or tick on paper). Judge the text only; do not look the story up elsewhere.</p><dl>",
    ]
    for f in frames:
        parts.append(f"<dt>{esc(f)}</dt><dd>{esc(qs[f])}</dd>")
    parts.append("</dl>")
    for i, row in enumerate(sheet.itertuples(index=False), start=1):
        r = row._asdict()
        parts.append('<div class="doc">')
        head = esc(str(r.get("title") or r["doc_id"]))
        parts.append(f"<h2>{i}. {head}</h2>")
        meta = [f"doc_id: {esc(r['doc_id'])}"]
        for c in ("source", "date"):
            if c in r and isinstance(r[c], str) and r[c]:
                meta.append(f"{c}: {esc(r[c])}")
        if "url" in r and isinstance(r["url"], str) and r["url"]:
            meta.append(f'<a href="{esc(r["url"], quote=True)}">{esc(r["url"])}</a>')
        parts.append(f'<div class="meta">{" &middot; ".join(meta)}</div>')
        if "text" in r and isinstance(r["text"], str) and r["text"]:
            paras = "".join(f"<p>{esc(p)}</p>" for p in r["text"].split("\n") if p.strip())
            parts.append(f'<div class="text">{paras}</div>')
        cells = "".join(f"<td>{esc(f)}: &#9744; yes &#9744; no</td>" for f in frames)
        parts.append(f'<table class="codes"><tr>{cells}</tr></table></div>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _one_sheet(table: pd.DataFrame, coder: str, where: str, frames) -> pd.DataFrame:
    if "doc_id" not in table.columns:
        raise InputError(f"{where}: no doc_id column; a coding sheet has doc_id and code_<frame> columns")
    cols = [c for c in table.columns if str(c).startswith("code_")]
    if frames is not None:
        want = [f"code_{f}" for f in frames]
        missing = [c for c in want if c not in cols]
        if missing:
            raise InputError(f"{where}: missing column(s) {missing}; the sheet has {cols}")
        cols = want
    if not cols:
        raise InputError(f"{where}: no code_<frame> columns; was this sheet written by coding_sheet()?")
    dup = table["doc_id"].astype(str).duplicated()
    if dup.any():
        raise InputError(f"{where}: doc_id {table['doc_id'][dup].iloc[0]!r} appears twice (row {int(np.flatnonzero(dup)[0]) + 2})")
    records = []
    blanks = 0
    for c in cols:
        raw = table[c]
        text = raw.astype(str).str.strip()
        empty = raw.isna() | text.eq("") | text.str.lower().isin(["nan", "na"])
        val = pd.to_numeric(text.where(~empty), errors="coerce")
        bad = ~empty & val.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{where}, row {i + 2} (doc_id {table['doc_id'].iloc[i]!r}), column {c!r}: {raw.iloc[i]!r} is not a "
                "number; write 1 (yes) or 0 (no), or leave the cell empty if the document could not be coded"
            )
        blanks += int(empty.sum())
        records.append(pd.DataFrame({"doc_id": table["doc_id"].astype(str).to_numpy(), "coder": coder,
                                     "frame": c[len("code_"):], "code": val.to_numpy(dtype=float)}))  # fmt: skip
    if blanks:
        warnings.warn(f"{where}: {blanks} empty code cell(s) kept as missing (NaN)", stacklevel=3)
    return pd.concat(records, ignore_index=True)


def read_codes(sheets, *, coders=None, frames=None) -> pd.DataFrame:
    """Read one or more coders' filled-in sheets into one long table.

    Parameters
    ----------
    sheets : path-like, DataFrame, or a list of them
        Sheets written by :func:`coding_sheet` and filled in (``doc_id``
        and ``code_<frame>`` columns; other columns are ignored).
    coders : list of str, optional
        A name per sheet. Default: a sheet's ``coder`` column if it has
        one, else the file's stem (``coder_a.csv`` -> ``coder_a``), else
        ``coder_1``, ``coder_2``, ...
    frames : list of str, optional
        The frames to read (each sheet must have them); default all
        ``code_`` columns.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``coder``, ``frame``, ``code`` (float; NaN for an empty
        cell), one row per coded cell.

    Raises
    ------
    InputError
        For a missing file or column, a repeated doc_id, or a cell that is
        not a number (the message gives the file, row, doc_id and column).

    Warns
    -----
    UserWarning
        With the number of empty cells (kept as NaN, never dropped).

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"doc_id": ["d1", "d2"], "code_conflict": [1, 0]})
    >>> read_codes([a, a], coders=["ann", "ben"])["coder"].tolist()
    ['ann', 'ann', 'ben', 'ben']
    """
    items = list(sheets) if isinstance(sheets, (list, tuple)) else [sheets]
    if not items:
        raise InputError("read_codes(): no sheets given")
    if coders is not None:
        coders = [coders] if isinstance(coders, str) else list(coders)
        if len(coders) != len(items):
            raise InputError(f"read_codes(): {len(items)} sheet(s) but {len(coders)} coder name(s)")
    out = []
    for i, item in enumerate(items):
        if isinstance(item, pd.DataFrame):
            table, where, stem = item, f"sheet {i + 1}", None
        else:
            p = Path(item)
            if not p.is_file():
                raise InputError(f"read_codes(): no file {p}")
            table = pd.read_csv(p, dtype={"doc_id": str}, keep_default_na=False, encoding="utf-8-sig")
            where, stem = str(p), p.stem
        if coders is not None:
            name = coders[i]
        elif "coder" in table.columns and table["coder"].astype(str).nunique() == 1:
            name = str(table["coder"].iloc[0])
        else:
            name = stem or f"coder_{i + 1}"
        out.append(_one_sheet(table, name, where, frames))
    codes = pd.concat(out, ignore_index=True)
    if codes.duplicated(["doc_id", "coder", "frame"]).any():
        raise InputError("read_codes(): two sheets have the same coder name; pass coders=[...] with distinct names")
    return codes
