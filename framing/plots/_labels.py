"""Label placement: labels pushed apart so they do not overlap (a small repel algorithm)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from ..errors import InputError


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

    (About 90 lines: the placement loop keeps its candidate spots, collision
    boxes and fallbacks together so that the algorithm reads in one place.)

    Labels are placed one at a time, in the order given (put the most
    important first). For each, candidate spots are tried in order of
    distance from its point: right of it, left of it, above, below, then the
    same sides shifted up and down by growing steps of one label height; the
    first spot inside the Axes that overlaps no placed label (and, with
    ``avoid_radius``, no point's marker, and lies nearer its own marker
    than any other) is taken. A label placed away from
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
        flush = []
        if avoid_radius is not None:  # above and below, flush with the marker's left or right edge
            r = radius[k]
            flush = [(px - r, py + off), (px + r - w, py + off), (px - r, py - off - h), (px + r - w, py - off - h)]
            candidates += flush
        for step in range(1, max_steps + 1):
            dy = step * (h + gap) * 0.5
            for sx, sy in sides[:2]:
                candidates += [(sx, sy + dy), (sx, sy - dy)]
            for j, (sx, sy) in enumerate(flush):  # further above (below) the marker
                candidates.append((sx, sy + dy if j < 2 else sy - dy))
        chosen = None
        for strict in (True, False):  # a spot nearest its own marker if any, else any free spot (a leader line links it)
            if chosen is not None:
                break
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
                if strict and avoid_radius is not None and n > 1:  # the label's nearest marker must be its own point
                    ddx = np.maximum(np.maximum(box[0] - points[:, 0], points[:, 0] - box[2]), 0)
                    ddy = np.maximum(np.maximum(box[1] - points[:, 1], points[:, 1] - box[3]), 0)
                    dist = np.hypot(ddx, ddy) - radius
                    if np.any(np.delete(dist, k) < dist[k] - 1e-9):
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
