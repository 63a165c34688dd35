"""Shared helpers of the plot functions: table checks, the current Axes, ordering, dot-and-whisker."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb

from ..blocs import BLOC_ORDER
from ..errors import InputError
from ..style import OKABE_ITO, group_colors

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
