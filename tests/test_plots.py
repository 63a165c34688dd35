"""Tests for framing.plots: every function draws a small hand-made table and returns its Axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from framing import plots  # noqa: E402
from framing.errors import InputError  # noqa: E402
from framing.style import BLOC_COLORS, figure_size, paper_style  # noqa: E402


@pytest.fixture(autouse=True)
def _style_and_close():
    with paper_style():
        yield
    plt.close("all")


def _ax(aspect=0.8):
    return plt.subplots(figsize=figure_size("single", aspect))[1]


@pytest.fixture
def keyness_table():
    terms = ["talks", "peace", "kiev", "kyiv", "war", "operation", "envoy", "geneva", "round", "deal"]
    score = [3.1, 2.5, 2.2, -2.9, -2.4, 1.8, -0.3, 0.2, -1.9, 0.0]
    return pd.DataFrame(
        {
            "group": "Russian state media",
            "reference": "Western news agencies",
            "term": terms,
            "count_target": [30, 20, 12, 1, 2, 9, 5, 6, 3, 4],
            "count_reference": [10, 8, 1, 25, 20, 2, 6, 5, 12, 4],
            "estimate": score,
            "statistic": score,
            "p_adj": [0.001, 0.02, 0.04, 0.001, 0.03, 0.2, 0.9, 0.9, 0.1, 1.0],
            "ci_low": np.array(score) - 0.5,
            "ci_high": np.array(score) + 0.5,
        }
    )


def _boxes(texts):
    from matplotlib.text import Text

    texts[0].figure.draw_without_rendering()  # place the annotations
    renderer = texts[0].figure.canvas.get_renderer()

    return [Text.get_window_extent(t, renderer) for t in texts]


def test_repel_labels_no_overlap_and_deterministic():
    ax = _ax()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    x = [0.5] * 6 + [0.52] * 4  # ten labels on nearly one spot
    y = [0.5] * 10
    labels = [f"label {i}" for i in range(10)]
    texts = plots.repel_labels(ax, x, y, labels, avoid_radius=[2] * 10)
    boxes = _boxes(texts)
    for i in range(10):
        for j in range(i + 1, 10):
            assert not boxes[i].overlaps(boxes[j]), (labels[i], labels[j])
    again = plots.repel_labels(_ax(), x, y, labels, avoid_radius=[2] * 10)
    assert [t.get_position() for t in texts] == [t.get_position() for t in again]


def test_repel_labels_checks_lengths():
    with pytest.raises(InputError, match=r"x, y, labels: lengths differ \(2, 2, 1\)"):
        plots.repel_labels(_ax(), [0, 1], [0, 1], ["a"])
    assert plots.repel_labels(_ax(), [], [], []) == []


def test_plot_keyness(keyness_table):
    ax = plots.plot_keyness(keyness_table, ax=_ax(), n_labels=3)
    assert isinstance(ax, Axes)
    labelled = {t.get_text() for t in ax.texts}
    assert labelled == {"talks", "peace", "kiev", "kyiv", "war", "round"}
    assert ax.get_xscale() == "log"
    handles, names = ax.get_legend_handles_labels()
    assert names == ["more in Russian state media", "more in Western news agencies", "not significant (p_adj ≥ 0.05)"]
    expected = matplotlib.colors.to_rgb(BLOC_COLORS["Russian state media"])
    assert tuple(handles[0].get_facecolor()[0][:3]) == pytest.approx(expected)


def test_plot_keyness_needs_one_comparison(keyness_table):
    two = pd.concat([keyness_table, keyness_table.assign(group="Ukrainian media")])
    with pytest.raises(InputError, match="group: the table holds 2 comparisons"):
        plots.plot_keyness(two, ax=_ax())
    assert isinstance(plots.plot_keyness(two, group="Ukrainian media", ax=_ax()), Axes)
    with pytest.raises(InputError, match=r"group: 'Nobody' is not in column 'group'"):
        plots.plot_keyness(two, group="Nobody", ax=_ax())


def test_missing_column_is_named(keyness_table):
    with pytest.raises(InputError, match=r"data: missing column\(s\) \['statistic'\]"):
        plots.plot_keyness(keyness_table.drop(columns="statistic"), ax=_ax())
    with pytest.raises(InputError, match="data: expected a pandas DataFrame, got list"):
        plots.plot_shares([1, 2], ax=_ax())
    with pytest.raises(InputError, match="data: the table is empty"):
        plots.plot_shares(pd.DataFrame(columns=["group", "variant", "estimate", "ci_low", "ci_high"]), ax=_ax())


def test_plot_keyness_bars(keyness_table):
    ax = plots.plot_keyness_bars(keyness_table, ax=_ax(1.0), n=3)
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 6  # 3 terms per side
    widths = [p.get_width() for p in ax.patches]
    assert widths == [3.1, 2.5, 2.2, -1.9, -2.4, -2.9]


def test_plot_shares():
    data = pd.DataFrame(
        {
            "group": ["Western media", "Western media", "Russian state media", "Russian state media"],
            "variant": ["Kyiv", "Kiev", "Kyiv", "Kiev"],
            "estimate": [0.9, 0.1, 0.3, 0.7],
            "ci_low": [0.8, 0.05, 0.2, 0.6],
            "ci_high": [0.95, 0.2, 0.4, 0.8],
        }
    )
    ax = plots.plot_shares(data, ax=_ax())
    assert isinstance(ax, Axes)
    # blocs are shown in BLOC_ORDER (Russian state media first), top to bottom
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russian state media", "Western media"]
    with pytest.raises(InputError, match=r"order: values \['Western media'\]"):
        plots.plot_shares(data, ax=_ax(), order=["Russian state media"])


def test_plot_prevalence():
    data = pd.DataFrame(
        {
            "label": ["0: talks", "0: talks", "1: energy", "1: energy"],
            "group": ["Ukrainian media", "Other", "Ukrainian media", "Other"],
            "estimate": [0.3, 0.2, 0.1, 0.15],
            "ci_low": [0.25, 0.1, 0.05, 0.1],
            "ci_high": [0.35, 0.3, 0.15, 0.2],
        }
    )
    ax = plots.plot_prevalence(data, ax=_ax())
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0: talks", "1: energy"]


def test_plot_frame_heatmap():
    data = pd.DataFrame(
        {"frame": ["conflict", "conflict", "economic", "economic"], "group": ["Other", "Ukrainian media"] * 2,
         "estimate": [0.5, -0.25, 1.0, 0.0]}
    )  # fmt: skip
    ax = plots.plot_frame_heatmap(data, ax=_ax(), colorbar_label="per 1,000 tokens")
    assert isinstance(ax, Axes)
    assert ax.figure.axes[-1].get_ylabel() == "per 1,000 tokens"
    assert sorted(t.get_text() for t in ax.texts) == ["-0.25", "0.00", "0.50", "1.00"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Ukrainian media", "Other"]
    with pytest.raises(InputError, match=r"data: 1 duplicate \(frame, group\) rows"):
        plots.plot_frame_heatmap(pd.concat([data, data.iloc[:1]]), ax=_ax())


def test_plot_reuse_matrix():
    data = pd.DataFrame(
        {
            "original_source": ["Reuters", "Reuters", "AFP", "TASS"],
            "republisher_site": ["Site A", "Site B", "Site A", "Site C"],
            "n_stories": [3, 1, 2, 1],
        }
    )
    ax = plots.plot_reuse_matrix(data, ax=_ax(), max_originals=2)
    assert isinstance(ax, Axes)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Reuters", "AFP"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Site A", "Site B"]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "2", "3"]  # empty cells blank
    assert "not shown: 1 original(s), 1 republisher(s)" in ax.get_xlabel()


def test_plot_composition_draws_the_table_as_it_is():
    data = pd.DataFrame(
        {
            "date": ["2026-02-17", "2026-02-17", "2026-02-19", "2026-02-19"],
            "bloc": ["Other", "Ukrainian media", "Other", "Ukrainian media"],
            "n_docs": [2, 1, 3, 0],
        }
    )
    ax = plots.plot_composition(data, ax=_ax(), group="bloc")
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 2 * 2  # two groups x the two days of the table (nothing filled in)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Ukrainian media", "Other"]
    assert sorted(p.get_height() for p in ax.patches) == [0, 1, 2, 3]


def test_plot_composition_sums_nothing():
    undated = pd.DataFrame({"date": ["2026-02-17", ""], "group": ["a", "a"], "n_docs": [1, 5]})
    with pytest.raises(InputError, match=r"1 row\(s\) without a valid 'date'.*documents_per_day"):
        plots.plot_composition(undated, ax=_ax())
    twice = pd.DataFrame({"date": ["2026-02-17", "2026-02-17"], "group": ["a", "a"], "n_docs": [1, 5]})
    first = r"data: 1 duplicate \(date, group\) rows, first \['2026-02-17', 'a'\]; pass one count per day"
    with pytest.raises(InputError, match=first):
        plots.plot_composition(twice, ax=_ax())


def test_plot_topic_network():
    nodes = pd.DataFrame(
        {"topic": [0, 1, 2, 3], "label": ["talks", "energy", "prisoners", "sanctions"],
         "frame_label": ["diplomacy", "economy", "diplomacy", "economy"], "prevalence": [0.4, 0.2, 0.1, 0.3]}
    )  # fmt: skip
    edges = pd.DataFrame({"source": [0, 0, 1], "target": [1, 2, 3], "weight": [0.5, 1.0, 0.2]})
    ax = plots.plot_topic_network(nodes, edges, ax=_ax())
    assert isinstance(ax, Axes)
    assert {t.get_text() for t in ax.texts} == {"talks", "energy", "prisoners", "sanctions"}
    first = [c.get_offsets().tolist() for c in ax.collections]
    second = [c.get_offsets().tolist() for c in plots.plot_topic_network(nodes, edges, ax=_ax()).collections]
    assert first == second  # seeded layout
    with pytest.raises(InputError, match=r"edges: topic\(s\) \['9'\] are not in nodes\['topic'\]"):
        plots.plot_topic_network(nodes, edges.assign(target=[1, 2, 9]), ax=_ax())


def test_plot_topic_network_labels_stay_in_figure_with_a_wide_legend():
    # a legend about as wide as the figure makes constrained layout move the Axes on later draws until it
    # settles; labels must be placed against the settled layout, or the next draw (savefig) moves them
    frames = ["F0: territory talks / prisoner exchange / the president",
              "F1: the delegation / round of talks / negotiation process", "F2: their envoys / security council",
              "F3: ceasefire watch"]  # fmt: skip
    member = [1, 2, 1, 0, 0, 2, 1, 0, 0, 3]
    nodes = pd.DataFrame(
        {"topic": range(10), "label": [f"{k}: term{k} another{k}" for k in range(10)],
         "frame_label": [frames[f] for f in member], "prevalence": [0.1] * 10}
    )  # fmt: skip
    edges = pd.DataFrame({"source": [0, 0, 1, 2, 3, 4, 4], "target": [2, 6, 5, 6, 8, 7, 8], "weight": 0.2})
    ax = plots.plot_topic_network(nodes, edges, ax=_ax(1.0))
    placed = ax.get_position().bounds
    fig = ax.figure
    for _ in range(3):
        fig.draw_without_rendering()
    assert np.allclose(ax.get_position().bounds, placed, atol=1e-6)  # the layout had settled
    boxes = _boxes(ax.texts)
    assert all(b.x0 >= -0.5 and b.x1 <= fig.bbox.x1 + 0.5 for b in boxes)


def test_plot_choose_k():
    data = pd.DataFrame(
        {"n_topics": [10, 5, 15], "npmi": [0.08, 0.05, 0.07], "npmi_min": [0.07, 0.04, 0.05],
         "npmi_max": [0.09, 0.06, 0.08], "exclusivity": [0.7, 0.6, 0.72], "diversity": [0.85, 0.9, 0.8],
         "stability": [0.85, 0.9, 0.7], "perplexity": np.nan, "suggested": [True, False, False]}
    )  # fmt: skip
    axes = plots.plot_choose_k(data, chosen=10)
    assert len(axes) == 4 and all(isinstance(a, Axes) for a in axes)
    assert axes[0].lines[0].get_xdata().tolist() == [5, 10, 15]
    assert [a.get_title(loc="left") for a in axes] == ["coherence (NPMI)", "exclusivity", "topic diversity",
                                            "stability over refits"]  # fmt: skip
    assert [a.get_xlabel() for a in axes] == ["number of topics K", "", "", ""]  # one x-label
    legend = axes[0].figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "range over refits", "mean over refits", "suggested K = 10", "chosen K = 10"]
    assert [line.get_linestyle() for line in legend.get_lines()][-2:] == ["--", ":"]
    fig, two = plt.subplots(1, 2)
    axes = plots.plot_choose_k(data, axes=two, metrics=["npmi", "perplexity"])
    assert axes[1].texts[0].get_text() == "not available"
    with pytest.raises(InputError, match=r"axes: got 2 Axes for 1 metrics"):
        plots.plot_choose_k(data, axes=two, metrics=["npmi"])


def test_plot_alignment():
    data = pd.DataFrame(
        {"side": ["a", "a", "a", "b", "b", "b"], "doc_id": ["orig"] * 3 + ["copy"] * 3, "para": [0, 1, 2, 0, 1, 2],
         "role": ["title", "body", "body", "body", "body", "body"], "n_shingles": [4, 10, 8, 6, 10, 0],
         "status": ["changed", "kept", "dropped", "added", "kept", "too-short"], "matched_para": [1, 1, -1, -1, 1, -1],
         "share_found": [0.25, 1.0, 0.0, 0.0, 1.0, 0.0]}
    )  # fmt: skip
    ax = plots.plot_alignment(data, ax=_ax())
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 12  # a dark (found) and a light (not found) part per paragraph
    dark = [p.get_width() for p in ax.patches[:3]]
    light = [p.get_width() for p in ax.patches[3:6]]
    # changed at 25 %: a quarter of the bar dark; kept all dark; dropped all light
    assert dark[0] == pytest.approx(0.25 * (light[0] + dark[0])) and light[1] == 0 and dark[2] == 0
    assert len(ax.lines) == 2 + 1  # links a0-b1 and a1-b1 (b1 -> a1 is the same link), and the scale bar
    texts = [t.get_text() for t in ax.texts]
    assert "orig" in texts and "copy" in texts and "0 (title) 25%" in texts and "2 shingles" in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "found in the other copy", "not found", "too short to compare"]
    with pytest.raises(InputError, match=r"data: no rows with side == 'b'"):
        plots.plot_alignment(data[data["side"] == "a"], ax=_ax())
    with pytest.raises(InputError, match=r"missing column\(s\) \['matched_para'\]"):
        plots.plot_alignment(data.drop(columns="matched_para"), ax=_ax())
    assert plots.plot_alignment(data, ax=_ax(), legend=False, labels=["A long site name to wrap", "B"]).get_legend() is None


def test_keyness_bars_mark_bh_and_keep_whiskers_crossing_zero_visible():
    from framing.plots import plot_keyness_bars

    table = pd.DataFrame({"group": "A", "reference": "rest", "term": ["talks", "deal", "war"],
                          "estimate": [3.0, 1.0, -2.0], "ci_low": [1.0, -0.8, -3.0], "ci_high": [5.0, 2.0, 0.5],
                          "p_adj": [0.01, 0.4, np.nan]})  # fmt: skip
    ax = plot_keyness_bars(table, n=2, ax=plt.figure().add_subplot())
    faces = [tuple(p.get_facecolor()) for p in ax.patches[:3]]
    assert faces[0] != (1.0, 1.0, 1.0, 1.0)  # talks passes BH: filled
    assert faces[1] == (1.0, 1.0, 1.0, 1.0) and faces[2] == (1.0, 1.0, 1.0, 1.0)  # deal, war: outlined
    labels = {t.get_text().strip(): t for t in ax.texts if t.get_text().strip() in {"talks", "deal", "war"}}
    # deal's whisker reaches -0.8: its label starts beyond it, not at 0; war's reaches +0.5
    assert labels["deal"].get_position()[0] == pytest.approx(-0.8) and labels["deal"].get_ha() == "right"
    assert labels["war"].get_position()[0] == pytest.approx(0.5) and labels["war"].get_ha() == "left"
    assert labels["talks"].get_position()[0] == 0.0


def test_shares_print_documents_per_row():
    from framing.plots import plot_shares

    table = pd.DataFrame({"group": ["a", "a", "b", "b"], "variant": ["Kyiv", "Kiev"] * 2, "estimate": [0.8, 0.2, 0.5, 0.5],
                          "ci_low": [0.6, 0.1, 0.2, 0.2], "ci_high": [0.9, 0.4, 0.8, 0.8],
                          "n_docs_concept": [12, 12, 3, 3]})  # fmt: skip
    ax = plot_shares(table, ax=plt.figure().add_subplot())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a (n = 12)", "b (n = 3)"]


def test_plot_alignment_panels_share_row_height_and_scale():
    data = pd.DataFrame(
        {"side": ["a", "b"], "doc_id": ["x", "y"], "para": [0, 0], "n_shingles": [10, 10], "status": "kept",
         "matched_para": [0, 0], "share_found": 1.0, "role": "body"}
    )  # fmt: skip
    one = plots.plot_alignment(data, ax=_ax(), n_rows=8, longest=40)
    two = plots.plot_alignment(pd.concat([data] * 8).assign(para=list(range(8)) * 2).sort_values("side"), ax=_ax(),
                               n_rows=8, longest=40)  # fmt: skip
    assert one.get_ylim() == two.get_ylim()
    assert one.patches[0].get_width() == pytest.approx(0.25)  # 10 of 40 shingles
    with pytest.raises(InputError, match=r"plot_alignment\(\): n_rows must be an int >= 1 or None, got 0"):
        plots.plot_alignment(data, ax=_ax(), n_rows=0)
    with pytest.raises(InputError, match="n_rows: 1 is fewer than the 8 paragraphs"):
        plots.plot_alignment(pd.concat([data] * 8).assign(para=list(range(8)) * 2), ax=_ax(), n_rows=1)


def test_category_colours_never_a_bloc_colour_in_the_plots():
    bloc_rgb = {matplotlib.colors.to_rgb(c) for c in BLOC_COLORS.values()}
    shares = pd.DataFrame(
        {"group": ["Western media"] * 4, "variant": ["war", "conflict", "special operation", "crisis"],
         "estimate": [0.4, 0.3, 0.2, 0.1], "ci_low": 0.0, "ci_high": 0.5, "n_docs": 12}
    )  # fmt: skip
    ax = plots.plot_shares(shares, ax=_ax(), n="n_docs")
    used = [matplotlib.colors.to_rgb(line.get_color()) for line in ax.lines]
    assert used and not set(used) & bloc_rgb
    assert len({line.get_marker() for line in ax.lines}) == 4  # four variants, four shapes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Western media (n = 12)"]
    nodes = pd.DataFrame({"topic": [0, 1], "label": ["a", "b"], "frame_label": ["F0", "F1"], "prevalence": [0.5, 0.2]})
    ax = plots.plot_topic_network(nodes, pd.DataFrame({"source": [0], "target": [1], "weight": [1.0]}), ax=_ax())
    fills = {tuple(c.get_facecolor()[0][:3]) for c in ax.collections}
    assert not fills & bloc_rgb


def test_plot_prevalence_zero_tick_flag_clip_and_small_cells():
    data = pd.DataFrame(
        {"label": ["t0", "t0", "t1", "t1"], "group": ["Ukrainian media", "Other"] * 2,
         "estimate": [0.3, 0.2, 0.1, 0.15], "ci_low": [0.25, 0.1, 0.05, 0.1], "ci_high": [0.35, 0.3, 2.5, 0.2],
         "n_docs": [10, 2, 10, 2]}
    )  # fmt: skip
    ax = plots.plot_prevalence(data, ax=_ax(), flagged=["t1"], xmax=0.5, n="n_docs", min_n=3,
                               labels={"t0": "talks", "t1": "energy"})  # fmt: skip
    assert ax.get_xlim()[0] <= 0 and ax.get_xlim()[1] < 0.6
    assert [t.get_text() for t in ax.get_yticklabels()] == ["talks", "energy"]
    texts = [t.get_text() for t in ax.texts]
    assert "2.5" in texts  # the clipped upper bound, written at the edge
    assert texts.count("  n < 3") == 2  # Other has 2 documents: written, not left blank
    assert ax.get_legend().get_texts()[-1].get_text() == "unstable topic"
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and hollow[0].get_ydata().tolist() == pytest.approx([0.8])  # row 1, dodged


def test_plot_frame_heatmap_n_per_column_spaces_and_lower_triangle():
    data = pd.DataFrame(
        {"frame": ["human_interest", "conflict"] * 2, "group": ["Other", "Other", "Ukrainian media", "Ukrainian media"],
         "estimate": [0.5, 0.25, 1.0, 0.0], "n_docs": [59, 59, 20, 20]}
    )  # fmt: skip
    ax = plots.plot_frame_heatmap(data, ax=_ax(), n="n_docs")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["human interest", "conflict"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Ukrainian media (n = 20)", "Other (n = 59)"]
    groups = ["A", "B", "C"]
    square = pd.DataFrame([(a, b, 0.0 if a == b else 0.5) for a in groups for b in groups], columns=["a", "b", "d"])
    ax = plots.plot_frame_heatmap(square, ax=_ax(), frame="a", group="b", value="d", frame_order=groups,
                                  group_order=groups, lower_triangle=True)  # fmt: skip
    assert [t.get_text() for t in ax.get_yticklabels()] == ["B", "C"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]
    assert len(ax.texts) == 3  # B-A, C-A, C-B: each pair once, no diagonal


def test_plot_reuse_ranked_integer_counts():
    data = pd.DataFrame(
        {"original_source": ["Reuters", "Reuters", "AFP"], "republisher_site": ["KSL", "CNA", "CNA"],
         "n_stories": [1, 2, 1]}
    )  # fmt: skip
    ax = plots.plot_reuse_ranked(data, ax=_ax(), max_rows=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Reuters → CNA", "AFP → CNA"]
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert all(float(t).is_integer() for t in ticks)
    assert "not shown: 1 pair(s)" in ax.get_xlabel()
    assert len(ax.figure.axes) == 1  # no colour bar
