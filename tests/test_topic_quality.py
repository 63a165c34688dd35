"""Tests for framing.topics.quality: coherence, diversity, exclusivity, stability, choice of K."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from framing import DocumentTermMatrix, InputError
from framing.topics.quality import (
    choose_k,
    topic_coherence,
    topic_exclusivity,
    match_topics,
    model_quality,
    topic_diversity,
    topic_quality,
    topic_stability,
)
from framing.topics import TopicModel

WORDS = [
    ["ceasefire", "truce", "frontline", "shelling", "artillery", "trench", "drone", "bunker", "sniper", "mortar",
     "brigade", "outpost"],
    ["sanction", "tanker", "pipeline", "tariff", "export", "embargo", "barrel", "refinery", "cargo", "freight",
     "customs", "quota"],
    ["envoy", "summit", "delegation", "mediator", "communique", "protocol", "negotiator", "agenda", "memorandum",
     "plenary", "consul", "accord"],
    ["refugee", "shelter", "convoy", "aidworker", "blanket", "ration", "clinic", "evacuee", "orphan", "volunteer",
     "donation", "hostel"],
]  # fmt: skip


def planted(n_docs=120, doc_len=60, seed=0, alpha=0.1):
    """Documents drawn from four known topic-word distributions (LDA's generative model)."""
    rng = np.random.default_rng(seed)
    vocab = np.array(sorted(w for ws in WORDS for w in ws), dtype=object)
    index = {w: i for i, w in enumerate(vocab)}
    beta = np.full((len(WORDS), len(vocab)), 0.002)
    for k, ws in enumerate(WORDS):
        beta[k, [index[w] for w in ws]] = rng.dirichlet(np.full(len(ws), 5.0)) * 10
    beta /= beta.sum(axis=1, keepdims=True)
    theta = rng.dirichlet(np.full(len(WORDS), alpha), n_docs)
    counts = np.vstack([rng.multinomial(doc_len, theta[d] @ beta) for d in range(n_docs)])
    return sparse.csr_matrix(counts), vocab, beta, theta


# d0: a b c / d1: a b / d2: a c / d3: c   (N = 4)
# D(a)=3, D(b)=2, D(c)=3, D(a,b)=2, D(a,c)=2, D(b,c)=1
TINY = (sparse.csr_matrix([[1, 1, 1], [2, 1, 0], [1, 0, 3], [0, 0, 1]]), ["a", "b", "c"])


def test_npmi_by_hand():
    # NPMI(a,b) = log(.5 / (.75 * .5)) / -log(.5)  = 0.287682 / 0.693147 =  0.415037
    # NPMI(a,c) = log(.5 / (.75 * .75)) / -log(.5) = -0.117783 / 0.693147 = -0.169925
    # NPMI(b,c) = log(.25 / (.5 * .75)) / -log(.25) = -0.405465 / 1.386294 = -0.292481
    # topic {a, b, c}: mean of the three pairs = -0.015790
    got = topic_coherence([["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"]], TINY)
    np.testing.assert_allclose(got, [0.415037, -0.169925, -0.292481, -0.015790], atol=1e-6)


def test_umass_by_hand():
    # order b, a, c: log((D(a,b)+1)/D(b)) = log(3/2) = 0.405465; log((D(c,b)+1)/D(b)) = log(2/2) = 0;
    # log((D(c,a)+1)/D(a)) = log(3/3) = 0  -> mean over 3 pairs = 0.135155
    # order c, b: log((D(b,c)+1)/D(c)) = log(2/3) = -0.405465
    got = topic_coherence([["b", "a", "c"], ["c", "b"]], TINY, measure="umass")
    np.testing.assert_allclose(got, [0.135155, -0.405465], atol=1e-6)


def test_npmi_limits():
    X = sparse.csr_matrix([[1, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 1]])
    # a and b never co-occur: (log(eps / .25)) / -log(eps) = (-27.631 + 1.386) / 27.631 = -0.94983
    # c is in every document, a in half: log(.5/.5) = 0 -> 0; c with c would be 1 (full co-occurrence)
    got = topic_coherence([["a", "b"], ["a", "c"]], (X, ["a", "b", "c"]))
    np.testing.assert_allclose(got, [-0.949829, 0.0], atol=1e-5)
    full = sparse.csr_matrix(np.ones((3, 2)))
    assert topic_coherence([["a", "b"]], (full, ["a", "b"]))[0] == 1.0


def test_coherence_missing_term_warns():
    with pytest.warns(UserWarning, match=r"1 top term\(s\) occur in no reference document.*'zzz'"):
        got = topic_coherence([["a", "b", "zzz"]], TINY)
    assert got[0] == pytest.approx(0.415037, abs=1e-6)


def test_coherence_bad_input():
    with pytest.raises(InputError, match=r"topic_coherence\(\): measure must be one of 'npmi', 'umass'"):
        topic_coherence([["a", "b"]], TINY, measure="cv")
    with pytest.raises(InputError, match="reference must be a Corpus, a DocumentTermMatrix"):
        topic_coherence([["a", "b"]], "corpus")
    with pytest.raises(InputError, match="lists of terms"):
        topic_coherence(["a", "b"], TINY)
    with pytest.raises(InputError, match="matrix has 3 columns but 2 terms"):
        topic_coherence([["a", "b"]], (TINY[0], ["a", "b"]))


def test_diversity_and_exclusivity_by_hand():
    # 6 top terms, 4 distinct -> 4/6
    assert topic_diversity([["a", "b", "c"], ["a", "b", "d"]]) == pytest.approx(4 / 6)
    # beta rows (0.5, 0.5, 0) and (0.5, 0, 0.5); column sums (1, .5, .5)
    # topic 0 top-2 = terms 0, 1 -> exclusivity (0.5 + 1) / 2 = 0.75 (ties broken by column order)
    np.testing.assert_allclose(topic_exclusivity([[0.5, 0.5, 0], [0.5, 0, 0.5]], 2), [0.75, 0.75])
    with pytest.raises(InputError, match="no top terms"):
        topic_diversity([[]])


def test_topic_quality_tables():
    X, vocab, _, _ = planted()
    model = TopicModel(n_topics=4).fit((X, vocab))
    per = topic_quality(model)
    assert list(per.columns) == ["topic", "label", "npmi", "umass", "exclusivity", "prevalence"]
    # planted topics are coherent and exclusive
    assert (per["npmi"] > 0.2).all() and (per["exclusivity"] > 0.7).all()
    overall = model_quality(model)
    assert list(overall.columns) == ["n_topics", "npmi", "umass", "exclusivity", "diversity"]
    assert overall["npmi"].iloc[0] == pytest.approx(per["npmi"].mean())
    # a DocumentTermMatrix reference with the same rows gives the same scores
    ref = DocumentTermMatrix(X, pd.DataFrame({"doc_id": range(X.shape[0])}), vocab)
    np.testing.assert_allclose(topic_quality(model, reference=ref)["npmi"], per["npmi"])


def test_match_topics_recovers_a_permutation():
    rng = np.random.default_rng(1)
    a = rng.dirichlet(np.full(30, 0.2), 5)
    perm = np.array([3, 0, 4, 1, 2])
    b = a[perm]  # b's topic j is a's topic perm[j]
    m = match_topics(a, b)
    assert (perm[m["match"]] == np.arange(5)).all()
    np.testing.assert_allclose(m["cosine"], 1.0)
    with pytest.raises(InputError, match="topics must share the vocabulary"):
        match_topics(a, a[:, :10])


def test_stability_on_planted_topics_passes():
    X, vocab, _, _ = planted()
    table = topic_stability(TopicModel(n_topics=4), (X, vocab), random_states=(0, 1, 2))
    assert list(table.columns) == ["topic", "label", "stability", "min_cosine", "n_recur", "n_runs", "stable"]
    assert table["stable"].all() and (table["stability"] > 0.9).all()
    assert (table["n_recur"] == 2).all()


def test_stability_flags_topics_that_do_not_recur():
    # pure noise: every document draws words uniformly, so there are no topics to find
    rng = np.random.default_rng(0)
    X = sparse.csr_matrix(rng.poisson(1.0, (80, 40)))
    vocab = [f"w{i:02d}" for i in range(40)]
    with pytest.warns(UserWarning, match="topics do not recur in every run"):
        table = topic_stability(TopicModel(n_topics=6), (X, vocab), random_states=(0, 1, 2), threshold=0.9, subsample=0.7)
    assert (~table["stable"]).sum() >= 3


def test_choose_k_table_and_suggestion():
    X, vocab, _, _ = planted()
    table = choose_k(TopicModel(), (X, vocab), [2, 4, 8], random_states=(0, 1))
    assert list(table.columns) == [
        "n_topics", "n_runs", "npmi", "npmi_min", "npmi_max", "umass", "exclusivity", "diversity",
        "perplexity", "stability", "n_unstable", "suggested",
    ]  # fmt: skip
    assert table["suggested"].sum() == 1
    assert int(table.loc[table["suggested"], "n_topics"].iloc[0]) == 4
    assert table["perplexity"].isna().all()  # NMF has no perplexity
    # ... so by default NMF holds out no document: the same table as holdout=0
    pd.testing.assert_frame_equal(table, choose_k(TopicModel(), (X, vocab), [2, 4, 8], random_states=(0, 1), holdout=0))
    lda = choose_k(TopicModel(method="lda", max_iter=5), (X[:60], vocab), [2, 3], random_states=(0, 1))
    assert lda["perplexity"].notna().all() and (lda["perplexity"] > 1).all()


def test_choose_k_and_stability_bad_input():
    X, vocab, _, _ = planted(30)
    with pytest.raises(InputError, match="random_states must hold at least 2 different values"):
        topic_stability(TopicModel(n_topics=2), (X, vocab), random_states=(0,))
    with pytest.raises(InputError, match=r"subsample must be a number in \(0, 1\) or None"):
        topic_stability(TopicModel(n_topics=2), (X, vocab), random_states=(0, 1), subsample=80)
    with pytest.raises(InputError, match="ks must be distinct positive integers"):
        choose_k(TopicModel(), (X, vocab), [0, 2])
    with pytest.raises(InputError, match="model must be a TopicModel"):
        choose_k("lda", (X, vocab), [2])
    with pytest.raises(InputError, match="larger than the number of rows"):
        choose_k(TopicModel(), (X, vocab), [2, 40], random_states=(0, 1))
