"""``framing reproduce``: rebuild every figure by running the notebooks, and check them.

:func:`reproduce` runs ``notebooks/NN-*.ipynb`` in name order, each top to
bottom in a fresh Python kernel of the current environment (nbclient), with
the notebook's folder as working directory and ``FRAMING_FIGURES_DIR``
pointing at a build folder, so that :func:`framing.style.save_figure`
writes there. It writes the figures and ``MANIFEST.csv`` (one row per
figure: ``figure``, ``notebook``, ``corpus_checksum``, ``framing_version``).

Which notebook made which figure: :func:`~framing.style.save_figure` appends
each name it writes to the file named by ``FRAMING_FIGURES_LOG``; the runner
gives every notebook its own log. A name saved by two notebooks is an error.

Safety of the figures folder:

- Everything is built in a hidden scratch folder inside the figures folder
  (``.framing-build-*``, removed at the end), and nothing in the figures
  folder changes until every notebook ran: a failing notebook, an error or
  Ctrl-C before then leaves the committed figures untouched.
- A figure whose rebuild shows the same thing as the file in place (same
  table values, same image within the tolerance of :mod:`framing._compare`,
  same PDF/SVG content) is left as it is, all four files of it: a rebuild
  that changes nothing leaves ``git status`` clean.
- The swap: each changed file moves into place with :func:`os.replace`; files
  of figures no longer made are removed only after every new file is in
  place; ``MANIFEST.csv`` is replaced last, atomically. SIGINT and SIGTERM
  are held back for the few milliseconds of the swap, and an error during it
  puts every file back: the folder holds the old set or the new set, never
  a mix.
- Names read back from ``MANIFEST.csv`` go through the name rule of
  ``save_figure`` (:func:`framing._paths.check_figure_name`: no separator,
  no ``..``, no absolute path), so a tampered manifest cannot make reproduce
  touch a file outside the folder; it is refused before any notebook runs.

:func:`check` (``framing reproduce --check``) rebuilds into a temporary
folder and compares with the committed figures by what they show
(:func:`compare_figures`; see :mod:`framing._compare`): CSV tables by value
(numbers within a relative tolerance), PNG images tile by tile with
matplotlib's image comparison, PDF and SVG by the text they draw and the
number of paths. Within one environment two builds are byte-identical.

Each notebook gets a new kernel; the next notebook's kernel is launched
while the current one runs (it boots meanwhile but runs nothing before its
notebook). Kernels run with ``MPLBACKEND=Agg`` (no inline images are rendered: outputs
are thrown away) and ``PYTHONHASHSEED=0`` (set iteration order is stable).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from ._compare import compare_file
from ._paths import check_figure_name
from .errors import FramingError, InputError

__all__ = [
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "NotebookError",
    "add_arguments",
    "check",
    "compare_figures",
    "find_notebooks",
    "main",
    "reproduce",
]

#: File name of the manifest inside the figures folder.
MANIFEST = "MANIFEST.csv"
#: Columns of the manifest.
MANIFEST_COLUMNS = ["figure", "notebook", "corpus_checksum", "framing_version"]
#: Extensions that :func:`framing.style.save_figure` writes.
FIGURE_EXTENSIONS = ("pdf", "svg", "png", "csv")

_NOTEBOOK = re.compile(r"^\d\d-.+\.ipynb$")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_FIGURES_DIR_ENV = "FRAMING_FIGURES_DIR"  # = framing.style.FIGURES_DIR_ENV (no matplotlib import here)
_FIGURES_LOG_ENV = "FRAMING_FIGURES_LOG"  # = framing.style.FIGURES_LOG_ENV


class NotebookError(FramingError):
    """A notebook cell failed (error, timeout or dead kernel) during ``framing reproduce``.

    Attributes
    ----------
    notebook : str
        The notebook's file name.
    cell : int
        1-based number of the failing cell, counting every cell (markdown too).
    ename, evalue : str
        The exception's name and message.
    """

    def __init__(self, notebook: str, cell: int, code_cell: int, source: str, ename: str, evalue: str, tb: str):
        self.notebook, self.cell, self.code_cell = notebook, cell, code_cell
        self.ename, self.evalue, self.traceback_text, self.source = ename, evalue, tb, source
        first = source.strip().splitlines()[0] if source.strip() else ""
        super().__init__(
            f"{notebook}: cell {cell} (code cell {code_cell}) failed with {ename}: {evalue}\n"
            f"  cell starts: {first[:100]}\n{tb}".rstrip()
        )


def find_notebooks(notebooks_dir: str | os.PathLike, only: str | Sequence[str] | None = None) -> list[Path]:
    """The numbered notebooks ``NN-*.ipynb`` of a folder, in name order.

    Parameters
    ----------
    notebooks_dir : path-like
        Folder of the notebooks.
    only : str or sequence of str, default=None
        Keep the notebooks whose stem equals or starts with one of these
        (``'03'``, ``'03-keyness'``); ``None`` keeps all.

    Returns
    -------
    list of pathlib.Path

    Raises
    ------
    InputError
        If the folder does not exist, holds no numbered notebook, or ``only``
        matches none.
    """
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise InputError(f"notebooks_dir: {str(folder)!r} is not a folder; pass the folder of the NN-*.ipynb notebooks")
    found = sorted(p for p in folder.iterdir() if _NOTEBOOK.match(p.name) and p.is_file())
    if not found:
        raise InputError(f"notebooks_dir: no numbered notebook (NN-name.ipynb) in {str(folder)!r}")
    if only is None:
        return found
    wanted = [only] if isinstance(only, str) else list(only)
    kept = [p for p in found if any(p.stem == w or p.stem.startswith(w) for w in wanted)]
    if not kept:
        raise InputError(f"only: {only!r} matches no notebook; available: {[p.stem for p in found]}")
    return kept


def _kernel_spec_dir(root: Path) -> Path:
    """Write a ``python3`` kernelspec that runs this very interpreter (not whatever is on PATH)."""
    from ipykernel.kernelspec import write_kernel_spec

    spec = root / "kernels" / "python3"
    # log level ERROR: the kernel's start-up notices (e.g. about TCP on localhost) would
    # drown the progress bar; cell errors still reach us through nbclient.
    write_kernel_spec(str(spec), extra_arguments=["--IPKernelApp.log_level=ERROR"])
    return root / "kernels"


def _launch(path: Path, env: dict[str, str], kernel_dirs: Path, timeout: int):
    """A NotebookClient for one notebook with its kernel process launched (returns at once).

    The kernel boots while the previous notebook is still running, which hides
    its start-up time; it is still a new kernel that has run nothing.
    """
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        allow_errors=False,
        shutdown_kernel="immediate",
    )
    km = client.create_kernel_manager()
    km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(kernel_dirs)])
    client.start_new_kernel(env=env)
    return client


def _discard(client) -> None:
    """Shut down a launched kernel that will not be used (after a failure)."""
    try:
        with client.setup_kernel():
            pass
    except Exception:  # noqa: BLE001 - best effort: the kernel may already be gone
        pass


def _run_notebook(client, path: Path, timeout: int, bar) -> int:
    """Execute every code cell of a launched client's notebook; return the number of code cells run."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = client.nb
    n_code = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            n_code += 1
            try:
                client.execute_cell(cell, index, execution_count=n_code)
            except CellExecutionError as exc:
                tb = _ANSI.sub("", exc.traceback or "")
                raise NotebookError(path.name, index + 1, n_code, cell.source, exc.ename, exc.evalue, tb) from None
            except CellTimeoutError as exc:
                raise NotebookError(
                    path.name, index + 1, n_code, cell.source, "CellTimeoutError", f"{exc} (timeout={timeout} s)", ""
                ) from None
            except DeadKernelError as exc:
                raise NotebookError(
                    path.name, index + 1, n_code, cell.source, "DeadKernelError", str(exc), ""
                ) from None
            bar.update(1)
    return n_code


