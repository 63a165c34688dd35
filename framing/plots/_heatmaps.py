"""Heatmaps: frame (or tone) scores by group, who carries whose story."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ._base import _n_labels, _ordered, _table_and_ax, _text_color


def _heatmap(ax, matrix: pd.DataFrame, *, fmt: str, cmap, center, blank_zero: bool, colorbar_label: str):
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    if center is not None and finite.size:
        span = max(abs(finite.max() - center), abs(finite.min() - center)) or 1.0
        vmin, vmax = center - span, center + span
    else:
        vmin, vmax = (finite.min(), finite.max()) if finite.size else (0, 1)
    image = ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.set_xticks(
        range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=40, ha="right", rotation_mode="anchor"
    )
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            if not np.isfinite(v) or (blank_zero and v == 0):
                continue
            rgba = image.cmap(image.norm(v))
            ax.text(j, i, format(v, fmt), ha="center", va="center", fontsize=6, color=_text_color(rgba))
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.06)  # a gap between the cells and the bar
    bar.set_label(colorbar_label)
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=6)
    if fmt == ".0f":
        from matplotlib.ticker import MaxNLocator

        bar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_frame_heatmap(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    frame: str = "frame",
    group: str = "group",
    value: str = "estimate",
    fmt: str = ".2f",
    cmap: str | None = None,
    center: float | None = None,
    frame_order: Sequence[str] | None = None,
    group_order: Sequence[str] | None = None,
    colorbar_label: str | None = None,
    n: str | None = None,
    lower_triangle: bool = False,
) -> Axes:
    """Frame (or tone) scores by group: a heatmap with the value in each cell.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (frame, group) with the score (long table):
        :func:`framing.frames.compare_frames` output (``frame``, ``group``,
        ``estimate``); for :func:`framing.tone.compare_tone` by actor pass
        ``frame='actor'``.
    ax : matplotlib.axes.Axes, default=None
    frame, group, value : str
        Column names: rows, columns and cell values.
    fmt : str, default='.2f'
        Format of the cell values.
    cmap : str, default=None
        Colormap; default ``'cividis'``, or ``'RdBu_r'`` centred on 0 when
        the values have both signs.
    center : float, default=None
        Value mapped to the middle of the colormap (default 0 when values have
        both signs).
    frame_order, group_order : sequence of str, default=None
        Row order (first appearance) and column order (blocs first).
    colorbar_label : str, default=None
        Label of the colour bar (default: the ``value`` column's name).
    n : str, default=None
        Column with each group's number of documents: the columns are then
        labelled "group (n = ...)".
    lower_triangle : bool, default=False
        For a symmetric matrix (e.g. distances between groups, with rows and
        columns in the same order): draw only the cells below the diagonal.

    Row labels are shown with underscores as spaces (``human_interest`` ->
    "human interest").

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If a (frame, group) pair occurs twice.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"frame": ["conflict", "economic"], "group": "a", "estimate": [1.5, 0.25]})
    >>> sorted(t.get_text() for t in plot_frame_heatmap(table, ax=plt.figure().add_subplot()).texts)
    ['0.25', '1.50']
    """
    data, ax = _table_and_ax(data, ax, [frame, group, value, n], one_row_per=[frame, group],
                             hint="pass one score per cell")  # fmt: skip
    rows = frame_order if frame_order is not None else list(dict.fromkeys(data[frame]))
    cols = _ordered(data[group].tolist(), group_order)
    matrix = data.pivot(index=frame, columns=group, values=value).reindex(index=rows, columns=cols)
    v = matrix.to_numpy(dtype=float)
    both = np.nanmin(v) < 0 < np.nanmax(v)
    if center is None and both:
        center = 0.0
    cmap = cmap or ("RdBu_r" if center is not None else "cividis")
    label = value if colorbar_label is None else colorbar_label
    if lower_triangle:
        if list(matrix.index) != list(matrix.columns):
            raise InputError("lower_triangle: rows and columns must be the same groups in the same order "
                             "(pass the same frame_order and group_order)")  # fmt: skip
        keep = np.tril(np.ones(matrix.shape, dtype=bool), k=-1)
        matrix = matrix.where(keep).iloc[1:, :-1]
    if n is not None:
        matrix.columns = _n_labels(data, group, n, matrix.columns)
    matrix = matrix.rename(index=lambda r: str(r).replace("_", " "))
    _heatmap(ax, matrix, fmt=fmt, cmap=cmap, center=center, blank_zero=False, colorbar_label=label)
    if lower_triangle:
        ax.set_facecolor("white")
    return ax


def plot_reuse_matrix(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    original: str = "original_source",
    republisher: str = "republisher_site",
    value: str = "n_stories",
    max_originals: int = 12,
    max_republishers: int = 15,
    cmap: str = "Blues",
) -> Axes:
    """Who carries whose story: originals (rows) by republishers (columns).

    Cells hold ``value`` summed over the table's rows for that pair (e.g.
    stories of Reuters carried by any site of a source); empty cells are
    blank. Only the originals and republishers with the largest totals are
    shown (how many were left out is written under the axis).

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.reuse.who_republishes_whom` summary (columns
        ``original_source``, ``republisher_site``, ``n_stories``).
    ax : matplotlib.axes.Axes, default=None
    original, republisher, value : str
        Column names (``republisher='republisher_source'`` for sources, or a
        bloc column you added).
    max_originals, max_republishers : int, default=12, 15
        Rows and columns shown, by descending total.
    cmap : str, default='Blues'

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        For ``data`` that is not a non-empty DataFrame with the named columns, or
        an ``ax`` that is not a matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"original_source": ["Reuters", "AFP"], "republisher_site": ["x.com", "y.org"],
    ...     "n_stories": [3, 1]})
    >>> [t.get_text() for t in plot_reuse_matrix(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['Reuters', 'AFP']
    """
    data, ax = _table_and_ax(data, ax, [original, republisher, value])
    matrix = data.pivot_table(index=original, columns=republisher, values=value, aggfunc="sum", fill_value=0)
    rows = matrix.sum(axis=1).sort_values(ascending=False, kind="stable")
    keep_r = list(rows.index[:max_originals])
    cols = matrix.loc[keep_r].sum(axis=0).sort_values(ascending=False, kind="stable")
    keep_c = list(cols.index[cols > 0][:max_republishers])
    shown = matrix.loc[keep_r, keep_c]
    shown = shown.loc[shown.sum(axis=1) > 0]  # originals whose republishers are all cut
    keep_r = list(shown.index)
    cols = matrix.sum(axis=0)
    _heatmap(ax, shown, fmt=".0f", cmap=cmap, center=None, blank_zero=True, colorbar_label=value.replace("_", " "))
    ax.set_ylabel("original source")
    left = (len(rows) - len(keep_r), len(cols) - len(keep_c))
    note = f"\n(not shown: {left[0]} original(s), {left[1]} republisher(s))" if any(left) else ""
    ax.set_xlabel("republished by" + note)
    return ax


def plot_reuse_ranked(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    original: str = "original_source",
    republisher: str = "republisher_site",
    value: str = "n_stories",
    max_rows: int = 30,
) -> Axes:
    """Who carries whose story, as a ranked dot plot: one row per (original, republisher) pair.

    Rows are labelled "original -> republisher" and sorted by ``value``
    (largest first, then by name); the axis counts whole stories. Pairs
    beyond ``max_rows`` are left out and counted under the axis. Unlike a
    matrix of originals by republishers, which is mostly empty for a corpus
    of this size, every row carries a number.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.reuse.who_republishes_whom` summary (columns
        ``original_source``, ``republisher_site``, ``n_stories``).
    ax : matplotlib.axes.Axes, default=None
    original, republisher, value : str
        Column names (``value`` holds whole counts).
    max_rows : int, default=30

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        For ``data`` that is not a non-empty DataFrame with the named columns, or
        an ``ax`` that is not a matplotlib Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"original_source": ["Reuters", "AFP"], "republisher_site": ["x.com", "y.org"],
    ...     "n_stories": [1, 3]})
    >>> [t.get_text() for t in plot_reuse_ranked(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['AFP → y.org', 'Reuters → x.com']
    """
    from matplotlib.ticker import MaxNLocator

    data, ax = _table_and_ax(data, ax, [original, republisher, value])
    pairs = data.groupby([original, republisher], sort=True)[value].sum().reset_index()
    pairs = pairs.sort_values([value, original, republisher], ascending=[False, True, True], kind="stable")
    shown = pairs.iloc[: int(max_rows)]
    y = np.arange(len(shown))
    counts = shown[value].to_numpy(dtype=float)
    ax.hlines(y, 0, counts, color="#B3B3B3", lw=0.8)
    ax.plot(counts, y, "o", color="#1A1A1A", markersize=3.5)
    ax.set_yticks(y, [f"{o} → {r}" for o, r in shown[[original, republisher]].itertuples(index=False)])
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_xlim(0, max(counts.max(), 1) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.grid(True)
    left = len(pairs) - len(shown)
    note = f"\n(not shown: {left} pair(s) with fewer stories)" if left else ""
    ax.set_xlabel(value.replace("_", " ").replace("n ", "number of ", 1) + note)
    return ax
