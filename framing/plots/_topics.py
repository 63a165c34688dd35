"""Topic plots: the topic network coloured by frame community, choose-K diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ..style import CATEGORY_COLORS, CATEGORY_MARKERS, category_colors
from ._base import _ax, _check_table, _ordered, _table_and_ax
from ._labels import repel_labels


#: Readable panel titles of :func:`plot_choose_k` for the choose_k columns.
CHOOSE_K_TITLES: dict[str, str] = {
    "npmi": "coherence (NPMI)",
    "umass": "coherence (UMass)",
    "exclusivity": "exclusivity",
    "diversity": "topic diversity",
    "stability": "stability over refits",
    "perplexity": "held-out perplexity",
}


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
        :func:`framing.topics.antmn.antmn_frames`.
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

    nodes, ax = _table_and_ax(nodes, ax, [node, label, community, size], one_row_per=[node], name="nodes")
    ids = nodes[node].tolist()
    _check_edges(edges, ids, node, source, target, weight)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    for s, t, w in edges[[source, target, weight]].itertuples(index=False):
        graph.add_edge(s, t, weight=float(w))
    pos = nx.spring_layout(graph, seed=seed, weight="weight")
    xy = np.array([pos[i] for i in ids])
    communities = _ordered(nodes[community].tolist())
    style = {c: (category_colors(communities)[c], CATEGORY_MARKERS[i % len(CATEGORY_MARKERS)])
             for i, c in enumerate(communities)}  # greys and shapes: a colour in this kit means a bloc
    wmax = _draw_edges(ax, edges, pos, source, target, weight)
    sz = nodes[size].to_numpy(dtype=float) if size is not None else None
    smax = sz.max() if sz is not None and sz.max() > 0 else 1.0
    area = 20 + 180 * sz / smax if sz is not None else np.full(len(ids), 60.0)
    _draw_nodes(ax, xy, nodes[community].to_numpy(), style, area)
    title = "frame" if community == "frame_label" else community
    _network_legend(ax, style, title, size, sz, smax, weight, edges[weight].to_numpy(dtype=float), wmax)
    names = nodes[label if label is not None else node].astype(str).tolist()
    radius_pt = np.sqrt(area) / 2 + 0.5  # scatter sizes are areas in points^2; + the white edge
    lines = [(pos[s], pos[t]) for s, t in edges[[source, target]].itertuples(index=False)]
    repel_labels(ax, xy[:, 0], xy[:, 1], names, fontsize=label_fontsize, avoid_radius=radius_pt, within="figure",
                 avoid_lines=lines)  # fmt: skip
    return ax


def _draw_nodes(ax, xy, community, style, area) -> None:
    """One marker per topic (colour and shape by community), on a frameless Axes with room for labels."""
    for c, (color, marker) in style.items():
        mask = community == c
        ax.scatter(xy[mask, 0], xy[mask, 1], s=area[mask], color=color, marker=marker, edgecolors="white",
                   linewidths=0.5, label=str(c), zorder=2)  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    margin, span = 0.12, xy[:, 0].max() - xy[:, 0].min()
    ax.set_xlim(xy[:, 0].min() - margin - 0.15 * span, xy[:, 0].max() + margin)  # room for a label left of a node
    ax.set_ylim(xy[:, 1].min() - margin, xy[:, 1].max() + margin)


def _check_edges(edges, ids, node, source, target, weight) -> None:
    if not isinstance(edges, pd.DataFrame):
        raise InputError(f"edges: expected a pandas DataFrame, got {type(edges).__name__}")
    missing = [c for c in (source, target, weight) if c not in edges.columns]
    if missing:
        raise InputError(f"edges: missing column(s) {missing}; the table has {list(edges.columns)}")
    unknown = sorted({str(v) for v in pd.concat([edges[source], edges[target]]) if v not in set(ids)})
    if unknown:
        raise InputError(f"edges: topic(s) {unknown} are not in nodes[{node!r}]")


def _edge_width(value: float, wmax: float) -> float:
    return 0.3 + 2.0 * float(value) / wmax


def _draw_edges(ax, edges, pos, source, target, weight) -> float:
    """Draw the edges, width by weight; returns the largest weight (the width scale)."""
    w = edges[weight].to_numpy(dtype=float)
    wmax = w.max() if len(w) else 1.0
    for s, t, wt in edges[[source, target, weight]].itertuples(index=False):
        ax.plot([pos[s][0], pos[t][0]], [pos[s][1], pos[t][1]], color="#999999", lw=_edge_width(wt, wmax),
                alpha=0.6, zorder=1)  # fmt: skip
    return wmax


def _network_legend(ax, style, title, size, sz, smax, weight, w, wmax) -> None:
    """Frames (colour and shape), node area and edge width, under the network."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=m, color=c, linestyle="none", markersize=5) for c, m in style.values()]
    keys = [str(c) for c in style]
    if size is not None:  # node area: the smallest and largest value drawn
        for v in sorted({float(sz.min()), float(sz.max())}):
            handles.append(Line2D([], [], marker="o", color="#B3B3B3", linestyle="none",
                                  markersize=float(np.sqrt(20 + 180 * v / smax))))  # fmt: skip
            keys.append(f"node area: {size} {v:.2g}")
    if len(w):
        for v in sorted({float(w.min()), float(wmax)}):
            handles.append(Line2D([], [], color="#999999", alpha=0.6, lw=_edge_width(v, wmax)))
            keys.append(f"edge width: {weight} {v:.2g}")
    ax.legend(
        handles, keys, title=title, loc="upper left", bbox_to_anchor=(0.0, 0.0), handletextpad=0.4,
        alignment="left", borderaxespad=0.2,
    )  # fmt: skip


