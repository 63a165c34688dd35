"""The paper style: fonts, figure sizes, a colour-blind-safe palette, and saving.

Every notebook draws inside :func:`paper_style` and saves with
:func:`save_figure`, so that all figures share one look and rebuild
byte-for-byte.

This module (and :mod:`framing.plots`) imports matplotlib; ``import framing``
does not import either, so that the analyses stay usable without a plotting
stack loaded. Import them explicitly::

    from framing import plots, style

    with style.paper_style():
        fig, ax = plt.subplots(figsize=style.figure_size("single", 0.8))
        plots.plot_keyness(table, ax=ax)
        style.save_figure(fig, "03-keyness-en", data=table)

Choices
-------
- Font: DejaVu Sans, which ships with matplotlib, so every machine renders
  the same glyphs (and the same bytes). Sizes suit a journal column: 8 pt
  text, 7 pt tick labels, 8 pt titles.
- Widths: one column 3.5 in, two columns 7.2 in (:data:`WIDTHS`); height is
  width times an aspect ratio (:func:`figure_size`).
- Colours: the Okabe-Ito palette (Okabe & Ito 2008), distinguishable under
  the common forms of colour-vision deficiency. Each outlet bloc of
  :data:`framing.blocs.BLOC_ORDER` has a FIXED colour (:data:`BLOC_COLORS`),
  the same in every figure. Categories that are not blocs (name variants,
  war names, topic frames, paragraph statuses, reference lines) never take
  a bloc colour: :func:`category_colors` gives them black and greys, and
  the plot functions tell them apart by marker shape (:data:`CATEGORY_MARKERS`),
  line style or fill, so that a colour always means a bloc.
- No chart junk: no top or right spines, a light horizontal/vertical grid
  only where values are read off an axis, no frame around legends.
- Files: PDF with TrueType (Type 42) fonts embedded, SVG with text drawn as
  paths, PNG at 300 dpi; no creation dates, software versions or random ids
  in any of them, so that saving twice writes identical bytes.

References
----------
.. [1] Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): How to
   make figures and presentations that are friendly to colorblind people.
   https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from numbers import Real
from pathlib import Path

import matplotlib as mpl
import pandas as pd

from ._paths import check_figure_name
from ._validation import InstanceOf, Interval, Options, check_param, validate_params
from .blocs import BLOC_ORDER

__all__ = [
    "BLOC_COLORS",
    "CATEGORY_COLORS",
    "CATEGORY_MARKERS",
    "FIGURES_DIR_ENV",
    "FIGURES_LOG_ENV",
    "OKABE_ITO",
    "PAPER_RC",
    "WIDTHS",
    "category_colors",
    "figure_size",
    "figures_dir",
    "group_colors",
    "paper_style",
    "save_figure",
]

#: Figure widths in inches: one journal column and the full text width.
WIDTHS: dict[str, float] = {"single": 3.5, "double": 7.2}

#: The Okabe-Ito palette, by name (colour-blind safe).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "grey": "#999999",
}

#: One fixed colour per outlet bloc (keys: :data:`framing.blocs.BLOC_ORDER`).
BLOC_COLORS: dict[str, str] = {
    "Russian state media": OKABE_ITO["vermillion"],
    "Chinese state media": OKABE_ITO["reddish purple"],
    "Ukrainian media": OKABE_ITO["blue"],
    "Western news agencies": OKABE_ITO["bluish green"],
    "Western media": OKABE_ITO["sky blue"],
    "Russian other media": OKABE_ITO["orange"],
    "Other": OKABE_ITO["grey"],
}
assert list(BLOC_COLORS) == BLOC_ORDER  # one colour per bloc, same order

#: Colours of categories that are not blocs, in order: black and greys, none of
#: them a bloc colour (the "Other" bloc's grey included); with more categories
#: than colours, :data:`CATEGORY_MARKERS` tells them apart.
CATEGORY_COLORS: tuple[str, ...] = ("#1A1A1A", "#6B6B6B", "#B3B3B3")

#: Marker shapes of categories that are not blocs, in order (circle, square,
#: triangle, diamond, down triangle, plus): category ``i`` is drawn with
#: colour ``CATEGORY_COLORS[i % 3]`` and marker ``CATEGORY_MARKERS[i % 6]``.
CATEGORY_MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")
assert not set(CATEGORY_COLORS) & set(BLOC_COLORS.values())

# matplotlib's default colour cycle in the paper style: the category colours,
# so that a line drawn without a colour never reads as a bloc.
_CYCLE = list(CATEGORY_COLORS)

#: Environment variable that sets the default folder of :func:`save_figure`.
FIGURES_DIR_ENV = "FRAMING_FIGURES_DIR"
#: Environment variable naming a file where :func:`save_figure` records each
#: figure name it writes (one per line); set by ``framing reproduce``.
FIGURES_LOG_ENV = "FRAMING_FIGURES_LOG"

#: The rcParams of :func:`paper_style`.
PAPER_RC: dict[str, object] = {
    # fonts (DejaVu ships with matplotlib)
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "mathtext.fontset": "dejavusans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "figure.titlesize": 9,
    # size and layout
    "figure.figsize": (WIDTHS["single"], WIDTHS["single"] * 0.75),
    "figure.dpi": 150,
    "figure.constrained_layout.use": True,
    "figure.facecolor": "white",
    # no chart junk
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "#333333",
    "axes.grid": False,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.5,
    "axes.axisbelow": True,
    "axes.titlelocation": "left",
    "axes.prop_cycle": mpl.cycler(color=_CYCLE),
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "lines.linewidth": 1.2,
    "lines.markersize": 4,
    "legend.frameon": False,
    "image.cmap": "cividis",
    # reproducible, editable files
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "framing",
    "savefig.dpi": 300,
    "savefig.facecolor": "white",
    "savefig.bbox": None,
}

# Metadata that would change from run to run or from version to version.
_PDF_METADATA = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
_SVG_METADATA = {"Date": None, "Creator": None}
_PNG_METADATA = {"Software": None}
# rcParams that describe the session, not the look: paper_style leaves them as the block left them.
_SESSION_RC = ("interactive",)
_SVG_HASH_ID = re.compile(r'id="([a-z])([0-9a-f]{10})"')


def _renumber_svg_ids(path: Path) -> None:
    """Replace matplotlib's hashed SVG ids (clip paths, markers, hatches) by counters.

    The hashes are taken over float coordinates, so a difference far below
    what the file prints (1e-12 pt) changes them; counters in order of
    definition do not.
    """
    text = path.read_text(encoding="utf-8")
    mapping: dict[str, str] = {}
    for match in _SVG_HASH_ID.finditer(text):
        old = match.group(1) + match.group(2)
        if old not in mapping:
            mapping[old] = f"{match.group(1)}{len(mapping) + 1:010d}"
    if mapping:
        text = re.sub(r"\b(" + "|".join(mapping) + r")\b", lambda m: mapping[m.group(1)], text)
        path.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def paper_style(**overrides) -> Iterator[None]:
    """Draw figures in the paper style inside a ``with`` block.

    Parameters
    ----------
    **overrides
        rcParams to change on top of :data:`PAPER_RC` (e.g.
        ``**{"font.size": 9}``); names are checked by matplotlib.

    Yields
    ------
    None

    Raises
    ------
    KeyError
        For an override that is not a matplotlib rc parameter.

    Notes
    -----
    Like :func:`matplotlib.rc_context`, the style is undone at the end of the
    block, except for the session settings that are not style
    (``interactive``, and ``backend`` as matplotlib already does). The first
    figure of a Jupyter kernel activates the inline backend, which turns
    interactive mode on; undoing that would stop every later figure of the
    kernel from showing in the notebook.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from framing.style import paper_style, figure_size
    >>> with paper_style():
    ...     fig, ax = plt.subplots(figsize=figure_size("single"))
    ...     _ = ax.plot([0, 1], [0, 1])
    >>> float(fig.get_figwidth())
    3.5
    >>> plt.close(fig)
    """
    rc = {**PAPER_RC, **overrides}
    session: dict[str, object] = {}
    try:
        with mpl.rc_context(rc):
            try:
                yield
            finally:
                session = {key: mpl.rcParams[key] for key in _SESSION_RC}
    finally:
        # Keep what the backend set up inside the block: the inline backend of
        # Jupyter switches interactive mode on when the first figure of a kernel
        # is made; restoring it would stop every later figure from showing.
        for key, value in session.items():
            mpl.rcParams[key] = value


@validate_params({"aspect": [Interval(Real, 0, None, closed="neither")]})
def figure_size(width: str | float = "single", aspect: float = 0.75) -> tuple[float, float]:
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : {'single', 'double'} or float, default='single'
        One column (3.5 in), the full text width (7.2 in), or a width in inches.
    aspect : float, default=0.75
        Height divided by width.

    Returns
    -------
    (float, float)
        ``(width, height)`` in inches, for ``plt.subplots(figsize=...)``.

    Raises
    ------
    InputError
        For an unknown width name or a non-positive width or aspect.

    Examples
    --------
    >>> figure_size("double", 0.5)
    (7.2, 3.6)
    """
    check_param("figure_size()", "width", width, [Options(sorted(WIDTHS)), Interval(Real, 0, None, closed="neither")])
    inches = WIDTHS[width] if isinstance(width, str) else float(width)
    return (inches, round(inches * float(aspect), 4))


