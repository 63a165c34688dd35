"""framing.composition: documents per day and group (the table behind plot_composition)."""

from __future__ import annotations

import pandas as pd
import pytest

import framing as fr
from framing.errors import InputError


def _corpus():
    texts = ["one talk", "two talks", "three talks", "four talks", "five talks", "six talks"]
    meta = pd.DataFrame(
        {
            "source": ["a", "a", "b", "b", "b", "c"],
            "date": ["2026-02-17", "2026-02-17", "2026-02-19", "2026-02-17", "", "17/02/2026"],
        }
    )
    return fr.Corpus.from_texts(texts, meta)


def test_documents_per_day_counts_by_hand():
    corpus = _corpus()
    said = r"left out 1 without a date; 1 whose date is not YYYY-MM-DD \(e.g. '17/02/2026'"
    with pytest.warns(UserWarning, match=said):
        table = fr.documents_per_day(corpus, "source")
    # 17 Feb: a has 2 documents, b has 1; 18 Feb: none (a day without documents is a row of zeros);
    # 19 Feb: b has 1. c's only document has a bad date, so c is not a group of the table.
    # b and a both have 2 dated documents: the tie keeps the order of appearance (a first).
    expected = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-02-17"] * 2 + ["2026-02-18"] * 2 + ["2026-02-19"] * 2),
            "group": pd.Series(["a", "b"] * 3, dtype=object),
            "n_docs": [2, 1, 0, 0, 0, 1],
        }
    )
    pd.testing.assert_frame_equal(table, expected, check_names=False, check_freq=False)


def test_documents_per_day_groups_picks_and_orders():
    corpus = _corpus()
    with pytest.warns(UserWarning, match="dated document\\(s\\) without a group"):
        table = fr.documents_per_day(corpus, "source", groups=["b"])
    assert table["group"].unique().tolist() == ["b"]
    assert table["n_docs"].tolist() == [1, 0, 1]


def test_documents_per_day_bad_input():
    corpus = _corpus()
    with pytest.raises(InputError, match="no metadata column date='day'"):
        fr.documents_per_day(corpus, "source", date="day")
    with pytest.raises(InputError, match="date must be a column name"):
        fr.documents_per_day(corpus, "source", date=3)
    with pytest.raises(InputError, match="unknown group"):
        fr.documents_per_day(corpus, "source", groups=["z"])
    undated = fr.Corpus.from_texts(["one talk"], pd.DataFrame({"source": ["a"], "date": [""]}))
    with pytest.raises(InputError, match="no document has both a valid 'date'"), pytest.warns(UserWarning):
        fr.documents_per_day(undated, "source")


def test_documents_per_day_feeds_plot_composition():
    import matplotlib.pyplot as plt

    from framing import plots

    with pytest.warns(UserWarning):
        table = fr.documents_per_day(_corpus(), "source")
    ax = plots.plot_composition(table, ax=plt.figure().add_subplot())
    assert len(ax.patches) == 6  # 3 days x 2 groups
    assert sorted(p.get_height() for p in ax.patches) == [0, 0, 0, 1, 1, 2]
