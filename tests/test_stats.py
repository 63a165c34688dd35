"""Shared statistics: Benjamini-Hochberg, Wilson intervals, the document bootstrap."""

import numpy as np
import pytest
from scipy import stats

from framing._stats import (
    as_generator,
    benjamini_hochberg,
    bootstrap_weights,
    check_alpha,
    percentile_interval,
    wilson_interval,
)
from framing.errors import InputError


def test_benjamini_hochberg_by_hand():
    # p = .01 .04 .03 .20, m = 4; sorted .01 .03 .04 .20 -> m*p/i = .04 .06 .0533 .20;
    # running minimum from the largest: .04 .0533 .0533 .20 -> back in input order:
    adj = benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    np.testing.assert_allclose(adj, [0.04, 0.16 / 3, 0.16 / 3, 0.20])


def test_benjamini_hochberg_matches_scipy_and_keeps_nan():
    p = np.array([0.001, 0.5, np.nan, 0.02, 0.9, 0.03])
    adj = benjamini_hochberg(p)
    assert np.isnan(adj[2])
    ok = ~np.isnan(p)
    np.testing.assert_allclose(adj[ok], stats.false_discovery_control(p[ok], method="bh"))
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        benjamini_hochberg([0.5, 1.5])


def test_wilson_interval_by_hand_and_against_scipy():
    # k = 3, n = 4, z = 1.959964: centre = (0.75 + z^2/8) / (1 + z^2/4) = 0.627527,
    # half = z * sqrt(0.75*0.25/4 + z^2/64) / (1 + z^2/4) = 0.326886 -> (0.300641, 0.954413)
    low, high = wilson_interval(3, 4)
    assert low == pytest.approx(0.300641, abs=1e-6)
    assert high == pytest.approx(0.954413, abs=1e-6)
    ci = stats.binomtest(7, 20).proportion_ci(confidence_level=0.9, method="wilson")
    low, high = wilson_interval(7, 20, alpha=0.1)
    assert (low, high) == pytest.approx((ci.low, ci.high))


def test_wilson_interval_edges_are_exact():
    low, high = wilson_interval([0, 6], [6, 6])
    assert low[0] == 0.0 and high[1] == 1.0
    with pytest.raises(InputError, match="0 <= k <= n"):
        wilson_interval(5, 4)


def test_bootstrap_weights_resample_within_groups():
    groups = ["a", "a", "a", "b", "b", None]
    w = bootstrap_weights(groups, 50, as_generator(0))
    assert w.shape == (50, 6)
    assert (w[:, :3].sum(axis=1) == 3).all() and (w[:, 3:5].sum(axis=1) == 2).all()
    assert (w[:, 5] == 0).all()  # a document without a group is never drawn
    np.testing.assert_array_equal(w, bootstrap_weights(groups, 50, as_generator(0)))
    with pytest.raises(InputError, match="n_boot"):
        bootstrap_weights(groups, -1, as_generator(0))


def test_percentile_interval_and_alpha():
    samples = np.arange(101.0)
    low, high = percentile_interval(samples, alpha=0.1)
    assert (low, high) == (5.0, 95.0)
    with pytest.raises(InputError, match="alpha"):
        check_alpha(1.5)
    with pytest.raises(InputError, match="seed"):
        as_generator("x")


def test_compare_group_means_welch_by_hand_and_untested_rows():
    from scipy import stats as st

    from framing._stats import compare_group_means

    x = np.array([1.0, 2, 3, 4, 5, 6, 2, 2, 3, 9, 1, 0, 4, 0, 0, 0, 0, 0], dtype=float)
    g = np.array(["a"] * 6 + ["b"] * 7 + ["c"] * 5, dtype=object)
    with pytest.warns(UserWarning, match="1 row.s. not tested"):
        t = compare_group_means(x, g, columns=["v"], n_boot=200, rng=0).set_index("group")
    ref = st.ttest_ind(x[:6], x[6:], equal_var=False)  # a against b + c
    assert t.loc["a", "t"] == pytest.approx(ref.statistic) and t.loc["a", "p"] == pytest.approx(ref.pvalue)
    assert t.loc["a", "n_docs"] == 6 and t.loc["a", "n_docs_rest"] == 12 and t.loc["a", "note"] == ""
    # c scores 0 in every document: reported with its mean, not tested
    assert np.isnan(t.loc["c", "p"]) and t.loc["c", "note"] == "not tested: every document of the group scores 0 (no variance)"
    assert t.loc["c", "estimate"] == 0.0
    tested = t["p"].notna().to_numpy()
    np.testing.assert_allclose(t["p_adj"].to_numpy()[tested], benjamini_hochberg(t["p"].to_numpy()[tested]))


def test_expanded_alpha_reduces_to_hesterberg():
    from scipy import stats as st

    from framing._stats import expanded_alpha

    # n = 12: sqrt(12/11) * t_{11, 0.975} = 1.044466 * 2.200985 = 2.298855; 2 * Phi(-2.298855) = 0.021513
    assert float(expanded_alpha(12)) == pytest.approx(2 * st.norm.cdf(-np.sqrt(12 / 11) * st.t.ppf(0.975, 11)))
    assert float(expanded_alpha(12)) == pytest.approx(0.021513, abs=1e-6)
    assert float(expanded_alpha(10_000)) == pytest.approx(0.05, abs=1e-3)
