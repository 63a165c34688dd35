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

Rooms: running notebooks in kernels is :mod:`framing._kernels`; the figures
folder, its manifest and the swap are :mod:`framing._figfolder`; this module
keeps the two entry points and the command line. It is above the kit's
500 lines by its docstrings (the safety contract above, the parameters and
examples of the public functions); its code is about 300 lines.
"""

from __future__ import annotations

import argparse
import numbers
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ._compare import compare_file
from ._figfolder import (
    FIGURE_EXTENSIONS,
    MANIFEST,
    MANIFEST_COLUMNS,
    figure_unchanged,
    figures_folder,
    files_of,
    manifest_text,
    read_manifest,
    swap,
)
from ._kernels import NotebookError, count_code_cells, kernel_spec_dir
from ._kernels import execute as _execute  # a module global, so that tests can stand in for it
from ._docs import fill_doc
from ._validation import Interval, validate_params
from .errors import InputError

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

_NOTEBOOK = re.compile(r"^\d\d-.+\.ipynb$")
_FIGURES_DIR_ENV = "FRAMING_FIGURES_DIR"  # = framing.style.FIGURES_DIR_ENV (no matplotlib import here)
_FIGURES_LOG_ENV = "FRAMING_FIGURES_LOG"  # = framing.style.FIGURES_LOG_ENV


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

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("00-intro.ipynb", "03-keyness.ipynb", "notes.ipynb"):
    ...     _ = (d / name).write_text("{}", encoding="utf-8")
    >>> [p.name for p in find_notebooks(d, only="03")]
    ['03-keyness.ipynb']
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


#: What reproduce() and check() accept for the options they share.
_RUN_CONSTRAINTS = {
    "progress": ["boolean"],
    "timeout": [Interval(numbers.Integral, 1, None)],
    "jobs": [Interval(numbers.Integral, 1, None), None],
}


@validate_params(_RUN_CONSTRAINTS)
@fill_doc
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
    {params.notebook_run}

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
    Examples
    --------
    Running notebooks starts Jupyter kernels (seconds each), so the example
    is not run as a doctest; ``tests/test_reproduce.py`` runs small notebooks.

    >>> timings = reproduce("notebooks", "figures", only="03")  # doctest: +SKIP
    >>> timings.attrs["changed"]  # doctest: +SKIP
    []
    """
    import framing

    jobs = min(2, os.cpu_count() or 1) if jobs is None else jobs
    notebooks = find_notebooks(notebooks_dir, only)
    out = figures_folder(figures_dir, create=True)
    old = read_manifest(out)
    checksum = framing.load_corpus().checksum
    try:
        scratch = Path(tempfile.mkdtemp(prefix=".framing-build-", dir=out))
    except OSError as exc:
        raise InputError(f"figures: cannot write in {str(out)!r} ({exc.strerror or exc})") from None
    try:
        build = scratch / "figures"
        build.mkdir()
        rows, made = _run_all(notebooks, scratch, build, timeout=timeout, jobs=jobs, progress=progress)
        manifest = pd.DataFrame(
            [(name, nb, checksum, framing.__version__) for name, nb in made.items()], columns=MANIFEST_COLUMNS
        )
        ran = {p.name for p in notebooks}
        if only is not None:
            manifest = pd.concat([old[~old["notebook"].isin(ran)], manifest], ignore_index=True)
        stale_names = old["figure"] if only is None else old.loc[old["notebook"].isin(ran), "figure"]
        moves, removals, changed, unchanged, removed = _plan(build, out, made, stale_names)
        new_manifest = scratch / MANIFEST
        new_manifest.write_text(manifest_text(manifest), encoding="utf-8")
        old_manifest = out / MANIFEST
        same = old_manifest.is_file() and old_manifest.read_bytes() == new_manifest.read_bytes()
        swap(out, scratch / "backup", moves, removals, None if same else new_manifest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    timings = pd.DataFrame(rows, columns=["notebook", "code_cells", "seconds", "figures"])
    timings.attrs.update(changed=changed, unchanged=unchanged, removed=removed)
    return timings


def _run_all(notebooks: list[Path], scratch: Path, build: Path, *, timeout: int, jobs: int, progress: bool):
    """Run the notebooks with the figures going to ``build``: timing rows, and figure name -> notebook.

    Raises
    ------
    InputError
        A figure name saved by two notebooks.
    """
    from tqdm.auto import tqdm

    kernel_dirs = kernel_spec_dir(scratch)
    n_cells = sum(count_code_cells(p) for p in notebooks)
    logs = [scratch / f"{path.stem}.log" for path in notebooks]
    envs = [
        {**os.environ, _FIGURES_DIR_ENV: str(build), _FIGURES_LOG_ENV: str(log), "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
        for log in logs
    ]
    for log in logs:
        log.touch()
    with tqdm(total=n_cells, unit="cell", disable=not progress, file=sys.stderr) as bar:
        results = _execute(notebooks, envs, kernel_dirs, timeout, min(jobs, len(notebooks)), bar)
    rows, made = [], {}
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
    return rows, made


def _plan(build: Path, out: Path, made: dict, stale_names) -> tuple:
    """What changes: figures whose rebuild differs (all their files), stale figures.

    Returns ``(moves, removals, changed, unchanged, removed)``: files to move
    from ``build`` into ``out`` as ``(source, name)``, file names to remove
    from ``out``, and the figure names changed, unchanged and removed.
    """
    moves, changed, unchanged = [], [], []
    built = {f.name for f in build.iterdir() if f.is_file()}
    for name in made:
        new, present = files_of(build, name), files_of(out, name)
        built -= {p.name for p in new.values()}
        if figure_unchanged(new, present):
            unchanged.append(name)
            continue
        changed.append(name)
        moves += [(p, p.name) for p in new.values()]
        moves += [(None, p.name) for ext, p in present.items() if ext not in new]  # e.g. a CSV no longer saved
    moves += [(build / f, f) for f in sorted(built)]  # anything else a notebook wrote there
    removed = [n for n in dict.fromkeys(stale_names) if n not in made]
    removals = [p.name for n in removed for p in files_of(out, n).values()]
    removals += [name for source, name in moves if source is None]
    return [(src, n) for src, n in moves if src is not None], removals, changed, unchanged, removed


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

    Raises
    ------
    InputError
        ``committed`` a file; a ``MANIFEST.csv`` that is damaged or names a
        file outside its folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> old, new = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
    >>> _ = (old / "01-a.csv").write_text("x\\n1.0\\n"); _ = (new / "01-a.csv").write_text("x\\n1.5\\n")
    >>> compare_figures(old, new)[["file", "status"]].values.tolist()
    [['01-a.csv', 'differs']]
    """
    committed, rebuilt = Path(committed), Path(rebuilt)
    if committed.exists() and not committed.is_dir():
        figures_folder(committed, create=False)
    old_manifest = read_manifest(committed) if committed.is_dir() else pd.DataFrame(columns=MANIFEST_COLUMNS)
    new_manifest = read_manifest(rebuilt)
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
            if manifest_text(keep) != manifest_text(new_manifest):
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


@validate_params(_RUN_CONSTRAINTS)
@fill_doc
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
    {params.notebook_run}

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
    Examples
    --------
    Not run as a doctest (it starts Jupyter kernels); ``framing reproduce
    --check --only 03`` is the same call from the command line.

    >>> problems, timings = check("notebooks", "figures", only="03")  # doctest: +SKIP
    >>> problems.empty  # doctest: +SKIP
    True
    """
    if Path(figures_dir).exists() and not Path(figures_dir).is_dir():
        figures_folder(figures_dir, create=False)
    find_notebooks(notebooks_dir, only)  # fail fast on bad arguments
    with tempfile.TemporaryDirectory(prefix="framing-check-") as tmp:
        fresh = Path(tmp) / "figures"
        timings = reproduce(notebooks_dir, fresh, only=only, progress=progress, timeout=timeout, jobs=jobs)
        ran = None if only is None else list(timings["notebook"])
        problems = compare_figures(figures_dir, fresh, notebooks=ran)
    return problems, timings


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``reproduce`` options (``--check``, ``--notebooks``, ``--figures``, ``--only``, ``--jobs``) to a parser.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Returns
    -------
    argparse.ArgumentParser
        The same parser.

    Raises
    ------
    argparse.ArgumentError
        If the parser already has one of these options.

    Examples
    --------
    >>> add_arguments(argparse.ArgumentParser()).parse_args(["--only", "03"]).only
    '03'
    """
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

    Raises
    ------
    SystemExit
        From argparse, for ``--help`` or unknown options.

    Examples
    --------
    >>> import tempfile
    >>> main(["--notebooks", tempfile.mkdtemp()])
    2
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