class _NoBar:
    """Stands in for the progress bar inside a worker process."""

    def update(self, n: int) -> None:
        pass


def _run_in_worker(path: Path, env: dict[str, str], kernel_dirs: Path, timeout: int) -> dict:
    """Run one notebook in a fresh kernel (in a worker process); errors come back as data."""
    start = time.perf_counter()
    try:
        n_code = _run_notebook(_launch(path, env, kernel_dirs, timeout), path, timeout, _NoBar())
    except NotebookError as exc:
        return {"error": (exc.notebook, exc.cell, exc.code_cell, exc.source, exc.ename, exc.evalue, exc.traceback_text)}
    return {"n_code": n_code, "seconds": time.perf_counter() - start}


def _execute(notebooks: list[Path], envs: list[dict], kernel_dirs: Path, timeout: int, jobs: int, bar) -> list:
    """Run the notebooks, each in a new kernel; return (code cells, seconds) per notebook, in order.

    With ``jobs == 1`` they run one after the other, the next kernel booting
    while the current notebook runs. With more jobs, that many notebooks run
    at once, each in its own worker process and kernel; the results (and the
    first failure, in notebook order) are reported in notebook order.
    """
    results = []
    if jobs == 1:
        pending = None
        try:
            for i, path in enumerate(notebooks):
                bar.set_description(path.stem)
                start = time.perf_counter()
                client = pending if pending is not None else _launch(path, envs[i], kernel_dirs, timeout)
                pending = None
                if i + 1 < len(notebooks):  # boot the next notebook's kernel meanwhile
                    pending = _launch(notebooks[i + 1], envs[i + 1], kernel_dirs, timeout)
                n_code = _run_notebook(client, path, timeout, bar)
                results.append((n_code, time.perf_counter() - start))
        finally:
            if pending is not None:
                _discard(pending)
        return results
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(_run_in_worker, path, env, kernel_dirs, timeout) for path, env in zip(notebooks, envs)]
        for path, future in zip(notebooks, futures):
            bar.set_description(path.stem)
            result = future.result()
            if "error" in result:
                for other in futures:
                    other.cancel()
                raise NotebookError(*result["error"])
            bar.update(result["n_code"])
            results.append((result["n_code"], result["seconds"]))
    return results