def category_colors(values: Iterable) -> dict:
    """Colours for categories that are not blocs (variants, frames, statuses...).

    Never a bloc colour: black and two greys (:data:`CATEGORY_COLORS`), in
    order of first appearance, repeating after three; draw the categories
    with :data:`CATEGORY_MARKERS` too (the plot functions do) so that more
    than three stay distinct. A colour in a figure of this kit therefore
    always means an outlet bloc.

    Parameters
    ----------
    values : iterable
        Category labels in drawing order (duplicates are ignored). Bloc
        names are treated like any other label here: use
        :func:`group_colors` for groups that may be blocs.

    Returns
    -------
    dict
        Label -> hex colour.

    Raises
    ------
    TypeError
        When ``values`` is not iterable.

    Examples
    --------
    >>> category_colors(["Kyiv", "Kiev", "Kyiv"])
    {'Kyiv': '#1A1A1A', 'Kiev': '#6B6B6B'}
    >>> set(category_colors(range(10)).values()) & set(BLOC_COLORS.values())
    set()
    """
    labels = list(dict.fromkeys(values))
    return {v: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, v in enumerate(labels)}


def group_colors(groups: Iterable[str]) -> dict[str, str]:
    """Colours for a list of groups: a bloc keeps its fixed colour, others get category colours.

    Parameters
    ----------
    groups : iterable of str
        Group labels in the order they are drawn (duplicates are ignored).

    Returns
    -------
    dict
        Group -> hex colour. Blocs get :data:`BLOC_COLORS`; other labels get
        :func:`category_colors` (black and greys, never a bloc colour), in
        the order they come.

    Raises
    ------
    TypeError
        When ``groups`` is not iterable.

    Examples
    --------
    >>> group_colors(["Ukrainian media", "en", "ru"])
    {'Ukrainian media': '#0072B2', 'en': '#1A1A1A', 'ru': '#6B6B6B'}
    """
    labels = list(dict.fromkeys(groups))
    others = category_colors([g for g in labels if g not in BLOC_COLORS])
    return {g: BLOC_COLORS[g] if g in BLOC_COLORS else others[g] for g in labels}


