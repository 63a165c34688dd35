"""Keyness plots: the Fightin'-Words scatter and diverging bars of one comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes

from ..blocs import BLOC_ORDER
from ..errors import InputError
from ..style import group_colors
from ._base import _GREY, _select, _table_and_ax
from ._labels import repel_labels


def _pair_colors(g: str, r: str) -> dict[str, str]:
    """Target and reference colours; a pooled reference ("rest") of a bloc is neutral dark grey."""
    colors = group_colors([g, r])
    if g in BLOC_ORDER and r not in BLOC_ORDER:
        colors[r] = "#555555"  # not a cycle colour, which would read as another bloc's
    return colors


def _comparison(data: pd.DataFrame, group, reference, group_col, reference_col) -> pd.DataFrame:
    data = _select(data, group_col, group, "group")
    if reference_col in data.columns:
        data = _select(data, reference_col, reference, "reference")
        pairs = data[[group_col, reference_col]].drop_duplicates()
        if len(pairs) > 1:
            raise InputError(
                f"group: the table holds {len(pairs)} comparisons "
                f"({', '.join(f'{g} vs {r}' for g, r in pairs.itertuples(index=False))}); pick one with group= "
                "(and reference=)"
            )
    elif data[group_col].nunique() > 1:
        raise InputError(f"group: the table holds groups {sorted(data[group_col].unique())}; pick one with group=")
    return data


def plot_keyness(
    data: pd.DataFrame,
    *,
    group: str | None = None,
    reference: str | None = None,
    ax: Axes | None = None,
    n_labels: int = 8,
    alpha: float = 0.05,
    y: str = "statistic",
    count_columns: tuple[str, str] = ("count_target", "count_reference"),
    term: str = "term",
    group_col: str = "group",
    reference_col: str = "reference",
    p_adj: str | None = "p_adj",
    label_fontsize: float = 6,
) -> Axes:
    """Fightin'-Words scatter: how often a term is used against how distinctive it is.

    One point per term: x = its total count in both groups (log scale), y =
    the signed statistic (the z of the log-odds ratio with an informative
    Dirichlet prior, Monroe et al. 2008). Terms significant after
    Benjamini-Hochberg (``p_adj < alpha``) are coloured (target group's
    colour above zero, reference's below), the rest grey; the legend names
    only the kinds of point drawn (a group without a significant term has
    no entry). The ``n_labels`` highest and lowest
    terms are labelled without overlaps (:func:`repel_labels`) and their
    points ringed, so that each label finds its point.

    The points form curved bands: the terms a group uses the same number
    of times (0, 1, 2, ...) lie on one curve, along which z changes only
    with the other group's count. Say so in the caption.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.keyness.keyness` output (columns ``group``,
        ``reference``, ``term``, ``count_target``, ``count_reference``,
        ``statistic``, ``p_adj``).
    group, reference : str, default=None
        The comparison to draw, when the table holds several.
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on (default: the current Axes).
    n_labels : int, default=8
        Terms labelled at each end.
    alpha : float, default=0.05
        Threshold on ``p_adj`` for colouring.
    y : str, default='statistic'
        Column on the y axis (``'estimate'`` also works).
    count_columns : (str, str), default=('count_target', 'count_reference')
        Columns summed for the x axis.
    term, group_col, reference_col : str
        Column names.
    p_adj : str or None, default='p_adj'
        Column of adjusted p-values; ``None`` colours every term.
    label_fontsize : float, default=6
        Font size of the term labels, in points.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If ``data`` is not a DataFrame, is empty or lacks a named column,
        or holds several comparisons and ``group``/``reference`` do not pick
        one.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. and Quinn, K. M. (2008). Fightin' words:
    Lexical feature selection and evaluation for identifying the content of
    political conflict. *Political Analysis* 16(4), 372-403.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": "A", "reference": "rest", "term": ["talks", "war", "deal"],
    ...     "count_target": [9, 1, 4], "count_reference": [2, 8, 4], "statistic": [2.5, -2.1, 0.1],
    ...     "p_adj": [0.01, 0.03, 0.9]})
    >>> ax = plot_keyness(table, n_labels=1, ax=plt.figure().add_subplot())
    >>> sorted(t.get_text() for t in ax.texts)
    ['talks', 'war']
    """
    data, ax = _table_and_ax(data, ax, [term, group_col, y, *count_columns, p_adj])
    data = _comparison(data, group, reference, group_col, reference_col)
    g = str(data[group_col].iloc[0])
    r = str(data[reference_col].iloc[0]) if reference_col in data.columns else "reference"
    colors = _pair_colors(g, r)
    total = data[count_columns[0]].to_numpy(dtype=float) + data[count_columns[1]].to_numpy(dtype=float)
    yy = data[y].to_numpy(dtype=float)
    sig = np.ones(len(data), bool) if p_adj is None else (data[p_adj].to_numpy(dtype=float) < alpha)
    keep = total > 0
    kinds = [(sig & (yy > 0), colors[g], 6, f"more in {g}"), (sig & (yy < 0), colors[r], 6, f"more in {r}"),
             (~sig, _GREY, 4, f"not significant (p_adj ≥ {alpha:g})")]  # fmt: skip
    for mask, color, size, name in kinds:  # a legend entry only for points that are drawn
        if (keep & mask).any():
            ax.scatter(total[keep & mask], yy[keep & mask], s=size, color=color, linewidths=0, label=name)
    ax.set_xscale("log")
    ax.axhline(0, color="#777777", lw=0.5)
    ax.set_xlabel("term count (both groups, log scale)")
    ax.set_ylabel("z (log-odds ratio)" if y == "statistic" else y)
    ax.yaxis.grid(True)
    order = np.argsort(-yy, kind="stable")
    top = [i for i in order[:n_labels] if yy[i] > 0 and keep[i]]
    bottom = [i for i in order[::-1][:n_labels] if yy[i] < 0 and keep[i]]
    chosen = top + bottom
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), markerscale=1.5, handletextpad=0.1, borderaxespad=0.2)
    if chosen:  # ringed points: the label's own point stands out from its neighbours
        ax.scatter(total[chosen], yy[chosen], s=14, facecolors="none", edgecolors="#333333", linewidths=0.5)
        terms = data[term].to_numpy(dtype=object)
        repel_labels(
            ax, total[chosen], yy[chosen], [terms[i] for i in chosen], fontsize=label_fontsize,
            avoid_radius=[2.2] * len(chosen),
        )  # fmt: skip
    return ax


def plot_keyness_bars(
    data: pd.DataFrame,
    *,
    group: str | None = None,
    reference: str | None = None,
    ax: Axes | None = None,
    n: int = 10,
    x: str = "estimate",
    term: str = "term",
    group_col: str = "group",
    reference_col: str = "reference",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    p_adj: str | None = "p_adj",
    alpha: float = 0.05,
    glosses: dict[str, str] | None = None,
) -> Axes:
    """Diverging bars: the ``n`` terms most typical of each side of one comparison.

    Bars to the right are the target group's terms (its colour), bars to the
    left the reference's; with interval columns present (``n_boot > 0`` in
    :func:`framing.keyness.keyness`) each bar gets its bootstrap interval.
    Terms that pass Benjamini-Hochberg (``p_adj < alpha``) are filled bars,
    the others outlined only. Each term's label sits beyond the end of its
    whisker on the other side of 0, so a whisker that crosses 0 stays
    visible.

    Parameters
    ----------
    data : pandas.DataFrame
        :func:`framing.keyness.keyness` output.
    group, reference : str, default=None
        The comparison to draw, when the table holds several.
    ax : matplotlib.axes.Axes, default=None
    n : int, default=10
        Terms per side.
    x : str, default='estimate'
        Column of the signed score (keyness's ``estimate``).
    term, group_col, reference_col : str
        Column names.
    low, high : str or None, default='ci_low', 'ci_high'
        Interval columns; ignored when absent from the table.
    p_adj : str or None, default='p_adj'
        Column of adjusted p-values; ``None`` (or absent) fills every bar.
    alpha : float, default=0.05
        Threshold on ``p_adj`` for a filled bar.
    glosses : dict, default=None
        Term -> translation, written after the term ("урегулированию
        (settlement)"), so that readers of another language can follow;
        terms without an entry keep their label.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If ``data`` is not a DataFrame, is empty or lacks a named column,
        or holds several comparisons and ``group``/``reference`` do not pick
        one.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": "A", "reference": "rest", "term": ["talks", "war", "deal"],
    ...     "estimate": [2.5, -2.1, 0.1]})
    >>> len(plot_keyness_bars(table, n=1, ax=plt.figure().add_subplot()).patches)
    2
    >>> ax = plot_keyness_bars(table, n=1, glosses={"war": "guerre"}, ax=plt.figure().add_subplot())
    >>> sorted(t.get_text().strip() for t in ax.texts if "(" in t.get_text())
    ['war (guerre)']
    """
    data, ax = _table_and_ax(data, ax, [term, group_col, x])
    data = _comparison(data, group, reference, group_col, reference_col)
    g = str(data[group_col].iloc[0])
    r = str(data[reference_col].iloc[0]) if reference_col in data.columns else "reference"
    colors = _pair_colors(g, r)
    ranked = data.sort_values(x, ascending=False, kind="stable")
    pos, neg = ranked[ranked[x] > 0].head(n), ranked[ranked[x] < 0].tail(n)
    show = pd.concat([pos, neg])
    values = show[x].to_numpy(dtype=float)
    yy = np.arange(len(show))
    bar_colors = [colors[g] if v > 0 else colors[r] for v in values]
    if p_adj is not None and p_adj in show.columns:
        passed = show[p_adj].to_numpy(dtype=float) < alpha  # NaN (not tested) is not a pass
    else:
        passed = np.ones(len(show), bool)
    faces = [c if ok else "white" for c, ok in zip(bar_colors, passed)]
    ax.barh(yy, values, color=faces, edgecolor=bar_colors, linewidth=0.8, height=0.7)
    has_ci = low in show.columns and high in show.columns and show[low].notna().any()
    lo = show[low].to_numpy(dtype=float) if has_ci else values
    hi = show[high].to_numpy(dtype=float) if has_ci else values
    if has_ci:
        err = np.vstack([values - lo, hi - values])
        bars = ax.errorbar(values, yy, xerr=np.clip(np.nan_to_num(err), 0, None), fmt="none", ecolor="#333333",
                           elinewidth=0.6)  # fmt: skip
        for line in bars.lines[2]:  # a thin white edge keeps the whisker visible on a dark bar
            line.set_path_effects([patheffects.withStroke(linewidth=1.6, foreground="white")])
    ax.set_yticks([])
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    names = [f"{t} ({glosses[t]})" if glosses and t in glosses else str(t) for t in show[term].to_numpy(dtype=object)]
    texts = []
    for yi, v, t, l_, h_ in zip(yy, values, names, lo, hi):
        # the label goes on the other side of 0, beyond the whisker when it crosses 0
        at = min(0.0, l_) if v > 0 and np.isfinite(l_) else max(0.0, h_) if v < 0 and np.isfinite(h_) else 0.0
        texts.append(ax.text(at, yi, f" {t} ", ha="left" if v < 0 else "right", va="center", fontsize=6,
                             path_effects=halo))  # fmt: skip
    ax.set_ylim(len(show) - 0.5, -0.5)
    if p_adj is not None and p_adj in show.columns:
        spans = np.column_stack([np.fmin(np.fmin(lo, values), 0), yy, np.fmax(np.fmax(hi, values), 0)])
        _fill_legend(ax, alpha, texts, spans)
    ax.axvline(0, color="#333333", lw=0.6)
    ax.spines["left"].set_visible(False)
    ax.xaxis.grid(True)
    ax.set_xlabel(x)
    ax.text(0, 1.01, f"← more in {r}", transform=ax.transAxes, ha="left", va="bottom", fontsize=6.5, color=colors[r])
    ax.text(1, 1.01, f"more in {g} →", transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5,
            color=colors[g])  # fmt: skip
    return ax


def _fill_legend(ax: Axes, alpha: float, texts: list, spans: np.ndarray) -> None:
    """The filled/outlined key, in the first corner where it covers no label, bar or whisker, else under the Axes.

    spans: one row per bar, (left end, row, right end) of the bar and its whisker, in data units.
    """
    from matplotlib.patches import Patch
    from matplotlib.transforms import Bbox

    handles = [Patch(facecolor="#777777", edgecolor="#777777", label=f"p_adj < {alpha:g}"),
               Patch(facecolor="white", edgecolor="#777777", label="not significant")]  # fmt: skip
    style = {"fontsize": 5.5, "frameon": False, "handlelength": 1.2}
    ax.get_xlim()  # brings the data limits up to date before anything is measured
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    boxes += [Bbox(ax.transData.transform([[x0, y - 0.35], [x1, y + 0.35]])) for x0, y, x1 in spans]
    for loc in ("lower right", "upper left", "lower left", "upper right"):
        legend = ax.legend(handles=handles, loc=loc, **style)
        if not any(legend.get_window_extent(renderer).overlaps(b) for b in boxes):
            return
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, -0.09), borderaxespad=0, **style)
