"""``framing reproduce``: rebuild every figure by running the notebooks, and check them.

:func:`reproduce` runs ``notebooks/NN-*.ipynb`` in name order, each top to
bottom in a fresh Python kernel of the current environment (nbclient), with
the notebook's folder as working directory and ``FRAMING_FIGURES_DIR``
pointing at the output folder, so that :func:`framing.style.save_figure`
writes there. It writes the figures and ``MANIFEST.csv`` (one row per
figure: ``figure``, ``notebook``, ``corpus_checksum``, ``framing_version``).

Which notebook made which figure: :func:`~framing.style.save_figure` appends
each name it writes to the file named by ``FRAMING_FIGURES_LOG``; the runner
gives every notebook its own log. A name saved by two notebooks is an error.

The figures are built in a scratch folder next to the output folder and moved
into place only when every notebook ran, so a failing notebook leaves the
committed figures untouched. Files that the previous ``MANIFEST.csv`` listed
but that are no longer made are removed.

:func:`check` (``framing reproduce --check``) rebuilds into a temporary
folder and compares with the committed figures: PDF, SVG, CSV and
``MANIFEST.csv`` byte for byte, PNG by pixels within a tolerance.

Each notebook gets a new kernel; the next notebook's kernel is launched
while the current one runs (it boots meanwhile but runs nothing before its
notebook). Kernels run with ``MPLBACKEND=Agg`` (no inline images are rendered: outputs
are thrown away) and ``PYTHONHASHSEED=0`` (set iteration order is stable).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import FramingError, InputError

__all__ = [
    "MANIFEST",
    "MANIFEST_COLUMNS",
    "NotebookError",
    "add_arguments",
    "check",
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


def _read_manifest(folder: Path) -> pd.DataFrame:
    path = folder / MANIFEST
    if not path.is_file():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write_manifest(folder: Path, manifest: pd.DataFrame) -> None:
    manifest = manifest[MANIFEST_COLUMNS].sort_values(["notebook", "figure"]).reset_index(drop=True)
    manifest.to_csv(folder / MANIFEST, index=False, lineterminator="\n", encoding="utf-8")


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
        (names written, joined by ``' '``).

    Raises
    ------
    NotebookError
        When a cell fails: names the notebook, the cell number and the error.
        Nothing in ``figures_dir`` is changed then.
    InputError
        For a missing notebooks folder, no matching notebook, or a figure name
        saved by two notebooks.
    """
    from tqdm.auto import tqdm

    import framing

    if jobs is None:
        jobs = min(2, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs must be a positive integer (notebooks run at once), got {jobs!r}")
    notebooks = find_notebooks(notebooks_dir, only)
    out = Path(figures_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    checksum = framing.load_corpus().checksum
    scratch = Path(tempfile.mkdtemp(prefix=".framing-build-", dir=out.parent))
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
        old = _read_manifest(out)
        ran = {p.name for p in notebooks}
        stale = old if only is None else old[old["notebook"].isin(ran)]
        for name in stale["figure"]:
            for ext in FIGURE_EXTENSIONS:
                (out / f"{name}.{ext}").unlink(missing_ok=True)
        for file in sorted(build.iterdir()):
            shutil.copyfile(file, out / file.name)
        if only is not None:
            manifest = pd.concat([old[~old["notebook"].isin(ran)], manifest], ignore_index=True)
        _write_manifest(out, manifest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return pd.DataFrame(rows, columns=["notebook", "code_cells", "seconds", "figures"])


def _count_code_cells(path: Path) -> int:
    import nbformat

    return sum(cell.cell_type == "code" for cell in nbformat.read(path, as_version=4).cells)


def _png_rms(a: Path, b: Path) -> float:
    """Root-mean-square pixel difference on the 0-255 scale (inf when sizes differ)."""
    import numpy as np
    from matplotlib.image import imread

    x, y = imread(a), imread(b)
    if x.shape != y.shape:
        return float("inf")
    return float(np.sqrt(np.mean((x.astype(float) - y.astype(float)) ** 2)) * 255)


def check(
    notebooks_dir: str | os.PathLike,
    figures_dir: str | os.PathLike,
    *,
    only: str | Sequence[str] | None = None,
    progress: bool = True,
    timeout: int = 600,
    png_tolerance: float = 1.0,
    jobs: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rebuild the figures in a temporary folder and compare them with ``figures_dir``.

    Parameters
    ----------
    notebooks_dir, figures_dir : path-like
        As for :func:`reproduce`; ``figures_dir`` holds the committed figures.
    only : str or sequence of str, default=None
        Rebuild and compare only these notebooks' figures (and their manifest
        rows).
    progress : bool, default=True
        Show a progress bar.
    timeout : int, default=600
        Seconds a single cell may run.
    png_tolerance : float, default=1.0
        Largest accepted root-mean-square difference between two PNGs, in
        grey levels on the 0-255 scale (font rasterizers differ slightly
        between machines). PDF, SVG, CSV and the manifest must match exactly.
    jobs : int, default=None
        Notebooks run at once, as for :func:`reproduce`.

    Returns
    -------
    problems : pandas.DataFrame
        One row per file that does not match: ``file``, ``status``
        (``'differs'``; ``'missing'``: made by the notebooks but not in
        ``figures_dir``; ``'extra'``: in ``figures_dir`` but no longer made)
        and ``detail``. Empty when everything matches.
    timings : pandas.DataFrame
        What :func:`reproduce` returned for the rebuild.
    """
    committed = Path(figures_dir)
    with tempfile.TemporaryDirectory(prefix="framing-check-") as tmp:
        fresh = Path(tmp) / "figures"
        timings = reproduce(notebooks_dir, fresh, only=only, progress=progress, timeout=timeout, jobs=jobs)
        new_manifest = _read_manifest(fresh)
        old_manifest = _read_manifest(committed)
        if only is None:
            listed = committed.iterdir() if committed.is_dir() else []
            scope_old = {f.name for f in listed if f.is_file() and not f.name.startswith(".")}
        else:
            ran = set(timings["notebook"])
            names = set(old_manifest.loc[old_manifest["notebook"].isin(ran), "figure"])
            scope_old = {f"{n}.{e}" for n in names for e in FIGURE_EXTENSIONS if (committed / f"{n}.{e}").is_file()}
            if (committed / MANIFEST).is_file():
                scope_old.add(MANIFEST)
        scope_new = {f.name for f in fresh.iterdir() if f.is_file()}
        problems = []
        for name in sorted(scope_new - scope_old):
            problems.append((name, "missing", "made by the notebooks but not in the committed figures"))
        for name in sorted(scope_old - scope_new):
            problems.append((name, "extra", "in the committed figures but no notebook makes it"))
        for name in sorted(scope_new & scope_old):
            a, b = committed / name, fresh / name
            if name == MANIFEST and only is not None:
                ran = set(timings["notebook"])
                keep_old = old_manifest[old_manifest["notebook"].isin(ran)].sort_values(["notebook", "figure"])
                keep_new = new_manifest.sort_values(["notebook", "figure"])
                if not keep_old.reset_index(drop=True).equals(keep_new.reset_index(drop=True)):
                    problems.append((name, "differs", "manifest rows of the rebuilt notebooks differ"))
            elif name.endswith(".png"):
                rms = _png_rms(a, b)
                if rms > png_tolerance:
                    detail = (
                        "image size differs" if rms == float("inf") else f"pixel RMS {rms:.2f} > {png_tolerance}"
                    )
                    problems.append((name, "differs", detail))
            elif a.read_bytes() != b.read_bytes():
                problems.append((name, "differs", "bytes differ"))
    return pd.DataFrame(problems, columns=["file", "status", "detail"]), timings


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
        0 on success; 1 when a notebook fails or ``--check`` finds a
        difference; 2 for bad options (no notebooks, unknown ``--only``).
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
    _print_timings(timings, sys.stdout)
    print(f"wall time: {time.perf_counter() - started:.1f} s", file=sys.stdout)
    if problems is None:
        n = sum(len(f.split()) for f in timings["figures"])
        print(f"wrote {n} figure(s) and {MANIFEST} to {args.figures}")
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
