"""The explorer widget (anywidget) and its export to one self-contained HTML page."""

from __future__ import annotations

import functools
import html
import json
import re
from importlib import resources
from pathlib import Path

import anywidget
import traitlets

from ..errors import InputError

_MARKER = "// FRAMING-EXPORT"


def _static(name: str) -> str:
    return resources.files("framing.explore").joinpath("static", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one JavaScript string (made offline by vl-convert).

    The bundle defines ``window.vegaEmbed``; it is made once per process (a few seconds).
    """
    import vl_convert

    return vl_convert.javascript_bundle()


def _app() -> str:
    """The explorer's own code, without its export line (wrapped by the callers)."""
    app = _static("explorer.js")
    if _MARKER not in app:  # pragma: no cover - guards the static file
        raise RuntimeError("explorer.js lost its export marker")
    return app[: app.index(_MARKER)]


def esm() -> str:
    """The widget's ES module: the Vega bundle, then the explorer's code in its own scope."""
    return (
        vega_bundle()
        + "\n;\nconst __framingExplorer = (() => {\n"
        + _app()
        + "\nreturn { render };\n})();\nexport default __framingExplorer;\n"
    )


class Explorer(anywidget.AnyWidget):
    """An interactive view of an analysis result; display it in JupyterLab or :meth:`save` it.

    Made by :func:`framing.explore`. ``data`` holds everything the view shows
    (plain JSON); ``selected`` is the term, cell or topic last clicked.

    Parameters
    ----------
    data : dict
        The view's content as :func:`framing.explore` arranges it (plain JSON:
        ``kind`` and the tables of that view).
    **kwargs
        Passed to :class:`anywidget.AnyWidget`.

    Examples
    --------
    >>> import framing as fr
    >>> c = fr.Corpus.from_texts(["peace talks in geneva", "talks on peace", "oil prices rose", "oil and gas prices"],
    ...                          pd.DataFrame({"side": list("aabb")}))
    >>> view = fr.explore(fr.keyness(c, "side", target="a"), c, by="side")
    >>> isinstance(view, Explorer), view.kind
    (True, 'keyness')
    """

    data = traitlets.Dict().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(self, data: dict, **kwargs):
        self._esm = esm()
        self._css = _static("explorer.css")
        super().__init__(data=data, **kwargs)

    @property
    def kind(self) -> str:
        """``'keyness'``, ``'naming'`` or ``'topics'``."""
        return self.data.get("kind", "")

    def to_html(self, title: str | None = None) -> str:
        """The view as one HTML page: data, styles and JavaScript inline, no network access.

        Parameters
        ----------
        title : str, optional
            The page title; default the view's own.

        Returns
        -------
        str
            The page.

        Raises
        ------
        InputError
            Never for a view made by :func:`framing.explore`; the page is built
            from data already checked there.

        Examples
        --------
        >>> import framing as fr
        >>> c = fr.Corpus.from_texts(["peace talks in geneva", "talks on peace", "oil prices rose", "oil and gas prices"],
        ...                          pd.DataFrame({"side": list("aabb")}))
        >>> view = fr.explore(fr.keyness(c, "side", target="a"), c, by="side")
        >>> view.to_html("Peace and oil").startswith("<!doctype html>")
        True
        """
        return page(self.data, title=title)

    def save(self, path, *, title: str | None = None) -> Path:
        """Write the view to one self-contained HTML file and return its path.

        Parameters
        ----------
        path : str or pathlib.Path
            The file to write (``.html``); its folder must exist.
        title : str, optional
            The page title; default the view's own.

        Returns
        -------
        pathlib.Path

        Raises
        ------
        InputError
            When the folder of ``path`` does not exist.

        Examples
        --------
        >>> import framing as fr
        >>> c = fr.Corpus.from_texts(["peace talks in geneva", "talks on peace", "oil prices rose", "oil and gas prices"],
        ...                          pd.DataFrame({"side": list("aabb")}))
        >>> view = fr.explore(fr.keyness(c, "side", target="a"), c, by="side")
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = view.save(pathlib.Path(tmp) / "keyness.html")
        ...     path.suffix, path.stat().st_size > 0
        ('.html', True)
        """
        path = Path(path)
        if not path.parent.exists():
            raise InputError(f"save(): folder {str(path.parent)!r} does not exist; create it first")
        path.write_text(self.to_html(title), encoding="utf-8")
        return path


def _json_safe(text: str) -> str:
    """JSON that cannot close the <script> element it sits in."""
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _js_safe(text: str) -> str:
    """JavaScript that cannot close the <script> element it sits in (inside strings and regexes)."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


_BOOT = """
const data = JSON.parse(document.getElementById("framing-data").textContent);
const model = { get: (k) => (k === "data" ? data : undefined), set() {}, save_changes() {}, on() {} };
render({ model, el: document.getElementById("framing-explorer") });
"""

# No request may leave the page: everything is inline; CSP forbids loading anything else.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'"
)


def page(data: dict, *, title: str | None = None) -> str:
    """One self-contained HTML page for the explorer data."""
    title = title or data.get("title") or "framing explorer"
    app = "(() => {\n" + _app() + _BOOT + "})();\n"
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\nbody {{ margin: 0.8em; }}\n{_static('explorer.css')}</style>\n"
        "</head>\n<body>\n<div id=\"framing-explorer\"></div>\n"
        f"<script type=\"application/json\" id=\"framing-data\">{_json_safe(payload)}</script>\n"
        f"<script type=\"module\">\n{_js_safe(vega_bundle())}\n;\n{_js_safe(app)}</script>\n"
        f"<noscript>This page needs JavaScript.</noscript>\n<footer style=\"color:#888;font-size:12px;margin-top:2em\">"
        f"Made with framing. Data and code are inside this file; it makes no network requests.</footer>\n"
        "</body>\n</html>\n"
    )
