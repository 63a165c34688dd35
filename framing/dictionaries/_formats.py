"""Dictionary file formats: YAML, JSON and LIWC-style ``.dic`` files read into ``{category: [patterns]}``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

__all__ = ["read_yaml", "read_json", "read_dic"]


def read_yaml(path, encoding: str | None = None) -> Mapping:
    """The mapping in a YAML dictionary file."""
    import yaml

    text = _read(path, encoding)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from None
    return _need_mapping(data, path)


def read_json(path, encoding: str | None = None) -> Mapping:
    """The mapping in a JSON dictionary file."""
    try:
        data = json.loads(_read(path, encoding))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    return _need_mapping(data, path)


def read_dic(path, encoding: str | None = None) -> dict[str, list[str]]:
    """From a LIWC-style ``.dic`` file.

    The file opens with a block between two lines holding only ``%``
    that lists the categories as ``id<TAB>name``; every later line is a
    pattern followed by the ids of its categories, separated by tabs
    (or spaces)::

        %
        1	negotiation
        2	conflict
        %
        negotiat*	1
        talks	1
        war	2

    Raises
    ------
    InputError
        For undecodable bytes (names the byte and line), a missing header,
        a category id defined twice or a category name used twice, an
        unknown category id or a line without ids (the message gives the
        file and line number).
    """
    lines = _read(path, encoding).split("\n")
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        raise InputError(f"{path}: a .dic file must start with a '%' line, the category list, and a closing '%' line")
    names: dict[str, str] = {}
    defined: dict[str, int] = {}
    for i in range(marks[0] + 1, marks[1]):
        ln = lines[i].strip()
        if not ln:
            continue
        parts = ln.split(None, 1)
        if len(parts) != 2:
            raise InputError(f"{path}, line {i + 1}: expected 'id<TAB>category', got {lines[i]!r}")
        cid, cname = parts[0], parts[1].strip()
        if cid in names:
            raise InputError(
                f"{path}, line {i + 1}: category id {cid!r} is defined twice (line {defined[cid] + 1}: "
                f"{names[cid]!r}, line {i + 1}: {cname!r}); give each category its own id"
            )
        same = [k for k, v in names.items() if v == cname]
        if same:
            raise InputError(
                f"{path}, line {i + 1}: category name {cname!r} is used by ids {same[0]!r} and {cid!r}; "
                "give each category its own name"
            )
        names[cid] = cname
        defined[cid] = i
    cats: dict[str, list[str]] = {name: [] for name in names.values()}
    for i in range(marks[1] + 1, len(lines)):
        ln = lines[i].strip()
        if not ln:
            continue
        fields = [f for f in re.split(r"\t+", ln) if f.strip()]
        if len(fields) == 1:  # space-separated: the ids are the trailing numbers
            toks = ln.split()
            k = len(toks)
            while k > 1 and toks[k - 1] in names:
                k -= 1
            fields = [" ".join(toks[:k])] + toks[k:]
        word, ids = fields[0].strip(), [f.strip() for f in fields[1:]]
        ids = [x for f in ids for x in f.split()]
        if not ids:
            raise InputError(f"{path}, line {i + 1}: the entry {word!r} has no category id")
        for x in ids:
            if x not in names:
                raise InputError(
                    f"{path}, line {i + 1}: the entry {word!r} names category id {x!r}, which the header "
                    f"does not define (ids: {', '.join(names)})"
                )
            cats[names[x]].append(word)
    cats = {k: v for k, v in cats.items() if v}
    return cats


def _read(path, encoding: str | None = None) -> str:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no dictionary file at {p}")
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig" if encoding is None else encoding)
    except LookupError:
        raise InputError(f"encoding={encoding!r} is not a known text encoding (e.g. 'utf-8', 'latin-1')") from None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        what = "not valid UTF-8" if encoding is None else f"not valid {encoding}"
        raise InputError(
            f"{p}: {what}: undecodable byte {raw[exc.start : exc.start + 1]!r} at byte {exc.start} (line {line}); "
            "pass the file's encoding, e.g. encoding='latin-1' or encoding='cp1252', or re-save it as UTF-8"
        ) from None
    return text.replace("\r\n", "\n")


def _need_mapping(data, path) -> Mapping:
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: expected a mapping of category -> list of patterns, got {type(data).__name__}")
    return data
