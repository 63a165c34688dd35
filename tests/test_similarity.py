"""Tests for framing.similarity: JSD and tf-idf cosine distances, clustering."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import jensenshannon
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_distances

from framing import Corpus, InputError
from framing.similarity import (
    cluster_merges,
    cluster_order,
    document_distances,
    group_distances,
    jensen_shannon_matrix,
)

TEXTS = [
    "peace talks peace",  # A
    "peace talks talks",  # A
    "war war talks",  # B
    "war attack war",  # B
    "peace deal signed",  # C
]
META = pd.DataFrame({"doc_id": list("abcde"), "outlet": ["A", "A", "B", "B", "C"]})


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(TEXTS, META)


def test_jsd_by_hand():
    # P = (1/2, 1/2), Q = (1, 0): M = (3/4, 1/4)
    # D(P||M) = 1/2 log2(2/3) + 1/2 log2(2) = 0.207519; D(Q||M) = log2(4/3) = 0.415037
    # JS divergence = (0.207519 + 0.415037) / 2 = 0.311278; distance = sqrt = 0.557923
    m = jensen_shannon_matrix([[1, 1], [2, 0]])
    assert m[0, 1] == pytest.approx(0.557923, abs=1e-6)
    assert jensen_shannon_matrix([[3, 0], [0, 5]])[0, 1] == pytest.approx(1.0)
    assert np.allclose(np.diag(m), 0)


def test_jsd_against_scipy():
    rng = np.random.default_rng(0)
    X = rng.poisson(0.7, size=(6, 40))
    X[:, 0] += 1  # no empty row
    m = jensen_shannon_matrix(X)
    for i in range(6):
        for j in range(6):
            assert m[i, j] == pytest.approx(jensenshannon(X[i], X[j], base=2), abs=1e-12)


def test_group_jsd_against_scipy(corpus):
    X, rows, terms = corpus.dtm(lowercase=True)
    dense = X.toarray()
    g = group_distances(corpus, "outlet").set_index(["group_a", "group_b"])
    pa, pb = dense[:2].sum(axis=0), dense[2:4].sum(axis=0)
    assert g.at[("A", "B"), "distance"] == pytest.approx(jensenshannon(pa, pb, base=2))
    assert g.at[("A", "B"), "n_docs_a"] == 2 and g.at[("A", "C"), "n_docs_b"] == 1
    assert list(g.index) == [("A", "B"), ("A", "C"), ("B", "C")]


def test_group_cosine_against_sklearn(corpus):
    X, rows, terms = corpus.dtm(lowercase=True)
    tf = TfidfTransformer().fit(X)
    G = np.vstack([X[:2].sum(axis=0), X[2:4].sum(axis=0), X[4:].sum(axis=0)])
    ref = cosine_distances(tf.transform(np.asarray(G)))
    g = group_distances(corpus, "outlet", measure="cosine").set_index(["group_a", "group_b"])
    assert g.at[("A", "B"), "distance"] == pytest.approx(ref[0, 1])
    assert g.at[("B", "C"), "distance"] == pytest.approx(ref[1, 2])


def test_document_distances(corpus):
    d = document_distances(corpus, measure=["jsd", "cosine"])
    assert len(d) == 2 * 10
    jsd = d[d.measure == "jsd"].set_index(["doc_a", "doc_b"])["distance"]
    X = corpus.dtm(lowercase=True).matrix.toarray()
    assert jsd[("a", "c")] == pytest.approx(jensenshannon(X[0], X[2], base=2))
    sub = document_distances(corpus, doc_ids=["a", "b", "e"])
    assert sorted(set(sub.doc_a) | set(sub.doc_b)) == ["a", "b", "e"]


def test_bootstrap_interval(corpus):
    with pytest.warns(UserWarning, match=r"'C' \(1 document\) have fewer than two documents"):
        g = group_distances(corpus, "outlet", n_boot=50, seed=1, measure=["jsd", "cosine"])
        again = group_distances(corpus, "outlet", n_boot=50, seed=1, measure=["jsd", "cosine"])
    jsd = g[g.measure == "jsd"]
    assert (jsd.ci_low <= jsd.estimate).all() and (jsd.estimate <= jsd.ci_high).all()
    assert jsd.ci_low.between(0, 1).all() and jsd.ci_high.between(0, 1).all()
    # the estimate is the plug-in squared distance minus the chance level, on the squared scale
    expect = np.sqrt(np.clip(jsd.distance**2 - jsd.chance_distance**2, 0, 1))
    np.testing.assert_allclose(jsd.estimate, expect, atol=1e-12)
    assert g[g.measure == "cosine"][["estimate", "ci_low", "ci_high", "chance_distance"]].isna().all().all()
    pd.testing.assert_frame_equal(g, again)
    assert "relabellings" in g.attrs["inference"]


def test_corrected_jsd_of_two_samples_of_one_population():
    # 20 + 20 documents drawn from one overdispersed population: the plug-in distance is far from 0,
    # the corrected estimate is close to it and its interval reaches 0.
    from framing import _simulate as sim

    rng = np.random.default_rng(3)
    X = sim.draw_counts(rng, sim.zipf_shares(200), 40, 150, 100.0)
    c = sim.to_corpus(X, ["a"] * 20 + ["b"] * 20)
    g = group_distances(c, "group", n_boot=100, seed=0).iloc[0]
    assert g.distance > 0.15
    assert g.estimate < 0.5 * g.distance and g.ci_low == 0.0
    assert g.chance_distance == pytest.approx(g.distance, rel=0.25)


def test_clustering(corpus):
    g = group_distances(corpus, "outlet")
    merges = cluster_merges(g)
    assert len(merges) == 2 and merges["size"].tolist() == [2, 3]
    # average linkage: the second merge height is the mean distance of the last group to the first pair
    d = g.set_index(["group_a", "group_b"])["distance"]
    first = merges.iloc[0]
    pair = {first.left, first.right}
    other = ({"A", "B", "C"} - pair).pop()
    expect = np.mean([d[tuple(sorted((other, p)))] for p in pair])
    assert merges.iloc[1].height == pytest.approx(expect)
    assert first.height == pytest.approx(d.min())
    assert sorted(cluster_order(g)) == ["A", "B", "C"]


def test_groups_keep_their_order(corpus):
    # groups= picks the groups and orders them (the one group-ordering rule)
    t = group_distances(corpus, "outlet", groups=["C", "A"])
    assert t[["group_a", "group_b"]].values.tolist() == [["C", "A"]]


def test_n_boot_ignored_for_cosine(corpus):
    with pytest.warns(UserWarning, match=r"group_distances\(\): n_boot=50 ignored because only measure='jsd'"):
        t = group_distances(corpus, "outlet", measure="cosine", n_boot=50)
    assert t["ci_low"].isna().all()


def test_errors(corpus):
    with pytest.raises(InputError, match=r"unknown group\(s\) \['Z'\]"):
        group_distances(corpus, "outlet", groups=["A", "Z"])
    with pytest.raises(InputError, match="at least two groups"):
        group_distances(corpus, "outlet", groups=["A"])
    with pytest.raises(InputError, match=r"group_distances\(\): measure must be one of 'jsd', 'cosine' or a list of them, got 'euclid'"):
        group_distances(corpus, "outlet", measure="euclid")
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 50"):
        group_distances(corpus, "outlet", n_boot=-1)
    with pytest.raises(InputError, match=r"unknown doc_id\(s\) \['zz'\]"):
        document_distances(corpus, doc_ids=["a", "zz"])
    with pytest.raises(InputError, match="several measures"):
        cluster_order(document_distances(corpus, measure=["jsd", "cosine"]))
    with pytest.raises(InputError, match="group_a, group_b, distance, measure"):
        cluster_order(pd.DataFrame({"x": [1]}))
    with pytest.raises(InputError, match="no counts"):
        jensen_shannon_matrix([[0, 0], [1, 0]])
    with pytest.raises(InputError, match=r"cluster_merges\(\): method must be one of 'single', 'complete', 'average', 'weighted', got 'ward'"):
        cluster_merges(group_distances(corpus, "outlet"), method="ward")


def test_group_without_documents_in_matrix(corpus):
    dtm = corpus.dtm(lowercase=True).select_rows(np.array([True, True, True, True, False]))
    with pytest.raises(InputError, match=r"group\(s\) \['C'\] have no documents"):
        group_distances(corpus, "outlet", groups=["A", "C"], dtm=dtm)
