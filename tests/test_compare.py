"""Tests for framing._compare: a figure is compared by what it shows, not by bytes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.image import imread, imsave  # noqa: E402

from framing._compare import compare_csv, compare_file, compare_pdf, compare_png, compare_svg  # noqa: E402
from framing.style import figure_size, paper_style  # noqa: E402


def _csv(path, text):
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("rebuilt", "expected"),
    [
        ("term,z,n\nkyiv,0.30000000000000004,3\nkiev,,1\n", None),  # last-digit noise, missing stays missing
        ("term,z,n\nkyiv,0.3,3.0\nkiev,,1\n", None),  # 3 and 3.0 are the same number
        ("term,z,n\nkyiv,0.3003,3\nkiev,,1\n", "1 cell(s) differ; first: row 1, column 'z': '0.3' became '0.3003'"),
        ("term,z,n\nKyiv,0.3,3\nkiev,,1\n", "1 cell(s) differ; first: row 1, column 'term': 'kyiv' became 'Kyiv'"),
        ("term,z,n\nkyiv,0.3,3\nkiev,0.0,1\n", "1 cell(s) differ; first: row 2, column 'z': '' became '0.0'"),
        ("term,n,z\nkyiv,3,0.3\nkiev,1,\n", "columns differ: ['term', 'z', 'n'] became ['term', 'n', 'z']"),
        ("term,z,n\nkyiv,0.3,3\n", "number of rows differs: 2 became 1"),
    ],
)
def test_compare_csv_by_value(tmp_path, rebuilt, expected):
    a = _csv(tmp_path / "a.csv", "term,z,n\nkyiv,0.3,3\nkiev,,1\n")
    assert compare_csv(a, _csv(tmp_path / "b.csv", rebuilt)) == expected


def test_compare_csv_tolerance_near_zero(tmp_path):
    a = _csv(tmp_path / "a.csv", "x\n0\n1e-300\n")
    assert compare_csv(a, _csv(tmp_path / "b.csv", "x\n-2.7755575615628914e-17\n0\n")) is None
    assert compare_csv(a, _csv(tmp_path / "c.csv", "x\n1e-6\n0\n")) is not None


def _bar_figure(labels=("Kyiv", "Kiev"), values=(3, 2)):
    with paper_style():
        fig, ax = plt.subplots(figsize=figure_size("single", 0.6))
        ax.bar(list(labels), list(values), color="#0072B2")
        ax.set_title("Documents per name")
    return fig


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "figure.png"
    _bar_figure().savefig(path, dpi=300)
    return path


def _edited(png, tmp_path, name, edit):
    image = imread(png).copy()
    edit(image)
    out = tmp_path / name
    imsave(out, image)
    return out


def test_compare_png_catches_a_20_pixel_edit(png, tmp_path):
    # 20 pixels (a 4 x 5 patch) turned black in the white margin, and the
    # same number turned white along one edge of a bar: each fails the check,
    # although the RMS over the whole image is about 1 (the old check's
    # tolerance let such an edit pass).
    from matplotlib.testing.compare import calculate_rms

    def patch(image):
        image[20:24, 30:35, :3] = 0.0

    def line(image):
        ys, xs = np.nonzero((image[:, :, 2] > 0.6) & (image[:, :, 0] < 0.1))  # the blue bars
        y = int(np.median(ys))
        image[y : y + 20, xs[ys == y].min(), :3] = 1.0  # 20 pixels of a bar's left edge

    for name, edit in (("patch.png", patch), ("line.png", line)):
        edited = _edited(png, tmp_path, name, edit)
        whole = calculate_rms(np.asarray(imread(png)[..., :3] * 255), np.asarray(imread(edited)[..., :3] * 255))
        assert whole < 1.5
        message = compare_png(png, edited)
        assert message is not None and message.startswith("pixels differ: RMS"), name


def test_compare_png_ignores_antialiasing_noise_and_names_size_changes(png, tmp_path):
    rng = np.random.default_rng(0)

    def noise(image):
        image[..., :3] = np.clip(image[..., :3] + rng.integers(-4, 5, image[..., :3].shape) / 255, 0, 1)

    assert compare_png(png, _edited(png, tmp_path, "noise.png", noise)) is None
    assert compare_png(png, png) is None
    smaller = tmp_path / "small.png"
    _bar_figure().savefig(smaller, dpi=100)
    assert compare_png(png, smaller).startswith("image size differs:")


def test_compare_png_catches_a_moved_bar_and_a_changed_label(png, tmp_path):
    moved, relabelled = tmp_path / "moved.png", tmp_path / "label.png"
    _bar_figure(values=(3, 2.1)).savefig(moved, dpi=300)
    _bar_figure(labels=("Kyiv", "Kyev")).savefig(relabelled, dpi=300)
    assert compare_png(png, moved) is not None
    assert compare_png(png, relabelled) is not None


@pytest.mark.parametrize("ext", ["pdf", "svg"])
def test_compare_vector_figures_by_content(tmp_path, ext):
    compare = {"pdf": compare_pdf, "svg": compare_svg}[ext]
    a, b, c, d = (tmp_path / f"{n}.{ext}" for n in "abcd")
    _bar_figure().savefig(a, metadata={"Creator": None})
    # the same figure written differently (compression, ids): same content
    with matplotlib.rc_context({"pdf.compression": 0, "svg.hashsalt": "other"}):
        _bar_figure().savefig(b, metadata={"Creator": "another version"})
    assert a.read_bytes() != b.read_bytes()
    assert compare(a, b) is None
    assert compare_file(a, b) is None
    _bar_figure(labels=("Kyiv", "Kyev")).savefig(c)
    assert "Kyev" in compare(a, c)
    _bar_figure(labels=("Kyiv", "Kiev", "Kyjiw"), values=(3, 2, 1)).savefig(d)
    assert compare(a, d) is not None


def test_compare_file_reports_damaged_files(tmp_path, png):
    broken = tmp_path / "broken.png"
    broken.write_bytes(png.read_bytes()[:100])
    assert compare_file(png, broken).startswith("cannot be compared as PNG")
    other = tmp_path / "a.txt"
    other.write_text("a")
    (tmp_path / "b.txt").write_text("b")
    assert compare_file(other, tmp_path / "b.txt") == "bytes differ"
