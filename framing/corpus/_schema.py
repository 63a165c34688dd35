"""The typed documents table of the derived-feature format (``documents.csv`` + ``schema.json``).

``documents.csv`` stays a plain RFC 4180 CSV that opens in a spreadsheet:
``doc_id`` first, then the metadata columns in the corpus's order. Beside it,
``schema.json`` records what a CSV cannot, so that loading gives back exactly
the table that was written:

- each column's pandas dtype (``int64``, ``float64``, ``bool``,
  ``datetime64[us]``, ``datetime64[ns, UTC]``, ``category``, ``Int64``,
  ``string``, ``str``, ``object``, ...);
- where each missing value is and which one it is (``None``, ``NaN``,
  ``NaT`` or ``pd.NA``), so that a missing value and an empty string differ;
- the categories (and their order) of a categorical column.

Cells are written as text: integers in full, floats as their shortest
round-trip repr, datetimes and timedeltas in ISO 8601 with full precision,
booleans as ``True``/``False``. An object column whose values are not all
strings (a mix of numbers, strings and booleans) is written as one JSON
scalar per cell. Fields that hold a comma, a quote or any line break
(including a lone carriage return) are quoted, so control characters round
trip. Values the format cannot hold (lists, dicts, sets, objects) are an
error that names the column and document.

A folder without ``schema.json`` (an older export) is read as before: every
metadata column as text, a missing value as ``''``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusFormatError, InputError

__all__ = ["SCHEMA_FILE", "SCHEMA_FORMAT", "write_documents", "read_documents"]

SCHEMA_FILE = "schema.json"
SCHEMA_FORMAT = "framing-features/2"
_MISSING_KINDS = ("None", "NaN", "NaT", "NA")
_JSON_SCALARS = (str, bool, int, float)


def _missing_kind(v) -> str | None:
    """Which missing value ``v`` is, or None when it is a value."""
    if v is None:
        return "None"
    if v is pd.NA:
        return "NA"
    if v is pd.NaT or (isinstance(v, np.datetime64) and np.isnat(v)) or (isinstance(v, np.timedelta64) and np.isnat(v)):
        return "NaT"
    if isinstance(v, (float, np.floating)) and math.isnan(v):
        return "NaN"
    return None


_MISSING_VALUE = {"None": None, "NaN": float("nan"), "NaT": pd.NaT, "NA": pd.NA}


def _quote(s: str) -> str:
    if any(ch in s for ch in ',"\r\n'):
        return '"' + s.replace('"', '""') + '"'
    return s


def _column_spec(name: str, values: pd.Series, ids) -> tuple[dict, list[str]]:
    """The schema entry of one column and its cells as text."""
    dtype = values.dtype
    spec: dict = {"dtype": str(dtype)}
    cells: list[str] = []
    missing: dict[str, list[int]] = {}
    objs = values.astype(object).tolist() if not isinstance(dtype, pd.CategoricalDtype) else list(values)

    def where(i):
        return f"column {name!r}, document {ids[i]!r}"

    if isinstance(dtype, pd.CategoricalDtype):
        cats = list(dtype.categories)
        if not all(isinstance(c, _JSON_SCALARS) or isinstance(c, np.generic) for c in cats):
            raise InputError(
                f"write_features(): {where(0)}: a categorical column's categories must be strings or numbers, "
                f"got {type(cats[0]).__name__}"
            )
        cats = [c.item() if isinstance(c, np.generic) else c for c in cats]
        text = [str(c) for c in cats]
        if len(set(text)) != len(text):
            raise InputError(f"write_features(): column {name!r}: two categories have the same text; rename them")
        spec.update(kind="category", categories=cats, ordered=bool(dtype.ordered))
    elif dtype.kind in "iu" or isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iu":
        spec["kind"] = "int"
    elif dtype.kind == "f":
        spec["kind"] = "float"
    elif dtype.kind == "b":
        spec["kind"] = "bool"
    elif dtype.kind == "M":
        spec["kind"] = "datetime"
    elif dtype.kind == "m":
        spec["kind"] = "timedelta"
    elif isinstance(dtype, pd.StringDtype) or dtype == object:
        present = [v for v in objs if _missing_kind(v) is None]
        spec["kind"] = "str" if all(isinstance(v, str) for v in present) else "json"
    else:
        raise InputError(
            f"write_features(): column {name!r} has dtype {dtype}, which the feature format cannot store; "
            "convert it to text, numbers, booleans, datetimes or a category"
        )
    kind = spec["kind"]
    for i, v in enumerate(objs):
        miss = _missing_kind(v)
        if miss is not None:
            missing.setdefault(miss, []).append(i)
            cells.append("")
            continue
        if kind in ("str", "category"):
            cells.append(str(v))
        elif kind == "int":
            cells.append(str(int(v)))
        elif kind == "float":
            cells.append(repr(float(v)))
        elif kind == "bool":
            cells.append("True" if bool(v) else "False")
        elif kind in ("datetime", "timedelta"):
            cells.append(v.isoformat())
        else:  # json scalars
            if isinstance(v, np.generic):
                v = v.item()
            if not isinstance(v, _JSON_SCALARS):
                hint = " (a nested value: convert it to text, e.g. with json.dumps)" if isinstance(v, (list, dict, tuple, set)) else ""
                raise InputError(
                    f"write_features(): {where(i)} holds a {type(v).__name__}{hint}; the feature format stores "
                    "text, numbers, booleans, datetimes and categories"
                )
            cells.append(json.dumps(v, ensure_ascii=False))
    if missing:
        spec["missing"] = missing
    return spec, cells


def write_documents(docs: pd.DataFrame, path) -> dict:
    """Write the documents table (indexed by ``doc_id``) as CSV; return its schema.

    Parameters
    ----------
    docs : pandas.DataFrame
        Indexed by ``doc_id`` (strings); columns with string names.
    path : path-like
        The ``documents.csv`` to write.

    Returns
    -------
    dict
        The schema to write to ``schema.json``.

    Raises
    ------
    InputError
        A column name that is not a string, or is ``doc_id``; a value or a
        dtype the format cannot store (the message names column and document).
    """
    ids = docs.index.to_numpy(dtype=object)
    names = list(docs.columns)
    for c in names:
        if not isinstance(c, str):
            raise InputError(f"write_features(): metadata column names must be strings, got {c!r}")
    if "doc_id" in names:
        raise InputError("write_features(): a metadata column is named 'doc_id', the name of the id column; rename it")
    columns, cells = {}, []
    for c in names:
        spec, col_cells = _column_spec(c, docs[c], ids)
        columns[c] = spec
        cells.append(col_cells)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(_quote(h) for h in ["doc_id", *names]) + "\n")
        for i, doc_id in enumerate(ids):
            f.write(",".join([_quote(str(doc_id))] + [_quote(col[i]) for col in cells]) + "\n")
    return {
        "format": SCHEMA_FORMAT,
        "documents": {"n_rows": len(ids), "index_dtype": str(docs.index.dtype), "columns": columns},
    }


def _bad(path: Path, msg: str) -> CorpusFormatError:
    return CorpusFormatError(f"{path}: {msg}")


def read_documents(csv_path, schema_path) -> pd.DataFrame:
    """Read ``documents.csv`` with its ``schema.json``: the table exactly as written.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``doc_id``; each column with its dtype and missing values.

    Raises
    ------
    CorpusFormatError
        An unreadable schema, a header or row count that differs from it, a
        cell that does not parse as its column's type (names file, line and column).
    """
    csv_path, schema_path = Path(csv_path), Path(schema_path)
    try:
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(schema_path, f"not a valid JSON schema ({exc})") from None
    if not isinstance(schema, dict) or schema.get("format") != SCHEMA_FORMAT:
        got = schema.get("format") if isinstance(schema, dict) else type(schema).__name__
        raise _bad(schema_path, f"expected format {SCHEMA_FORMAT!r}, got {got!r}")
    doc = schema.get("documents")
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), dict) or not isinstance(doc.get("n_rows"), int):
        raise _bad(schema_path, "expected a 'documents' entry with 'n_rows' and 'columns'")
    try:
        text = csv_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(csv_path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise _bad(csv_path, f"cannot be parsed as CSV: {exc}") from None
    if not rows:
        raise _bad(csv_path, "empty file (expected a header row)")
    header, body = rows[0], rows[1:]
    names = list(doc["columns"])
    if header != ["doc_id", *names]:
        raise _bad(csv_path, f"the columns {header} differ from those in {schema_path.name} ({['doc_id', *names]})")
    if len(body) != doc["n_rows"]:
        raise _bad(csv_path, f"{len(body)} rows but {schema_path.name} says {doc['n_rows']}")
    for i, row in enumerate(body):
        if len(row) != len(header):
            raise _bad(csv_path, f"line {i + 2}: {len(row)} fields but the header has {len(header)}")
    ids = [row[0] for row in body]
    index_dtype = doc.get("index_dtype", "object")
    try:
        index = pd.Index(ids, name="doc_id", dtype=index_dtype)
    except (TypeError, ValueError):
        raise _bad(schema_path, f"cannot restore the doc_id dtype {index_dtype!r}") from None
    data = {}
    for j, name in enumerate(names, 1):
        spec = doc["columns"][name]
        data[name] = _decode_column(name, spec, [row[j] for row in body], csv_path, schema_path).set_axis(index)
    return pd.DataFrame(data, index=index)


def _decode_column(name: str, spec, cells: list[str], csv_path: Path, schema_path: Path) -> pd.Series:
    if not isinstance(spec, dict) or not isinstance(spec.get("dtype"), str) or not isinstance(spec.get("kind"), str):
        raise _bad(schema_path, f"column {name!r}: expected 'dtype' and 'kind'")
    kind, dtype = spec["kind"], spec["dtype"]
    missing = spec.get("missing", {})
    if not isinstance(missing, dict) or any(k not in _MISSING_KINDS for k in missing):
        raise _bad(schema_path, f"column {name!r}: 'missing' must map {list(_MISSING_KINDS)} to row numbers")
    miss_at: dict[int, str] = {}
    for k, rows in missing.items():
        if not isinstance(rows, list) or not all(isinstance(r, int) and 0 <= r < len(cells) for r in rows):
            raise _bad(schema_path, f"column {name!r}: missing {k} rows must be row numbers below {len(cells)}")
        for r in rows:
            miss_at[r] = k
    values: list = []
    for i, cell in enumerate(cells):
        if i in miss_at:
            if cell != "":
                raise _bad(csv_path, f"line {i + 2}, column {name!r}: {schema_path.name} says the value is missing, got {cell!r}")
            values.append(_MISSING_VALUE[miss_at[i]])
            continue
        try:
            values.append(_parse(kind, cell))
        except (ValueError, TypeError, json.JSONDecodeError):
            raise _bad(csv_path, f"line {i + 2}, column {name!r}: {cell!r} is not a valid {kind} value") from None
    try:
        if kind == "category":
            cats = spec.get("categories")
            if not isinstance(cats, list):
                raise _bad(schema_path, f"column {name!r}: a category column needs its 'categories'")
            by_text = {str(c): c for c in cats}
            unknown = [v for v in values if isinstance(v, str) and v not in by_text]
            if unknown:
                raise _bad(csv_path, f"column {name!r}: {unknown[0]!r} is not one of its categories")
            vals = [by_text[v] if isinstance(v, str) else v for v in values]
            return pd.Series(pd.Categorical(vals, categories=cats, ordered=bool(spec.get("ordered"))), dtype="category")
        if kind == "datetime":
            parsed = [pd.Timestamp(v) if isinstance(v, str) else pd.NaT for v in values]
            return pd.Series(parsed, dtype=object).pipe(_to_datetime, dtype)
        if kind == "timedelta":
            return pd.Series([pd.Timedelta(v) if isinstance(v, str) else pd.NaT for v in values], dtype=object).astype(dtype)
        return pd.Series(values, dtype=object).astype(dtype) if dtype != "object" else pd.Series(values, dtype=object)
    except CorpusFormatError:
        raise
    except (ValueError, TypeError) as exc:
        raise _bad(schema_path, f"column {name!r}: cannot restore dtype {dtype!r} ({exc})") from None


def _to_datetime(s: pd.Series, dtype: str) -> pd.Series:
    target = pd.api.types.pandas_dtype(dtype)
    tz = getattr(target, "tz", None)
    out = pd.to_datetime(s, utc=tz is not None)
    if tz is not None:
        out = out.dt.tz_convert(tz)
    return out.astype(target)


def _parse(kind: str, cell: str):
    if kind in ("str", "category"):
        return cell
    if kind == "int":
        return int(cell)
    if kind == "float":
        return float(cell)
    if kind == "bool":
        if cell not in ("True", "False"):
            raise ValueError(cell)
        return cell == "True"
    if kind in ("datetime", "timedelta"):
        return cell
    if kind == "json":
        v = json.loads(cell)
        if not isinstance(v, _JSON_SCALARS):
            raise ValueError(cell)
        return v
    raise ValueError(f"unknown kind {kind!r}")
