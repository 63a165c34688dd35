"""Interactive views of analysis results, in the notebook and as one shareable HTML page.

:func:`explore` takes a keyness table, a naming-shares table or a fitted topic
model (tables in: it computes no statistics) and returns an :class:`Explorer`
widget; ``Explorer.save("page.html")`` writes the same view as one file.

Libraries, and why
------------------
- **anywidget** (widget): one ES module is the whole front end. JupyterLab
  runs it as a widget, and the exported page inlines the very same module, so
  the notebook view and the page share their code and cannot drift apart.
  anywidget needs no build step or JupyterLab extension of its own (it rides on
  ipywidgets' manager), is maintained (Trevor Manz, with the Jupyter
  community), and is what current scientific widgets are built on.
- **Vega-Lite** (charts), through **vl-convert**'s offline JavaScript bundle of
  Vega, Vega-Lite and Vega-Embed (PyPI, no CDN): declarative charts with
  tooltips, log scales and click events, drawn by a maintained library rather
  than by hand-written SVG code. The same bundle serves the widget and the page,
  so the page loads nothing from the network (it also says so in its
  Content-Security-Policy). Lists and tables are plain HTML.
"""

from ._explore import explore
from ._widget import Explorer

__all__ = ["Explorer", "explore"]
