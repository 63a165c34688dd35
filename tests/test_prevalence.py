"""Tests for framing.topics.prevalence: prevalence by group, differences, estimateEffect-like regression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing import Corpus, InputError
from framing.topics.prevalence import estimate_effect, prevalence_differences, topic_prevalence
from framing.topics import TopicModel

WORDS = [
    ["ceasefire", "truce", "frontline", "shelling", "artillery", "trench"],
    ["sanction", "tanker", "pipeline", "tariff", "export", "embargo"],
    ["envoy", "summit", "delegation", "mediator", "communique", "protocol"],
]


def outlet_corpus(n_docs=90, seed=0):
    """Outlet 'north' writes mostly about the war topic, 'south' about the economy; 'west' mixes all three.

    A second covariate, phase, is balanced within outlets and unrelated to the topics.
    """
    rng = np.random.default_rng(seed)
    outlets = np.array(["north", "south", "west"])[np.arange(n_docs) % 3]
    phase = np.where((np.arange(n_docs) // 3) % 2 == 0, "before", "after")
    prior = {"north": [8, 1, 1], "south": [1, 8, 1], "west": [3, 3, 3]}
    texts = []
    for o in outlets:
        theta = rng.dirichlet(prior[o])
        topics = rng.choice(3, 40, p=theta)
        texts.append(" ".join(WORDS[k][rng.integers(6)] for k in topics))
    meta = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n_docs)], "language": "en", "outlet": outlets, "phase": phase})
    return Corpus.from_texts(texts, meta)


@pytest.fixture(scope="module")
def model():
    return TopicModel(n_topics=3).fit(outlet_corpus())


def _topic_of(model, word):
    return int(np.argmax(model.topic_term_[:, list(model.vocabulary_).index(word)]))


def test_prevalence_is_the_group_mean_with_an_interval(model):
    table = topic_prevalence(model, "outlet", n_boot=500)
    assert list(table.columns) == ["topic", "label", "group", "n_docs", "estimate", "ci_low", "ci_high"]
    # independent computation of the estimates: pandas groupby mean of the proportions
    direct = pd.DataFrame(model.doc_topic_).groupby(model.rows_["outlet"].to_numpy()).mean()
    for row in table.itertuples():
        assert row.estimate == pytest.approx(direct.loc[row.group, row.topic])
        assert row.ci_low <= row.estimate <= row.ci_high
    assert set(table["n_docs"]) == {30}
    war = _topic_of(model, "ceasefire")
    north = table[(table["topic"] == war) & (table["group"] == "north")].iloc[0]
    assert north.estimate > 0.6
    # deterministic given the seed
    pd.testing.assert_frame_equal(table, topic_prevalence(model, "outlet", n_boot=500))


def test_prevalence_interval_width_is_about_two_standard_errors(model):
    table = topic_prevalence(model, "outlet", n_boot=2000)
    theta = model.doc_topic_
    groups = model.rows_["outlet"].to_numpy()
    row = table[(table["topic"] == 0) & (table["group"] == "west")].iloc[0]
    x = theta[groups == "west", 0]
    se = x.std(ddof=0) / np.sqrt(x.size)  # bootstrap SE of a mean ~ plug-in SE
    assert (row.ci_high - row.ci_low) == pytest.approx(2 * 1.96 * se, rel=0.15)


def test_differences_find_the_planted_contrast(model):
    table = prevalence_differences(model, "outlet", n_boot=500)
    assert list(table.columns) == ["topic", "label", "group_a", "group_b", "n_docs_a", "n_docs_b", "estimate",
                                   "ci_low", "ci_high", "p", "p_adj", "note"]  # fmt: skip
    assert (table["note"] == "").all() and "permutation" in table.attrs["inference"]
    assert len(table) == 3 * 3  # 3 pairs x 3 topics
    war = _topic_of(model, "ceasefire")
    row = table[(table["topic"] == war) & (table["group_a"] == "north") & (table["group_b"] == "south")].iloc[0]
    prev = topic_prevalence(model, "outlet", n_boot=500).set_index(["topic", "group"])["estimate"]
    assert row.estimate == pytest.approx(prev[(war, "north")] - prev[(war, "south")])
    assert row.ci_low > 0 and row.p_adj < 0.01
    one = prevalence_differences(model, "outlet", pairs=[("south", "north")], n_boot=200)
    assert len(one) == 3 and (one["group_a"] == "south").all()


def test_estimate_effect_matches_least_squares(model):
    table = estimate_effect(model, ["outlet", "phase"], n_boot=200)
    assert list(table.columns) == [
        "topic", "label", "term", "covariate", "level", "reference", "estimate", "std_error",
        "ci_low", "ci_high", "n_docs", "n_boot_used",
    ]  # fmt: skip
    assert table["term"].unique().tolist() == ["(Intercept)", "outlet[south]", "outlet[west]", "phase[before]"]
    # independent implementation: numpy least squares on pandas dummies (reference levels north, after)
    rows = model.rows_
    design = pd.get_dummies(rows[["outlet", "phase"]], drop_first=True, dtype=float)
    design.insert(0, "const", 1.0)
    coef = np.linalg.lstsq(design.to_numpy(), model.doc_topic_, rcond=None)[0]
    np.testing.assert_allclose(table.sort_values(["topic"], kind="stable")["estimate"].to_numpy(), coef.T.ravel(), atol=1e-10)
    assert (table["ci_low"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_high"]).all()
    assert (table["n_boot_used"] == 200).all()


def test_estimate_effect_single_covariate_by_hand(model):
    # with one covariate, the intercept is the reference group's mean and a level's coefficient
    # is the difference between its mean and the reference's
    table = estimate_effect(model, "outlet", reference={"outlet": "west"}, n_boot=50)
    means = pd.DataFrame(model.doc_topic_).groupby(model.rows_["outlet"].to_numpy()).mean()
    t0 = table[table["topic"] == 0].set_index("term")["estimate"]
    assert t0["(Intercept)"] == pytest.approx(means.loc["west", 0])
    assert t0["outlet[north]"] == pytest.approx(means.loc["north", 0] - means.loc["west", 0])
    war = _topic_of(model, "ceasefire")
    row = table[(table["topic"] == war) & (table["term"] == "outlet[north]")].iloc[0]
    assert row.ci_low > 0  # north writes more about the war than west


def test_estimate_effect_reports_skipped_replicates():
    # one document of outlet 'east': replicates that miss it cannot estimate its coefficient
    corpus = outlet_corpus(30)
    corpus.documents.loc[corpus.documents.index[0], "outlet"] = "east"
    m = TopicModel(n_topics=3).fit(corpus)
    with pytest.warns(UserWarning, match=r"bootstrap replicates drew no document.*outlet=east"):
        table = estimate_effect(m, "outlet", n_boot=50)
    assert (table["n_boot_used"] < 50).all()


def test_paragraph_level_model_uses_documents():
    corpus = outlet_corpus(30)
    para = TopicModel(n_topics=3, level="paragraph").fit(corpus)
    table = topic_prevalence(para, "outlet", n_boot=100)
    assert set(table["n_docs"]) == {10}


def test_missing_group_values_are_reported():
    corpus = outlet_corpus(30)
    m = TopicModel(n_topics=3).fit(corpus)
    labels = np.where(np.arange(30) < 3, None, m.rows_["outlet"].to_numpy(dtype=object))
    with pytest.warns(UserWarning, match="3 of 30 documents have no"):
        table = topic_prevalence(m, labels, n_boot=50)
    assert table.groupby("group")["n_docs"].first().sum() == 27


def test_bad_input(model):
    with pytest.raises(InputError, match="no metadata column 'bloc'; columns are doc_id"):
        topic_prevalence(model, "bloc")
    with pytest.raises(InputError, match=r"unknown covariate column\(s\) \['bloc'\]"):
        estimate_effect(model, ["outlet", "bloc"])
    with pytest.raises(InputError, match=r"unknown group\(s\) \['east'\]"):
        prevalence_differences(model, "outlet", pairs=[("north", "east")])
    with pytest.raises(InputError, match="has only one group"):
        prevalence_differences(model, np.full(90, "all"))
    with pytest.raises(InputError, match="reference level 'east' of 'outlet' not found"):
        estimate_effect(model, "outlet", reference={"outlet": "east"})
    with pytest.raises(InputError, match="are collinear"):
        estimate_effect(model, ["outlet", "doc_id"])
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        topic_prevalence(model, "outlet", n_boot=5)
    with pytest.raises(InputError, match="by has 3 labels, need one per document"):
        topic_prevalence(model, ["a", "b", "c"])
    with pytest.raises(InputError, match="model must be a fitted TopicModel"):
        topic_prevalence("model", "outlet")


def test_n_boot_zero_means_no_bootstrap(model):
    prev = topic_prevalence(model, "outlet", n_boot=0)
    assert prev["estimate"].notna().all() and prev["ci_low"].isna().all() and prev["ci_high"].isna().all()
    diffs = prevalence_differences(model, "outlet", n_boot=0)
    assert diffs["estimate"].notna().all() and diffs["ci_low"].isna().all()  # p comes from permutations
    eff = estimate_effect(model, "outlet", n_boot=0)
    assert eff["estimate"].notna().all() and eff["ci_low"].isna().all() and (eff["n_boot_used"] == 0).all()


def test_differences_permutation_p_matches_brute_force(model):
    # the permutation p of one topic against a loop over relabellings written out here
    table = prevalence_differences(model, "outlet", pairs=[("north", "south")], n_boot=200, n_perm=4000, seed=1)
    theta = model.doc_topic_
    g = model.rows_["outlet"].to_numpy()
    x = theta[np.isin(g, ["north", "south"]), 0]
    is_north = g[np.isin(g, ["north", "south"])] == "north"
    obs = abs(x[is_north].mean() - x[~is_north].mean())
    rng = np.random.default_rng(0)
    null = []
    for _ in range(4000):
        perm = rng.permutation(is_north)
        null.append(abs(x[perm].mean() - x[~perm].mean()))
    brute = (1 + np.sum(np.array(null) >= obs - 1e-12)) / 4001
    assert table.iloc[0].p == pytest.approx(brute, abs=0.02)


def test_differences_small_group_not_tested():
    corpus = outlet_corpus(30)
    corpus.documents.loc[corpus.documents.index[:3], "outlet"] = "east"
    m = TopicModel(n_topics=3).fit(corpus)
    with pytest.warns(UserWarning, match=r"not tested \(fewer than 5 documents"):
        t = prevalence_differences(m, "outlet", n_boot=100)
    east = t[(t.group_a == "east") | (t.group_b == "east")]
    assert east["p"].isna().all() and east["note"].str.startswith("not tested").all()
    assert t.loc[~t.index.isin(east.index), "p"].notna().all()
