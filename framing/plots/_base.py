"""Shared helpers of the plot functions: table checks, the current Axes, ordering, "n =" labels, dot-and-whisker."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from ..blocs import BLOC_ORDER
from ..errors import InputError
from ..style import BLOC_COLORS, CATEGORY_MARKERS, OKABE_ITO, group_colors

_GREY = "#BBBBBB"

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


def _table_and_ax(
    data, ax: Axes | None, columns: Sequence[str | None], *, one_row_per: Sequence[str] | None = None,
    name: str = "data", hint: str = "pass one row per cell",
) -> tuple[pd.DataFrame, Axes]:
    """The checks every plot makes before it draws: the table (see ``_check_table``), one row per key, the Axes.

    one_row_per: columns that identify a row (a cell of a heatmap, a bar of a day); two rows with the same
    values are an error, because a plot draws its table as it is and sums nothing.
    """
    data = _check_table(data, columns, name)
    if one_row_per is not None:
        keys = list(one_row_per)
        dup = data.duplicated(keys)
        if dup.any():
            first = data.loc[dup, keys].iloc[0].tolist()
            raise InputError(f"{name}: {int(dup.sum())} duplicate ({', '.join(keys)}) rows, first {first}; {hint}")
    return data, _ax(ax)


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


def _group_markers(levels) -> dict:
    """Marker per hue level: blocs are circles (their colour tells them apart), other categories take shapes."""
    others = [v for v in levels if v not in BLOC_COLORS]
    shapes = {v: CATEGORY_MARKERS[i % len(CATEGORY_MARKERS)] for i, v in enumerate(others)}
    return {v: "o" if v in BLOC_COLORS else shapes[v] for v in levels}


def _n_label(row, count) -> str:
    return f"{row} (n = {int(count)})"


def _n_labels(data: pd.DataFrame, key: str, n: str, values) -> list[str]:
    """Labels "value (n = ...)" for ``values`` of column ``key``, the count from column ``n`` (its first row)."""
    counts = data.groupby(key, sort=False)[n].first()
    return [_n_label(v, counts[v]) if v in counts.index else str(v) for v in values]


def _dot_whisker(
    ax, data, *, y, x, hue, low, high, order, hue_order, xlabel, legend_title, flagged=(), flag_note=None,
    xmax=None, n=None, min_n=0, n_label=None, zero=True,
):
    """Dot and whisker per (row, hue).

    flagged: row values drawn with hollow markers (flag_note explains them under the Axes).
    xmax: intervals (and dots) beyond it are clipped there, with an arrow and the value written.
    n, min_n: a hue cell with fewer than min_n documents is written as "n < min_n" instead of drawn.
    n_label: column holding the documents per row; rows are labelled "row (n = ...)".
    zero: extend the axis to 0 so that it has a 0 tick.
    """
    rows = _ordered(data[y].tolist(), order)
    hues = _ordered(data[hue].tolist(), hue_order) if hue is not None else [None]
    colors = group_colors([h for h in hues if h is not None]) if hue is not None else {}
    markers = _group_markers([h for h in hues if h is not None]) if hue is not None else {}
    step = 0.8 / max(len(hues), 1)
    flagged = set(flagged or ())
    pos = {r: i for i, r in enumerate(rows)}
    small = []
    for k, level in enumerate(hues):
        part = data if level is None else data[data[hue] == level]
        if n is not None and min_n > 0:
            few = part[part[n].to_numpy(dtype=float) < min_n]
            part = part.drop(few.index)
            small += [(pos[r] + (k - (len(hues) - 1) / 2) * step) for r in few[y]]
        yy = np.array([pos[r] for r in part[y]], dtype=float) + (k - (len(hues) - 1) / 2) * step
        xx = part[x].to_numpy(dtype=float)
        color = colors.get(level, OKABE_ITO["blue"])
        marker = markers.get(level, "o")
        if low is not None and high is not None:
            lo = part[low].to_numpy(dtype=float)
            hi = part[high].to_numpy(dtype=float)
            if xmax is not None:
                for xv, yv, h in zip(xx, yy, hi):
                    if h > xmax:  # clipped: an arrow to the edge and the true upper bound
                        ax.annotate(
                            f"{h:.2g}", xy=(xmax, yv), xytext=(2, 0), textcoords="offset points", va="center",
                            fontsize=5.5, color=color,
                        )  # fmt: skip
                        ax.plot([xmax], [yv], marker=">", color=color, markersize=3, linestyle="none")
                hi = np.minimum(hi, xmax)
            err = np.vstack([xx - lo, hi - np.minimum(xx, hi)])
            ax.errorbar(np.minimum(xx, hi), yy, xerr=np.clip(err, 0, None), fmt="none", ecolor=color, elinewidth=1,
                        capsize=0)  # fmt: skip
        is_flagged = part[y].isin(flagged).to_numpy() if flagged else np.zeros(len(part), dtype=bool)
        label = str(level) if level is not None else None
        ax.plot(xx[~is_flagged], yy[~is_flagged], marker, color=color, label=label, markersize=3.5, linestyle="none")
        if is_flagged.any():
            ax.plot(xx[is_flagged], yy[is_flagged], marker, color=color, markerfacecolor="white", markersize=3.5,
                    markeredgewidth=0.9, linestyle="none")  # fmt: skip
    for yv in small:
        ax.text(0, yv, f"  n < {min_n}", va="center", ha="left", fontsize=5.5, color="#777777")
    if n_label is not None:
        names = _n_labels(data, y, n_label, rows)
    else:
        names = [str(r) for r in rows]
    ax.set_yticks(range(len(rows)), names)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.xaxis.grid(True)
    ax.set_xlabel(xlabel)
    if zero:
        lo, hi = ax.get_xlim()
        if lo > 0:
            ax.set_xlim(0, hi)
        elif hi < 0:
            ax.set_xlim(lo, 0)
    if xmax is not None:
        lo, _ = ax.get_xlim()
        ax.set_xlim(lo, xmax)
        ax.set_xlim(lo, xmax + 0.02 * (xmax - lo))
    handles, names = ax.get_legend_handles_labels()
    if flagged and flag_note:
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], marker="o", color="#555555", markerfacecolor="white", markersize=3.5,
                              markeredgewidth=0.9, linestyle="none"))  # fmt: skip
        names.append(flag_note)
    if handles and (len(hues) > 1 or flagged):
        if len(hues) > 4 and ax.figure.get_figwidth() >= 5:  # many groups, wide figure: one column at the right
            ax.legend(handles, names, title=legend_title, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                      handletextpad=0.2, borderaxespad=0.2)  # fmt: skip
        else:
            ax.legend(
                handles, names, title=legend_title, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2,
                handletextpad=0.2, columnspacing=1.0, borderaxespad=0.2,
            )  # fmt: skip
    return ax
