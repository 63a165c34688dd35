"""Tests for framing.reproduce: run notebooks, write figures + manifest, check them.

Each test notebook is written here with nbformat and kept tiny (one figure),
since every run starts a real kernel.
"""

import shutil

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

import framing  # noqa: E402
from framing import reproduce as rp  # noqa: E402
from framing.errors import InputError  # noqa: E402

FIGURE_CELL = """\
import matplotlib.pyplot as plt
import pandas as pd
from framing import style

table = pd.DataFrame({"day": [1, 2, 3], "documents": [4, 1, 3]})
with style.paper_style():
    fig, ax = plt.subplots(figsize=style.figure_size("single", 0.5))
    ax.bar(table["day"], table["documents"])
style.save_figure(fig, "01-tiny", data=table)
"""


def _write(folder, name, cells):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells), folder / name)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Notebooks folder with one figure notebook, reproduced once into figures/."""
    root = tmp_path_factory.mktemp("repro")
    notebooks = root / "notebooks"
    _write(notebooks, "01-tiny.ipynb", [new_markdown_cell("# Tiny"), new_code_cell(FIGURE_CELL)])
    (notebooks / "notes.ipynb").write_text("not a numbered notebook: ignored")
    figures = root / "figures"
    figures.mkdir()
    # a stale figure listed by an old manifest is removed; an unlisted file is kept
    (figures / "00-gone.png").write_bytes(b"old")
    (figures / "README.txt").write_text("kept")
    pd.DataFrame([["00-gone", "00-old.ipynb", "x", "0"]], columns=rp.MANIFEST_COLUMNS).to_csv(
        figures / rp.MANIFEST, index=False
    )
    timings = rp.reproduce(notebooks, figures, progress=False, timeout=120)
    return notebooks, figures, timings


def test_reproduce_writes_figures_and_manifest(built):
    notebooks, figures, timings = built
    assert sorted(p.name for p in figures.iterdir()) == [
        "01-tiny.csv",
        "01-tiny.pdf",
        "01-tiny.png",
        "01-tiny.svg",
        "MANIFEST.csv",
        "README.txt",
    ]
    manifest = pd.read_csv(figures / rp.MANIFEST, dtype=str)
    assert list(manifest.columns) == ["figure", "notebook", "corpus_checksum", "framing_version"]
    assert manifest.values.tolist() == [
        ["01-tiny", "01-tiny.ipynb", framing.load_corpus().checksum, framing.__version__]
    ]
    assert list(timings.columns) == ["notebook", "code_cells", "seconds", "figures"]
    assert timings[["notebook", "code_cells", "figures"]].values.tolist() == [["01-tiny.ipynb", 1, "01-tiny"]]
    assert (figures / "01-tiny.csv").read_text() == "day,documents\n1,4\n2,1\n3,3\n"
    assert not list(figures.parent.glob(".framing-build-*"))  # scratch folder removed


def test_check_names_what_differs_is_missing_and_extra(built, tmp_path):
    notebooks, figures, _ = built
    committed = tmp_path / "committed"
    shutil.copytree(figures, committed)
    (committed / "README.txt").unlink()
    (committed / "01-tiny.csv").write_text("day,documents\n1,4\n")  # differs
    (committed / "01-tiny.svg").unlink()  # missing
    (committed / "99-old.pdf").write_bytes(b"%PDF")  # extra
    problems, timings = rp.check(notebooks, committed, progress=False, timeout=120)
    # PDF, PNG and the manifest of a rebuild match the first build exactly / within tolerance
    assert problems.values.tolist() == [
        ["01-tiny.svg", "missing", "made by the notebooks but not in the committed figures"],
        ["99-old.pdf", "extra", "in the committed figures but no notebook makes it"],
        ["01-tiny.csv", "differs", "bytes differ"],
    ]
    assert timings["notebook"].tolist() == ["01-tiny.ipynb"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_failing_cell_names_notebook_and_cell(tmp_path, capsys, jobs):
    notebooks = tmp_path / "notebooks"
    cells = [new_code_cell("x = 1"), new_markdown_cell("text"), new_code_cell("y = x / 0"), new_code_cell("z = 2")]
    _write(notebooks, "02-broken.ipynb", cells)
    # jobs=1: the next notebook's kernel is launched meanwhile and must be shut down;
    # jobs=2: the next notebook runs at once, but a failure leaves figures/ untouched either way
    _write(notebooks, "03-never.ipynb", [new_code_cell(FIGURE_CELL.replace("01-tiny", "03-never"))])
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "keep.txt").write_text("untouched")
    with pytest.raises(rp.NotebookError, match=r"02-broken.ipynb: cell 3 \(code cell 2\) failed with ZeroDivisionError") as info:
        rp.reproduce(notebooks, figures, progress=False, timeout=120, jobs=jobs)
    assert (info.value.notebook, info.value.cell, info.value.ename) == ("02-broken.ipynb", 3, "ZeroDivisionError")
    assert "y = x / 0" in str(info.value)
    assert sorted(p.name for p in figures.iterdir()) == ["keep.txt"]


def test_main_exit_codes_for_bad_options(tmp_path, capsys):
    assert rp.main(["--notebooks", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "nb").mkdir()
    assert rp.main(["--notebooks", str(tmp_path / "nb"), "--figures", str(tmp_path / "f")]) == 2
    assert "no numbered notebook" in capsys.readouterr().err


def test_find_notebooks_order_and_only(tmp_path):
    for name in ["02-b.ipynb", "00-a.ipynb", "10-c.ipynb", "x.ipynb", "3-d.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in rp.find_notebooks(tmp_path)] == ["00-a.ipynb", "02-b.ipynb", "10-c.ipynb"]
    assert [p.name for p in rp.find_notebooks(tmp_path, only="02")] == ["02-b.ipynb"]
    assert [p.name for p in rp.find_notebooks(tmp_path, only=["00-a", "10"])] == ["00-a.ipynb", "10-c.ipynb"]
    with pytest.raises(InputError, match=r"only: '07' matches no notebook; available: \['00-a', '02-b', '10-c'\]"):
        rp.find_notebooks(tmp_path, only="07")


def test_png_rms_tolerance(tmp_path):
    image = np.zeros((10, 10, 3))
    import matplotlib.pyplot as plt
    plt.imsave(tmp_path / "a.png", image)
    image[0, 0] = 1.0  # one white pixel of 100, RGBA read back: RMS = sqrt(3 / 400) * 255 = 22.08
    plt.imsave(tmp_path / "b.png", image)
    plt.imsave(tmp_path / "c.png", np.zeros((5, 10, 3)))
    assert rp._png_rms(tmp_path / "a.png", tmp_path / "a.png") == 0
    assert rp._png_rms(tmp_path / "a.png", tmp_path / "b.png") == pytest.approx(np.sqrt(3 / 400) * 255)
    assert rp._png_rms(tmp_path / "a.png", tmp_path / "c.png") == float("inf")
