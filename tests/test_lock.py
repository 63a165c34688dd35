"""The lock file pins every dependency the main job and the tests install.

``requirements/lock.txt`` is made by ``uv pip compile`` (the command is the
README's and the file's first lines). When a dependency is added to
``pyproject.toml`` (main or the ``test`` extra) without regenerating the lock,
this test names it.
"""

from __future__ import annotations

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
COMMAND = "uv pip compile pyproject.toml --extra test --universal -o requirements/lock.txt"

import tomllib


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def _pinned() -> dict[str, list[Version]]:
    pins: dict[str, list[Version]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if match:
            pins.setdefault(canonicalize_name(match.group(1)), []).append(Version(match.group(2)))
    return pins


def test_lock_says_how_it_was_made():
    head = LOCK.read_text(encoding="utf-8").splitlines()[:3]
    assert any(COMMAND in line for line in head), head
    assert COMMAND in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_declared_dependency_is_pinned_in_the_lock_within_its_range():
    pins = _pinned()
    unpinned = [str(r) for r in _declared() if canonicalize_name(r.name) not in pins]
    assert unpinned == [], f"not in requirements/lock.txt (regenerate it: {COMMAND}): {unpinned}"
    outside = [
        f"{r} (lock: {', '.join(map(str, pins[canonicalize_name(r.name)]))})"
        for r in _declared()
        if not any(v in r.specifier for v in pins[canonicalize_name(r.name)])
    ]
    assert outside == [], f"lock pins outside the declared range (regenerate it: {COMMAND}): {outside}"
