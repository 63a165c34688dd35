"""Alignment of two copies: paragraphs kept, changed, dropped, added."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from numbers import Integral, Real

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .._validation import Interval, validate_params
from ..errors import InputError
from ._base import _table_and_ax

#: Fills of :func:`plot_alignment` (greys, never a bloc colour): the part of a
#: paragraph's bar whose shingles the other copy has (``'found'``), the part it
#: lacks (``'not found'``), and paragraphs too short to compare.
ALIGNMENT_COLORS: dict[str, str] = {
    "found": "#1A1A1A",
    "not found": "#C8C8C8",
    "too-short": "#FFFFFF",
}
_EDGE = "#6B6B6B"


def _round_scale(longest: float) -> float:
    """A round bar length near a quarter of the longest (1, 2, 5 times a power of ten)."""
    target = max(longest / 4, 1.0)
    power = 10 ** np.floor(np.log10(target))
    return float(max(m * power for m in (1, 2, 5) if m * power <= target))


@validate_params(
    {"n_rows": [Interval(Integral, 1, None), None], "longest": [Interval(Real, 0, None, closed="neither"), None]}
)
def plot_alignment(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    side: str = "side",
    para: str = "para",
    status: str = "status",
    size: str | None = "n_shingles",
    share: str | None = "share_found",
    matched: str = "matched_para",
    role: str | None = "role",
    doc_id: str = "doc_id",
    labels: Sequence[str] | None = None,
    legend: bool = True,
    n_rows: int | None = None,
    longest: float | None = None,
) -> Axes:
    """Paragraph alignment of two documents: A's paragraphs left, B's right, links between.

    Each paragraph is a bar, in page order from the top; bar length is
    ``size`` (shingles, roughly the paragraph's words; a scale bar under the
    right column gives the length of a round number of shingles). The dark
    part of a bar is the share of its shingles found in the other copy
    (``share``), the light part the rest (:data:`ALIGNMENT_COLORS`): a kept
    paragraph is all dark, a dropped or added one all light, a changed one
    part dark, with its share written next to its number; paragraphs too
    short to compare are white with a grey edge. A grey
    line joins a paragraph to the other document's paragraph it shares most
    shingles with (``matched``), so moved or merged paragraphs show as
    crossing or converging lines.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.reuse.paragraph_alignment` output: one row per
        paragraph of A (``side == 'a'``) then of B (``'b'``).
    ax : matplotlib.axes.Axes, default=None
    side, para, status, size, share, matched, role, doc_id : str
        Column names (``size=None``: equal bars; ``share=None``: the dark
        part from the status alone, kept dark and the others light;
        ``role=None``: no title marks; a paragraph whose role is
        ``'title'`` is labelled "(title)").
    labels : (str, str), default=None
        Headers of the two columns (wrapped at 20 characters); default the
        two ``doc_id`` values.
    legend : bool, default=True
        Draw the legend under the Axes (turn off for all but one panel of a
        multi-panel figure).
    n_rows : int, default=None
        Rows of the panel (default: the paragraphs of the longer copy); give
        every panel of a figure the same value, so that rows have the same
        height in all of them.
    longest : float, default=None
        ``size`` that fills a full bar (default: the table's largest); give
        every panel the same value, so that bar lengths compare across panels.

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
    ...                   "share_found": [1.0, 0.0, 1.0, 0.0], "matched_para": [0, -1, 0, -1]})
    >>> len(plot_alignment(t, ax=plt.figure().add_subplot(), role=None).patches)  # dark and light part per bar
    8
    """
    data, ax = _table_and_ax(data, ax, [side, para, status, size, share, matched, role, doc_id])
    parts = {s: data[data[side] == s].sort_values(para, kind="stable") for s in ("a", "b")}
    empty = [s for s, part in parts.items() if part.empty]
    if empty:
        raise InputError(
            f"data: no rows with {side} == {empty[0]!r}; pass a paragraph_alignment() table (sides 'a' and 'b')"
        )
    if labels is None:
        labels = [str(parts[s][doc_id].iloc[0]) for s in ("a", "b")]
    elif len(labels) != 2:
        raise InputError(f"labels: give two headers (A, B), got {list(labels)}")
    gap, width = 0.35, 1.0
    sizes = pd.concat([parts["a"], parts["b"]])[size].to_numpy(dtype=float) if size is not None else np.ones(1)
    if longest is None:
        longest = sizes.max() if sizes.size and sizes.max() > 0 else 1.0
    longest = float(longest)
    y_of = {
        s: _draw_side(ax, parts[s], sign, str(labels[i]), para=para, status=status, size=size, share=share,
                      role=role, longest=longest, gap=gap, width=width)  # fmt: skip
        for i, (s, sign) in enumerate((("a", -1), ("b", 1)))
    }
    _draw_links(ax, parts, y_of, para=para, matched=matched, gap=gap)
    n = max(len(parts["a"]), len(parts["b"]))
    if n_rows is not None:
        if int(n_rows) < n:
            raise InputError(f"n_rows: {n_rows} is fewer than the {n} paragraphs of the longer copy")
        n = int(n_rows)
    ax.set_ylim(n + 0.6, -1.3)
    ax.set_xlim(-gap - width - 0.35, gap + width + 0.35)
    ax.set_axis_off()
    if size is not None:  # scale bar under the right column
        unit = _round_scale(longest)
        ybar = n + 0.1
        ax.plot([gap, gap + unit / longest * width], [ybar, ybar], color="#333333", lw=1.0, solid_capstyle="butt")
        ax.text(gap + unit / longest * width + 0.04, ybar, f"{unit:g} shingles", va="center", ha="left", fontsize=6,
                color="#333333")  # fmt: skip
    if legend:
        _legend(ax, too_short=(data[status].astype(str) == "too-short").any())
    return ax


def _draw_side(ax, part, sign, header, *, para, status, size, share, role, longest, gap, width) -> dict:
    """One copy's paragraphs as bars growing outwards from the middle (A: sign -1, left); returns para -> row."""
    length = part[size].to_numpy(dtype=float) / longest * width if size is not None else np.full(len(part), width)
    length = np.maximum(length, 0.03)  # a paragraph without shingles stays visible
    statuses = part[status].astype(str).to_numpy()
    if share is not None:
        found = np.clip(part[share].to_numpy(dtype=float), 0, 1)
        found = np.where(np.isfinite(found), found, 0.0)
    else:
        found = (statuses == "kept").astype(float)
    short = statuses == "too-short"
    found = np.where(short, 0.0, found)
    y = np.arange(len(part), dtype=float)
    dark = length * found
    # bars grow outwards from the middle: the found (dark) part nearest the links
    if sign < 0:
        left_dark, left_light = -gap - dark, -gap - length
    else:
        left_dark, left_light = np.full(len(part), gap), gap + dark
    light_color = [ALIGNMENT_COLORS["too-short"] if t else ALIGNMENT_COLORS["not found"] for t in short]
    light_edge = [_EDGE if t else "none" for t in short]
    ax.barh(y, dark, left=left_dark, height=0.7, color=ALIGNMENT_COLORS["found"], edgecolor="none")
    ax.barh(y, length - dark, left=left_light, height=0.7, color=light_color, edgecolor=light_edge, linewidth=0.5)
    roles = part[role].astype(str).tolist() if role is not None else [""] * len(part)
    for yy, p, r, st, f in zip(y, part[para].astype(int), roles, statuses, found):
        text = f"{p}" + (" (title)" if r == "title" else "") + (f" {f:.0%}" if st == "changed" else "")
        x = -gap - width - 0.04 if sign < 0 else gap + width + 0.04
        ax.text(x, yy, text, ha="right" if sign < 0 else "left", va="center", fontsize=6, color="#555555")
    ax.text(sign * gap, -0.75, textwrap.fill(header, 20), ha="right" if sign < 0 else "left", va="bottom",
            fontweight="bold")  # fmt: skip
    return dict(zip(part[para].astype(int), y))


def _draw_links(ax, parts, y_of, *, para, matched, gap) -> None:
    """A grey line from each paragraph to the other copy's paragraph it shares most shingles with."""
    links = set()
    for s, other in (("a", "b"), ("b", "a")):
        for p, q in parts[s][[para, matched]].astype(int).itertuples(index=False):
            if q >= 0 and q in y_of[other]:
                links.add((p, q) if s == "a" else (q, p))
    for p, q in sorted(links):
        ax.plot([-gap, gap], [y_of["a"][p], y_of["b"][q]], color="#888888", lw=0.7, zorder=0)


def _legend(ax, *, too_short: bool) -> None:
    from matplotlib.patches import Patch

    entries = [
        (Patch(color=ALIGNMENT_COLORS["found"]), "found in the other copy"),
        (Patch(color=ALIGNMENT_COLORS["not found"]), "not found"),
    ]
    if too_short:
        entries.append((Patch(facecolor=ALIGNMENT_COLORS["too-short"], edgecolor=_EDGE, linewidth=0.5),
                        "too short to compare"))  # fmt: skip
    ax.legend(
        [h for h, _ in entries], [t for _, t in entries], loc="upper center", bbox_to_anchor=(0.5, 0.0),
        ncols=len(entries), handlelength=1.0, handletextpad=0.4, columnspacing=1.0, borderaxespad=0.2,
    )  # fmt: skip
