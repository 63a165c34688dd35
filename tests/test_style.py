"""Tests for framing.style: paper style, figure sizes, bloc colours, save_figure."""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing.blocs import BLOC_ORDER  # noqa: E402
from framing.errors import InputError  # noqa: E402
from framing.style import (  # noqa: E402
    BLOC_COLORS,
    FIGURES_DIR_ENV,
    FIGURES_LOG_ENV,
    OKABE_ITO,
    figure_size,
    figures_dir,
    group_colors,
    paper_style,
    save_figure,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _figure():
    with paper_style():
        fig, ax = plt.subplots(figsize=figure_size("single", 0.7))
        for i, bloc in enumerate(BLOC_ORDER):
            ax.barh(i, i + 1, color=BLOC_COLORS[bloc])
        ax.set_yticks(range(len(BLOC_ORDER)), BLOC_ORDER)
        ax.set_title("Documents per bloc (Київ)")
    return fig


def test_import_framing_does_not_import_matplotlib():
    code = "import sys, framing; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_figure_size():
    assert figure_size() == (3.5, 2.625)  # 3.5 * 0.75
    assert figure_size("double", 0.5) == (7.2, 3.6)
    assert figure_size(5, 1) == (5.0, 5.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"width": "triple"}, r"figure_size\(\): width must be one of 'double', 'single' or a number > 0, got 'tri"),
        ({"width": -1}, r"figure_size\(\): width must be one of 'double', 'single' or a number > 0, got -1"),
        ({"aspect": 0}, r"figure_size\(\): aspect must be a number > 0, got 0"),
    ],
)
def test_figure_size_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        figure_size(**kwargs)


def test_paper_style_sets_and_restores_rcparams():
    before = matplotlib.rcParams["font.size"]
    with paper_style(**{"font.size": 9}):
        assert matplotlib.rcParams["font.size"] == 9
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["axes.spines.top"] is False
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert matplotlib.rcParams["font.size"] == before


def test_bloc_colors_fixed_distinct_okabe_ito():
    assert list(BLOC_COLORS) == BLOC_ORDER
    assert len(set(BLOC_COLORS.values())) == len(BLOC_COLORS)
    assert set(BLOC_COLORS.values()) <= set(OKABE_ITO.values())


def test_group_colors_keeps_bloc_colours_and_cycles_the_rest():
    colors = group_colors(["Western media", "en", "ru", "en"])
    assert colors["Western media"] == BLOC_COLORS["Western media"]
    assert list(colors) == ["Western media", "en", "ru"]
    assert colors["en"] != colors["ru"]


def test_group_colors_never_gives_a_bloc_colour_to_another_group_of_the_same_call():
    colors = group_colors(["Ukrainian media", "rest"])
    assert colors["rest"] != colors["Ukrainian media"]


def test_figures_dir_default_env_and_argument(tmp_path, monkeypatch):
    monkeypatch.delenv(FIGURES_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    assert figures_dir() == tmp_path / "figures"
    monkeypatch.setenv(FIGURES_DIR_ENV, str(tmp_path / "out"))
    assert figures_dir() == tmp_path / "out"
    assert figures_dir(tmp_path / "x") == tmp_path / "x"


def test_figures_dir_from_notebooks_folder_is_the_projects(tmp_path, monkeypatch):
    # A notebook opened in JupyterLab runs in notebooks/; its figures belong in ../figures.
    monkeypatch.delenv("FRAMING_FIGURES_DIR", raising=False)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "figures").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert figures_dir() == tmp_path / "figures"


