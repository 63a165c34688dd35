"""The figures folder of ``framing reproduce``: its manifest, which figures changed, and the all-or-nothing swap.

See :mod:`framing.reproduce` for the safety rules these functions keep
(nothing changes before every notebook ran; unchanged figures keep their
files; the swap holds SIGINT/SIGTERM and puts every file back on an error;
manifest names go through :func:`framing._paths.check_figure_name`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ._compare import compare_file
from ._paths import check_figure_name
from .errors import InputError

#: File name of the manifest inside the figures folder.
MANIFEST = "MANIFEST.csv"
#: Columns of the manifest.
MANIFEST_COLUMNS = ["figure", "notebook", "corpus_checksum", "framing_version"]
#: Extensions that :func:`framing.style.save_figure` writes.
FIGURE_EXTENSIONS = ("pdf", "svg", "png", "csv")

__all__ = [
    "MANIFEST", "MANIFEST_COLUMNS", "FIGURE_EXTENSIONS", "figures_folder", "read_manifest", "manifest_text",
    "files_of", "figure_unchanged", "swap",
]  # fmt: skip


def figures_folder(figures_dir: str | os.PathLike, *, create: bool) -> Path:
    """The figures folder, checked before any notebook runs (a file, a read-only folder: one clear error)."""
    out = Path(figures_dir)
    if out.exists() and not out.is_dir():
        raise InputError(
            f"figures: {str(out)!r} is a file, not a folder; pass the folder of the figures "
            "(it is created if missing)"
        )
    if not create:
        return out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"figures: cannot create the folder {str(out)!r} ({exc.strerror or exc})") from None
    mode = out.stat().st_mode
    if not os.access(out, os.W_OK) or not mode & stat.S_IWUSR:
        raise InputError(
            f"figures: the folder {str(out)!r} is read-only; make it writable (chmod u+w) or pass another --figures"
        )
    return out.resolve()


def read_manifest(folder: Path) -> pd.DataFrame:
    """The manifest of a figures folder (empty when there is none), every figure name checked.

    Raises InputError naming the file (and line) for a manifest that is not a
    table with the expected columns, or a name that is not a figure name
    (a path, ``..``, an absolute path).
    """
    path = folder / MANIFEST
    if not path.is_file():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    fix = f"restore it (git checkout -- {path}) or delete it to rebuild it"
    try:
        manifest = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV table ({str(exc).strip()}); {fix}") from None
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {missing} (expected {MANIFEST_COLUMNS}); {fix}")
    for line, name in enumerate(manifest["figure"], start=2):
        check_figure_name(name, where=f"{path} line {line}: figure")
    return manifest[MANIFEST_COLUMNS]


def manifest_text(manifest: pd.DataFrame) -> str:
    manifest = manifest[MANIFEST_COLUMNS].sort_values(["notebook", "figure"]).reset_index(drop=True)
    return manifest.to_csv(index=False, lineterminator="\n")


def files_of(folder: Path, name: str) -> dict[str, Path]:
    """The files ``<name>.<ext>`` of one figure in a folder, by extension."""
    return {ext: folder / f"{name}.{ext}" for ext in FIGURE_EXTENSIONS if (folder / f"{name}.{ext}").is_file()}


def figure_unchanged(new: dict[str, Path], old: dict[str, Path]) -> bool:
    """Whether a rebuilt figure shows the same as the one in place (all its files, compared by content)."""
    return set(new) == set(old) and all(compare_file(old[ext], new[ext]) is None for ext in new)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back inside the block; deliver them at its end.

    Only the main thread can set signal handlers; elsewhere the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: held.append(signum)) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        for s in dict.fromkeys(held):
            signal.raise_signal(s)


def swap(out: Path, backup: Path, moves: list[tuple[Path, str]], removals: list[str], manifest: Path | None) -> None:
    """Move the new files into ``out``, remove the stale ones, then replace the manifest: all or nothing.

    ``moves`` are (built file, name in ``out``); ``removals`` names in ``out``;
    ``manifest`` the new ``MANIFEST.csv`` (``None``: unchanged). Every file
    replaced or removed is first kept in ``backup`` (same file system); on any
    error (or a signal raised as an exception) the folder is put back as it was.
    """
    backup.mkdir()
    done: list[tuple[str, str]] = []
    steps = list(moves) + [(None, name) for name in removals]
    if manifest is not None:
        steps.append((manifest, MANIFEST))
    with signals_held():
        try:
            for source, name in steps:
                target = out / name
                if source is None:  # stale: moved aside (kept until the swap is complete)
                    if target.exists():
                        done.append(("removed", name))
                        os.replace(target, backup / name)
                    continue
                if target.exists():
                    try:
                        os.link(target, backup / name)
                    except OSError:
                        shutil.copy2(target, backup / name)
                    done.append(("replaced", name))
                else:
                    done.append(("added", name))
                os.replace(source, target)
        except BaseException:
            for kind, name in reversed(done):
                with contextlib.suppress(OSError):
                    if kind == "added":
                        (out / name).unlink(missing_ok=True)
                    else:
                        os.replace(backup / name, out / name)
            raise
