"""Doctest names: every public name of framing and framing.plots, plus ``np``, ``pd`` and ``plt``.

Docstring examples live in the modules where the code lives; with the code
split into packages, a module no longer holds every name its examples use.
"""

import numpy as np
import pandas as pd
import pytest

import framing


@pytest.fixture(scope="session", autouse=True)
def _doctest_names(doctest_namespace):
    doctest_namespace.update({name: getattr(framing, name) for name in framing.__all__})
    doctest_namespace.update(np=np, pd=pd, fr=framing)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from framing import plots

    doctest_namespace.update({name: getattr(plots, name) for name in plots.__all__})
    doctest_namespace.update(plt=plt, plots=plots)
