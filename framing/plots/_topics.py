"""Topic plots: the topic network coloured by frame community, choose-K diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ..style import OKABE_ITO, group_colors
from ._base import _ax, _check_table, _ordered
from ._labels import repel_labels


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
        :func:`framing.topics.quality.choose_k` output: one row per K.
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
        from ..style import figure_size

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