def figures_dir(directory: str | os.PathLike | None = None) -> Path:
    """Where :func:`save_figure` writes: the argument, ``$FRAMING_FIGURES_DIR``, or ``./figures``.

    Parameters
    ----------
    directory : path-like, default=None
        Explicit folder; ``None`` means the environment variable
        ``FRAMING_FIGURES_DIR`` if set; else, when the working directory is a
        project's ``notebooks/`` folder next to a ``figures/`` folder (a
        notebook opened in JupyterLab), that ``figures/``; else ``figures``
        under the current working directory.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    TypeError
        When ``directory`` is not path-like.

    Examples
    --------
    >>> figures_dir("out/figures").as_posix()
    'out/figures'
    """
    if directory is not None:
        return Path(directory)
    env = os.environ.get(FIGURES_DIR_ENV)
    if env:
        return Path(env)
    cwd = Path.cwd()
    # Opened from notebooks/ in JupyterLab: write to the project's figures/, not notebooks/figures/.
    if cwd.name == "notebooks" and (cwd.parent / "figures").is_dir():
        return cwd.parent / "figures"
    return cwd / "figures"


def save_figure(
    fig,
    name: str,
    *,
    data: pd.DataFrame | pd.Series | None = None,
    directory: str | os.PathLike | None = None,
) -> dict[str, Path]:
    """Save a figure as PDF, SVG and PNG (300 dpi), and its data as CSV.

    The files carry no timestamps, software versions or random ids: saving the
    same figure twice writes identical bytes, so ``framing reproduce --check``
    can compare them exactly. The PDF embeds its fonts as TrueType (Type 42).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to save (it is not closed).
    name : str
        File stem, e.g. ``'03-keyness-en'``: letters, digits, ``.``, ``_``
        and ``-``; start the name with the notebook's number.
    data : pandas.DataFrame or pandas.Series, default=None
        The table the figure draws, written as ``<name>.csv`` (UTF-8, ``\\n``
        line ends; the index is written when it is named or not integers).
        Pass it for every published figure, so that the figure can be rebuilt
        and checked from its data.
    directory : path-like, default=None
        Output folder (created if needed); see :func:`figures_dir`.

    Returns
    -------
    dict
        Extension (``'pdf'``, ``'svg'``, ``'png'``, ``'csv'``) -> path written.

    Raises
    ------
    InputError
        If ``name`` has characters outside the accepted set, ``fig`` is not a
        Figure, or ``data`` is not a DataFrame or Series.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt, pandas as pd
    >>> table = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    >>> with paper_style():
    ...     fig, ax = plt.subplots(figsize=figure_size("single"))
    ...     _ = ax.plot(table["x"], table["y"])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_figure(fig, "00-example", data=table, directory=tmp)
    ...     sorted(paths)
    ['csv', 'pdf', 'png', 'svg']
    >>> plt.close(fig)
    """
    from matplotlib.figure import Figure

    check_param("save_figure()", "fig", fig, [InstanceOf(Figure, "a matplotlib Figure")])
    check_figure_name(name)
    check_param("save_figure()", "data", data, [InstanceOf((pd.DataFrame, pd.Series)), None])
    out = figures_dir(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    # Lay the figure out once and keep that layout for all three files (a layout
    # engine re-run at each save can move things by a fraction of a point).
    engine = fig.get_layout_engine()
    fig.draw_without_rendering()
    if engine is not None:
        fig.set_layout_engine("none")
    try:
        with mpl.rc_context({k: PAPER_RC[k] for k in ("pdf.fonttype", "svg.fonttype", "svg.hashsalt")}):
            for ext, metadata in (("pdf", _PDF_METADATA), ("svg", _SVG_METADATA), ("png", _PNG_METADATA)):
                path = out / f"{name}.{ext}"
                fig.savefig(path, format=ext, dpi=300, metadata=metadata)
                paths[ext] = path
        _renumber_svg_ids(paths["svg"])
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    if data is not None:
        table = data.to_frame() if isinstance(data, pd.Series) else data
        path = out / f"{name}.csv"
        keep_index = any(n is not None for n in table.index.names) or not pd.api.types.is_integer_dtype(
            table.index
        )
        table.to_csv(path, index=keep_index, lineterminator="\n", encoding="utf-8")
        paths["csv"] = path
    log = os.environ.get(FIGURES_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(name + "\n")
    return dict(sorted(paths.items()))
