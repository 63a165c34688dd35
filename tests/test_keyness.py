"""Tests for framing.keyness: hand-worked statistics, scipy cross-checks, bootstrap, errors."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from framing import Corpus, InputError
from framing._stats import benjamini_hochberg
from framing.keyness import keyness


@pytest.fixture(scope="module")
def tiny():
    # target T: 10 tokens, 'war' 4 times; reference R: 10 tokens, 'war' once; five documents a side
    # (fewer are not tested).
    texts = ["war war", "war war", "x x", "x y", "y y", "war z", "z z", "z q", "q q", "q q"]
    meta = pd.DataFrame({"doc_id": [f"t{i}" for i in range(5)] + [f"r{i}" for i in range(5)],
                         "side": ["T"] * 5 + ["R"] * 5})
    return Corpus.from_texts(texts, meta)


def _war(df):
    return df[(df.group == "T") & (df.term == "war")].iloc[0]


def test_g2_by_hand(tiny):
    # 2x2 table: a=4, b=1, c=10-4=6, d=10-1=9, n=20; rows 5 and 15, columns 10 and 10.
    # E = 2.5, 2.5, 7.5, 7.5.
    # G2 = 2[4 ln(4/2.5) + 1 ln(1/2.5) + 6 ln(6/7.5) + 9 ln(9/7.5)]
    #    = 2[1.880014 - 0.916291 - 1.338861 + 1.640895] = 2.531513
    row = _war(keyness(tiny, "side", method="g2", target="T", reference="R", test="token"))
    assert row.count_target == 4 and row.count_reference == 1
    assert row.freq_target == pytest.approx(400.0) and row.freq_reference == pytest.approx(100.0)
    assert row.statistic == pytest.approx(2.531513, abs=1e-6)
    assert row.estimate == pytest.approx(2.531513, abs=1e-6)  # positive: more frequent in T
    g2, p, dof, _ = chi2_contingency([[4, 1], [6, 9]], correction=False, lambda_="log-likelihood")
    assert row.statistic == pytest.approx(g2) and row.p == pytest.approx(p) and dof == 1


def test_chi2_by_hand(tiny):
    # X2 = 2 * 1.5^2/2.5 + 2 * 1.5^2/7.5 = 1.8 + 0.6 = 2.4
    row = _war(keyness(tiny, "side", method="chi2", target="T", reference="R", test="token"))
    assert row.statistic == pytest.approx(2.4)
    assert row.p == pytest.approx(chi2_contingency([[4, 1], [6, 9]], correction=False)[1])
    # Yates: |O-E| - 0.5 = 1.0 -> 2 * 1/2.5 + 2 * 1/7.5 = 0.8 + 0.266667 = 1.066667
    row = _war(keyness(tiny, "side", method="chi2", yates=True, target="T", reference="R"))
    assert row.statistic == pytest.approx(1.066667, abs=1e-6)
    assert row.statistic == pytest.approx(chi2_contingency([[4, 1], [6, 9]], correction=True)[0])


def test_pmi_by_hand(tiny):
    # PMI = log2 (4/10) / (5/20) = log2 1.6 = 0.678072; p is the G2 test's
    row = _war(keyness(tiny, "side", method="pmi", target="T", reference="R"))
    assert row.estimate == pytest.approx(0.678072, abs=1e-6)
    assert row.statistic == pytest.approx(2.531513, abs=1e-6)
    t_only = keyness(tiny, "side", method="pmi", target="R", reference="T")
    assert np.isneginf(t_only[t_only.term == "x"].estimate.iloc[0])


def test_log_odds_by_hand(tiny):
    # prior: 'war' is 5 of 20 tokens, alpha0 = 4 -> alpha_w = 1
    # delta = ln((4+1)/(10+4-4-1)) - ln((1+1)/(10+4-1-1)) = ln(5/9) - ln(2/12) = 1.203973
    # var = 1/(4+1) + 1/(1+1) = 0.7 -> z = 1.203973 / sqrt(0.7) = 1.439023, p = 2(1-Phi(z)) = 0.150144
    row = _war(keyness(tiny, "side", alpha0=4, target="T", reference="R", test="token"))
    assert row.estimate == pytest.approx(1.439023, abs=1e-6)
    assert row.statistic == pytest.approx(1.439023, abs=1e-6)
    assert row.p == pytest.approx(0.150144, abs=1e-6)


def test_dtm_input_matches_corpus(tiny):
    dtm = tiny.dtm()
    a = keyness(tiny, "side", method="g2")
    b = keyness(dtm, "side", method="g2")
    c = keyness(dtm, dtm.rows["side"].to_numpy(), method="g2")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    # the one resolver: a Series indexed by doc_id aligns with the matrix's rows, in any order
    side = tiny.documents["side"].iloc[::-1]
    pd.testing.assert_frame_equal(a, keyness(dtm, side, method="g2"))
    with pytest.raises(InputError, match=r"keyness\(\): by has 2 labels, need one per document \(10\) \(data is a DocumentTermMatrix"):
        keyness(dtm, ["T", "R"])


def test_paragraph_level_same_point_scores(tiny):
    a = keyness(tiny, "side")
    b = keyness(tiny, "side", level="paragraph")
    pd.testing.assert_frame_equal(a, b)


def test_columns_all_vs_rest_and_bh():
    texts = ["war war talks", "war peace", "peace peace talks", "talks deal", "deal deal war", "peace"] * 5
    meta = pd.DataFrame({"g": ["a", "a", "b", "b", "c", "c"] * 5})
    c = Corpus.from_texts(texts, meta)
    k = keyness(c, "g", n_boot=200)
    assert list(k.columns) == [
        "group", "reference", "term", "count_target", "count_reference", "docs_target", "docs_reference",
        "freq_target", "freq_reference", "estimate", "statistic", "p", "p_adj", "n_docs_target", "n_docs_reference",
        "ci_low", "ci_high", "sign_stable",
    ]  # fmt: skip
    assert set(k.n_docs_target) == {10} and set(k.n_docs_reference) == {20}
    war = k[(k.group == "a") & (k.term == "war")].iloc[0]
    assert war.docs_target == 10 and war.docs_reference == 5  # both a-documents of each block of six use it, and one c-document
    assert sorted(k.group.unique()) == ["a", "b", "c"]
    assert set(k.reference) == {"rest"}
    for _, part in k.groupby("group"):
        np.testing.assert_allclose(part.p_adj, benjamini_hochberg(part.p.to_numpy()))
        assert part.estimate.is_monotonic_decreasing
    pair = keyness(c, "g", target="a", reference=["b", "c"], n_boot=200)
    assert set(pair.reference) == {"b+c"}
    rest = k[k.group == "a"].drop(columns=["reference"])
    pd.testing.assert_frame_equal(rest.reset_index(drop=True), pair.drop(columns="reference"))


def test_groups_as_mapping_and_series(tiny):
    s = pd.Series(dict(zip([f"t{i}" for i in range(5)] + [f"r{i}" for i in range(5)], ["T"] * 5 + ["R"] * 5)))
    a = keyness(tiny, s)
    b = keyness(tiny, lambda docs: docs["side"])
    pd.testing.assert_frame_equal(a, b)


def test_unlabelled_rows_warn(tiny):
    with pytest.warns(UserWarning, match="1 row"):
        k = keyness(tiny, ["T"] * 5 + ["R"] * 4 + [None])
    assert k.attrs["n_unlabelled"] == 1


@pytest.fixture(scope="module")
def drone():
    # 'drone' is repeated 20 times in one of ten target documents (and once in the reference);
    # 'talks' is used once by every target document and never in the reference.
    target = [f"talks on the ground day {i}" for i in range(9)] + ["talks " + "drone " * 20]
    reference = ["peace and quiet here now drone"] + [f"peace and quiet here {i}" for i in range(9)]
    return Corpus.from_texts(target + reference, pd.DataFrame({"g": ["t"] * 10 + ["r"] * 10}))


def test_bootstrap_deterministic(drone):
    a = keyness(drone, "g", n_boot=200, seed=3)
    b = keyness(drone, "g", n_boot=200, seed=3)
    pd.testing.assert_frame_equal(a, b)
    c = keyness(drone, "g", n_boot=200, seed=4)
    assert not np.allclose(a.ci_low, c.ci_low)


def test_single_document_repetition_is_sign_unstable(drone):
    k = keyness(drone, "g", method="g2", target="t", n_boot=400, seed=0, test="token").set_index("term")
    assert k.loc["drone", "p"] < 1e-4  # the count-level test calls it highly significant ...
    assert k.loc["drone", "estimate"] > k.loc["talks", "estimate"]
    assert not k.loc["drone", "sign_stable"]  # ... but its sign depends on one document
    assert k.loc["talks", "sign_stable"]
    assert k.loc["drone", "ci_low"] < 0 < k.loc["drone", "ci_high"]


def test_ngrams(tiny):
    k = keyness(tiny, "side", ngram_range=(2, 2), method="g2")
    assert "war war" in set(k.term)
    with pytest.raises(InputError, match="stores n-grams of n"):
        keyness(tiny, "side", ngram_range=(1, 4))


@pytest.mark.parametrize("alpha0", [0, -1.0, "big", True])
def test_prior_strength_must_be_positive(tiny, alpha0):
    with pytest.raises(InputError, match=r"keyness\(\): alpha0 must be a number > 0, got"):
        keyness(tiny, "side", alpha0=alpha0)


def test_group_errors(tiny):
    with pytest.raises(InputError, match=r"unknown group\(s\) \['X'\] in target="):
        keyness(tiny, "side", target="X")
    with pytest.raises(InputError, match="unknown group.*reference="):
        keyness(tiny, "side", target="T", reference=["R", "nope"])
    ids = [f"t{i}" for i in range(5)] + [f"r{i}" for i in range(5)]
    cat = pd.Series(pd.Categorical(["T"] * 5 + ["R"] * 5, categories=["T", "R", "empty"]), index=ids)
    with pytest.raises(InputError, match=r"group\(s\) \['empty'\] have no documents"):
        keyness(tiny, cat)
    with pytest.raises(InputError, match="at least two groups"):
        keyness(tiny, ["T"] * 10)
    with pytest.raises(InputError, match="reference of target 'T' is empty"):
        keyness(tiny, "side", target="T", reference="T")
    with pytest.raises(InputError, match="no metadata column 'nope'"):
        keyness(tiny, "nope")
    with pytest.raises(InputError, match=r"by has 2 labels, need one per document \(10\)"):
        keyness(tiny, ["T", "R"])
    with pytest.raises(InputError, match="give by="):
        keyness(tiny)


def test_option_errors(tiny):
    with pytest.raises(InputError, match="method must be one of"):
        keyness(tiny, "side", method="tfidf")
    with pytest.raises(InputError, match="n_boot"):
        keyness(tiny, "side", n_boot=-1)
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 200"):
        keyness(tiny, "side", n_boot=50)
    with pytest.raises(InputError, match=r"keyness\(\): test must be one of 'permutation', 'token', got 'welch'"):
        keyness(tiny, "side", test="welch")
    with pytest.raises(InputError, match=r"keyness\(\): n_perm must be an int >= 100, got 10"):
        keyness(tiny, "side", n_perm=10)
    with pytest.warns(UserWarning, match=r"keyness\(\): n_perm=10 ignored because test='token' does not permute"):
        keyness(tiny, "side", n_perm=10, test="token")
    with pytest.raises(InputError, match="min_count"):
        keyness(tiny, "side", min_count=0)
    with pytest.raises(InputError, match="Corpus or a DocumentTermMatrix"):
        keyness("some text", "side")


def test_paragraph_rows_with_their_own_labels():
    # first paragraph of each document ("lead") against the others; the bootstrap resamples
    # (document, group) units, so a document's lead and body are drawn separately.
    texts = ["Talks resume\nthe delegations met today", "Talks stall\nno statement today", "Talks end\nthey left"]
    c = Corpus.from_texts(texts)
    dtm = c.dtm("paragraph")
    labels = ["lead" if p == 0 else "body" for p in dtm.rows["para"]]
    k = keyness(dtm, labels, target="lead", method="g2", n_boot=200).set_index("term")
    assert k.loc["talks", "count_target"] == 3 and k.loc["talks", "count_reference"] == 0
    assert k.loc["talks", "sign_stable"]
    assert k.loc["today", "count_reference"] == 2


def test_options_a_matrix_already_fixed_warn(tiny):
    dtm = tiny.dtm()
    with pytest.warns(UserWarning, match=r"level='paragraph', ngram_range=\(1, 2\) ignored because data is a DocumentTermMatrix"):
        keyness(dtm, "side", level="paragraph", ngram_range=(1, 2))


def test_permutation_p_matches_exact_enumeration():
    # Five documents a side: all C(10, 5) = 252 relabellings enumerated by brute force give the exact
    # permutation p-value of |G2|; the Monte-Carlo p with 20,000 permutations lies within 0.01 of it.
    from itertools import combinations

    from framing.keyness._scores import _g2

    rng = np.random.default_rng(7)
    words = np.array(["war", "talks", "peace", "deal"])
    X = rng.poisson([3.0, 2.0, 1.0, 0.5], size=(10, 4))
    X[:5, 0] += rng.poisson(2.0, 5)
    texts = [" ".join(np.repeat(words, row)) or "none" for row in X]
    c = Corpus.from_texts(texts, pd.DataFrame({"g": ["a"] * 5 + ["b"] * 5}))
    k = keyness(c, "g", method="g2", target="a", n_perm=20000, seed=1).set_index("term")
    m = c.dtm(lowercase=True)
    Xd = m.matrix.toarray().astype(float)
    tok = Xd.sum(axis=1)
    for j, term in enumerate(m.terms):
        if term not in k.index:
            continue
        def g2(idx):
            mask = np.zeros(10, bool)
            mask[list(idx)] = True
            return _g2(Xd[mask, j].sum(), Xd[~mask, j].sum(), tok[mask].sum(), tok[~mask].sum())
        obs = g2(range(5))
        null = np.array([g2(idx) for idx in combinations(range(10), 5)])
        exact = (null >= obs - 1e-9).mean()
        assert k.loc[term, "p"] == pytest.approx(exact, abs=0.01), term


def test_one_document_term_is_not_sign_stable_for_log_odds():
    # The example: 30 documents (10 target); one target document uses 'zebra' 20 times.
    # Replicates that omit that document have the term on neither side and score 0, so the
    # interval reaches 0 (about 1 - (1 - 1/10)^10 = 35% of replicates omit it).
    from framing import _simulate as sim

    rng = np.random.default_rng(0)
    X = sim.draw_counts(rng, sim.zipf_shares(300), 30, 200, 100.0)
    X = np.hstack([X, np.zeros((30, 1), int)])
    X[0, -1] = 20
    terms = list(sim.term_names(300)) + ["zebra"]
    c = sim.to_corpus(X, ["t"] * 10 + ["r"] * 20, terms=terms)
    k = keyness(c, "group", target="t", n_boot=1000, seed=0).set_index("term")
    z = k.loc["zebra"]
    assert z.estimate > 3 and z.ci_low == 0.0 and not z.sign_stable
    assert z.p > 0.05  # the document-level test: one document of ten is not evidence


def test_small_groups_are_not_tested(tiny):
    with pytest.warns(UserWarning, match="not tested .fewer than 5 documents"):
        k = keyness(tiny, ["T"] * 3 + ["R"] * 7, target="T")
    assert k.p.isna().all() and k.p_adj.isna().all() and set(k.n_docs_target) == {3}


def test_inference_sentence(tiny):
    k = keyness(tiny, "side", n_perm=500)
    assert k.attrs["inference"].startswith("p-values from a two-sided permutation test")
    assert "500 permutations" in k.attrs["inference"]
    assert "token-level" in keyness(tiny, "side", test="token").attrs["inference"]