def plot_choose_k(
    data: pd.DataFrame,
    *,
    axes: Sequence[Axes] | None = None,
    k: str = "n_topics",
    metrics: Sequence[str] = ("npmi", "exclusivity", "diversity", "stability"),
    ranges: dict[str, tuple[str, str]] | None = None,
    suggested: str | None = "suggested",
    chosen: float | None = None,
    titles: dict[str, str] | None = None,
    legend: bool = True,
) -> np.ndarray:
    """Choose-K diagnostics: one small panel per score against the number of topics.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.topics.quality.choose_k` output: one row per K.
    axes : sequence of Axes, default=None
        One Axes per metric; default: a new figure (two-column width) with one
        row of panels.
    k : str, default='n_topics'
    metrics : sequence of str, default=('npmi', 'exclusivity', 'diversity', 'stability')
        Columns to draw; metrics that are all NaN (e.g. perplexity of NMF) are
        drawn as empty panels with a note.
    ranges : dict, default=None
        Metric -> (low, high) columns drawn as a grey band (the spread over
        refits); default: every metric ``m`` with columns ``m_min`` and
        ``m_max`` (e.g. ``npmi_min``, ``npmi_max``).
    suggested : str or None, default='suggested'
        Boolean column marking the suggested K (dashed line in every panel).
    chosen : float, default=None
        The K the analysis goes on with, if it differs from the suggested one
        (dotted line in every panel).
    titles : dict, default=None
        Metric -> panel title; default readable names for the
        :func:`~framing.topics.quality.choose_k` columns (e.g. ``'npmi'`` ->
        "coherence (NPMI)"), else the column name.
    legend : bool, default=True
        A legend above the panels for the lines and the band.

    Returns
    -------
    numpy.ndarray of Axes
        One panel per metric.

    Raises
    ------
    InputError
        If ``data`` is not a DataFrame, is empty or lacks ``k`` or a metric
        column, or ``axes`` does not hold one Axes per metric.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"n_topics": [5, 10], "npmi": [0.05, 0.08], "suggested": [False, True]})
    >>> [ax.get_title(loc="left") for ax in plot_choose_k(table, metrics=["npmi"])]
    ['coherence (NPMI)']
    """
    data = _check_table(data, [k, *metrics])
    metrics = list(metrics)
    if axes is None:
        from ..style import figure_size

        fig, axes = plt.subplots(1, len(metrics), figsize=figure_size("double", 0.3), squeeze=False)
        axes = axes[0]
    axes = np.asarray(axes, dtype=object).ravel()
    if len(axes) != len(metrics):
        raise InputError(f"axes: got {len(axes)} Axes for {len(metrics)} metrics {metrics}")
    if ranges is None:
        ranges = {m: (f"{m}_min", f"{m}_max") for m in metrics if {f"{m}_min", f"{m}_max"} <= set(data.columns)}
    names = {**CHOOSE_K_TITLES, **(titles or {})}
    table = data.sort_values(k)
    kk = table[k].to_numpy(dtype=float)
    best = None
    if suggested is not None and suggested in table.columns and table[suggested].astype(bool).any():
        best = float(table.loc[table[suggested].astype(bool), k].iloc[0])
    ink, band = CATEGORY_COLORS[0], CATEGORY_COLORS[2]
    handles = {}
    for ax, metric in zip(axes, metrics):
        values = table[metric].to_numpy(dtype=float)
        if metric in ranges:
            lo, hi = ranges[metric]
            handles["range over refits"] = ax.fill_between(
                kk, table[lo].to_numpy(dtype=float), table[hi].to_numpy(dtype=float), color=band, alpha=0.45,
                linewidth=0,
            )  # fmt: skip
        if np.isfinite(values).any():
            handles["mean over refits" if ranges else "score"] = ax.plot(kk, values, "o-", color=ink, markersize=3,
                                                                        lw=1.0)[0]  # fmt: skip
        else:
            ax.text(0.5, 0.5, "not available", transform=ax.transAxes, ha="center", va="center", color="#777777")
        if best is not None:
            handles[f"suggested K = {best:g}"] = ax.axvline(best, color=ink, lw=0.8, ls="--")
        if chosen is not None:
            handles[f"chosen K = {float(chosen):g}"] = ax.axvline(float(chosen), color="#6B6B6B", lw=1.0, ls=":")
        ax.set_title(names.get(metric, metric), loc="left")
        ax.set_xticks(kk)
        ax.yaxis.grid(True)
    axes[0].set_xlabel("number of topics K")
    if legend and handles:
        axes[0].figure.legend(list(handles.values()), list(handles), loc="outside upper center",
                              ncols=len(handles), handlelength=1.8)  # fmt: skip
    return axes
