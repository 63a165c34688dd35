"""Compare two builds of a figure by what it shows, not by the bytes one library version writes.

``framing reproduce --check`` rebuilds every figure and compares it with the
committed one; ``framing reproduce`` keeps a committed figure whose rebuild
shows the same thing. Both use :func:`compare_file`:

- CSV (the table behind a figure, and ``MANIFEST.csv``): same columns in the
  same order, same number of rows; text cells equal exactly; numbers equal
  within a relative tolerance (:data:`CSV_RTOL`) or an absolute one near zero
  (:data:`CSV_ATOL`). ``3`` and ``3.0`` are the same number.
- PNG: the image comparison of :mod:`matplotlib.testing.compare` (root mean
  square of the pixel differences on the 0-255 scale, ``calculate_rms``),
  taken over every tile of :data:`PNG_TILE` x :data:`PNG_TILE` pixels as well
  as over the whole image. One number for the whole image averages a small
  edit away (20 changed pixels in a 1.6-million-pixel figure give an RMS of
  0.9); per tile, a moved bar, a changed label or a missing mark stands out
  while anti-aliasing noise stays low.
- PDF: the text it draws (in order of drawing) and the number of drawn paths
  and placed objects (pypdf reads the page's content stream); the embedded
  font subset, object order and compression are not compared.
- SVG: the text it draws (matplotlib writes each text as a comment before the
  glyphs, which are paths) and the number of elements of each kind (the
  ``<metadata>`` block, which names the software, aside).

Anything else is compared byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CSV_ATOL",
    "CSV_RTOL",
    "PNG_TILE",
    "PNG_TOLERANCE",
    "compare_csv",
    "compare_file",
    "compare_pdf",
    "compare_png",
    "compare_svg",
]

#: Relative tolerance for numbers in a CSV (last-digit differences between library versions are ~1e-15).
CSV_RTOL = 1e-6
#: Absolute tolerance for numbers in a CSV, for values that should be zero.
CSV_ATOL = 1e-9
#: Side of the square tiles (pixels) over which a PNG difference is measured.
PNG_TILE = 16
#: Largest accepted RMS pixel difference (0-255 scale) in any tile of a PNG.
PNG_TOLERANCE = 12.0

#: Operators of a PDF content stream that paint a path, and that place an object (markers, images).
_PDF_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
_PDF_PLACE = {"Do"}
_SVG_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_SVG_TAG = re.compile(r"<([A-Za-z][\w:.-]*)[\s/>]")
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>", re.S)


def compare_csv(a: str | Path, b: str | Path, *, rtol: float = CSV_RTOL, atol: float = CSV_ATOL) -> str | None:
    """Compare two CSV tables by value.

    Parameters
    ----------
    a, b : path-like
        The committed and the rebuilt table.
    rtol, atol : float
        Numbers ``x`` (in ``a``) and ``y`` (in ``b``) match when
        ``|x - y| <= atol + rtol * |x|`` (as :func:`numpy.isclose`); two
        missing values match.

    Returns
    -------
    str or None
        ``None`` when they match, else what differs (the first differing
        cell, by row and column, and how many cells differ).

    Raises
    ------
    OSError
        If a file cannot be read (``FileNotFoundError`` when it is missing).
    pandas.errors.ParserError, pandas.errors.EmptyDataError
        If a file is not a CSV table (:func:`compare_file` reports these
        as a difference instead).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.csv").write_text("term,z\\nkyiv,0.1\\n")
    >>> _ = (d / "b.csv").write_text("term,z\\nkyiv,0.10000000000000002\\n")
    >>> compare_csv(d / "a.csv", d / "b.csv") is None
    True
    >>> _ = (d / "c.csv").write_text("term,z\\nkiev,0.1\\n")
    >>> compare_csv(d / "a.csv", d / "c.csv")
    "1 cell(s) differ; first: row 1, column 'term': 'kyiv' became 'kiev'"
    """
    x = pd.read_csv(a, dtype=str, keep_default_na=False)
    y = pd.read_csv(b, dtype=str, keep_default_na=False)
    if list(x.columns) != list(y.columns):
        return f"columns differ: {list(x.columns)} became {list(y.columns)}"
    if len(x) != len(y):
        return f"number of rows differs: {len(x)} became {len(y)}"
    n_bad, first = 0, None
    for column in x.columns:
        u, v = x[column].to_numpy(dtype=object), y[column].to_numpy(dtype=object)
        unequal = u != v
        if not unequal.any():
            continue
        nu = pd.to_numeric(pd.Series(u[unequal]), errors="coerce").to_numpy(dtype=float)
        nv = pd.to_numeric(pd.Series(v[unequal]), errors="coerce").to_numpy(dtype=float)
        numeric = ~np.isnan(nu) & ~np.isnan(nv)
        close = np.zeros(len(nu), dtype=bool)
        close[numeric] = np.isclose(nv[numeric], nu[numeric], rtol=rtol, atol=atol)
        missing = np.array([s in ("", "nan", "NaN") for s in u[unequal]]) & np.array(
            [s in ("", "nan", "NaN") for s in v[unequal]]
        )
        bad = ~(close | missing)
        if bad.any():
            n_bad += int(bad.sum())
            if first is None:
                row = int(np.flatnonzero(unequal)[np.flatnonzero(bad)[0]])
                first = f"row {row + 1}, column {column!r}: {u[row]!r} became {v[row]!r}"
    if n_bad:
        return f"{n_bad} cell(s) differ; first: {first}"
    return None


def _rgb(path: str | Path) -> np.ndarray:
    """An image as integers 0-255, RGB (alpha composited on white), as matplotlib's comparison reads it."""
    from matplotlib.image import imread

    image = imread(path)
    if image.dtype != np.uint8:
        image = np.round(np.asarray(image, dtype=float) * 255)
    image = np.asarray(image, dtype=float)
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    if image.shape[-1] == 4:
        alpha = image[..., 3:] / 255
        image = image[..., :3] * alpha + 255 * (1 - alpha)
    return np.round(image[..., :3]).astype(np.int16)


