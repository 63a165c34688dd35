"""Shared parameter docs: the same parameter reads the same in every docstring.

After seaborn's ``DocstringComponents``: a docstring writes ``{params.by}``
(with the indentation of a parameter entry) and :func:`fill_doc` puts the shared
text there, so ``by``, ``groups``, ``column``, ``seed``, ``n_boot`` and
``alpha`` are described once.

Examples
--------
>>> @fill_doc
... def f(by, *, seed=0):
...     '''Do it.
...
...     Parameters
...     ----------
...     {params.by}
...     {params.seed}
...     '''
>>> "The grouping of documents" in f.__doc__ and "numpy Generator" in f.__doc__
True
"""

from __future__ import annotations

import textwrap
from types import SimpleNamespace

__all__ = ["PARAMS", "fill_doc"]

_PARAMS = {
    "by": """
by : str, mapping, callable, pandas.Series or array-like
    The grouping of documents: a metadata column name (``'ownership'``), a
    mapping from the values of ``column`` to groups (e.g. source -> bloc), a
    function of the documents table, a Series indexed by ``doc_id``, or one
    label per document (see :meth:`framing.Corpus.groups`). Documents without
    a label (None, NaN, empty or blank) are left out.
""",
    "groups": """
groups : list of str, optional
    Keep only these groups, in this order; an unknown group is an error that
    lists the groups. Default: all.
""",
    "column": """
column : str, default='source'
    The metadata column a mapping ``by`` is applied to.
""",
    "seed": """
seed : int, numpy Generator or None, default=0
    Randomness: the same seed gives the same numbers (None means 0).
""",
    "n_boot": """
n_boot : int
    Bootstrap replicates, resampling documents within each group: 0 means no
    bootstrap (interval columns are NaN); otherwise at least 50.
""",
    "alpha": """
alpha : float, default=0.05
    One minus the coverage of the intervals (0.05: 95 % intervals).
""",
}

#: The shared entries, as attributes: ``PARAMS.by``, ``PARAMS.seed`` ...
PARAMS = SimpleNamespace(**{k: v.strip("\n") for k, v in _PARAMS.items()})


def fill_doc(func):
    """Fill ``{params.<name>}`` placeholders in ``func``'s docstring with the shared entries."""
    doc = func.__doc__
    if not doc:
        return func
    lines = []
    for line in doc.split("\n"):
        stripped = line.strip()
        if stripped.startswith("{params.") and stripped.endswith("}"):
            name = stripped[len("{params.") : -1]
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(textwrap.indent(getattr(PARAMS, name), indent))
        else:
            lines.append(line)
    func.__doc__ = "\n".join(lines)
    return func
