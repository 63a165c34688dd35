"""Figures for the structural topic model: prevalence differences and curves, content contrasts, topic correlations."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt  # noqa: F401  (doctests use plt)
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ..style import OKABE_ITO, group_colors
from ._base import _ax, _check_table, _dot_whisker


def plot_prevalence_differences(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    topic: str = "label",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    group_a: str = "group_a",
    group_b: str = "group_b",
    topic_order: Sequence[str] | None = None,
) -> Axes:
    """Differences in topic prevalence between groups: a dot and whisker per topic, a line at zero.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.prevalence_differences` output (for a
        :class:`~framing.STM`: method-of-composition intervals), one row per
        topic and pair.
    ax : matplotlib.axes.Axes, default=None
    topic, estimate, low, high, group_a, group_b : str
        Column names.
    topic_order : sequence of str, default=None
        Row order (default: first appearance).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> table = pd.DataFrame({"label": ["0: talks", "1: oil"], "group_a": "b", "group_b": "a",
    ...     "estimate": [0.1, -0.1], "ci_low": [0.05, -0.2], "ci_high": [0.15, 0.0]})
    >>> ax = plot_prevalence_differences(table, ax=plt.figure().add_subplot())
    >>> ax.get_xlabel()
    'difference in prevalence\\n(b − a)'
    """
    data = _check_table(data, [topic, estimate, low, high, group_a, group_b])
    ax = _ax(ax)
    pairs = list(dict.fromkeys(zip(data[group_a].astype(str), data[group_b].astype(str))))
    table = data.assign(_pair=[f"{a} − {b}" for a, b in zip(data[group_a].astype(str), data[group_b].astype(str))])
    order = topic_order if topic_order is not None else list(dict.fromkeys(data[topic]))
    ax.axvline(0, color="#555555", lw=0.8, zorder=0)
    _dot_whisker(
        ax, table, y=topic, x=estimate, hue="_pair" if len(pairs) > 1 else None, low=low, high=high, order=order,
        hue_order=None, xlabel="", legend_title=None,
    )  # fmt: skip
    label = f"{pairs[0][0]} − {pairs[0][1]}" if len(pairs) == 1 else "a − b"
    ax.set_xlabel(f"difference in prevalence\n({label})")
    return ax


_CURVE_COLORS = ("blue", "vermillion", "bluish green", "reddish purple", "orange", "sky blue", "black")


def plot_prevalence_curve(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    topics: Sequence | None = None,
    x: str = "value",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    topic: str = "topic",
    label: str = "label",
) -> Axes:
    """Expected topic proportions along a numeric covariate: a line per topic, its pointwise interval shaded.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.prevalence_curve` output.
    ax : matplotlib.axes.Axes, default=None
    topics : sequence, default=None
        The topics to draw (values of the ``topic`` column), at most 7 in
        one panel; default: all, if there are at most 7.
    x, estimate, low, high, topic, label : str
        Column names (``low=None``: no band).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If a column is missing, ``topics`` names a topic not in the table,
        or more than 7 topics would share the panel.

    Examples
    --------
    >>> table = pd.DataFrame({"topic": [0, 0, 1, 1], "label": ["0: talks"] * 2 + ["1: oil"] * 2,
    ...     "covariate": "day", "value": [0.0, 10.0] * 2, "estimate": [0.2, 0.3, 0.5, 0.4],
    ...     "ci_low": [0.1, 0.2, 0.4, 0.3], "ci_high": [0.3, 0.4, 0.6, 0.5]})
    >>> ax = plot_prevalence_curve(table, ax=plt.figure().add_subplot())
    >>> len(ax.lines), ax.get_xlabel()
    (2, 'day')
    """
    data = _check_table(data, [x, estimate, low, high, topic, label])
    ax = _ax(ax)
    present = list(dict.fromkeys(data[topic]))
    chosen = present if topics is None else list(topics)
    unknown = [t for t in chosen if t not in present]
    if unknown:
        raise InputError(f"plot_prevalence_curve(): topics {unknown} are not in the table (it has {present})")
    if len(chosen) > len(_CURVE_COLORS):
        raise InputError(
            f"plot_prevalence_curve(): {len(chosen)} topics in one panel cannot be told apart; pass topics= with at "
            f"most {len(_CURVE_COLORS)}, or draw several panels"
        )
    for t, color in zip(chosen, _CURVE_COLORS):
        part = data[data[topic] == t].sort_values(x)
        c = OKABE_ITO[color]
        if low is not None and high is not None:
            ax.fill_between(part[x], part[low], part[high], color=c, alpha=0.18, lw=0)
        ax.plot(part[x], part[estimate], color=c, lw=1.4, label=str(part[label].iloc[0]))
    ax.set_xlabel(str(data["covariate"].iloc[0]) if "covariate" in data.columns and len(data) else x)
    ax.set_ylabel("expected topic proportion")
    ax.legend(loc="best", frameon=False, handlelength=1.2)
    return ax


def plot_content_contrast(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    term: str = "term",
    estimate: str = "estimate",
    weight_a: str = "weight_a",
    weight_b: str = "weight_b",
    group_a: str = "group_a",
    group_b: str = "group_b",
    max_fontsize: float = 11,
    min_fontsize: float = 5,
) -> Axes:
    """How two content levels word one topic: words placed by their log ratio, sized by their weight.

    Each word is written at x = its log ratio (``estimate``: left, the
    reference level's words; right, the target's), one word per row,
    with a font size that grows with the square root of its larger weight
    (``max(weight_a, weight_b)``) -- stm's ``plot(type = "perspectives")``.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.content_contrast` output for one topic.
    ax : matplotlib.axes.Axes, default=None
    term, estimate, weight_a, weight_b, group_a, group_b : str
        Column names.
    max_fontsize, min_fontsize : float
        Font sizes of the heaviest and lightest word.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> table = pd.DataFrame({"term": ["truce", "talks", "ceasefire"], "group_a": "b", "group_b": "a",
    ...     "weight_a": [0.01, 0.1, 0.05], "weight_b": [0.04, 0.1, 0.01], "estimate": [-1.4, 0.0, 1.6]})
    >>> sorted(t.get_text() for t in plot_content_contrast(table, ax=plt.figure().add_subplot()).texts)
    ['ceasefire', 'talks', 'truce']
    """
    data = _check_table(data, [term, estimate, weight_a, weight_b, group_a, group_b])
    if data.empty:
        raise InputError("plot_content_contrast(): the table is empty")
    ax = _ax(ax)
    a, b = str(data[group_a].iloc[0]), str(data[group_b].iloc[0])
    colors = group_colors([a, b])
    x = data[estimate].to_numpy(dtype=float)
    w = np.maximum(data[weight_a].to_numpy(dtype=float), data[weight_b].to_numpy(dtype=float))
    scale = np.sqrt(w / w.max()) if w.max() > 0 else np.ones_like(w)
    sizes = min_fontsize + (max_fontsize - min_fontsize) * scale
    y = np.arange(len(data))[::-1]
    span = max(np.abs(x).max(), 1e-9)
    for xi, yi, word, size in zip(x, y, data[term].astype(str), sizes):
        color = colors[a] if xi > 0 else colors[b] if xi < 0 else "#555555"
        ax.text(xi, yi, word, ha="center", va="center", fontsize=size, color=color)
    ax.axvline(0, color="#999999", lw=0.6, zorder=0)
    ax.set_xlim(-1.25 * span, 1.25 * span)
    ax.set_ylim(-1, len(data))
    ax.set_yticks([])
    ax.set_xlabel(f"log ratio of word weights\n← {b}  |  {a} →")
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return ax


def plot_topic_correlation(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    topic_a: str = "topic_a",
    topic_b: str = "topic_b",
    label_a: str = "label_a",
    label_b: str = "label_b",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    min_estimate: float = 0.0,
    label_fontsize: float = 6,
) -> Axes:
    """Topic correlation network: topics on a circle, an edge for each positive correlation.

    Draws an edge between two topics when their correlation exceeds
    ``min_estimate`` and, with ``low`` given, the lower end of its
    interval is above zero (stm's ``plot.topicCorr`` draws the positive
    correlations); edge width grows with the correlation. Positions are a
    circle in topic order, so the same table gives the same picture.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.topic_correlation` output.
    ax : matplotlib.axes.Axes, default=None
    topic_a, topic_b, label_a, label_b, estimate, low : str
        Column names (``low=None``: no interval condition).
    min_estimate : float, default=0.0
    label_fontsize : float, default=6

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> table = pd.DataFrame({"topic_a": [0, 0, 1], "topic_b": [1, 2, 2], "label_a": ["talks", "talks", "oil"],
    ...     "label_b": ["oil", "aid", "aid"], "estimate": [0.3, -0.2, 0.1], "ci_low": [0.1, -0.3, -0.05]})
    >>> ax = plot_topic_correlation(table, ax=plt.figure().add_subplot())
    >>> len(ax.lines), sorted(t.get_text() for t in ax.texts)
    (1, ['aid', 'oil', 'talks'])
    """
    data = _check_table(data, [topic_a, topic_b, label_a, label_b, estimate, low])
    ax = _ax(ax)
    names = {}
    for t, lab in zip(pd.concat([data[topic_a], data[topic_b]]), pd.concat([data[label_a], data[label_b]])):
        names.setdefault(t, str(lab))
    ids = sorted(names)
    angle = np.pi / 2 - 2 * np.pi * np.arange(len(ids)) / max(len(ids), 1)
    pos = {t: (np.cos(a), np.sin(a)) for t, a in zip(ids, angle)}
    keep = data[estimate].to_numpy(dtype=float) > min_estimate
    if low is not None:
        keep &= data[low].to_numpy(dtype=float) > 0
    edges = data[keep]
    top = edges[estimate].max() if len(edges) else 1.0
    for s, t, r in edges[[topic_a, topic_b, estimate]].itertuples(index=False):
        ax.plot([pos[s][0], pos[t][0]], [pos[s][1], pos[t][1]], color="#777777", lw=0.4 + 2.6 * float(r) / top,
                zorder=1)  # fmt: skip
    xy = np.array([pos[t] for t in ids])
    ax.scatter(xy[:, 0], xy[:, 1], s=40, color=OKABE_ITO["blue"], edgecolors="white", linewidths=0.5, zorder=2)
    for t, (x, y) in zip(ids, xy):  # each label 6 points outwards from its node, so it never covers the node
        ax.annotate(names[t], (x, y), xytext=(6 * x, 6 * y), textcoords="offset points", fontsize=label_fontsize,
                    ha="left" if x > 0.01 else "right" if x < -0.01 else "center",
                    va="bottom" if y > 0.9 else "top" if y < -0.9 else "center")  # fmt: skip
    ax.set_xlim(-1.95, 1.95)  # room for the side labels
    ax.set_ylim(-1.2, 1.2)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    return ax
