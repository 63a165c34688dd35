"""The worked solutions in notebooks/solutions/ run top to bottom (as JupyterLab runs them).

They are not part of ``framing reproduce`` (they write no figures); the suite
runs them so that a solution never drifts away from the kit's API. Each
notebook of the course has one, named ``NN-solutions.ipynb``.
"""

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOLUTIONS = sorted((NOTEBOOKS / "solutions").glob("*-solutions.ipynb"))


def test_every_notebook_with_exercises_has_solutions():
    with_exercises = [
        p.name[:2] for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
        if any("## Try this" in c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown")
    ]  # fmt: skip
    missing = [n for n in with_exercises if not (NOTEBOOKS / "solutions" / f"{n}-solutions.ipynb").is_file()]
    assert not missing, f"notebooks without solutions: {missing}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_solutions_run(path, tmp_path, monkeypatch):
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    write_kernel_spec(str(tmp_path / "kernels" / "python3"))  # this interpreter, not whatever is on PATH
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.create_kernel_manager().kernel_spec_manager = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
