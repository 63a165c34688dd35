"""Run a notebook as JupyterLab does: one kernel, top to bottom, inline matplotlib backend.

JupyterLab starts a kernel whose environment has no ``MPLBACKEND`` (ipykernel
then selects ``matplotlib_inline``) and shows a figure when a cell that made it
ends. The test suite may run with ``MPLBACKEND=Agg`` (``.ci/run`` sets it), so
it is removed from the kernel's environment here.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def kernel_env(**extra: str) -> dict[str, str]:
    """The environment of a kernel JupyterLab would start (no MPLBACKEND), plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(extra)
    return env


def run_inline(path: str | os.PathLike, timeout: int = 600, **env: str) -> nbformat.NotebookNode:
    """Execute the notebook at ``path`` in one fresh kernel with the inline backend; return it with outputs."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env=kernel_env(**env))
    return nb


def shows_image(cell) -> bool:
    """Whether a code cell's outputs include a rendered image (what JupyterLab displays)."""
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def figure_cells(nb) -> list[tuple[int, object]]:
    """(1-based cell number counting every cell, cell) of the code cells that call ``save_figure``."""
    return [(i, c) for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and "save_figure(" in c.source]
