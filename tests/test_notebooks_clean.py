"""Notebooks are committed without outputs: no outputs, no execution counts.

Strip them with ``jupyter nbconvert --clear-output --inplace notebooks/*.ipynb``
before committing (outputs would put run-specific bytes and, with text
outputs, third-party text into the repository).
"""

import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted([*NOTEBOOKS.glob("*.ipynb"), *NOTEBOOKS.glob("solutions/*.ipynb")]) if NOTEBOOKS.is_dir() else []


def _dirty_cells(notebook: dict) -> list[str]:
    problems = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {number} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {number} has execution_count {cell['execution_count']}")
    return problems


def test_dirty_cells_are_found():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "x"},
            {"cell_type": "code", "source": "1", "outputs": [], "execution_count": None},
            {"cell_type": "code", "source": "2", "outputs": [{"output_type": "stream"}], "execution_count": 3},
        ]
    }
    assert _dirty_cells(notebook) == ["cell 3 has 1 output(s)", "cell 3 has execution_count 3"]


@pytest.mark.skipif(not PATHS, reason="no notebooks committed yet")
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_has_no_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    problems = _dirty_cells(notebook)
    assert not problems, (
        f"{path.name}: {'; '.join(problems)}; run `jupyter nbconvert --clear-output --inplace {path.name}`"
    )


@pytest.mark.skipif(not PATHS, reason="no notebooks committed yet")
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_follows_its_nbformat_schema(path):
    """The notebook validates against the schema of the nbformat version it declares.

    A cell ``id`` in a notebook that says it is nbformat 4.4 is the usual slip (an editor added ids without
    raising ``nbformat_minor`` to 5); JupyterLab and nbclient then log "Notebook JSON is invalid".
    """
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=nbformat.NO_CONVERT)
    try:
        nbformat.validate(notebook)
    except nbformat.ValidationError as err:
        pytest.fail(f"{path.name} is not valid nbformat {notebook.nbformat}.{notebook.nbformat_minor}: {err.message}")