def _figures_folder(figures_dir: str | os.PathLike, *, create: bool) -> Path:
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


def _read_manifest(folder: Path) -> pd.DataFrame:
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


def _manifest_text(manifest: pd.DataFrame) -> str:
    manifest = manifest[MANIFEST_COLUMNS].sort_values(["notebook", "figure"]).reset_index(drop=True)
    return manifest.to_csv(index=False, lineterminator="\n")


def _files_of(folder: Path, name: str) -> dict[str, Path]:
    """The files ``<name>.<ext>`` of one figure in a folder, by extension."""
    return {ext: folder / f"{name}.{ext}" for ext in FIGURE_EXTENSIONS if (folder / f"{name}.{ext}").is_file()}


def _figure_unchanged(new: dict[str, Path], old: dict[str, Path]) -> bool:
    """Whether a rebuilt figure shows the same as the one in place (all its files, compared by content)."""
    return set(new) == set(old) and all(compare_file(old[ext], new[ext]) is None for ext in new)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
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


def _swap(out: Path, backup: Path, moves: list[tuple[Path, str]], removals: list[str], manifest: Path | None) -> None:
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
    with _signals_held():
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


def reproduce(
    notebooks_dir: str | os.PathLike,
    figures_dir: str | os.PathLike,
    *,
    only: str | Sequence[str] | None = None,
    progress: bool = True,
    timeout: int = 600,
    jobs: int | None = None,
) -> pd.DataFrame:
    """Run the numbered notebooks in order and write their figures and ``MANIFEST.csv``.

    Parameters
    ----------
    notebooks_dir : path-like
        Folder of the ``NN-*.ipynb`` notebooks; each runs with this folder as
        its working directory.
    figures_dir : path-like
        Output folder (created if needed). With ``only=None`` it ends up
        holding exactly the figures the notebooks make (files of figures that
        the old manifest listed and that are no longer made are removed);
        with ``only``, the other notebooks' figures and manifest rows are kept.
        Files the manifest does not name are never touched. A figure whose
        rebuild shows the same thing as the files in place (compared as by
        :func:`check`) keeps its files unchanged.
    only : str or sequence of str, default=None
        Run only the notebooks whose name starts with this (``'03'``).
    progress : bool, default=True
        Show a progress bar (tqdm, on stderr) over the code cells.
    timeout : int, default=600
        Seconds a single cell may run.
    jobs : int, default=None
        How many notebooks run at once, each in its own fresh kernel
        (notebooks are independent: each loads its own data and writes only
        its own figures). ``None`` means the number of CPUs, at most 2;
        ``1`` runs them one after the other. The figures are the same either
        way.

    Returns
    -------
    pandas.DataFrame
        One row per notebook: ``notebook``, ``code_cells``, ``seconds`` (its
        wall time; with ``jobs=1``, from its turn to its end, its kernel
        having been launched while the previous notebook ran), ``figures``
        (names written, joined by ``' '``). ``attrs`` holds the figure names
        ``'changed'`` (rewritten or new), ``'unchanged'`` (kept as they were)
        and ``'removed'``.

    Raises
    ------
    NotebookError
        When a cell fails: names the notebook, the cell number and the error.
        Nothing in ``figures_dir`` is changed then.
    InputError
        Before any notebook runs: a missing notebooks folder, no matching
        notebook, ``figures_dir`` a file or read-only, a ``MANIFEST.csv`` that
        is damaged or names a file outside the folder. After the notebooks
        ran: a figure name saved by two notebooks (nothing changed then).
    OSError
        When a file cannot be moved into place; the folder is put back as it
        was before the error.
    """
    from tqdm.auto import tqdm

    import framing

    if jobs is None:
        jobs = min(2, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs must be a positive integer (notebooks run at once), got {jobs!r}")
    notebooks = find_notebooks(notebooks_dir, only)
    out = _figures_folder(figures_dir, create=True)
    old = _read_manifest(out)
    checksum = framing.load_corpus().checksum
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".framing-build-", dir=out))
    except OSError as exc:
        raise InputError(f"figures: cannot write in {str(out)!r} ({exc.strerror or exc})") from None
    try:
        build = scratch / "figures"
        build.mkdir()
        kernel_dirs = _kernel_spec_dir(scratch)
        n_cells = sum(_count_code_cells(p) for p in notebooks)
        rows, made = [], {}
        logs = [scratch / f"{path.stem}.log" for path in notebooks]
        envs = [
            {
                **os.environ,
                _FIGURES_DIR_ENV: str(build),
                _FIGURES_LOG_ENV: str(log),
                "MPLBACKEND": "Agg",
                "PYTHONHASHSEED": "0",
            }
            for log in logs
        ]
        for log in logs:
            log.touch()
        jobs = min(jobs, len(notebooks))
        with tqdm(total=n_cells, unit="cell", disable=not progress, file=sys.stderr) as bar:
            results = _execute(notebooks, envs, kernel_dirs, timeout, jobs, bar)
        for path, log, (n_code, seconds) in zip(notebooks, logs, results):
            names = list(dict.fromkeys(log.read_text(encoding="utf-8").split()))
            for name in names:
                if name in made and made[name] != path.name:
                    raise InputError(
                        f"figure name {name!r} is saved by both {made[name]} and {path.name}; "
                        "give each figure a unique name (start it with the notebook's number)"
                    )
                made[name] = path.name
            rows.append((path.name, n_code, round(seconds, 2), " ".join(names)))
        manifest = pd.DataFrame(
            [(name, nb, checksum, framing.__version__) for name, nb in made.items()], columns=MANIFEST_COLUMNS
        )
        ran = {p.name for p in notebooks}
        if only is not None:
            manifest = pd.concat([old[~old["notebook"].isin(ran)], manifest], ignore_index=True)
        # What changes: figures whose rebuild differs (all their files), stale figures, the manifest.
        moves, changed, unchanged = [], [], []
        built = {f.name for f in build.iterdir() if f.is_file()}
        for name in made:
            new, present = _files_of(build, name), _files_of(out, name)
            built -= {p.name for p in new.values()}
            if _figure_unchanged(new, present):
                unchanged.append(name)
                continue
            changed.append(name)
            moves += [(p, p.name) for p in new.values()]
            moves += [(None, p.name) for ext, p in present.items() if ext not in new]  # e.g. a CSV no longer saved
        moves += [(build / f, f) for f in sorted(built)]  # anything else a notebook wrote there
        stale_names = old["figure"] if only is None else old.loc[old["notebook"].isin(ran), "figure"]
        removed = [n for n in dict.fromkeys(stale_names) if n not in made]
        removals = [p.name for n in removed for p in _files_of(out, n).values()]
        removals += [name for source, name in moves if source is None]
        new_manifest = scratch / MANIFEST
        new_manifest.write_text(_manifest_text(manifest), encoding="utf-8")
        old_manifest = out / MANIFEST
        same = old_manifest.is_file() and old_manifest.read_bytes() == new_manifest.read_bytes()
        _swap(
            out,
            scratch / "backup",
            [(s, n) for s, n in moves if s is not None],
            removals,
            None if same else new_manifest,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    timings = pd.DataFrame(rows, columns=["notebook", "code_cells", "seconds", "figures"])
    timings.attrs.update(changed=changed, unchanged=unchanged, removed=removed)
    return timings


def _count_code_cells(path: Path) -> int:
    import nbformat

    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


def compare_figures(
    committed: str | os.PathLike, rebuilt: str | os.PathLike, *, notebooks: Sequence[str] | None = None
) -> pd.DataFrame:
    """Compare a folder of committed figures with a rebuild, by what each file shows.

    Parameters
    ----------
    committed, rebuilt : path-like
        The figures folder and a folder :func:`reproduce` wrote.
    notebooks : sequence of str, default=None
        When only some notebooks were rebuilt: their file names; only their
        figures (by the committed manifest) and manifest rows are compared.
        ``None`` compares every file of the folders (hidden files aside).

    Returns
    -------
    pandas.DataFrame
        One row per file that does not match: ``file``, ``status``
        (``'differs'``; ``'missing'``: made by the notebooks but not in
        ``committed``; ``'extra'``: in ``committed`` but no longer made) and
        ``detail`` (what differs). Empty when everything matches. How files
        are compared: :mod:`framing._compare` (CSV by value, PNG tile by
        tile, PDF and SVG by content).
    """
    committed, rebuilt = Path(committed), Path(rebuilt)
    if committed.exists() and not committed.is_dir():
        _figures_folder(committed, create=False)
    old_manifest = _read_manifest(committed) if committed.is_dir() else pd.DataFrame(columns=MANIFEST_COLUMNS)
    new_manifest = _read_manifest(rebuilt)
    if notebooks is None:
        listed = committed.iterdir() if committed.is_dir() else []
        scope_old = {f.name for f in listed if f.is_file() and not f.name.startswith(".")}
    else:
        names = set(old_manifest.loc[old_manifest["notebook"].isin(set(notebooks)), "figure"])
        scope_old = {f"{n}.{e}" for n in names for e in FIGURE_EXTENSIONS if (committed / f"{n}.{e}").is_file()}
        if (committed / MANIFEST).is_file():
            scope_old.add(MANIFEST)
    scope_new = {f.name for f in rebuilt.iterdir() if f.is_file() and not f.name.startswith(".")}
    problems = []
    for name in sorted(scope_new - scope_old):
        problems.append((name, "missing", "made by the notebooks but not in the committed figures"))
    for name in sorted(scope_old - scope_new):
        problems.append((name, "extra", "in the committed figures but no notebook makes it"))
    for name in sorted(scope_new & scope_old):
        if name == MANIFEST:
            keep = old_manifest if notebooks is None else old_manifest[old_manifest["notebook"].isin(set(notebooks))]
            if _manifest_text(keep) != _manifest_text(new_manifest):
                problems.append((name, "differs", _manifest_difference(keep, new_manifest)))
            continue
        detail = compare_file(committed / name, rebuilt / name)
        if detail is not None:
            problems.append((name, "differs", detail))
    return pd.DataFrame(problems, columns=["file", "status", "detail"])


def _manifest_difference(old: pd.DataFrame, new: pd.DataFrame) -> str:
    """What differs between two manifests, in a line: figures gone or new, then changed columns."""
    a = old.set_index("figure")
    b = new.set_index("figure")
    parts = []
    gone, added = sorted(set(a.index) - set(b.index)), sorted(set(b.index) - set(a.index))
    if gone:
        parts.append(f"figures no longer made: {gone[:5]}")
    if added:
        parts.append(f"new figures: {added[:5]}")
    both = sorted(set(a.index) & set(b.index))
    for column in MANIFEST_COLUMNS[1:]:
        changed = [f for f in both if a.at[f, column] != b.at[f, column]]
        if changed:
            f = changed[0]
            parts.append(f"{column} of {len(changed)} figure(s), e.g. {f}: {a.at[f, column]!r} became {b.at[f, column]!r}")
    return "; ".join(parts) or "row order differs"


def check(
    notebooks_dir: str | os.PathLike,
    figures_dir: str | os.PathLike,
    *,
    only: str | Sequence[str] | None = None,
    progress: bool = True,
    timeout: int = 600,
    jobs: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rebuild the figures in a temporary folder and compare them with ``figures_dir`` by what they show.

    Parameters
    ----------
    notebooks_dir, figures_dir : path-like
        As for :func:`reproduce`; ``figures_dir`` holds the committed figures
        (it is only read).
    only : str or sequence of str, default=None
        Rebuild and compare only these notebooks' figures (and their manifest
        rows).
    progress : bool, default=True
        Show a progress bar.
    timeout : int, default=600
        Seconds a single cell may run.
    jobs : int, default=None
        Notebooks run at once, as for :func:`reproduce`.

    Returns
    -------
    problems : pandas.DataFrame
        What :func:`compare_figures` returns: one row per file that does not
        match, empty when everything matches. What "match" promises: the
        tables behind the figures hold the same values (numbers within a
        relative 1e-6), the images show the same marks (no 16-pixel tile
        differs by more than an RMS of 12 grey levels), the PDF and SVG draw
        the same text with the same number of paths. Installed from the lock
        file, the rebuild is also byte-identical to the committed files.
    timings : pandas.DataFrame
        What :func:`reproduce` returned for the rebuild.

    Raises
    ------
    InputError, NotebookError
        As for :func:`reproduce`; ``figures_dir`` may not be a file.
    """
    if Path(figures_dir).exists() and not Path(figures_dir).is_dir():
        _figures_folder(figures_dir, create=False)
    find_notebooks(notebooks_dir, only)  # fail fast on bad arguments
    with tempfile.TemporaryDirectory(prefix="framing-check-") as tmp:
        fresh = Path(tmp) / "figures"
        timings = reproduce(notebooks_dir, fresh, only=only, progress=progress, timeout=timeout, jobs=jobs)
        ran = None if only is None else list(timings["notebook"])
        problems = compare_figures(figures_dir, fresh, notebooks=ran)
    return problems, timings


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``reproduce`` options (``--check``, ``--notebooks``, ``--figures``, ``--only``, ``--jobs``) to a parser."""
    parser.add_argument("--check", action="store_true", help="rebuild in a temporary folder and compare with --figures")
    parser.add_argument(
        "--notebooks", default="notebooks", help="folder of the NN-*.ipynb notebooks (default: notebooks)"
    )
    parser.add_argument("--figures", default="figures", help="folder of the figures (default: figures)")
    parser.add_argument("--only", default=None, help="run only the notebooks whose name starts with this, e.g. 03")
    parser.add_argument(
        "--jobs", type=int, default=None, help="notebooks run at once, each in its own kernel (default: CPUs, at most 2)"
    )
    return parser


def _print_timings(timings: pd.DataFrame, out) -> None:
    if timings.empty:
        return
    width = max(len(n) for n in timings["notebook"])
    print(f"{'notebook':<{width}}  cells  seconds  figures", file=out)
    for row in timings.itertuples(index=False):
        n_fig = len(row.figures.split()) if row.figures else 0
        print(f"{row.notebook:<{width}}  {row.code_cells:5d}  {row.seconds:7.1f}  {n_fig:7d}", file=out)
    print(f"{'sum':<{width}}  {timings['code_cells'].sum():5d}  {timings['seconds'].sum():7.1f}", file=out)


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """Entry point of ``framing reproduce``; returns the exit code.

    Parameters
    ----------
    args : argparse.Namespace or list of str, default=None
        Parsed options with the attributes ``check``, ``notebooks``,
        ``figures`` and ``only`` (see :func:`add_arguments`), or command-line
        words to parse (``None``: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 when a notebook fails, a file cannot be written or
        ``--check`` finds a difference; 2 for bad options (no notebooks,
        unknown ``--only``, ``--figures`` a file or read-only, a damaged
        ``MANIFEST.csv``), each with one line on stderr.
    """
    if not isinstance(args, argparse.Namespace):
        parser = add_arguments(argparse.ArgumentParser(prog="framing reproduce", description=__doc__.splitlines()[0]))
        args = parser.parse_args(args)
    started = time.perf_counter()
    try:
        if args.check:
            problems, timings = check(args.notebooks, args.figures, only=args.only, jobs=getattr(args, "jobs", None))
        else:
            problems, timings = None, reproduce(
                args.notebooks, args.figures, only=args.only, jobs=getattr(args, "jobs", None)
            )
    except NotebookError as exc:
        print(f"framing reproduce: {exc}", file=sys.stderr)
        return 1
    except InputError as exc:
        print(f"framing reproduce: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"framing reproduce: could not write{where}: {exc.strerror or exc}; {args.figures} was left as it was",
            file=sys.stderr,
        )
        return 1
    _print_timings(timings, sys.stdout)
    print(f"wall time: {time.perf_counter() - started:.1f} s", file=sys.stdout)
    if problems is None:
        changed, unchanged, removed = (timings.attrs.get(k, []) for k in ("changed", "unchanged", "removed"))
        print(
            f"{len(changed)} figure(s) written, {len(unchanged)} unchanged (files left as they were), "
            f"{len(removed)} removed; {MANIFEST} in {args.figures}"
        )
        return 0
    if problems.empty:
        print(f"check passed: {args.figures} matches what the notebooks make")
        return 0
    print(f"check FAILED: {len(problems)} file(s) in {args.figures} do not match the rebuild:", file=sys.stderr)
    for row in problems.itertuples(index=False):
        print(f"  {row.status:8s} {row.file}: {row.detail}", file=sys.stderr)
    print("run `framing reproduce` and commit figures/ to update them", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
