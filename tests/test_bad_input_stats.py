"""Bad input to the statistics (issue #10, item 7): each case and its exact outcome.

Too few bootstrap replicates, groups of one document, and replicate arrays
too large for memory must give a clear error or a warning plus an
``n_docs`` column, never intervals or "sign-stable" terms resting on
nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing import Corpus, InputError
from framing import _stats
from framing.keyness import keyness


@pytest.fixture(scope="module")
def ten_docs():
    texts = ["war war talks", "war peace", "war again", "the war", "war today",
             "peace talks", "peace and talks", "talks again", "peace now", "talks today"]  # fmt: skip
    return Corpus.from_texts(texts, pd.DataFrame({"side": ["a"] * 5 + ["b"] * 5}))


# --------------------------------------------------------------------------- n_boot too small
@pytest.mark.parametrize("n_boot", [1, 2, 50, 199])
def test_keyness_n_boot_below_minimum_is_an_error(ten_docs, n_boot):
    with pytest.raises(InputError, match=r"keyness\(\): n_boot must be 0 \(no bootstrap\) or an integer of at least 200"):
        keyness(ten_docs, "side", n_boot=n_boot)


@pytest.mark.parametrize("n_boot", [-1, 2.5, True, "100"])
def test_keyness_n_boot_not_a_count_is_an_error(ten_docs, n_boot):
    with pytest.raises(InputError, match=r"keyness\(\): n_boot must be 0 \(no bootstrap\)"):
        keyness(ten_docs, "side", n_boot=n_boot)


def test_check_n_boot_minimum_follows_alpha():
    assert _stats.check_n_boot(50) == 50
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        _stats.check_n_boot(49)
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 200"):
        _stats.check_n_boot(100, alpha=0.01)
    assert _stats.check_n_boot(0) == 0  # 0 = no bootstrap, the kit's one rule
    with pytest.raises(InputError, match=r"n_boot must be an integer of at least 50"):
        _stats.check_n_boot(0, allow_zero=False)


def test_keyness_n_perm_below_minimum_is_an_error(ten_docs):
    with pytest.raises(InputError, match=r"keyness\(\): n_perm must be an int >= 100, got 1"):
        keyness(ten_docs, "side", n_perm=1)


# --------------------------------------------------------------------------- groups of one document
def test_keyness_group_of_one_document_warns_and_is_not_tested(ten_docs):
    labels = ["a"] + ["b"] * 9
    with pytest.warns(UserWarning, match=r"group\(s\) 'a' \(1 document\) have fewer than two documents"):
        k = keyness(ten_docs, labels, target="a", n_boot=200)
    assert set(k["n_docs_target"]) == {1} and set(k["n_docs_reference"]) == {9}
    assert k["p"].isna().all() and k["p_adj"].isna().all()


def test_keyness_group_of_one_document_is_never_sign_stable(ten_docs):
    # every replicate redraws the same single document: no interval, nothing "sign-stable"
    labels = ["a"] + ["b"] * 9
    with pytest.warns(UserWarning, match="fewer than two documents"):
        k = keyness(ten_docs, labels, target="a", n_boot=200)
    assert k["ci_low"].isna().all() and k["ci_high"].isna().all() and not k["sign_stable"].any()


# --------------------------------------------------------------------------- huge n_boot / n_perm
def test_keyness_huge_n_boot_is_refused_before_allocating(ten_docs):
    with pytest.raises(InputError, match=r"keyness\(\): n_boot=10,000,000,000 would need .* GiB .* use at most"):
        keyness(ten_docs, "side", n_boot=10**10)


def test_bootstrap_weights_huge_n_boot_is_refused_before_allocating():
    with pytest.raises(InputError, match=r"n_boot=10,000,000,000 would need .* GiB"):
        _stats.bootstrap_weights(["a", "b"] * 50, 10**10, np.random.default_rng(0))


# --------------------------------------------------------------------------- the other inferential functions
def test_compare_group_means_n_boot_below_minimum_is_an_error():
    from framing._stats import compare_group_means

    with pytest.raises(InputError, match=r"compare_group_means\(\): n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        compare_group_means([1.0, 2.0, 3.0, 4.0], ["a", "a", "b", "b"], columns=["v"], n_boot=1)


def test_compare_group_means_group_of_one_document_warns_and_is_not_tested():
    from framing._stats import compare_group_means

    x = np.arange(12, dtype=float)
    g = ["a"] + ["b"] * 11
    with pytest.warns(UserWarning, match=r"group\(s\) 'a' \(1 document\) have fewer than two documents"):
        t = compare_group_means(x, g, columns=["v"], n_boot=100).set_index("group")
    assert t.loc["a", "n_docs"] == 1 and np.isnan(t.loc["a", "p"]) and np.isnan(t.loc["a", "ci_low"])
    assert t.loc["a", "note"].startswith("not tested: fewer than 5 documents")


def test_compare_group_means_huge_n_boot_is_refused_before_allocating():
    from framing._stats import compare_group_means

    with pytest.raises(InputError, match=r"n_boot=10,000,000,000 would need .* GiB"):
        compare_group_means(np.arange(12.0), ["a"] * 6 + ["b"] * 6, columns=["v"], n_boot=10**10)


def test_naming_shares_n_boot_below_minimum_is_an_error(ten_docs):
    from framing.naming import naming_shares

    with pytest.raises(InputError, match=r"naming_shares\(\): n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        naming_shares(ten_docs, {"war": ["war"], "peace": ["peace"]}, "side", n_boot=3)


def test_group_distances_n_boot_below_minimum_is_an_error(ten_docs):
    from framing.similarity import group_distances

    with pytest.raises(InputError, match=r"group_distances\(\): n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        group_distances(ten_docs, "side", n_boot=1)


def test_group_distances_huge_n_boot_is_refused_before_allocating(ten_docs):
    from framing.similarity import group_distances

    with pytest.raises(InputError, match=r"group_distances\(\): n_boot=10,000,000,000 would need"):
        group_distances(ten_docs, "side", n_boot=10**10)


def test_group_distances_group_of_one_document_warns(ten_docs):
    from framing.similarity import group_distances

    with pytest.warns(UserWarning, match=r"group\(s\) 'a' \(1 document\) have fewer than two documents"):
        t = group_distances(ten_docs, lambda d: pd.Series(["a"] + ["b"] * 9, index=d.index))
    assert t["n_docs_a"].tolist() == [1]


def test_naming_test_n_perm_must_be_positive(ten_docs):
    from framing.naming import naming_test

    with pytest.raises(InputError, match=r"naming_test\(\): n_perm must be an int >= 1, got 0"):
        naming_test(ten_docs, {"war": ["war"], "peace": ["peace"]}, "side", n_perm=0)
