"""Shares and prevalence by group: dot and whisker."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ._base import _dot_whisker, _table_and_ax


def plot_shares(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    group: str = "group",
    variant: str = "variant",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    order: Sequence[str] | None = None,
    variant_order: Sequence[str] | None = None,
    percent: bool = True,
    n: str | None = "n_docs_concept",
    show: str | None = None,
) -> Axes:
    """Naming-choice shares per group with their intervals (dot and whisker).

    One row per group; one dot per variant (e.g. *Kyiv* and *Kiev*), dodged
    and coloured, with its interval as a whisker (by default the
    document-level interval of :func:`framing.naming.naming_shares`), and
    the number of documents behind the row printed after its label. For a
    concept with two variants the second share is the complement of the
    first: pass ``show`` to draw one share only.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (group, variant): ``group``, ``variant``, ``estimate``
        (the share, 0-1) and interval bounds ``ci_low``, ``ci_high``:
        :func:`framing.naming.naming_shares` output (pass
        ``estimate='doc_share', low='doc_ci_low', high='doc_ci_high'`` for
        the document-level shares, ``low='boot_ci_low', high='boot_ci_high'``
        for the bootstrap interval).
    ax : matplotlib.axes.Axes, default=None
    group, variant, estimate, low, high : str
        Column names (``low``/``high`` None: no whiskers).
    order, variant_order : sequence of str, default=None
        Order of groups (default: blocs in :data:`~framing.blocs.BLOC_ORDER`,
        then first appearance) and of variants.
    percent : bool, default=True
        Label the axis in percent.
    n : str or None, default='n_docs_concept'
        Column with the number of documents behind each group's shares
        (e.g. ``'n_docs_concept'`` of :func:`framing.naming.naming_shares`,
        ``'n_docs'`` or ``'total'``); rows are then labelled
        "group (n = ...)". Ignored when absent from the table.
    show : str, default=None
        Draw only this variant's share and interval, without a legend; the
        x label names the variant ("share of mentions: Kiev").

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If ``data`` is not a DataFrame, is empty, lacks a named column or
        holds two rows for one (group, variant), or if ``show`` is not one
        of its variants.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"group": ["a", "a"], "variant": ["Kyiv", "Kiev"], "estimate": [0.8, 0.2],
    ...     "ci_low": [0.6, 0.1], "ci_high": [0.9, 0.4], "n_docs_concept": [12, 12]})
    >>> [t.get_text() for t in plot_shares(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['a (n = 12)']
    >>> plot_shares(table, show="Kiev", ax=plt.figure().add_subplot()).get_xlabel()
    'share of mentions: Kiev'
    """
    data, ax = _table_and_ax(data, ax, [group, variant, estimate, low, high], one_row_per=[group, variant],
                             hint="pass one row per (group, variant)")  # fmt: skip
    xlabel = "share of mentions"
    if show is not None:
        if show not in set(data[variant]):
            raise InputError(f"show: {show!r} is not a variant of the table; its variants are "
                             f"{', '.join(map(str, dict.fromkeys(data[variant])))}")  # fmt: skip
        data = data[data[variant] == show]
        xlabel = f"share of mentions: {show}"
    _dot_whisker(
        ax, data, y=group, x=estimate, hue=variant, low=low, high=high, order=order, hue_order=variant_order,
        xlabel=xlabel, legend_title=None, n_label=n if n is not None and n in data.columns else None,
    )  # fmt: skip
    if percent:
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlim(-0.02, 1.02)
    return ax


def plot_prevalence(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    topic: str = "label",
    group: str = "group",
    estimate: str = "estimate",
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    topic_order: Sequence[str] | None = None,
    group_order: Sequence[str] | None = None,
    flagged: Sequence | None = None,
    flag_note: str = "unstable topic",
    xmax: float | None = None,
    n: str | None = None,
    min_n: int = 0,
    labels: dict | None = None,
) -> Axes:
    """Topic prevalence by group: one row per topic, a dot and whisker per group.

    Each group has its colour (blocs: :data:`~framing.style.BLOC_COLORS`;
    other groups: :func:`~framing.style.category_colors` and a marker shape);
    the axis always shows 0.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per (topic, group) with the estimate and its interval:
        :func:`framing.topics.prevalence.topic_prevalence` output (``label``,
        ``group``, ``estimate``, ``ci_low``, ``ci_high``), or
        :func:`framing.topics.antmn.antmn_prevalence` with ``topic='frame_label'``.
    ax : matplotlib.axes.Axes, default=None
    topic, group, estimate, low, high : str
        Column names (``topic`` is the row label, e.g. a topic's label).
    topic_order, group_order : sequence of str, default=None
        Row order (default: first appearance) and group order (default: blocs
        in BLOC_ORDER first).
    flagged : sequence, default=None
        Rows (values of ``topic``) to draw with hollow markers, e.g. the
        topics :func:`framing.topics.quality.topic_stability` calls unstable;
        the legend explains the hollow marker with ``flag_note``.
    flag_note : str, default='unstable topic'
    xmax : float, default=None
        Right end of the axis: an interval reaching beyond it is cut there
        with an arrow and its upper bound written, so that one wide interval
        does not squash the others.
    n, min_n : str and int, default=None and 0
        Column with each cell's number of documents, and the fewest drawn:
        a cell below ``min_n`` is written as "n < min_n" (not left blank,
        which would read as missing data).
    labels : dict, default=None
        Row value -> display label (e.g. human topic labels, given in one
        place in the notebook); rows without an entry keep their value.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If ``data`` is not a DataFrame, is empty, lacks a named column or
        holds two rows for one (topic, group).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"label": ["0: talks", "1: oil"], "group": "a", "estimate": [0.6, 0.4],
    ...     "ci_low": [0.5, 0.3], "ci_high": [0.7, 0.5]})
    >>> [t.get_text() for t in plot_prevalence(table, ax=plt.figure().add_subplot()).get_yticklabels()]
    ['0: talks', '1: oil']
    """
    data, ax = _table_and_ax(data, ax, [topic, group, estimate, low, high, n], one_row_per=[topic, group],
                             hint="pass one row per (topic, group)")  # fmt: skip
    order = topic_order if topic_order is not None else list(dict.fromkeys(data[topic]))
    flagged = list(flagged) if flagged is not None else []
    if labels:
        relabel = {k: str(labels.get(k, k)) for k in set(data[topic]) | set(order)}
        data = data.assign(**{topic: data[topic].map(relabel)})
        order = [relabel[v] for v in order]
        flagged = [relabel.get(v, v) for v in flagged]
    return _dot_whisker(
        ax, data, y=topic, x=estimate, hue=group, low=low, high=high, order=order, hue_order=group_order,
        xlabel="topic prevalence", legend_title=None, flagged=flagged, flag_note=flag_note, xmax=xmax, n=n,
        min_n=min_n,
    )  # fmt: skip
