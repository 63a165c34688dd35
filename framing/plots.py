"""Plot functions: a table an analysis returned in, matplotlib Axes out.

Every function is axes-level (seaborn's convention): it draws on ``ax`` (or
the current Axes), returns it, never calls ``show()`` and never saves; save
with :func:`framing.style.save_figure`, passing the same table as ``data``.
Plots compute no statistics: they select, reshape (pivot) and draw the
columns they are given, so every figure can be rebuilt from its CSV. Column
names default to those of the analysis that makes the table and can be
changed with keyword arguments.

Like :mod:`framing.style`, this module imports matplotlib and is not
imported by ``import framing``; use ``from framing import plots, style``.

=============================  ===================================================
function                       draws
=============================  ===================================================
:func:`plot_keyness`           Fightin'-Words scatter: frequency (log) against
                               z, extremes labelled (:func:`framing.keyness.keyness`)
:func:`plot_keyness_bars`      diverging bars of the top terms of one comparison
:func:`plot_shares`            naming-choice shares per group with intervals
:func:`plot_prevalence`        topic prevalence by group, dot and whisker
:func:`plot_frame_heatmap`     frame (or tone) scores by group, heatmap with values
:func:`plot_reuse_matrix`      who carries whose story (:func:`framing.reuse.who_republishes_whom`)
:func:`plot_alignment`         paragraphs of two copies kept, changed, dropped, added
                               (:func:`framing.reuse.paragraph_alignment`)
:func:`plot_composition`       documents per day by language or bloc, stacked bars
:func:`plot_topic_network`     topic network coloured by frame community
:func:`plot_choose_k`          choose-K diagnostics, one panel per score
                               (:func:`framing.topic_quality.choose_k`)
=============================  ===================================================
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from .blocs import BLOC_ORDER
from .errors import InputError
from .style import OKABE_ITO, group_colors

__all__ = [
    "ALIGNMENT_COLORS",
    "plot_alignment",
    "plot_choose_k",
    "plot_composition",
    "plot_frame_heatmap",
    "plot_keyness",
    "plot_keyness_bars",
    "plot_prevalence",
    "plot_reuse_matrix",
    "plot_shares",
    "plot_topic_network",
    "repel_labels",
]

_GREY = "#BBBBBB"


# ----------------------------------------------------------------------------- helpers
def _check_table(data, columns: Sequence[str | None], name: str = "data") -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{name}: expected a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c is not None and c not in data.columns]
    if missing:
        raise InputError(
            f"{name}: missing column(s) {missing}; the table has {list(data.columns)}; "
            "name the columns with the keyword arguments (e.g. group='bloc')"
        )
    if data.empty:
        raise InputError(f"{name}: the table is empty; nothing to draw")
    return data


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        return plt.gca()
    if not isinstance(ax, Axes):
        raise InputError(f"ax: expected a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def _ordered(values, order: Sequence[str] | None = None) -> list:
    """Unique values in ``order`` if given, else blocs in BLOC_ORDER first, then first appearance."""
    seen = list(dict.fromkeys(values))
    if order is not None:
        missing = [v for v in seen if v not in order]
        if missing:
            raise InputError(f"order: values {missing} of the table are not in order={list(order)}")
        return [v for v in order if v in seen]
    blocs = [b for b in BLOC_ORDER if b in seen]
    return blocs + [v for v in seen if v not in blocs]


def _select(data: pd.DataFrame, column: str, value, param: str) -> pd.DataFrame:
    if value is None:
        return data
    out = data[data[column] == value]
    if out.empty:
        values = sorted(map(str, data[column].unique()))
        raise InputError(f"{param}: {value!r} is not in column {column!r}; values: {values}")
    return out


def _text_color(rgb) -> str:
    r, g, b = to_rgb(rgb)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "white"


def repel_labels(
    ax: Axes,
    x: Sequence[float],
    y: Sequence[float],
    labels: Sequence[str],
    *,
    fontsize: float | None = None,
    colors: Sequence[str] | None = None,
    pad: float = 1.5,
    avoid_radius: Sequence[float] | None = None,
    max_steps: int = 40,
    within: str = "axes",
) -> list:
    """Label points so that no two labels overlap (deterministic, greedy).

    Labels are placed one at a time, in the order given (put the most
    important first). For each, candidate spots are tried in order of
    distance from its point: right of it, left of it, above, below, then the
    same sides shifted up and down by growing steps of one label height; the
    first spot inside the Axes that overlaps no placed label (and, with
    ``avoid_radius``, no point's marker) is taken. A label placed away from
    its point gets a thin leader line. When no spot is free within
    ``max_steps`` steps the label goes to its first spot (the figure then
    needs fewer labels or more room). Same input, same positions.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    x, y : sequence of float
        Point positions in data coordinates.
    labels : sequence of str
    fontsize : float, default=None
        Font size in points (default: ``xtick.labelsize``).
    colors : sequence of str, default=None
        Text colours (default black).
    pad : float, default=1.5
        Gap between labels (and markers), in points.
    avoid_radius : sequence of float, default=None
        Radius in points of the marker at each labelled point; when given,
        labels are also kept off every marker (e.g. the nodes of a network).
    max_steps : int, default=40
    within : {'axes', 'figure'}, default='axes'
        Keep labels inside the Axes, or only inside the figure (for Axes
        without a frame, such as a network).

    Returns
    -------
    list of matplotlib.text.Annotation

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> texts = repel_labels(ax, [0.5, 0.5], [0.5, 0.5], ["first", "second"])
    >>> texts[0].get_position() != texts[1].get_position()
    True
    """
    n = len(labels)
    if not (len(x) == len(y) == n):
        raise InputError(f"x, y, labels: lengths differ ({len(x)}, {len(y)}, {n})")
    if n == 0:
        return []
    fig = ax.figure
    fontsize = plt.rcParams["xtick.labelsize"] if fontsize is None else fontsize
    colors = ["black"] * n if colors is None else list(colors)
    # Final layout first, so pixel sizes are right. Constrained layout can need several passes to settle
    # (a legend outside the Axes widens it a little on every draw); labels placed against an unsettled
    # layout would move with the Axes on the next draw (e.g. at savefig) and leave the figure.
    for _ in range(10):
        before = ax.get_position().bounds
        fig.draw_without_rendering()
        if np.allclose(ax.get_position().bounds, before, rtol=0, atol=1e-6):
            break
    renderer = fig.canvas.get_renderer()
    px_per_pt = fig.dpi / 72.0
    gap = pad * px_per_pt
    if within not in ("axes", "figure"):
        raise InputError(f"within: expected 'axes' or 'figure', got {within!r}")
    frame = ax.get_window_extent(renderer) if within == "axes" else fig.bbox
    points = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
    radius = np.zeros(n) if avoid_radius is None else np.asarray(avoid_radius, float) * px_per_pt
    obstacles = None
    if avoid_radius is not None:  # marker boxes: x0, y0, x1, y1
        px_, py_ = points[:, 0], points[:, 1]
        obstacles = np.column_stack([px_ - radius, py_ - radius, px_ + radius, py_ + radius])
    sizes = []
    for label in labels:
        t = ax.text(0, 0, str(label), fontsize=fontsize)
        box = t.get_window_extent(renderer)
        sizes.append((box.width, box.height))
        t.remove()
    placed = np.empty((0, 4))
    spots = []
    for k in range(n):
        w, h = sizes[k]
        px, py = points[k]
        off = 3 * px_per_pt + radius[k]
        sides = [
            (px + off, py - h / 2),  # right
            (px - off - w, py - h / 2),  # left
            (px - w / 2, py + off),  # above
            (px - w / 2, py - off - h),  # below
        ]
        candidates = list(sides)
        for step in range(1, max_steps + 1):
            dy = step * (h + gap) * 0.5
            for sx, sy in sides[:2]:
                candidates += [(sx, sy + dy), (sx, sy - dy)]
        chosen = None
        for cx, cy in candidates:
            box = np.array([cx - gap / 2, cy - gap / 2, cx + w + gap / 2, cy + h + gap / 2])
            if box[0] < frame.x0 or box[2] > frame.x1 or box[1] < frame.y0 or box[3] > frame.y1:
                continue
            if len(placed) and np.any(
                (placed[:, 0] < box[2]) & (placed[:, 2] > box[0]) & (placed[:, 1] < box[3]) & (placed[:, 3] > box[1])
            ):
                continue
            if obstacles is not None and np.any(
                (obstacles[:, 0] < box[2]) & (obstacles[:, 2] > box[0])
                & (obstacles[:, 1] < box[3]) & (obstacles[:, 3] > box[1])
            ):  # fmt: skip
                continue
            chosen = (cx, cy)
            break
        if chosen is None:
            cx = min(max(sides[0][0], frame.x0), frame.x1 - w)
            cy = min(max(sides[0][1], frame.y0), frame.y1 - h)
            chosen = (cx, cy)
        spots.append(chosen)
        cx, cy = chosen
        placed = np.vstack([placed, [cx - gap / 2, cy - gap / 2, cx + w + gap / 2, cy + h + gap / 2]])
    inverse = ax.transData.inverted()
    texts = []
    for k, (cx, cy) in enumerate(spots):
        w, h = sizes[k]
        tx, ty = inverse.transform((cx + w / 2, cy + h / 2))
        centre_dist = np.hypot(cx + w / 2 - points[k, 0], cy + h / 2 - points[k, 1])
        far = centre_dist > w / 2 + 3 * px_per_pt + radius[k] + h
        arrow = {"arrowstyle": "-", "lw": 0.4, "color": "#777777", "shrinkA": 0, "shrinkB": 2} if far else None
        t = ax.annotate(
            str(labels[k]), (x[k], y[k]), xytext=(tx, ty), textcoords="data", fontsize=fontsize,
            ha="center", va="center", color=colors[k], arrowprops=arrow, annotation_clip=False,
        )  # fmt: skip
        t.set_in_layout(False)
        texts.append(t)
    return texts


def _dot_whisker(ax, data, *, y, x, hue, low, high, order, hue_order, xlabel, legend_title):
    rows = _ordered(data[y].tolist(), order)
    hues = _ordered(data[hue].tolist(), hue_order) if hue is not None else [None]
    colors = group_colors([h for h in hues if h is not None]) if hue is not None else {}
    step = 0.8 / max(len(hues), 1)
    for k, level in enumerate(hues):
        part = data if level is None else data[data[hue] == level]
        pos = {r: i for i, r in enumerate(rows)}
        yy = np.array([pos[r] for r in part[y]], dtype=float) + (k - (len(hues) - 1) / 2) * step
        xx = part[x].to_numpy(dtype=float)
        color = colors.get(level, OKABE_ITO["blue"])
        if low is not None and high is not None:
            err = np.vstack([xx - part[low].to_numpy(dtype=float), part[high].to_numpy(dtype=float) - xx])
            ax.errorbar(xx, yy, xerr=np.clip(err, 0, None), fmt="none", ecolor=color, elinewidth=1, capsize=0)
        ax.plot(xx, yy, "o", color=color, label=str(level) if level is not None else None, markersize=3.5)
    ax.set_yticks(range(len(rows)), [str(r) for r in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.grid(True)
    ax.set_xlabel(xlabel)
    if hue is not None and len(hues) > 1:
        ax.legend(
            title=legend_title, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, handletextpad=0.2,
            columnspacing=1.0, borderaxespad=0.2,
        )  # fmt: skip
    return ax


# ----------------------------------------------------------------------------- keyness
def _pair_colors(g: str, r: str) -> dict[str, str]:
    """Target and reference colours; a pooled reference ("rest") of a bloc is neutral dark grey."""
    colors = group_colors([g, r])
    if g in BLOC_ORDER and r not in BLOC_ORDER:
        colors[r] = "#555555"  # not a cycle colour, which would read as another bloc's
    return colors


def _comparison(data: pd.DataFrame, group, reference, group_col, reference_col) -> pd.DataFrame:
    data = _select(data, group_col, group, "group")
    if reference_col in data.columns:
        data = _select(data, reference_col, reference, "reference")
        pairs = data[[group_col, reference_col]].drop_duplicates()
        if len(pairs) > 1:
            raise InputError(
                f"group: the table holds {len(pairs)} comparisons "
                f"({', '.join(f'{g} vs {r}' for g, r in pairs.itertuples(index=False))}); pick one with group= "
                "(and reference=)"
            )
    elif data[group_col].nunique() > 1:
        raise InputError(f"group: the table holds groups {sorted(data[group_col].unique())}; pick one with group=")
    return data


def plot_keyness(
    data: pd.DataFrame,
    *,
    group: str | None = None,
    reference: str | None = None,
    ax: Axes | None = None,
    n_labels: int = 8,
    alpha: float = 0.05,
    y: str = "statistic",
    count_columns: tuple[str, str] = ("count_target", "count_reference"),
    term: str = "term",
    group_col: str = "group",
    reference_col: str = "reference",
    p_adj: str | None = "p_adj",
    label_fontsize: float = 6,
) -> Axes:
    """Fightin'-Words scatter: how often a term is used against how distinctive it is.

    One point per term: x = its total count in both groups (log scale), y =
    the signed statistic (the z of the log-odds ratio with an informative
    Dirichlet prior, Monroe et al. 2008). Terms significant after
    Benjamini-Hochberg (``p_adj < alpha``) are coloured (target group's
    colour above zero, reference's below), the rest grey; the ``n_labels``
    highest and lowest terms are labelled without overlaps
    (:func:`repel_labels`).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.keyness.keyness` output (columns ``group``,
        ``reference``, ``term``, ``count_target``, ``count_reference``,
        ``statistic``, ``p_adj``).
    group, reference : str, default=None
        The comparison to draw, when the table holds several.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on (default: the current Axes).
    n_labels : int, default=8
        Terms labelled at each end.
    alpha : float, default=0.05
        Threshold on ``p_adj`` for colouring.
    y : str, default='statistic'
        Column on the y axis (``'score'`` also works).
    count_columns : (str, str), default=('count_target', 'count_reference')
        Columns summed for the x axis.
    term, group_col, reference_col : str
        Column names.
    p_adj : str or None, default='p_adj'
        Column of adjusted p-values; ``None`` colours every term.
    label_fontsize : float, default=6

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Monroe, B. L., Colaresi, M. P. and Quinn, K. M. (2008). Fightin' words:
    Lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis* 16(4), 372-403.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": "A", "reference": "rest", "term": ["talks", "war", "deal"],
    ...     "count_target": [9, 1, 4], "count_reference": [2, 8, 4], "statistic": [2.5, -2.1, 0.1],
    ...     "p_adj": [0.01, 0.03, 0.9]})
    >>> ax = plot_keyness(table, n_labels=1, ax=plt.figure().add_subplot())
    >>> sorted(t.get_text() for t in ax.texts)
    ['talks', 'war']
    """
    data = _check_table(data, [term, group_col, y, *count_columns, p_adj])
    data = _comparison(data, group, reference, group_col, reference_col)
    ax = _ax(ax)
    g = str(data[group_col].iloc[0])
    r = str(data[reference_col].iloc[0]) if reference_col in data.columns else "reference"
    colors = _pair_colors(g, r)
    total = data[count_columns[0]].to_numpy(dtype=float) + data[count_columns[1]].to_numpy(dtype=float)
    yy = data[y].to_numpy(dtype=float)
    sig = np.ones(len(data), bool) if p_adj is None else (data[p_adj].to_numpy(dtype=float) < alpha)
    keep = total > 0
    ax.scatter(total[keep & ~sig], yy[keep & ~sig], s=4, color=_GREY, linewidths=0, rasterized=False)
    for mask, color, name in ((sig & (yy > 0), colors[g], g), (sig & (yy < 0), colors[r], r)):
        ax.scatter(total[keep & mask], yy[keep & mask], s=6, color=color, linewidths=0, label=f"more in {name}")
    ax.set_xscale("log")
    ax.axhline(0, color="#777777", lw=0.5)
    ax.set_xlabel("term count (both groups, log scale)")
    ax.set_ylabel("z (log-odds ratio)" if y == "statistic" else y)
    ax.yaxis.grid(True)
    order = np.argsort(-yy, kind="stable")
    top = [i for i in order[:n_labels] if yy[i] > 0 and keep[i]]
    bottom = [i for i in order[::-1][:n_labels] if yy[i] < 0 and keep[i]]
    chosen = top + bottom
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), markerscale=1.5, handletextpad=0.1, borderaxespad=0.2)
    if chosen:
        terms = data[term].to_numpy(dtype=object)
        repel_labels(
            ax, total[chosen], yy[chosen], [terms[i] for i in chosen], fontsize=label_fontsize,
        )  # fmt: skip
    return ax


def plot_keyness_bars(
    data: pd.DataFrame,
    *,
    group: str | None = None,
    reference: str | None = None,
    ax: Axes | None = None,
    n: int = 10,
    x: str = "score",
    term: str = "term",
    group_col: str = "group",
    reference_col: str = "reference",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
) -> Axes:
    """Diverging bars: the ``n`` terms most typical of each side of one comparison.

    Bars to the right are the target group's terms (its colour), bars to the
    left the reference's; with interval columns present (``n_boot > 0`` in
    :func:`framing.keyness.keyness`) each bar gets its bootstrap interval.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.keyness.keyness` output.
    group, reference : str, default=None
        The comparison to draw, when the table holds several.
    ax : matplotlib.axes.Axes, default=None
    n : int, default=10
        Terms per side.
    x : str, default='score'
        Column of the signed score.
    term, group_col, reference_col : str
        Column names.
    low, high : str or None, default='ci_low', 'ci_high'
        Interval columns; ignored when absent from the table.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": "A", "reference": "rest", "term": ["talks", "war", "deal"],
    ...     "score": [2.5, -2.1, 0.1]})
    >>> len(plot_keyness_bars(table, n=1, ax=plt.figure().add_subplot()).patches)
    2
    """
    data = _check_table(data, [term, group_col, x])
    data = _comparison(data, group, reference, group_col, reference_col)
    ax = _ax(ax)
    g = str(data[group_col].iloc[0])
    r = str(data[reference_col].iloc[0]) if reference_col in data.columns else "reference"
    colors = _pair_colors(g, r)
    ranked = data.sort_values(x, ascending=False, kind="stable")
    pos, neg = ranked[ranked[x] > 0].head(n), ranked[ranked[x] < 0].tail(n)
    show = pd.concat([pos, neg])
    values = show[x].to_numpy(dtype=float)
    yy = np.arange(len(show))
    bar_colors = [colors[g] if v > 0 else colors[r] for v in values]
    ax.barh(yy, values, color=bar_colors, height=0.7)
    if low in show.columns and high in show.columns:
        err = np.vstack([values - show[low].to_numpy(dtype=float), show[high].to_numpy(dtype=float) - values])
        bars = ax.errorbar(values, yy, xerr=np.clip(err, 0, None), fmt="none", ecolor="#333333", elinewidth=0.6)
        for line in bars.lines[2]:  # a thin white edge keeps the whisker visible on a dark bar
            line.set_path_effects([patheffects.withStroke(linewidth=1.6, foreground="white")])
    ax.set_yticks([])
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]  # an interval crossing 0 runs under the label
    for yi, v, t in zip(yy, values, show[term].to_numpy(dtype=object)):
        ax.text(0, yi, f" {t} " if v < 0 else f" {t} ", ha="left" if v < 0 else "right", va="center", fontsize=6,
                path_effects=halo)  # fmt: skip
    ax.set_ylim(len(show) - 0.5, -0.5)
    ax.axvline(0, color="#333333", lw=0.6)
    ax.spines["left"].set_visible(False)
    ax.xaxis.grid(True)
    ax.set_xlabel(x)
    ax.text(0, 1.01, f"← more in {r}", transform=ax.transAxes, ha="left", va="bottom", fontsize=6.5, color=colors[r])
    ax.text(1, 1.01, f"more in {g} →", transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5,
            color=colors[g])  # fmt: skip
    return ax


# ----------------------------------------------------------------------------- shares, prevalence
def plot_shares(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    group: str = "group",
    variant: str = "variant",
    share: str = "share",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    order: Sequence[str] | None = None,
    variant_order: Sequence[str] | None = None,
    percent: bool = True,
) -> Axes:
    """Naming-choice shares per group with their intervals (dot and whisker).

    One row per group; one dot per variant (e.g. *Kyiv* and *Kiev*), dodged
    and coloured, with its interval (e.g. Wilson) as a whisker.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (group, variant): ``group``, ``variant``, ``share`` (0-1)
        and interval bounds ``ci_low``, ``ci_high``:
        :func:`framing.naming.naming_shares` output (pass
        ``low='doc_ci_low', high='doc_ci_high', share='doc_share'`` for the
        document-level shares).
    ax : matplotlib.axes.Axes, default=None
    group, variant, share, low, high : str
        Column names (``low``/``high`` None: no whiskers).
    order, variant_order : sequence of str, default=None
        Order of groups (default: blocs in :data:`~framing.blocs.BLOC_ORDER`,
        then first appearance) and of variants.
    percent : bool, default=True
        Label the axis in percent.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": ["a", "a"], "variant": ["Kyiv", "Kiev"], "share": [0.8, 0.2],
    ...     "ci_low": [0.6, 0.1], "ci_high": [0.9, 0.4]})
    >>> [t.get_text() for t in plot_shares(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['a']
    """
    data = _check_table(data, [group, variant, share, low, high])
    ax = _ax(ax)
    _dot_whisker(
        ax, data, y=group, x=share, hue=variant, low=low, high=high, order=order, hue_order=variant_order,
        xlabel="share of mentions", legend_title=None,
    )  # fmt: skip
    if percent:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlim(-0.02, 1.02)
    return ax


def plot_prevalence(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    topic: str = "label",
    group: str = "group",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    topic_order: Sequence[str] | None = None,
    group_order: Sequence[str] | None = None,
) -> Axes:
    """Topic prevalence by group: one row per topic, a dot and whisker per group.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (topic, group) with the estimate and its interval:
        :func:`framing.prevalence.topic_prevalence` output (``label``,
        ``group``, ``estimate``, ``ci_low``, ``ci_high``), or
        :func:`framing.antmn.antmn_prevalence` with ``topic='frame_label'``.
    ax : matplotlib.axes.Axes, default=None
    topic, group, estimate, low, high : str
        Column names (``topic`` is the row label, e.g. a topic's label).
    topic_order, group_order : sequence of str, default=None
        Row order (default: first appearance) and group order (default: blocs
        in BLOC_ORDER first).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"label": ["0: talks", "1: oil"], "group": "a", "estimate": [0.6, 0.4],
    ...     "ci_low": [0.5, 0.3], "ci_high": [0.7, 0.5]})
    >>> [t.get_text() for t in plot_prevalence(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['0: talks', '1: oil']
    """
    data = _check_table(data, [topic, group, estimate, low, high])
    ax = _ax(ax)
    order = topic_order if topic_order is not None else list(dict.fromkeys(data[topic]))
    return _dot_whisker(
        ax, data, y=topic, x=estimate, hue=group, low=low, high=high, order=order, hue_order=group_order,
        xlabel="topic prevalence", legend_title=None,
    )  # fmt: skip


# ----------------------------------------------------------------------------- heatmaps
def _heatmap(ax, matrix: pd.DataFrame, *, fmt: str, cmap, center, blank_zero: bool, colorbar_label: str):
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    if center is not None and finite.size:
        span = max(abs(finite.max() - center), abs(finite.min() - center)) or 1.0
        vmin, vmax = center - span, center + span
    else:
        vmin, vmax = (finite.min(), finite.max()) if finite.size else (0, 1)
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.set_xticks(
        range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=40, ha="right", rotation_mode="anchor"
    )
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if not np.isfinite(v) or (blank_zero and v == 0):
                continue
            rgba = image.cmap(image.norm(v))
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=6, color=_text_color(rgba))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.set_label(colorbar_label)
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=6)
    if fmt == ".0f":
        from matplotlib.ticker import MaxNLocator

        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_frame_heatmap(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    frame: str = "frame",
    group: str = "group",
    value: str = "mean",
    fmt: str = ".2f",
    cmap: str | None = None,
    center: float | None = None,
    frame_order: Sequence[str] | None = None,
    group_order: Sequence[str] | None = None,
    colorbar_label: str | None = None,
) -> Axes:
    """Frame (or tone) scores by group: a heatmap with the value in each cell.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (frame, group) with the score (long table):
        :func:`framing.frames.compare_frames` output (``frame``, ``group``,
        ``mean``); for :func:`framing.tone.compare_tone` by actor pass
        ``frame='actor'``.
    ax : matplotlib.axes.Axes, default=None
    frame, group, value : str
        Column names: rows, columns and cell values.
    fmt : str, default='.2f'
        Format of the cell values.
    cmap : str, default=None
        Colormap; default ``'cividis'``, or ``'RdBu_r'`` centred on 0 when
        the values have both signs.
    center : float, default=None
        Value mapped to the middle of the colormap (default 0 when values have
        both signs).
    frame_order, group_order : sequence of str, default=None
        Row order (first appearance) and column order (blocs first).
    colorbar_label : str, default=None
        Label of the colour bar (default: the ``value`` column's name).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If a (frame, group) pair occurs twice.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"frame": ["conflict", "economic"], "group": "a", "mean": [1.5, 0.25]})
    >>> sorted(t.get_text() for t in plot_frame_heatmap(table, ax=plt.figure().add_subplot()).texts)
    ['0.25', '1.50']
    """
    data = _check_table(data, [frame, group, value])
    dup = data.duplicated([frame, group])
    if dup.any():
        first = data.loc[dup, [frame, group]].iloc[0].tolist()
        raise InputError(
            f"data: {int(dup.sum())} duplicate ({frame}, {group}) rows, first {first}; pass one score per cell"
        )
    ax = _ax(ax)
    rows = frame_order if frame_order is not None else list(dict.fromkeys(data[frame]))
    cols = _ordered(data[group].tolist(), group_order)
    matrix = data.pivot(index=frame, columns=group, values=value).reindex(index=rows, columns=cols)
    v = matrix.to_numpy(dtype=float)
    both = np.nanmin(v) < 0 < np.nanmax(v)
    if center is None and both:
        center = 0.0
    cmap = cmap or ("RdBu_r" if center is not None else "cividis")
    label = value if colorbar_label is None else colorbar_label
    return _heatmap(ax, matrix, fmt=fmt, cmap=cmap, center=center, blank_zero=False, colorbar_label=label)


def plot_reuse_matrix(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    original: str = "original_source",
    republisher: str = "republisher_site",
    value: str = "n_stories",
    max_originals: int = 12,
    max_republishers: int = 15,
    cmap: str = "Blues",
) -> Axes:
    """Who carries whose story: originals (rows) by republishers (columns).

    Cells hold ``value`` summed over the table's rows for that pair (e.g.
    stories of Reuters carried by any site of a source); empty cells are
    blank. Only the originals and republishers with the largest totals are
    shown (how many were left out is written under the axis).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.reuse.who_republishes_whom` summary (columns
        ``original_source``, ``republisher_site``, ``n_stories``).
    ax : matplotlib.axes.Axes, default=None
    original, republisher, value : str
        Column names (``republisher='republisher_source'`` for sources, or a
        bloc column you added).
    max_originals, max_republishers : int, default=12, 15
        Rows and columns shown, by descending total.
    cmap : str, default='Blues'

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"original_source": ["Reuters", "AFP"], "republisher_site": ["x.com", "y.org"],
    ...     "n_stories": [3, 1]})
    >>> [t.get_text() for t in plot_reuse_matrix(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['Reuters', 'AFP']
    """
    data = _check_table(data, [original, republisher, value])
    ax = _ax(ax)
    matrix = data.pivot_table(index=original, columns=republisher, values=value, aggfunc="sum", fill_value=0)
    rows = matrix.sum(axis=1).sort_values(ascending=False, kind="stable")
    keep_r = list(rows.index[:max_originals])
    cols = matrix.loc[keep_r].sum(axis=0).sort_values(ascending=False, kind="stable")
    keep_c = list(cols.index[cols > 0][:max_republishers])
    shown = matrix.loc[keep_r, keep_c]
    shown = shown.loc[shown.sum(axis=1) > 0]  # originals whose republishers are all cut
    keep_r = list(shown.index)
    cols = matrix.sum(axis=0)
    _heatmap(ax, shown, fmt=".0f", cmap=cmap, center=None, blank_zero=True, colorbar_label=value.replace("_", " "))
    ax.set_ylabel("original source")
    left = (len(rows) - len(keep_r), len(cols) - len(keep_c))
    note = f"\n(not shown: {left[0]} original(s), {left[1]} republisher(s))" if any(left) else ""
    ax.set_xlabel("republished by" + note)
    return ax


# ----------------------------------------------------------------------------- composition
def plot_composition(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    date: str = "date",
    group: str = "group",
    count: str = "n_documents",
    order: Sequence[str] | None = None,
    legend: bool = True,
) -> Axes:
    """Documents per day, stacked by group (language or bloc).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (date, group) with a count, e.g.
        ``docs.groupby(["date", "bloc"]).size().rename("n_documents").reset_index()``.
        Rows with an empty or unparseable date are left out with a warning
        that says how many.
    ax : matplotlib.axes.Axes, default=None
    date, group, count : str
        Column names.
    order : sequence of str, default=None
        Stacking order, bottom first (default: blocs in BLOC_ORDER, then by
        descending total).
    legend : bool, default=True

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"date": ["2026-02-17", "2026-02-18"], "group": ["en", "ru"], "n_documents": [3, 2]})
    >>> len(plot_composition(table, ax=plt.figure().add_subplot()).patches)  # 2 days x 2 groups
    4
    """
    data = _check_table(data, [date, group, count])
    ax = _ax(ax)
    days = pd.to_datetime(data[date].replace("", None), errors="coerce", format="%Y-%m-%d")
    bad = days.isna()
    if bad.any():
        warnings.warn(
            f"plot_composition: left out {int(bad.sum())} row(s) ({int(data.loc[bad, count].sum())} documents) "
            "without a valid date",
            stacklevel=2,
        )
    table = data.loc[~bad].assign(**{date: days[~bad]})
    if table.empty:
        raise InputError(f"data: no row has a valid {date!r} (YYYY-MM-DD)")
    wide = table.pivot_table(index=date, columns=group, values=count, aggfunc="sum", fill_value=0)
    wide = wide.reindex(pd.date_range(wide.index.min(), wide.index.max(), freq="D"), fill_value=0)
    if order is None:
        totals = wide.sum().sort_values(ascending=False, kind="stable")
        blocs = [b for b in BLOC_ORDER if b in wide.columns]
        order = blocs + [g for g in totals.index if g not in blocs]
    else:
        order = _ordered(wide.columns.tolist(), order)
    colors = group_colors(order)
    bottom = np.zeros(len(wide))
    for g in order:
        ax.bar(wide.index, wide[g].to_numpy(), bottom=bottom, width=0.85, color=colors[g], label=str(g), linewidth=0)
        bottom += wide[g].to_numpy()
    ax.set_ylabel("documents per day")
    ax.yaxis.grid(True)
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    if legend:
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, handlelength=0.8, columnspacing=0.8,
            borderaxespad=0.2,
        )  # fmt: skip
    return ax


# ----------------------------------------------------------------------------- topics
def plot_topic_network(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    ax: Axes | None = None,
    node: str = "topic",
    label: str | None = "label",
    community: str = "frame_label",
    size: str | None = "prevalence",
    source: str = "source",
    target: str = "target",
    weight: str = "weight",
    seed: int = 0,
    label_fontsize: float = 6,
) -> Axes:
    """Topic network coloured by frame community (spring layout, seeded).

    Parameters
    ----------
    nodes : pandas.DataFrame
        One row per topic: ``topic`` (id), ``label``, ``frame_label`` (its
        community), ``prevalence`` (node area): ``TopicFrames.nodes`` from
        :func:`framing.antmn.antmn_frames`.
    edges : pandas.DataFrame
        One row per edge: ``source``, ``target`` (topic ids), ``weight``
        (edge width and layout weight; must be positive): ``TopicFrames.edges``.
    ax : matplotlib.axes.Axes, default=None
    node, label, community, size, source, target, weight : str
        Column names (``label=None`` labels nodes by id; ``size=None`` draws
        equal nodes).
    seed : int, default=0
        Seed of :func:`networkx.spring_layout`: the same seed, the same picture.
    label_fontsize : float, default=6

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If an edge names a topic that is not in ``nodes``.

    Examples
    --------
    >>> import pandas as pd
    >>> nodes = pd.DataFrame({"topic": [0, 1, 2], "label": ["talks", "oil", "prisoners"],
    ...     "frame_label": ["F0", "F0", "F1"], "prevalence": [0.5, 0.3, 0.2]})
    >>> edges = pd.DataFrame({"source": [0, 0], "target": [1, 2], "weight": [0.4, 0.1]})
    >>> sorted(t.get_text() for t in plot_topic_network(nodes, edges, ax=plt.figure().add_subplot()).texts)
    ['oil', 'prisoners', 'talks']
    """
    import networkx as nx

    nodes = _check_table(nodes, [node, label, community, size], "nodes")
    if not isinstance(edges, pd.DataFrame):
        raise InputError(f"edges: expected a pandas DataFrame, got {type(edges).__name__}")
    missing = [c for c in (source, target, weight) if c not in edges.columns]
    if missing:
        raise InputError(f"edges: missing column(s) {missing}; the table has {list(edges.columns)}")
    ids = nodes[node].tolist()
    unknown = sorted({str(v) for v in pd.concat([edges[source], edges[target]]) if v not in set(ids)})
    if unknown:
        raise InputError(f"edges: topic(s) {unknown} are not in nodes[{node!r}]")
    ax = _ax(ax)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for s, t, w in edges[[source, target, weight]].itertuples(index=False):
        graph.add_edge(s, t, weight=float(w))
    pos = nx.spring_layout(graph, seed=seed, weight="weight")
    xy = np.array([pos[i] for i in ids])
    communities = _ordered(nodes[community].tolist())
    palette = group_colors([f"\0{c}" for c in communities])  # never a bloc name: cycle the palette
    color_of = {c: palette[f"\0{c}"] for c in communities}
    w = edges[weight].to_numpy(dtype=float)
    wmax = w.max() if len(w) else 1.0
    for (s, t, wt) in edges[[source, target, weight]].itertuples(index=False):
        ax.plot([pos[s][0], pos[t][0]], [pos[s][1], pos[t][1]], color="#999999", lw=0.3 + 2.0 * float(wt) / wmax,
                alpha=0.6, zorder=1)  # fmt: skip
    if size is not None:
        sz = nodes[size].to_numpy(dtype=float)
        area = 20 + 180 * (sz / sz.max() if sz.max() > 0 else sz)
    else:
        area = np.full(len(ids), 60.0)
    for c in communities:
        mask = (nodes[community] == c).to_numpy()
        ax.scatter(xy[mask, 0], xy[mask, 1], s=area[mask], color=color_of[c], edgecolors="white", linewidths=0.5,
                   label=str(c), zorder=2)  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    margin = 0.12
    ax.set_xlim(xy[:, 0].min() - margin, xy[:, 0].max() + margin)
    ax.set_ylim(xy[:, 1].min() - margin, xy[:, 1].max() + margin)
    names = nodes[label if label is not None else node].astype(str).tolist()
    ax.legend(
        title="frame" if community == "frame_label" else community, loc="upper left", bbox_to_anchor=(0.0, 0.0),
        markerscale=0.6, handletextpad=0.2, alignment="left", borderaxespad=0.2,
    )  # fmt: skip
    radius_pt = np.sqrt(area) / 2 + 0.5  # scatter sizes are areas in points^2; + the white edge
    repel_labels(ax, xy[:, 0], xy[:, 1], names, fontsize=label_fontsize, avoid_radius=radius_pt, within="figure")
    return ax


def plot_choose_k(
    data: pd.DataFrame,
    *,
    axes: Sequence[Axes] | None = None,
    k: str = "n_topics",
    metrics: Sequence[str] = ("npmi", "exclusivity", "diversity", "stability"),
    ranges: dict[str, tuple[str, str]] | None = None,
    suggested: str | None = "suggested",
) -> np.ndarray:
    """Choose-K diagnostics: one small panel per score against the number of topics.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.topic_quality.choose_k` output: one row per K.
    axes : sequence of Axes, default=None
        One Axes per metric; default: a new figure (two-column width) with one
        row of panels.
    k : str, default='n_topics'
    metrics : sequence of str, default=('npmi', 'exclusivity', 'diversity', 'stability')
        Columns to draw; metrics that are all NaN (e.g. perplexity of NMF) are
        drawn as empty panels with a note.
    ranges : dict, default=None
        Metric -> (low, high) columns drawn as a band; default
        ``{'npmi': ('npmi_min', 'npmi_max')}`` when those columns exist.
    suggested : str or None, default='suggested'
        Boolean column marking the suggested K (dashed line in every panel).

    Returns
    -------
    numpy.ndarray of Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"n_topics": [5, 10], "npmi": [0.05, 0.08], "suggested": [False, True]})
    >>> [ax.get_title() for ax in plot_choose_k(table, metrics=["npmi"])]
    ['npmi']
    """
    data = _check_table(data, [k, *metrics])
    metrics = list(metrics)
    if axes is None:
        from .style import figure_size

        fig, axes = plt.subplots(1, len(metrics), figsize=figure_size("double", 0.3), squeeze=False)
        axes = axes[0]
    axes = np.asarray(axes, dtype=object).ravel()
    if len(axes) != len(metrics):
        raise InputError(f"axes: got {len(axes)} Axes for {len(metrics)} metrics {metrics}")
    if ranges is None:
        ranges = {"npmi": ("npmi_min", "npmi_max")} if {"npmi_min", "npmi_max"} <= set(data.columns) else {}
    table = data.sort_values(k)
    kk = table[k].to_numpy(dtype=float)
    best = None
    if suggested is not None and suggested in table.columns and table[suggested].astype(bool).any():
        best = float(table.loc[table[suggested].astype(bool), k].iloc[0])
    for ax, metric in zip(axes, metrics):
        values = table[metric].to_numpy(dtype=float)
        if metric in ranges:
            lo, hi = ranges[metric]
            ax.fill_between(kk, table[lo].to_numpy(dtype=float), table[hi].to_numpy(dtype=float),
                            color=OKABE_ITO["sky blue"], alpha=0.35, linewidth=0)  # fmt: skip
        if np.isfinite(values).any():
            ax.plot(kk, values, "o-", color=OKABE_ITO["blue"], markersize=3)
        else:
            ax.text(0.5, 0.5, "not available", transform=ax.transAxes, ha="center", va="center", color="#777777")
        if best is not None:
            ax.axvline(best, color=OKABE_ITO["vermillion"], lw=0.8, ls="--")
        ax.set_title(metric)
        ax.set_xlabel("K")
        ax.set_xticks(kk)
        ax.yaxis.grid(True)
    return axes


# ----------------------------------------------------------------------------- alignment
#: Colours of paragraph statuses in :func:`plot_alignment`.
ALIGNMENT_COLORS: dict[str, str] = {
    "kept": OKABE_ITO["bluish green"],
    "changed": OKABE_ITO["orange"],
    "dropped": OKABE_ITO["vermillion"],
    "added": OKABE_ITO["blue"],
    "too-short": _GREY,
}


def plot_alignment(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    side: str = "side",
    para: str = "para",
    status: str = "status",
    size: str | None = "n_shingles",
    matched: str = "matched_para",
    role: str | None = "role",
    doc_id: str = "doc_id",
    labels: Sequence[str] | None = None,
    legend: bool = True,
) -> Axes:
    """Paragraph alignment of two documents: A's paragraphs left, B's right, links between.

    Each paragraph is a bar coloured by its status (kept, changed, dropped,
    added, too-short; :data:`ALIGNMENT_COLORS`), in page order from the top;
    bar length is ``size`` (shingles, roughly the paragraph's words). A grey
    line joins a paragraph to the other document's paragraph it shares most
    shingles with (``matched``), so moved or merged paragraphs show as
    crossing or converging lines.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.reuse.paragraph_alignment` output: one row per
        paragraph of A (``side == 'a'``) then of B (``'b'``).
    ax : matplotlib.axes.Axes, default=None
    side, para, status, size, matched, role, doc_id : str
        Column names (``size=None``: equal bars; ``role=None``: no title
        marks; a paragraph whose role is ``'title'`` is labelled "(title)").
    labels : (str, str), default=None
        Headers of the two columns (wrapped at 20 characters); default the
        two ``doc_id`` values.
    legend : bool, default=True
        Draw the status legend under the Axes (turn off for all but one
        panel of a multi-panel figure).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If a column is missing or the table lacks side ``'a'`` or ``'b'``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"side": ["a", "a", "b", "b"], "doc_id": ["x", "x", "y", "y"], "para": [0, 1, 0, 1],
    ...                   "n_shingles": [8, 6, 8, 5], "status": ["kept", "dropped", "kept", "added"],
    ...                   "matched_para": [0, -1, 0, -1]})
    >>> len(plot_alignment(t, ax=plt.figure().add_subplot(), role=None).patches)
    4
    """
    data = _check_table(data, [side, para, status, size, matched, role, doc_id])
    parts = {s: data[data[side] == s].sort_values(para, kind="stable") for s in ("a", "b")}
    empty = [s for s, part in parts.items() if part.empty]
    if empty:
        raise InputError(f"data: no rows with {side} == {empty[0]!r}; pass a paragraph_alignment() table (sides 'a' and 'b')")
    if labels is None:
        labels = [str(parts[s][doc_id].iloc[0]) for s in ("a", "b")]
    elif len(labels) != 2:
        raise InputError(f"labels: give two headers (A, B), got {list(labels)}")
    ax = _ax(ax)
    gap, width = 0.35, 1.0
    sizes = pd.concat([parts["a"], parts["b"]])[size].to_numpy(dtype=float) if size is not None else np.ones(1)
    longest = sizes.max() if sizes.size and sizes.max() > 0 else 1.0
    y_of = {}
    for s, sign in (("a", -1), ("b", 1)):
        part = parts[s]
        length = part[size].to_numpy(dtype=float) / longest * width if size is not None else np.full(len(part), width)
        length = np.maximum(length, 0.03)  # a paragraph without shingles stays visible
        y = np.arange(len(part), dtype=float)
        y_of[s] = dict(zip(part[para].astype(int), y))
        left = -gap - length if sign < 0 else np.full(len(part), gap)
        colors = [ALIGNMENT_COLORS.get(str(v), _GREY) for v in part[status]]
        ax.barh(y, length, left=left, height=0.7, color=colors, edgecolor="none")
        roles = part[role].astype(str).tolist() if role is not None else [""] * len(part)
        for yy, p, r in zip(y, part[para].astype(int), roles):
            text = f"{p}" + (" (title)" if r == "title" else "")
            x = -gap - width - 0.04 if sign < 0 else gap + width + 0.04
            ax.text(x, yy, text, ha="right" if sign < 0 else "left", va="center", fontsize=6, color="#555555")
        header = textwrap.fill(str(labels[0 if s == "a" else 1]), 20)
        ax.text(sign * gap, -0.75, header, ha="right" if sign < 0 else "left", va="bottom", fontweight="bold")
    links = set()
    for s, other in (("a", "b"), ("b", "a")):
        for p, q in parts[s][[para, matched]].astype(int).itertuples(index=False):
            if q >= 0 and q in y_of[other]:
                links.add((p, q) if s == "a" else (q, p))
    for p, q in sorted(links):
        ax.plot([-gap, gap], [y_of["a"][p], y_of["b"][q]], color="#888888", lw=0.7, zorder=0)
    n = max(len(parts["a"]), len(parts["b"]))
    ax.set_ylim(n - 0.4, -1.3)
    ax.set_xlim(-gap - width - 0.35, gap + width + 0.35)
    ax.set_axis_off()
    if legend:
        from matplotlib.patches import Patch

        shown = [k for k in ALIGNMENT_COLORS if k in set(data[status].astype(str))]
        ax.legend(
            [Patch(color=ALIGNMENT_COLORS[k]) for k in shown], shown, loc="upper center", bbox_to_anchor=(0.5, 0.0),
            ncols=len(shown), handlelength=1.0, handletextpad=0.4, columnspacing=1.0, borderaxespad=0.2,
        )  # fmt: skip
    return ax
