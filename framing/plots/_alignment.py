"""Alignment of two copies: paragraphs kept, changed, dropped, added."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ..style import OKABE_ITO
from ._base import _GREY, _ax, _check_table

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
