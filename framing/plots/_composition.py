"""Corpus composition: documents per day by language or bloc."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ..style import group_colors
from ._base import _ordered, _table_and_ax


def plot_composition(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    date: str = "date",
    group: str = "group",
    count: str = "n_docs",
    order: Sequence[str] | None = None,
    legend: bool = True,
) -> Axes:
    """Documents per day, stacked by group (language or bloc).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (date, group) with a count: the table that
        :func:`framing.documents_per_day` returns (columns ``date``,
        ``group``, ``n_docs``). The plot draws it as it is and sums nothing.
    ax : matplotlib.axes.Axes, default=None
        The Axes to draw on (default: the current Axes).
    date, group, count : str, default='date', 'group', 'n_docs'
        Column names.
    order : sequence of str, default=None
        Stacking order, bottom first (default: blocs in BLOC_ORDER, then the
        other groups in the order of the table).
    legend : bool, default=True
        Draw the legend above the Axes.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        For a table that is not a DataFrame, is empty or lacks a column; a
        row without a valid date; two rows for the same (date, group) (count
        them with :func:`framing.documents_per_day`); a group not in
        ``order``.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"date": ["2026-02-17", "2026-02-18"], "group": ["en", "ru"], "n_docs": [3, 2]})
    >>> len(plot_composition(table, ax=plt.figure().add_subplot()).patches)  # 2 days x 2 groups
    4
    """
    data, ax = _table_and_ax(
        data, ax, [date, group, count], one_row_per=[date, group],
        hint="pass one count per day and group, as framing.documents_per_day returns",
    )  # fmt: skip
    days = pd.to_datetime(data[date], errors="coerce", format="%Y-%m-%d")
    if days.isna().any():
        raise InputError(
            f"data: {int(days.isna().sum())} row(s) without a valid {date!r} (YYYY-MM-DD); "
            "count the documents per day with framing.documents_per_day, which leaves undated ones out"
        )
    table = data.assign(**{date: days})
    order = _ordered(table[group].tolist(), order)
    wide = table.pivot(index=date, columns=group, values=count).reindex(columns=order).fillna(0)
    colors = group_colors(order)
    bottom = np.zeros(len(wide))
    for g in order:
        ax.bar(wide.index, wide[g].to_numpy(), bottom=bottom, width=0.85, color=colors[g], label=str(g), linewidth=0)
        bottom += wide[g].to_numpy()
    ax.set_ylabel("documents per day")
    ax.yaxis.grid(True)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=7))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    if legend:
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, handlelength=0.8, columnspacing=0.8,
            borderaxespad=0.2,
        )  # fmt: skip
    return ax