def test_save_figure_writes_four_files_byte_identical_twice(tmp_path):
    data = pd.DataFrame({"bloc": BLOC_ORDER, "n": range(1, len(BLOC_ORDER) + 1)})
    # as in two runs of a notebook: the same figure built twice, saved twice
    first = save_figure(_figure(), "01-blocs", data=data, directory=tmp_path / "a")
    second = save_figure(_figure(), "01-blocs", data=data, directory=tmp_path / "b")
    assert sorted(first) == ["csv", "pdf", "png", "svg"]
    for ext in first:
        assert first[ext].read_bytes() == second[ext].read_bytes(), ext
    pdf = first["pdf"].read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf  # TrueType embedded, no Type 3
    assert b"CreationDate" not in pdf and b"Matplotlib" not in pdf
    svg = first["svg"].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Matplotlib" not in first["png"].read_bytes()
    assert plt.imread(first["png"]).shape[:2] == (round(3.5 * 0.7 * 300), round(3.5 * 300))  # 300 dpi
    assert first["csv"].read_text() == "bloc,n\n" + "".join(f"{b},{i + 1}\n" for i, b in enumerate(BLOC_ORDER))


def test_save_figure_writes_named_index_and_logs_name(tmp_path, monkeypatch):
    log = tmp_path / "log.txt"
    monkeypatch.setenv(FIGURES_LOG_ENV, str(log))
    monkeypatch.setenv(FIGURES_DIR_ENV, str(tmp_path / "env"))
    series = pd.Series([3, 4], index=pd.Index(["a", "b"], name="term"), name="count")
    paths = save_figure(_figure(), "02-x", data=series)
    assert paths["csv"].parent == tmp_path / "env"
    assert paths["csv"].read_text() == "term,count\na,3\nb,4\n"
    assert "csv" not in save_figure(_figure(), "02-y", directory=tmp_path)
    assert log.read_text() == "02-x\n02-y\n"


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("not a figure", "x"), {}, r"save_figure\(\): fig must be a matplotlib Figure, got 'not a figure'"),
        ((None, "a/b"), {}, r"name: 'a/b' is not a usable figure name"),
        ((None, "x"), {"data": [1, 2]}, r"save_figure\(\): data must be a DataFrame or a Series or None, got \[1, 2\]"),
    ],
)
def test_save_figure_errors(tmp_path, args, kwargs, message):
    fig = args[0] if args[0] is not None else _figure()
    with pytest.raises(InputError, match=message):
        save_figure(fig, args[1], directory=tmp_path, **kwargs)


def test_paper_style_keeps_interactive_mode_set_inside_the_block():
    # Jupyter's inline backend turns interactive mode on when the first figure
    # of a kernel is made; if that happens inside paper_style, undoing it at the
    # end of the block would hide every later figure of the kernel.
    was = matplotlib.is_interactive()
    try:
        matplotlib.interactive(False)
        with paper_style():
            matplotlib.interactive(True)
            assert matplotlib.rcParams["font.size"] == 8
        assert matplotlib.is_interactive()
        assert matplotlib.rcParams["font.size"] != 8  # the style itself is undone
        with pytest.raises(ZeroDivisionError), paper_style():
            matplotlib.interactive(False)
            1 / 0
        assert not matplotlib.is_interactive()
    finally:
        matplotlib.interactive(was)


def test_figures_drawn_in_paper_style_show_in_a_jupyter_kernel(tmp_path):
    # Executed as JupyterLab runs it (one kernel, inline backend): the first
    # figure of the kernel is made inside paper_style, and each figure cell
    # must show its image, the first and every later one.
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from _inline import run_inline, shows_image

    draw = (
        "with style.paper_style():\n"
        "    fig, ax = plt.subplots(figsize=style.figure_size('single', 0.5))\n"
        "    ax.bar([1, 2], [3, {n}])\n"
        "style.save_figure(fig, '99-cell-{n}')"
    )
    cells = [new_code_cell("import matplotlib.pyplot as plt\nfrom framing import style")]
    cells += [new_code_cell(draw.format(n=n)) for n in (1, 2, 3)]
    cells += [new_code_cell("fig, ax = plt.subplots()\n_ = ax.plot([0, 1])")]
    path = tmp_path / "99-style.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    nb = run_inline(path, timeout=120, FRAMING_FIGURES_DIR=str(tmp_path / "figures"))
    assert [shows_image(c) for c in nb.cells] == [False, True, True, True, True]
