"""Tests for framing.naming: shares with intervals, the two tests of independence, errors."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from framing import Corpus, InputError
from framing._stats import wilson_interval
from framing.naming import naming_shares, naming_test, variant_counts

CITY = {"Kyiv": ["kyiv*"], "Kiev": ["kiev*"]}


@pytest.fixture(scope="module")
def corpus():
    texts = [
        "Kiev said Kiev and Kiev again",  # a: 3 x Kiev in one document
        "talks in Kyiv",  # a
        "Kyiv and Kiev",  # a
        "nothing here",  # a: no mention
        "Kyiv talks",  # b
        "Kyiv's team",  # b
        "Kyiv again",  # b
        "no city",  # c: group without mentions
    ]
    meta = pd.DataFrame({"doc_id": [f"d{i}" for i in range(8)], "outlet": list("aaaabbbc")})
    return Corpus.from_texts(texts, meta)


def test_variant_counts(corpus):
    vc = variant_counts(corpus, CITY, "outlet")
    assert list(vc.columns) == ["group", "Kyiv", "Kiev"]
    assert vc.loc["d0", "Kiev"] == 3 and vc.loc["d2", "Kyiv"] == 1


def test_shares_by_hand(corpus):
    with pytest.warns(UserWarning, match=r"group\(s\) 'c' \(1 document\) have fewer than two documents"):
        s = naming_shares(corpus, CITY, "outlet")
    assert list(s.columns) == [
        "group", "variant", "count", "total", "estimate", "ci_low", "ci_high", "n_docs", "n_docs_concept",
        "n_docs_group", "doc_share", "doc_ci_low", "doc_ci_high", "wilson_low", "wilson_high",
    ]  # fmt: skip
    a = s[s.group == "a"].set_index("variant")
    # group a: Kiev 3 + 1 = 4 mentions, Kyiv 1 + 1 = 2; total 6; share Kiev = 4/6
    assert a.loc["Kiev", "count"] == 4 and a.loc["Kyiv", "count"] == 2 and a.loc["Kiev", "total"] == 6
    assert a.loc["Kiev", "estimate"] == pytest.approx(4 / 6)
    # documents: Kiev in d0, d2 (2 of the 3 documents that name the city; 4 in the group)
    assert a.loc["Kiev", "n_docs"] == 2 and a.loc["Kiev", "n_docs_concept"] == 3 and a.loc["Kiev", "n_docs_group"] == 4
    assert a.loc["Kiev", "doc_share"] == pytest.approx(2 / 3)
    # Wilson for 4 of 6 at 95%: z = 1.959964, z^2 = 3.841459, denominator 1 + z^2/6 = 1.640243,
    # centre = (0.666667 + 3.841459/12) / 1.640243 = 0.986789 / 1.640243 = 0.601611,
    # half = z * sqrt(0.666667 * 0.333333 / 6 + 3.841459 / 144) / 1.640243
    #      = 1.959964 * sqrt(0.037037 + 0.026677) / 1.640243 = 0.301618 -> (0.299993, 0.903229)
    # (mention-level Wilson: kept as wilson_low/high, not the default interval)
    assert a.loc["Kiev", "wilson_low"] == pytest.approx(0.299993, abs=1e-5)
    assert a.loc["Kiev", "wilson_high"] == pytest.approx(0.903229, abs=1e-5)
    # the default interval is the document bootstrap's: it contains the share
    assert a.loc["Kiev", "ci_low"] <= 4 / 6 <= a.loc["Kiev", "ci_high"]
    lo, hi = wilson_interval(2, 3)
    assert a.loc["Kiev", "doc_ci_low"] == pytest.approx(lo) and a.loc["Kiev", "doc_ci_high"] == pytest.approx(hi)
    c = s[s.group == "c"]
    assert (c["total"] == 0).all() and c["estimate"].isna().all()


def test_shares_bootstrap(corpus):
    with pytest.warns(UserWarning, match="fewer than two documents"):
        a = naming_shares(corpus, CITY, "outlet", n_boot=300, seed=1)
        b = naming_shares(corpus, CITY, "outlet", n_boot=300, seed=1)
    pd.testing.assert_frame_equal(a, b)
    row = a[(a.group == "b") & (a.variant == "Kyiv")].iloc[0]
    # every document of b writes Kyiv: each replicate gives 1.0, so the interval is the Wilson interval of
    # 3 of 3 documents (z^2 = 3.841459: centre (1 + 3.841459/6) / (1 + 3.841459/3) = 0.719110,
    # half = 1.959964 * sqrt(3.841459/36) / 2.280486 = 0.280746 -> low 0.438503), not [1, 1]
    assert row.ci_high == 1.0 and row.ci_low == pytest.approx(0.438503, abs=1e-5)
    row = a[(a.group == "a") & (a.variant == "Kiev")].iloc[0]
    assert 0 <= row.ci_low < row.estimate < row.ci_high <= 1
    assert "bootstrap over documents" in a.attrs["inference"]
    with pytest.warns(UserWarning, match="fewer than two documents"):
        none = naming_shares(corpus, CITY, "outlet", n_boot=0)
    assert none["ci_low"].isna().all() and none["wilson_low"].notna().any()


def test_chi2_matches_scipy_and_permutation(corpus):
    t = naming_test(corpus, CITY, "outlet", n_perm=500, seed=0)
    assert list(t.columns) == ["test", "unit", "statistic", "dof", "p", "n_groups", "n_variants", "n_mentions",
                               "n_docs", "note"]  # fmt: skip
    assert t["unit"].tolist() == ["mention", "document"]
    # table (rows a, b; columns Kyiv, Kiev) = [[2, 4], [3, 0]]; group c has no mention
    x2, p, dof, _ = chi2_contingency([[2, 4], [3, 0]], correction=False)
    chi = t[t.test == "chi2"].iloc[0]
    assert chi.statistic == pytest.approx(x2) and chi.p == pytest.approx(p) and chi.dof == dof == 1
    assert "['c']" in chi.note
    perm = t[t.test == "permutation"].iloc[0]
    assert perm.statistic == pytest.approx(x2)
    assert 0 < perm.p <= 1
    assert perm.n_docs == 6 and perm.n_mentions == 9


def test_permutation_exact_small_case():
    # 2 documents per group, each group uses one variant only: X2 = 4 mentions.
    # Relabelling the 4 documents: 6 equally likely splits, 2 give the observed table -> exact p = 1/3.
    c = Corpus.from_texts(["Kiev", "Kiev", "Kyiv", "Kyiv"], pd.DataFrame({"g": ["a", "a", "b", "b"]}))
    t = naming_test(c, CITY, "g", n_perm=4000, seed=0)
    assert t.loc[1, "statistic"] == pytest.approx(4.0)
    assert t.loc[1, "p"] == pytest.approx(1 / 3, abs=0.03)
    assert t.loc[0, "p"] < 0.05  # the mention-level test is far more confident


def test_permutation_deterministic(corpus):
    a = naming_test(corpus, CITY, "outlet", n_perm=300, seed=5)
    b = naming_test(corpus, CITY, "outlet", n_perm=300, seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_lexicon_concept_by_name(corpus):
    s = naming_shares(corpus, "city_name", "outlet", lexicon="en")
    assert set(s.variant) == {"Kyiv", "Kiev"}


def test_errors(corpus):
    with pytest.raises(InputError, match=r"unknown group\(s\) \['z'\]"):
        naming_shares(corpus, CITY, "outlet", groups=["a", "z"])
    with pytest.raises(InputError, match="no concept 'colour'"):
        naming_shares(corpus, "colour", "outlet")
    with pytest.raises(InputError, match=r"naming_shares\(\): concept needs at least two competing variants"):
        naming_shares(corpus, {"Kyiv": ["kyiv"]}, "outlet")
    with pytest.raises(InputError, match=r"naming_test\(\): concept must be a concept name of the lexicon or a Dictionary"):
        naming_test(corpus, 3, "outlet")
    with pytest.raises(InputError, match="no metadata column 'site'"):
        naming_shares(corpus, CITY, "site")
    with pytest.raises(InputError, match=r"by has 2 labels, need one per document \(8\)"):
        naming_shares(corpus, CITY, ["a", "b"])
    with pytest.raises(InputError, match="at least two groups and two variants"):
        naming_test(corpus, CITY, "outlet", groups=["b", "c"])
    with pytest.raises(InputError, match="n_perm"):
        naming_test(corpus, CITY, "outlet", n_perm=0)
    with pytest.raises(InputError, match="n_boot"):
        naming_shares(corpus, CITY, "outlet", n_boot=-2)
    with pytest.raises(InputError, match="invalid pattern"):
        naming_shares(corpus, {"Kyiv": ["k[yi]iv"], "Kiev": ["kiev"]}, "outlet")


def test_wilson_hand_values():
    # guard the hand computation used above
    lo, hi = wilson_interval(4, 6)
    assert np.allclose([lo, hi], [0.299993, 0.903229], atol=1e-5)
