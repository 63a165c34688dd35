"""Figure items a reviewer raised (issue #14): each fix has a test that fails on the old drawing."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from framing import plots  # noqa: E402
from framing.errors import InputError  # noqa: E402
from framing.style import figure_size, paper_style  # noqa: E402


@pytest.fixture(autouse=True)
def _style_and_close():
    with paper_style():
        yield
    plt.close("all")


def _ax(aspect=0.8, width="single"):
    return plt.subplots(figsize=figure_size(width, aspect))[1]


@pytest.fixture
def two_variant_shares():
    return pd.DataFrame({
        "group": ["Russian state media", "Russian state media", "Ukrainian media", "Ukrainian media"],
        "variant": ["Kyiv", "Kiev", "Kyiv", "Kiev"],
        "estimate": [0.1, 0.9, 1.0, 0.0], "ci_low": [0.0, 0.6, 0.7, 0.0], "ci_high": [0.4, 1.0, 1.0, 0.3],
        "n_docs_concept": [3, 3, 7, 7],
    })  # fmt: skip


def test_shares_show_draws_one_share_without_the_complement(two_variant_shares):
    # two variants: the second share is 1 - the first, so drawing both repeats the same information
    ax = plots.plot_shares(two_variant_shares, ax=_ax(), show="Kiev")
    dots = [line for line in ax.lines if line.get_linestyle() == "None" and len(line.get_xdata())]
    assert len(dots) == 1
    assert list(dots[0].get_xdata()) == [0.9, 0.0]
    assert ax.get_legend() is None
    assert ax.get_xlabel() == "share of mentions: Kiev"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russian state media (n = 3)", "Ukrainian media (n = 7)"]


def test_shares_show_unknown_variant(two_variant_shares):
    with pytest.raises(InputError, match=r"show: 'Kiew' is not a variant.*Kyiv, Kiev"):
        plots.plot_shares(two_variant_shares, ax=_ax(), show="Kiew")
