"""The committed figures are what the notebooks make, and the notebooks show them in JupyterLab.

Two runs of every notebook, once each per test session:

- ``rebuild``: ``framing reproduce`` into a temporary folder (what
  ``framing reproduce --check`` does). The committed figures must match it by
  what they show (:func:`framing.reproduce.compare_figures`: CSV by value, PNG
  tile by tile, PDF/SVG by content), so the check holds on a fresh machine
  with other library versions in range.
- ``jupyter_run``: every notebook executed as JupyterLab runs it (nbclient,
  one kernel per notebook, the inline backend). Every cell that saves a
  figure must also show it.

Both runs happen in the same environment, so their figure files must be
byte-identical (determinism within one environment).

When the first test fails, rebuild with ``framing reproduce`` and commit the
figures, or fix what made them change.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from framing.reproduce import MANIFEST, compare_figures, reproduce

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
PATHS = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))

pytestmark = pytest.mark.skipif(not PATHS, reason="no notebooks in this checkout")


@pytest.fixture(scope="module")
def rebuild(tmp_path_factory):
    """Every notebook run by ``framing reproduce`` into an empty folder: (folder, timings)."""
    out = tmp_path_factory.mktemp("rebuild") / "figures"
    timings = reproduce(NOTEBOOKS, out, progress=False)
    return out, timings


@pytest.fixture(scope="module")
def jupyter_run(tmp_path_factory):
    """Every notebook executed as JupyterLab does, two at a time: ({notebook name: executed notebook}, figures folder)."""
    from _inline import run_inline

    out = tmp_path_factory.mktemp("jupyter") / "figures"
    out.mkdir()
    # PYTHONHASHSEED as reproduce sets it, so that the two runs' files can be compared byte for byte.
    env = {"FRAMING_FIGURES_DIR": str(out), "PYTHONHASHSEED": "0"}
    with ThreadPoolExecutor(max_workers=2) as pool:
        executed = list(pool.map(lambda path: run_inline(path, timeout=600, **env), PATHS))
    return {path.name: nb for path, nb in zip(PATHS, executed)}, out


def test_committed_figures_match_a_fresh_run_of_every_notebook(rebuild):
    out, timings = rebuild
    assert timings["notebook"].tolist() == [p.name for p in PATHS]
    problems = compare_figures(FIGURES, out)
    assert problems.empty, (
        "the committed figures differ from a fresh run (rebuild with `framing reproduce` and commit figures/):\n"
        + problems.to_string(index=False)
    )
    # so the main command, run on this checkout, rewrites nothing and leaves `git status` clean
    assert (FIGURES / MANIFEST).read_bytes() == (out / MANIFEST).read_bytes()


def test_every_cell_that_saves_a_figure_shows_it_in_jupyterlab(jupyter_run):
    from _inline import figure_cells, shows_image

    executed, _ = jupyter_run
    silent = [
        f"{name} cell {number}"
        for name, nb in executed.items()
        for number, cell in figure_cells(nb)
        if not shows_image(cell)
    ]
    n_cells = sum(len(figure_cells(nb)) for nb in executed.values())
    assert n_cells > 0
    assert silent == [], f"{len(silent)} of {n_cells} figure cells show no image in JupyterLab: {silent}"


def test_two_runs_in_one_environment_write_identical_bytes(rebuild, jupyter_run):
    out, _ = rebuild
    _, jupyter_out = jupyter_run
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != MANIFEST}
    second = {p.name: p.read_bytes() for p in jupyter_out.iterdir() if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [name for name in sorted(first) if first[name] != second[name]] == []
