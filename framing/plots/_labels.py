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
    avoid_lines: Sequence | None = None,
) -> list:
    """Label points so that no two labels overlap (deterministic, greedy).

    Labels are placed one at a time, in the order given (most important
    first), at the first free spot nearest their point: right, left, above,
    below, then the sides shifted up and down by growing steps, then
    diagonally away, then on growing rings in every direction (the label
    at the end of a longer leader line). A free spot
    is inside the frame, off every placed label, leader line and (with
    ``avoid_radius``) labelled marker and line of ``avoid_lines``, its own
    leader line (drawn when the label sits away from its point) crosses no
    label or other marker, and it lies nearer its own marker than any other.
    Without a free spot the rules are relaxed in that order, backwards; the
    last resort is the first spot.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes holding the points.
    x, y : sequence of float
        Point positions in data coordinates.
    labels : sequence of str
        One label per point.
    fontsize : float, default=None
        Font size in points (default: ``xtick.labelsize``).
    colors : sequence of str, default=None
        Text colours (default black).
    pad : float, default=1.5
        Gap between labels (and markers), in points.
    avoid_radius : sequence of float, default=None
        Radius in points of the marker at each labelled point; when given,
        labels are also kept off every labelled marker (e.g. the nodes of a
        network) and nearer their own marker than any other.
    max_steps : int, default=40
        How far (in half label heights) a label may move up or down.
    within : {'axes', 'figure'}, default='axes'
        Keep labels inside the Axes, or only inside the figure (for Axes
        without a frame, such as a network).
    avoid_lines : sequence of ((x0, y0), (x1, y1)), default=None
        Line segments in data coordinates that labels must not cover (e.g.
        the edges of a network).

    Returns
    -------
    list of matplotlib.text.Annotation
        One per label, in the order given.

    Raises
    ------
    InputError
        If ``x``, ``y`` and ``labels`` differ in length, or ``within`` is
        not 'axes' or 'figure'.

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
    if within not in ("axes", "figure"):
        raise InputError(f"within: expected 'axes' or 'figure', got {within!r}")
    if n == 0:
        return []
    fontsize = plt.rcParams["xtick.labelsize"] if fontsize is None else fontsize
    sizes = _label_sizes(ax, labels, fontsize, ax.figure.canvas.get_renderer())
    layout = _Layout.on(ax, x, y, avoid_radius, pad, within, avoid_lines).place_all(range(n), sizes, max_steps)
    if layout.relaxed:  # labels that broke a rule go first in a second try; keep the better layout
        first = layout.relaxed + [k for k in range(n) if k not in layout.relaxed]
        again = _Layout.on(ax, x, y, avoid_radius, pad, within, avoid_lines).place_all(first, sizes, max_steps)
        layout = again if len(again.relaxed) < len(layout.relaxed) else layout
    return _annotate(ax, x, y, labels, layout, sizes, fontsize, ["black"] * n if colors is None else list(colors))


def _settle_layout(ax: Axes) -> None:
    """Draw until the Axes stops moving, so that pixel positions are final.

    Constrained layout can need several passes to settle (a legend outside the Axes widens it a little on
    every draw); labels placed against an unsettled layout would move with the Axes on the next draw (e.g.
    at savefig) and leave the figure.
    """
    for _ in range(10):
        before = ax.get_position().bounds
        ax.figure.draw_without_rendering()
        if np.allclose(ax.get_position().bounds, before, rtol=0, atol=1e-6):
            break


def _label_sizes(ax: Axes, labels, fontsize, renderer) -> list[tuple[float, float]]:
    sizes = []
    for label in labels:
        t = ax.text(0, 0, str(label), fontsize=fontsize)
        box = t.get_window_extent(renderer)
        sizes.append((box.width, box.height))
        t.remove()
    return sizes


def _hits(boxes: np.ndarray, box: np.ndarray) -> bool:
    """Does ``box`` (x0, y0, x1, y1) overlap any row of ``boxes``?"""
    return bool(len(boxes)) and bool(np.any(
        (boxes[:, 0] < box[2]) & (boxes[:, 2] > box[0]) & (boxes[:, 1] < box[3]) & (boxes[:, 3] > box[1])
    ))  # fmt: skip


def _segment_hits_box(p0, p1, box) -> bool:
    """Does the segment p0-p1 pass through the box (x0, y0, x1, y1)? (Liang-Barsky clipping.)"""
    (x0, y0), (dx, dy) = p0, (p1[0] - p0[0], p1[1] - p0[1])
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


class _Layout:
    """Placed label boxes and leader lines, in display pixels; ``place`` adds one label."""

    @classmethod
    def on(cls, ax, x, y, avoid_radius, pad, within, avoid_lines=None) -> _Layout:
        """An empty layout for points (x, y) of ``ax``, after the figure's layout has settled."""
        _settle_layout(ax)
        fig = ax.figure
        px_per_pt = fig.dpi / 72.0
        frame = ax.get_window_extent(fig.canvas.get_renderer()) if within == "axes" else fig.bbox
        points = ax.transData.transform(np.column_stack([np.asarray(x, float), np.asarray(y, float)]))
        radius = np.zeros(len(points)) if avoid_radius is None else np.asarray(avoid_radius, float) * px_per_pt
        box = (frame.x0, frame.y0, frame.x1, frame.y1)
        layout = cls(points, radius, avoid_radius is not None, pad * px_per_pt, box, px_per_pt)
        layout.lines = [tuple(map(tuple, ax.transData.transform(np.asarray(seg, float)))) for seg in avoid_lines or ()]
        return layout

    def __init__(self, points, radius, markers: bool, gap: float, frame, px_per_pt: float):
        self.points, self.radius, self.markers, self.gap, self.frame = points, radius, markers, gap, frame
        self.px_per_pt = px_per_pt
        px, py = points[:, 0], points[:, 1]
        self.obstacles = np.column_stack([px - radius, py - radius, px + radius, py + radius]) if markers else None
        self.boxes = np.empty((0, 4))
        self.leaders: list[tuple] = []
        self.lines: list[tuple] = []  # segments to keep labels off (display pixels)
        self.spots: dict[int, tuple[float, float]] = {}
        self.relaxed: list[int] = []  # labels placed without a spot that keeps every leader-line rule

    def candidates(self, k, w, h, off, max_steps):
        px, py = self.points[k]
        sides = [(px + off, py - h / 2), (px - off - w, py - h / 2), (px - w / 2, py + off), (px - w / 2, py - off - h)]
        flush = []
        if self.markers:  # above and below, flush with the marker's left or right edge
            r = self.radius[k]
            flush = [(px - r, py + off), (px + r - w, py + off), (px - r, py - off - h), (px + r - w, py - off - h)]
        out = sides + flush
        for step in range(1, max_steps + 1):
            dy = step * (h + self.gap) * 0.5
            for sx, sy in sides[:2]:
                out += [(sx, sy + dy), (sx, sy - dy)]
            out += [(sx, sy + dy if j < 2 else sy - dy) for j, (sx, sy) in enumerate(flush)]
        for step in range(1, max_steps + 1):  # diagonally away, right and left, when up and down are full
            d = step * (h + self.gap) * 0.5
            out += [(sides[0][0] + d, sides[0][1] + d), (sides[0][0] + d, sides[0][1] - d),
                    (sides[1][0] - d, sides[1][1] + d), (sides[1][0] - d, sides[1][1] - d)]  # fmt: skip
        return out + self.rings(k, w, h, off)

    def rings(self, k, w, h, off, n_rings: int = 16, n_angles: int = 16):
        """Spots on growing rings around the point, in every direction: the label at the end of a longer leader
        line, for when the sides, the vertical shifts and the diagonals are all taken."""
        px, py = self.points[k]
        out = []
        for ring in range(1, n_rings + 1):
            r = off + ring * (h + self.gap)
            for j in range(n_angles):
                c, s = np.cos(2 * np.pi * j / n_angles), np.sin(2 * np.pi * j / n_angles)
                # the box corner or edge nearest the point sits on the ring
                cx = px + r * c + (np.sign(c) if abs(c) > 1e-9 else 0.0) * w / 2
                cy = py + r * s + (np.sign(s) if abs(s) > 1e-9 else 0.0) * h / 2
                out.append((cx - w / 2, cy - h / 2))
        return out

    def is_far(self, k, cx, cy, w, h) -> bool:
        """A label whose box is more than half a line beyond the usual offset from its point gets a leader line."""
        px, py = self.points[k]
        dist = np.hypot(max(cx - px, 0, px - cx - w), max(cy - py, 0, py - cy - h))
        return bool(dist > 3 * self.px_per_pt + self.radius[k] + h / 2)

    def leader(self, k, cx, cy, w, h):
        """The leader line as drawn: from just off the marker (matplotlib's shrinkB) to the label's centre."""
        point, centre = self.points[k], np.array([cx + w / 2, cy + h / 2])
        step = centre - point
        start = point + step * min((self.radius[k] + 2 * self.px_per_pt) / max(np.hypot(*step), 1e-9), 1.0)
        return tuple(start), tuple(centre)

    def free(self, k, cx, cy, w, h, level: int) -> bool:
        """Inside the frame and off placed labels and markers; level >= 2: off leader lines, and its own leader
        line crosses no label; level 3: nearest its own marker."""
        g = self.gap / 2
        box = np.array([cx - g, cy - g, cx + w + g, cy + h + g])
        x0, y0, x1, y1 = self.frame
        if box[0] < x0 or box[2] > x1 or box[1] < y0 or box[3] > y1:
            return False
        if _hits(self.boxes, box) or (self.obstacles is not None and _hits(self.obstacles, box)):
            return False
        if level >= 2 and any(_segment_hits_box(a, b, box) for a, b in self.leaders + self.lines):
            return False
        if level >= 2 and self.is_far(k, cx, cy, w, h):  # its leader line crosses no label and no other marker
            start, end = self.leader(k, cx, cy, w, h)
            others = [] if self.obstacles is None else np.delete(self.obstacles, k, axis=0)
            if any(_segment_hits_box(start, end, b) for b in [*self.boxes, *others]):
                return False
        if level == 3 and self.markers and len(self.points) > 1:  # the label's nearest marker is its own
            ddx = np.maximum(np.maximum(box[0] - self.points[:, 0], self.points[:, 0] - box[2]), 0)
            ddy = np.maximum(np.maximum(box[1] - self.points[:, 1], self.points[:, 1] - box[3]), 0)
            dist = np.hypot(ddx, ddy) - self.radius
            if np.any(np.delete(dist, k) < dist[k] - 1e-9):
                return False
        return True

    def place_all(self, order, sizes, max_steps) -> _Layout:
        for k in order:
            self.place(k, sizes[k], max_steps)
        return self

    def place(self, k, size, max_steps) -> None:
        w, h = size
        spots = self.candidates(k, w, h, 3 * self.px_per_pt + self.radius[k], max_steps)
        chosen = next((s for level in (3, 2) for s in spots if self.free(k, *s, w, h, level)), None)
        if chosen is None:
            self.relaxed.append(k)
            chosen = next((s for s in spots if self.free(k, *s, w, h, 1)), None)
        if chosen is None:  # no free spot: the first one, pushed inside the frame
            x0, y0, x1, y1 = self.frame
            chosen = (min(max(spots[0][0], x0), x1 - w), min(max(spots[0][1], y0), y1 - h))
        cx, cy = chosen
        g = self.gap / 2
        self.boxes = np.vstack([self.boxes, [cx - g, cy - g, cx + w + g, cy + h + g]])
        if self.is_far(k, cx, cy, w, h):
            self.leaders.append(self.leader(k, cx, cy, w, h))
        self.spots[k] = chosen


def _annotate(ax, x, y, labels, layout: _Layout, sizes, fontsize, colors) -> list:
    inverse = ax.transData.inverted()
    texts = []
    for k in range(len(labels)):
        cx, cy = layout.spots[k]
        w, h = sizes[k]
        tx, ty = inverse.transform((cx + w / 2, cy + h / 2))
        far = layout.is_far(k, cx, cy, w, h)
        arrow = {"arrowstyle": "-", "lw": 0.4, "color": "#777777", "shrinkA": 0, "shrinkB": 2} if far else None
        t = ax.annotate(
            str(labels[k]), (x[k], y[k]), xytext=(tx, ty), textcoords="data", fontsize=fontsize,
            ha="center", va="center", color=colors[k], arrowprops=arrow, annotation_clip=False,
        )  # fmt: skip
        t.set_in_layout(False)
        texts.append(t)
    return texts
