"""The committed figures are the ones the code makes: ``framing reproduce --check`` in the suite.

This runs every notebook in ``notebooks/`` top to bottom in a fresh kernel and
compares what they write with ``figures/`` (PDF, SVG, CSV and the manifest
byte for byte; PNG within a pixel tolerance). When it fails, rebuild with
``framing reproduce`` and commit the figures, or fix what made them change.
"""

from pathlib import Path

import pytest

from framing.reproduce import check

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"


@pytest.mark.skipif(not any(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")), reason="no notebooks in this checkout")
def test_committed_figures_match_a_fresh_run_of_every_notebook():
    problems, timings = check(NOTEBOOKS, FIGURES, progress=False)
    assert len(timings) == len(list(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    assert problems.empty, "figures differ from a fresh run:\n" + problems.to_string(index=False)
