"""Calibration of predicted probabilities against human codes: reliability diagram."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..style import CATEGORY_COLORS, group_colors
from ._base import _group_markers, _ordered, _table_and_ax

_DASHES = ["-", (0, (4, 1.5)), (0, (1, 1.2))]  # after each run of category colours, the next line style


def plot_calibration(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    frame: str = "frame",
    predicted: str = "mean_predicted",
    observed: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    n: str | None = "n_docs",
    frame_order: Sequence[str] | None = None,
) -> Axes:
    """Reliability diagram: mean predicted probability against the coders' share, per bin.

    One line per frame through its bins, the observed share's interval as a
    vertical whisker, the diagonal of perfect calibration dashed. Marker
    area grows with the documents in the bin. Frames that are not blocs are
    told apart by grey, marker shape and line style together. Draws the table of
    :func:`framing.calibration_table`; computes nothing.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (frame, bin): ``frame``, ``mean_predicted``,
        ``estimate`` (share coded positive), ``ci_low``, ``ci_high``,
        ``n_docs``.
    ax : matplotlib.axes.Axes, default=None
    frame, predicted, observed, low, high, n : str
        Column names (``low``/``high``/``n`` may be None).
    frame_order : sequence of str, default=None
        Order of the frames in the legend (default: first appearance).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        For ``data`` that is not a non-empty DataFrame with the named columns, or
        an ``ax`` that is not a matplotlib Axes.
        A frame of the table missing from ``frame_order`` is an error too.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"frame": ["economic"] * 2, "bin": [0, 1], "mean_predicted": [0.2, 0.8],
    ...                   "estimate": [0.25, 0.7], "ci_low": [0.1, 0.5], "ci_high": [0.4, 0.9], "n_docs": [20, 10]})
    >>> ax = plot_calibration(t, ax=plt.figure().add_subplot())
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['economic']
    """
    data, ax = _table_and_ax(data, ax, [frame, predicted, observed, low, high, n])
    frames = _ordered(data[frame].astype(str).unique(), frame_order)
    colors = group_colors(frames)
    markers = _group_markers(frames)
    styles = {f: _DASHES[(i // len(CATEGORY_COLORS)) % len(_DASHES)] for i, f in enumerate(frames)}
    ax.plot([0, 1], [0, 1], ls="--", lw=0.8, color="0.6", zorder=1)
    handles = []
    for f in frames:
        d = data[data[frame].astype(str) == f].sort_values(predicted)
        x, y = d[predicted].to_numpy(dtype=float), d[observed].to_numpy(dtype=float)
        if low is not None and high is not None:
            ax.vlines(x, d[low].to_numpy(dtype=float), d[high].to_numpy(dtype=float), color=colors[f], lw=0.8,
                      alpha=0.7, zorder=2)  # fmt: skip
        sizes = 12 + 3 * d[n].to_numpy(dtype=float) if n is not None else 20
        ax.plot(x, y, color=colors[f], lw=1.0, ls=styles[f], zorder=3)
        ax.scatter(x, y, s=sizes, color=colors[f], marker=markers[f], zorder=4, edgecolor="white", linewidth=0.5)
        handles.append(Line2D([], [], color=colors[f], lw=1.0, ls=styles[f], marker=markers[f], markersize=4,
                              markeredgecolor="white", markeredgewidth=0.5, label=f))  # fmt: skip
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xlabel("mean predicted probability")
    ax.set_ylabel("share coded positive")
    ax.legend(handles=handles, frameon=False, fontsize="small", loc="upper left", handlelength=2.5)
    return ax


__all__ = ["plot_calibration"]
