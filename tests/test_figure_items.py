"""Figure items a reviewer raised (issue #14): each fix has a test that fails on the old drawing."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from framing import plots  # noqa: E402
from framing.errors import InputError  # noqa: E402
from framing.style import figure_size, paper_style  # noqa: E402


@pytest.fixture(autouse=True)
def _style_and_close():
    with paper_style():
        yield
    plt.close("all")


def _ax(aspect=0.8, width="single"):
    return plt.subplots(figsize=figure_size(width, aspect))[1]


@pytest.fixture
def two_variant_shares():
    return pd.DataFrame({
        "group": ["Russian state media", "Russian state media", "Ukrainian media", "Ukrainian media"],
        "variant": ["Kyiv", "Kiev", "Kyiv", "Kiev"],
        "estimate": [0.1, 0.9, 1.0, 0.0], "ci_low": [0.0, 0.6, 0.7, 0.0], "ci_high": [0.4, 1.0, 1.0, 0.3],
        "n_docs_concept": [3, 3, 7, 7],
    })  # fmt: skip


def test_shares_show_draws_one_share_without_the_complement(two_variant_shares):
    # two variants: the second share is 1 - the first, so drawing both repeats the same information
    ax = plots.plot_shares(two_variant_shares, ax=_ax(), show="Kiev")
    dots = [line for line in ax.lines if line.get_linestyle() == "None" and len(line.get_xdata())]
    assert len(dots) == 1
    assert list(dots[0].get_xdata()) == [0.9, 0.0]
    assert ax.get_legend() is None
    assert ax.get_xlabel() == "share of mentions: Kiev"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russian state media (n = 3)", "Ukrainian media (n = 7)"]


def test_shares_show_unknown_variant(two_variant_shares):
    with pytest.raises(InputError, match=r"show: 'Kiew' is not a variant.*Kyiv, Kiev"):
        plots.plot_shares(two_variant_shares, ax=_ax(), show="Kiew")


@pytest.fixture
def one_sided_keyness():
    # only the target group has significant terms: the reference ("rest") must get no legend entry
    return pd.DataFrame({
        "group": "Russian state media", "reference": "rest",
        "term": ["held", "tass", "kyiv", "war", "talks", "round"],
        "count_target": [19, 6, 0, 1, 30, 12], "count_reference": [70, 4, 159, 164, 500, 150],
        "statistic": [4.8, 4.4, -2.4, -2.2, 0.3, 1.1], "p_adj": [0.03, 0.04, 0.5, 0.5, 0.9, 0.9],
    })  # fmt: skip


def test_keyness_legend_names_only_the_points_drawn(one_sided_keyness):
    ax = plots.plot_keyness(one_sided_keyness, ax=_ax(), n_labels=2)
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert names == ["more in Russian state media", "not significant (p_adj ≥ 0.05)"]
    drawn = [c for c in ax.collections if c.get_label() in names]
    assert len(drawn) == 2  # every legend entry has its points


def test_keyness_labelled_points_are_ringed(one_sided_keyness):
    ax = plots.plot_keyness(one_sided_keyness, ax=_ax(), n_labels=2)
    rings = [c for c in ax.collections if len(c.get_facecolor()) == 0]
    assert len(rings) == 1 and len(rings[0].get_offsets()) == 4  # held, tass, kyiv, war


def _segment_crosses(p0, p1, box):
    from framing.plots._labels import _segment_hits_box

    return _segment_hits_box(p0, p1, (box.x0, box.y0, box.x1, box.y1))


@pytest.mark.parametrize("width", ["single", "double"])
def test_repel_labels_leader_lines_cross_no_label(width):
    # a crowded cluster: labels must move away and get leader lines, none through another label
    ax = _ax(0.8, width)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    x = [0.5, 0.51, 0.52, 0.5, 0.51, 0.49, 0.5, 0.52]
    y = [0.5, 0.5, 0.51, 0.49, 0.52, 0.5, 0.51, 0.48]
    texts = plots.repel_labels(ax, x, y, [f"term {i}" for i in range(8)], avoid_radius=[2] * 8)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [Text.get_window_extent(t, renderer) for t in texts]  # the text only (an Annotation adds its arrow)
    leaders = [(t.arrow_patch, i) for i, t in enumerate(texts) if t.arrow_patch is not None]
    assert leaders  # the cluster needs some
    for patch, i in leaders:
        path = patch.get_path().transformed(patch.get_transform())  # display coordinates
        p0, p1 = path.vertices[0], path.vertices[-1]
        for j, box in enumerate(boxes):
            if j != i:
                assert not _segment_crosses(p0, p1, box), (i, j)


def test_repel_labels_checks_within():
    with pytest.raises(InputError, match="within: expected 'axes' or 'figure', got 'page'"):
        plots.repel_labels(_ax(), [0.5], [0.5], ["a"], within="page")


def test_keyness_bars_glosses_and_legend_off_the_labels():
    table = pd.DataFrame({
        "group": "Russian state media", "reference": "Russian other media",
        "term": ["урегулированию", "завершились", "журналистов", "зеленский"],
        "estimate": [1.8, 1.7, -1.9, -2.0], "ci_low": [0.4, 0.7, -2.7, -3.1], "ci_high": [3.1, 2.5, -0.7, -0.5],
        "p_adj": [0.4, 0.5, 0.05, 0.4],
    })  # fmt: skip
    glosses = {"урегулированию": "settlement", "журналистов": "journalists"}
    ax = plots.plot_keyness_bars(table, ax=_ax(1.0), n=2, glosses=glosses)
    labels = sorted(t.get_text().strip() for t in ax.texts if "more in" not in t.get_text())
    assert labels == ["журналистов (journalists)", "завершились", "зеленский", "урегулированию (settlement)"]
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    for t in ax.texts:
        if "more in" not in t.get_text():
            assert not legend.overlaps(t.get_window_extent(renderer)), t.get_text()


def test_shares_refuse_two_rows_for_one_cell(two_variant_shares):
    twice = pd.concat([two_variant_shares, two_variant_shares.iloc[[0]]])
    with pytest.raises(InputError, match=r"1 duplicate \(group, variant\) rows.*one row per \(group, variant\)"):
        plots.plot_shares(twice, ax=_ax())


@pytest.fixture
def english_russian_state_keyness():
    # the 16 labelled terms of figures/03-keyness-english-russian-state plus the two rows that set its x-range:
    # "region", "territory" and "officials" sit almost on one spot and used to collide
    rows = [("held", 19, 70, 4.780), ("february", 18, 66, 4.665), ("tass", 6, 4, 4.376),
            ("presidential", 9, 21, 4.110), ("settlement", 10, 27, 4.071), ("spokesman", 7, 15, 3.744),
            ("peskov", 11, 39, 3.712), ("negotiations", 30, 218, 3.413), ("existing", 2, 1, 2.544),
            ("ukraine", 27, 582, -1.101), ("region", 0, 51, -1.337), ("territory", 0, 52, -1.350),
            ("zelensky", 3, 141, -1.474), ("officials", 0, 66, -1.522), ("zelenskyy", 1, 98, -1.563),
            ("volodymyr", 0, 99, -1.865), ("war", 1, 164, -2.182), ("kyiv", 0, 159, -2.368)]  # fmt: skip
    table = pd.DataFrame(rows, columns=["term", "count_target", "count_reference", "statistic"])
    table["p_adj"] = [0.04 if z > 3.7 and t != "peskov" else 0.5 for t, z in zip(table["term"], table["statistic"])]
    return table.assign(group="Russian state media", reference="rest")


@pytest.mark.parametrize("width", ["single", "double"])
def test_keyness_labels_overlap_no_label_and_leaders_cross_no_label(english_russian_state_keyness, width):
    ax = plots.plot_keyness(english_russian_state_keyness, ax=_ax(0.9, width), n_labels=8)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_text()]
    assert len(texts) == 16
    boxes = [Text.get_window_extent(t, renderer) for t in texts]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (texts[i].get_text(), texts[j].get_text())
    for i, t in enumerate(texts):
        if t.arrow_patch is None:
            continue
        path = t.arrow_patch.get_path().transformed(t.arrow_patch.get_transform())
        for j, box in enumerate(boxes):
            if j != i:
                crosses = _segment_crosses(path.vertices[0], path.vertices[-1], box)
                assert not crosses, (t.get_text(), texts[j].get_text())