def compare_png(
    a: str | Path, b: str | Path, *, tolerance: float = PNG_TOLERANCE, tile: int = PNG_TILE
) -> str | None:
    """Compare two PNG images the way :mod:`matplotlib.testing.compare` does, tile by tile.

    Parameters
    ----------
    a, b : path-like
        The committed and the rebuilt image.
    tolerance : float
        Largest accepted root-mean-square difference (0-255 scale) within
        any ``tile`` x ``tile`` block of pixels, and over the whole image.
    tile : int
        Side of the blocks in pixels.

    Returns
    -------
    str or None
        ``None`` when they match, else the size difference or the worst
        tile's RMS and where it is (pixel column and row of its corner).

    Raises
    ------
    OSError
        If a file cannot be read (``FileNotFoundError`` when it is missing).
    Exception
        Whatever Pillow raises for a file that is not a PNG (for example
        ``SyntaxError: not a PNG file``); :func:`compare_file` reports it
        as a difference instead.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import numpy as np
    >>> from matplotlib.image import imsave
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> image = np.zeros((32, 32, 3))
    >>> imsave(d / "a.png", image)
    >>> image[:16, :16] = 1.0  # one white tile
    >>> imsave(d / "b.png", image)
    >>> compare_png(d / "a.png", d / "a.png") is None
    True
    >>> compare_png(d / "a.png", d / "b.png")
    'pixels differ: RMS 255.0 > 12.0 in the 16x16 tile at x=0, y=0 (whole image RMS 127.50)'
    """
    from matplotlib.testing.compare import calculate_rms

    x, y = _rgb(a), _rgb(b)
    if x.shape != y.shape:
        return f"image size differs: {x.shape[1]}x{x.shape[0]} became {y.shape[1]}x{y.shape[0]} pixels"
    whole = float(calculate_rms(x, y))
    if whole == 0:
        return None
    sq = ((x - y).astype(float) ** 2).sum(axis=-1)
    h, w = sq.shape
    ph, pw = -h % tile, -w % tile
    sq = np.pad(sq, ((0, ph), (0, pw)))
    blocks = sq.reshape(sq.shape[0] // tile, tile, sq.shape[1] // tile, tile).sum(axis=(1, 3))
    # mean over the pixels of each tile that lie inside the image (edge tiles are smaller)
    rows = np.minimum(tile, h - np.arange(blocks.shape[0]) * tile)[:, None]
    cols = np.minimum(tile, w - np.arange(blocks.shape[1]) * tile)[None, :]
    rms = np.sqrt(blocks / (rows * cols * 3))
    worst = np.unravel_index(int(np.argmax(rms)), rms.shape)
    if rms[worst] > tolerance or whole > tolerance:
        return (
            f"pixels differ: RMS {rms[worst]:.1f} > {tolerance} in the {tile}x{tile} tile at "
            f"x={worst[1] * tile}, y={worst[0] * tile} (whole image RMS {whole:.2f})"
        )
    return None


def _pdf_content(path: str | Path) -> tuple[list[str], Counter]:
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    texts: list[str] = []
    ops: Counter = Counter()
    for number, page in enumerate(reader.pages, 1):
        page.extract_text(visitor_text=lambda text, *_: texts.append(text) if text.strip() else None)
        contents = page.get_contents()
        if contents is None:
            continue
        for _, op in ContentStream(contents, reader).operations:
            op = op.decode("latin-1") if isinstance(op, bytes) else str(op)
            if op in _PDF_PAINT:
                ops[f"page {number} drawn paths"] += 1
            elif op in _PDF_PLACE:
                ops[f"page {number} placed objects"] += 1
        ops["pages"] += 1
    return [t.strip() for t in texts], ops


def _describe_counts(x: Counter, y: Counter) -> str:
    keys = sorted(set(x) | set(y))
    return "; ".join(f"{k}: {x.get(k, 0)} became {y.get(k, 0)}" for k in keys if x.get(k, 0) != y.get(k, 0))


def _describe_texts(x: list[str], y: list[str]) -> str:
    gone = list((Counter(x) - Counter(y)).elements())
    new = list((Counter(y) - Counter(x)).elements())
    if not gone and not new:
        return "the same texts are drawn in another order"
    return f"text no longer drawn: {gone[:5]}; text newly drawn: {new[:5]}"


def _compare_content(x: tuple[list[str], Counter], y: tuple[list[str], Counter]) -> str | None:
    """Two drawings' (texts, element counts): ``None`` when equal, else the counts that differ, else the texts."""
    (tx, cx), (ty, cy) = x, y
    if cx != cy:
        return _describe_counts(cx, cy)
    if tx != ty:
        return _describe_texts(tx, ty)
    return None


def compare_pdf(a: str | Path, b: str | Path) -> str | None:
    """Compare two PDF figures by content: the text drawn and the number of drawn paths and objects.

    Parameters
    ----------
    a, b : path-like
        The committed and the rebuilt PDF.

    Returns
    -------
    str or None
        ``None`` when they match, else what differs: the counts of pages,
        drawn paths or placed objects that changed, or else the text no
        longer drawn and the text newly drawn.

    Raises
    ------
    OSError
        If a file cannot be read (``FileNotFoundError`` when it is missing).
    pypdf.errors.PdfReadError
        If a file is not a readable PDF (:func:`compare_file` reports it as
        a difference instead).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import matplotlib.pyplot as plt
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> _ = ax.set_title("Kyiv")
    >>> fig.savefig(d / "a.pdf")
    >>> _ = ax.set_title("Kiev")
    >>> fig.savefig(d / "b.pdf")
    >>> plt.close(fig)
    >>> compare_pdf(d / "a.pdf", d / "a.pdf") is None
    True
    >>> compare_pdf(d / "a.pdf", d / "b.pdf")
    "text no longer drawn: ['Kyiv']; text newly drawn: ['Kiev']"
    """
    return _compare_content(_pdf_content(a), _pdf_content(b))


def _svg_content(path: str | Path) -> tuple[list[str], Counter]:
    text = Path(path).read_text(encoding="utf-8")
    comments = [c.strip() for c in _SVG_COMMENT.findall(text)]
    body = _SVG_METADATA.sub("", _SVG_COMMENT.sub("", text))
    tags = Counter(f"<{t}> elements" for t in _SVG_TAG.findall(body))
    return comments, tags


def compare_svg(a: str | Path, b: str | Path) -> str | None:
    """Compare two SVG figures by content: the text drawn and the number of elements of each kind.

    Parameters
    ----------
    a, b : path-like
        The committed and the rebuilt SVG.

    Returns
    -------
    str or None
        ``None`` when they match, else what differs: the counts of elements
        that changed, or else the text no longer drawn and the text newly
        drawn (matplotlib writes each text as a comment).

    Raises
    ------
    OSError
        If a file cannot be read (``FileNotFoundError`` when it is missing).
    UnicodeDecodeError
        If a file is not UTF-8 text (:func:`compare_file` reports it as a
        difference instead).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.svg").write_text('<svg><!-- Kyiv --><rect/></svg>')
    >>> _ = (d / "b.svg").write_text('<svg><!-- Kyiv --><rect/><rect/></svg>')
    >>> compare_svg(d / "a.svg", d / "b.svg")
    '<rect> elements: 1 became 2'
    """
    return _compare_content(_svg_content(a), _svg_content(b))


_COMPARE = {".csv": compare_csv, ".png": compare_png, ".pdf": compare_pdf, ".svg": compare_svg}


def compare_file(a: str | Path, b: str | Path) -> str | None:
    """Compare two files by what they show (see the module docstring); ``None`` when they match.

    Identical bytes always match. A file that cannot be read as its type
    (a damaged PNG or PDF) differs, and the message says why.

    Parameters
    ----------
    a, b : path-like
        The committed and the rebuilt file; the suffix of ``a`` (``.csv``,
        ``.png``, ``.pdf``, ``.svg``) chooses the comparison, any other
        suffix is compared by bytes.

    Returns
    -------
    str or None
        ``None`` when they match, else what differs (``'bytes differ'`` for
        other file types).

    Raises
    ------
    OSError
        If a file cannot be read (``FileNotFoundError`` when it is missing).
        Errors of the type-specific comparison are not raised: they are
        reported as a difference.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("Kyiv")
    >>> _ = (d / "b.txt").write_text("Kiev")
    >>> compare_file(d / "a.txt", d / "a.txt") is None, compare_file(d / "a.txt", d / "b.txt")
    (True, 'bytes differ')
    >>> _ = (d / "a.png").write_text("not an image")
    >>> _ = (d / "b.png").write_text("not one either")
    >>> compare_file(d / "a.png", d / "b.png")
    'cannot be compared as PNG (...)'
    """
    a, b = Path(a), Path(b)
    if a.read_bytes() == b.read_bytes():
        return None
    compare = _COMPARE.get(a.suffix.lower())
    if compare is None:
        return "bytes differ"
    try:
        return compare(a, b)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a difference, reported with its reason
        return f"cannot be compared as {a.suffix[1:].upper()} ({type(exc).__name__}: {exc})"
