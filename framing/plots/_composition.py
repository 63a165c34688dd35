"""Corpus composition: documents per day by language or bloc."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..blocs import BLOC_ORDER
from ..errors import InputError
from ..style import group_colors
from ._base import _ax, _check_table, _ordered


def plot_composition(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    date: str = "date",
    group: str = "group",
    count: str = "n_documents",
    order: Sequence[str] | None = None,
    legend: bool = True,
) -> Axes:
    """Documents per day, stacked by group (language or bloc).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (date, group) with a count, e.g.
        ``docs.groupby(["date", "bloc"]).size().rename("n_documents").reset_index()``.
        Rows with an empty or unparseable date are left out with a warning
        that says how many.
    ax : matplotlib.axes.Axes, default=None
    date, group, count : str
        Column names.
    order : sequence of str, default=None
        Stacking order, bottom first (default: blocs in BLOC_ORDER, then by
        descending total).
    legend : bool, default=True

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"date": ["2026-02-17", "2026-02-18"], "group": ["en", "ru"], "n_documents": [3, 2]})
    >>> len(plot_composition(table, ax=plt.figure().add_subplot()).patches)  # 2 days x 2 groups
    4
    """
    data = _check_table(data, [date, group, count])
    ax = _ax(ax)
    days = pd.to_datetime(data[date].replace("", None), errors="coerce", format="%Y-%m-%d")
    bad = days.isna()
    if bad.any():
        warnings.warn(
            f"plot_composition: left out {int(bad.sum())} row(s) ({int(data.loc[bad, count].sum())} documents) "
            "without a valid date",
            stacklevel=2,
        )
    table = data.loc[~bad].assign(**{date: days[~bad]})
    if table.empty:
        raise InputError(f"data: no row has a valid {date!r} (YYYY-MM-DD)")
    wide = table.pivot_table(index=date, columns=group, values=count, aggfunc="sum", fill_value=0)
    wide = wide.reindex(pd.date_range(wide.index.min(), wide.index.max(), freq="D"), fill_value=0)
    if order is None:
        totals = wide.sum().sort_values(ascending=False, kind="stable")
        blocs = [b for b in BLOC_ORDER if b in wide.columns]
        order = blocs + [g for g in totals.index if g not in blocs]
    else:
        order = _ordered(wide.columns.tolist(), order)
    colors = group_colors(order)
    bottom = np.zeros(len(wide))
    for g in order:
        ax.bar(wide.index, wide[g].to_numpy(), bottom=bottom, width=0.85, color=colors[g], label=str(g), linewidth=0)
        bottom += wide[g].to_numpy()
    ax.set_ylabel("documents per day")
    ax.yaxis.grid(True)
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    if legend:
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, handlelength=0.8, columnspacing=0.8,
            borderaxespad=0.2,
        )  # fmt: skip
    return ax
