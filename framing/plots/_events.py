"""Events on a time axis: shade the days of each round (``Corpus.events``)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.axes import Axes

from ..errors import InputError
from ._base import _check_table, _table_and_ax

_SHADE = "#E5E5E5"
_TEXT = "#555555"


def mark_events(
    events: pd.DataFrame,
    *,
    ax: Axes | None = None,
    label: str | None = "label",
    color: str = _SHADE,
    fontsize: float = 6,
) -> Axes:
    """Shade each event's days on a date axis and label it at the top.

    Events without a span (``first_day`` and ``last_day`` empty, such as
    "other") are skipped. Each band runs from half a day before the first
    day to half a day after the last, so that it covers the day bars of a
    composition plot; draw the data first, then the events.

    Parameters
    ----------
    events : pandas.DataFrame
        An events table (:attr:`framing.Corpus.events`): ``first_day``,
        ``last_day`` and the ``label`` column.
    ax : matplotlib.axes.Axes, default=None
        An Axes whose x axis holds dates (default: the current Axes).
    label : str or None, default='label'
        Column written at the top right of each band; None for no text.
        Explain the labels in the caption or with :func:`event_legend_text`.
    color : str, default='#E5E5E5'
        Fill of the bands (drawn behind the data).
    fontsize : float, default=6

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InputError
        If a needed column is missing or no event has a span.

    Examples
    --------
    >>> corpus = load_corpus("peace-talks-2026")
    >>> ax = plt.figure().add_subplot()
    >>> _ = ax.plot(pd.to_datetime(["2026-01-20", "2026-03-01"]), [0, 1])
    >>> len(mark_events(corpus.events, ax=ax).patches)  # four rounds have dates
    4
    """
    events, ax = _table_and_ax(events, ax, ["first_day", "last_day", label], name="events")
    spans = events.dropna(subset=["first_day", "last_day"])
    if spans.empty:
        raise InputError("events: no event has a first_day and last_day; nothing to mark")
    half_day = pd.Timedelta(hours=12)
    top = ax.get_ylim()[1]
    for _, row in spans.iterrows():
        start = pd.Timestamp(row["first_day"]) - half_day
        end = pd.Timestamp(row["last_day"]) + half_day
        ax.axvspan(start, end, color=color, zorder=0, lw=0)
        if label is not None:
            ax.text(end, top, f" {row[label]}", fontsize=fontsize, va="top", ha="left", color=_TEXT)
    return ax


def event_legend_text(
    events: pd.DataFrame,
    *,
    label: str = "label",
    details: tuple[str, ...] = ("place",),
    dates: bool = True,
    width: int | None = None,
) -> str:
    """A caption line explaining each event label, e.g. ``AD1 = Abu Dhabi, 23-24 Jan 2026``.

    Parameters
    ----------
    events : pandas.DataFrame
        An events table (:attr:`framing.Corpus.events`).
    label : str, default='label'
    details : tuple of str, default=('place',)
        Columns written after the label (left out where missing or empty).
    dates : bool, default=True
        Add the event's days.
    width : int, optional
        Wrap the text into lines of at most this many characters (for an
        axis label).

    Returns
    -------
    str
        One ``label = details, days`` entry per event with a span, joined by
        ``'; '``.

    Raises
    ------
    InputError
        For ``events`` that are not a non-empty DataFrame with the label,
        ``first_day`` and ``last_day`` columns.

    Examples
    --------
    >>> ev = load_corpus("peace-talks-2026").events
    >>> event_legend_text(ev)
    'AD1 = Abu Dhabi, 23-24 Jan 2026; AD2 = Abu Dhabi, 4-5 Feb 2026; G1 = Geneva, 17-18 Feb 2026; GB = Geneva, 26 Feb 2026'
    >>> event_legend_text(ev, details=("place", "format"), dates=False)
    'AD1 = Abu Dhabi, trilateral; AD2 = Abu Dhabi, trilateral; G1 = Geneva, trilateral; GB = Geneva, bilateral'
    """
    events = _check_table(events, [label, "first_day", "last_day"], name="events")
    parts = []
    for _, row in events.dropna(subset=["first_day", "last_day"]).iterrows():
        bits = [str(row[c]) for c in details if c in events and isinstance(row[c], str) and row[c]]
        if dates:
            a, b = pd.Timestamp(row["first_day"]), pd.Timestamp(row["last_day"])
            if a == b:
                bits.append(f"{a.day} {a:%b %Y}")
            elif (a.year, a.month) == (b.year, b.month):
                bits.append(f"{a.day}-{b.day} {b:%b %Y}")
            else:
                bits.append(f"{a.day} {a:%b} - {b.day} {b:%b %Y}")
        parts.append(f"{row[label]} = {', '.join(bits)}" if bits else str(row[label]))
    text = "; ".join(parts)
    return textwrap.fill(text, width) if width else text
