"""Dictionary file formats: YAML, JSON and LIWC-style ``.dic`` files read into ``{category: [patterns]}``."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

from ..errors import InputError

__all__ = ["read_yaml", "read_json", "read_dic"]


def read_yaml(path) -> Mapping:
    """The mapping in a YAML dictionary file."""
    import yaml

    text = _read(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: not valid YAML: {exc}") from None
    return _need_mapping(data, path)


def read_json(path) -> Mapping:
    """The mapping in a JSON dictionary file."""
    try:
        data = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from None
    return _need_mapping(data, path)


def read_dic(path) -> dict[str, list[str]]:
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
        For a missing header, an unknown category id or a line without
        ids (the message gives the file and line number).
    """
    lines = _read(path).splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        raise InputError(f"{path}: a .dic file must start with a '%' line, the category list, and a closing '%' line")
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        ln = lines[i].strip()
        if not ln:
            continue
        parts = ln.split(None, 1)
        if len(parts) != 2:
            raise InputError(f"{path}, line {i + 1}: expected 'id<TAB>category', got {lines[i]!r}")
        names[parts[0]] = parts[1].strip()
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


def _read(path) -> str:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no dictionary file at {p}")
    return p.read_text(encoding="utf-8-sig")


def _need_mapping(data, path) -> Mapping:
    if not isinstance(data, Mapping):
        raise InputError(f"{path}: expected a mapping of category -> list of patterns, got {type(data).__name__}")
    return data
