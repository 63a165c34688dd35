"""Dictionary file formats: YAML, JSON and LIWC-style ``.dic`` files read into ``{category: [patterns]}``, and the Dictionary constructors that read them (LoadersMixin)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .._docs import fill_doc
from ..errors import InputError

if TYPE_CHECKING:
    from ._dictionary import Dictionary

__all__ = ["LoadersMixin", "read_yaml", "read_json", "read_dic"]


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


class LoadersMixin:
    """The constructors of a :class:`~framing.Dictionary` from a mapping or a file (YAML, JSON, LIWC ``.dic``)."""

    @classmethod
    @fill_doc
    def from_dict(cls, data: Mapping, *, case_sensitive: bool = False, name: str | None = None) -> "Dictionary":
        """From ``{category: [patterns]}`` or ``{'categories': {...}, 'name': ...}``.

        Parameters
        ----------
        data : mapping
            Category name -> patterns, or a mapping with a ``categories`` key
            (and optionally ``name``).
        {params.dictionary_case_sensitive}
        name : str, optional
            A label for the dictionary (default: ``data['name']`` if given).

        Returns
        -------
        Dictionary

        Raises
        ------
        InputError
            As :class:`Dictionary` (no categories, an empty category, an
            invalid pattern).

        Examples
        --------
        >>> Dictionary.from_dict({"name": "war", "categories": {"war": ["war*"]}})
        Dictionary('war', 1 categories, 1 patterns)
        """
        if isinstance(data, Mapping) and isinstance(data.get("categories"), Mapping):
            name = data.get("name") if name is None else name
            data = data["categories"]
        return cls(data, case_sensitive=case_sensitive, name=name)

    @classmethod
    @fill_doc
    def from_yaml(cls, path, *, encoding: str | None = None, case_sensitive: bool = False, name: str | None = None) -> "Dictionary":
        """From a YAML file holding ``{category: [patterns]}`` (or a ``categories:`` key).

        Parameters
        ----------
        {params.dictionary_file}

        Raises
        ------
        InputError
            A missing or unreadable file, YAML that does not parse (names the
            line), or what :class:`Dictionary` refuses.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "war.yaml"
        >>> _ = f.write_text("war: [war*, invasion]\\n", encoding="utf-8")
        >>> Dictionary.from_yaml(f).to_dict()
        {'war': ['war*', 'invasion']}
        """
        return cls.from_dict(read_yaml(path, encoding), case_sensitive=case_sensitive, name=_name_of(path, name))

    @classmethod
    @fill_doc
    def from_json(cls, path, *, encoding: str | None = None, case_sensitive: bool = False, name: str | None = None) -> "Dictionary":
        """From a JSON file holding ``{category: [patterns]}`` (or a ``categories`` key).

        Parameters
        ----------
        {params.dictionary_file}

        Raises
        ------
        InputError
            A missing or unreadable file, JSON that does not parse (names the
            line), or what :class:`Dictionary` refuses.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "war.json"
        >>> _ = f.write_text('{"war": ["war*"]}', encoding="utf-8")
        >>> Dictionary.from_json(f)
        Dictionary('war', 1 categories, 1 patterns)
        """
        return cls.from_dict(read_json(path, encoding), case_sensitive=case_sensitive, name=_name_of(path, name))

    @classmethod
    @fill_doc
    def from_dic(cls, path, *, encoding: str | None = None, case_sensitive: bool = False, name: str | None = None) -> "Dictionary":
        """From a LIWC-style ``.dic`` file (see :func:`framing.dictionaries._formats.read_dic` for the format).

        Parameters
        ----------
        {params.dictionary_file}

        Raises
        ------
        InputError
            For undecodable bytes (names the byte and line and suggests
            ``encoding=``), a missing header, a category id defined twice or
            a category name used twice, an unknown category id or a line
            without ids (the message gives the file and line number).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "war.dic"
        >>> _ = f.write_text("%\\n1\\twar\\n%\\nwar*\\t1\\ninvasion\\t1\\n", encoding="utf-8")
        >>> Dictionary.from_dic(f).to_dict()
        {'war': ['war*', 'invasion']}
        """
        return cls(read_dic(path, encoding), case_sensitive=case_sensitive, name=_name_of(path, name))

    @classmethod
    @fill_doc
    def load(cls, path, *, encoding: str | None = None, case_sensitive: bool = False, name: str | None = None) -> "Dictionary":
        """From a ``.yaml``/``.yml``, ``.json`` or ``.dic`` file, chosen by its extension.

        Parameters
        ----------
        {params.dictionary_file}

        Raises
        ------
        InputError
            An unknown extension, or what the reader of that format refuses.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "war.json"
        >>> _ = f.write_text('{"war": ["war*"]}', encoding="utf-8")
        >>> Dictionary.load(f)
        Dictionary('war', 1 categories, 1 patterns)
        """
        readers = {".yaml": cls.from_yaml, ".yml": cls.from_yaml, ".json": cls.from_json, ".dic": cls.from_dic}
        suffix = Path(path).suffix.lower()
        if suffix not in readers:
            raise InputError(f"Dictionary.load(): unknown file type {suffix!r} of {path}; use .yaml, .yml, .json or .dic")
        return readers[suffix](path, encoding=encoding, case_sensitive=case_sensitive, name=name)


def _name_of(path, name):
    """The dictionary's name: as given, else the file name without extension."""
    return Path(path).stem if name is None else name
