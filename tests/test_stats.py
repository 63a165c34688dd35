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
