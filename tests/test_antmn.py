"""Tests for framing.topics.antmn: topic network, Louvain frames, frame prevalence by group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics.pairwise import cosine_similarity

from framing import Corpus, InputError
from framing.topics.antmn import TopicFrames, antmn_frames, antmn_prevalence, topic_network
from framing.topics import TopicModel

# Six topics in two planted frames: {military: war, weapons, casualties} and {diplomacy: talks, economy, aid}
WORDS = [
    ["ceasefire", "frontline", "shelling", "trench", "offensive"],
    ["missile", "artillery", "drone", "tank", "ammunition"],
    ["casualty", "wounded", "hospital", "killed", "injured"],
    ["envoy", "summit", "delegation", "mediator", "agenda"],
    ["sanction", "tanker", "pipeline", "tariff", "embargo"],
    ["reconstruction", "donor", "grant", "investment", "loan"],
]
FRAMES = [[0, 1, 2], [3, 4, 5]]


def frame_corpus(n_docs=120, seed=0):
    """Each document takes one frame and mixes only that frame's three topics.

    Outlet 'hawk' picks the military frame with probability 0.8, 'dove' with 0.2.
    """
    rng = np.random.default_rng(seed)
    outlets = np.where(np.arange(n_docs) % 2 == 0, "hawk", "dove")
    texts = []
    for o in outlets:
        frame = FRAMES[0] if rng.random() < (0.8 if o == "hawk" else 0.2) else FRAMES[1]
        theta = rng.dirichlet([1.0, 1.0, 1.0])
        topics = rng.choice(frame, 40, p=theta)
        texts.append(" ".join(WORDS[k][rng.integers(5)] for k in topics))
    meta = pd.DataFrame({"doc_id": [f"d{i:03d}" for i in range(n_docs)], "language": "en", "outlet": outlets})
    return Corpus.from_texts(texts, meta)


@pytest.fixture(scope="module")
def model():
    return TopicModel(n_topics=6).fit(frame_corpus())


def _planted_topic(model):
    """Fitted topic -> planted topic (by each fitted topic's top term)."""
    word_topic = {w: k for k, ws in enumerate(WORDS) for w in ws}
    return np.array([word_topic[model.vocabulary_[np.argmax(row)]] for row in model.topic_term_])


def test_network_weights_by_independent_computation(model):
    nodes, edges = topic_network(model)
    assert list(nodes.columns) == ["topic", "label", "prevalence", "strength"]
    assert list(edges.columns) == ["source", "target", "weight"]
    cos = cosine_similarity(model.doc_topic_.T)
    for e in edges.itertuples():
        assert e.source < e.target
        assert e.weight == pytest.approx(cos[e.source, e.target])
    np.testing.assert_allclose(nodes["prevalence"], model.doc_topic_.mean(axis=0))
    _, cedges = topic_network(model, similarity="correlation")
    corr = np.corrcoef(model.doc_topic_, rowvar=False)
    assert (cedges["weight"] > 0).all()
    assert len(cedges) == int((corr[np.triu_indices(6, 1)] > 0).sum())  # only positive edges kept


def test_louvain_recovers_planted_frames(model):
    planted = _planted_topic(model)
    assert sorted(planted) == [0, 1, 2, 3, 4, 5]  # the six topics are recovered first
    frames = antmn_frames(model, seed=0)
    assert isinstance(frames, TopicFrames)
    assert list(frames.frames.columns) == ["frame", "frame_label", "n_topics", "topics", "prevalence"]
    assert list(frames.nodes.columns) == ["topic", "label", "prevalence", "strength", "frame", "frame_label"]
    assert "within_frame" in frames.edges.columns
    found = {frozenset(planted[frames.nodes["frame"] == f]) for f in frames.frames["frame"]}
    assert found == {frozenset(FRAMES[0]), frozenset(FRAMES[1])}
    assert frames.modularity > 0.1
    assert frames.frames["frame_label"].str.startswith("F0: ").iloc[0]
    # frames are numbered by prevalence
    assert frames.frames["prevalence"].is_monotonic_decreasing
    # seeded: same partition again
    again = antmn_frames(model, seed=0)
    pd.testing.assert_frame_equal(frames.nodes, again.nodes)


def test_frame_prevalence_by_group(model):
    frames = antmn_frames(model)
    table = antmn_prevalence(model, frames, "outlet", n_boot=500)
    assert list(table.columns) == ["frame", "frame_label", "group", "n_docs", "estimate", "ci_low", "ci_high"]
    # independent: the frame's share is the sum of its topics' proportions; mean per outlet
    member = frames.nodes.sort_values("topic")["frame"].to_numpy()
    shares = np.column_stack([model.doc_topic_[:, member == f].sum(axis=1) for f in range(len(frames.frames))])
    direct = pd.DataFrame(shares).groupby(model.rows_["outlet"].to_numpy()).mean()
    for row in table.itertuples():
        assert row.estimate == pytest.approx(direct.loc[row.group, row.frame])
        assert row.ci_low <= row.estimate <= row.ci_high
    planted = _planted_topic(model)
    military = int(frames.nodes.loc[planted == 0, "frame"].iloc[0])
    hawk = table[(table["frame"] == military) & (table["group"] == "hawk")].iloc[0]
    dove = table[(table["frame"] == military) & (table["group"] == "dove")].iloc[0]
    assert hawk.ci_low > dove.ci_high  # hawks use the military frame more, and the intervals say so


def test_frame_prevalence_reports_documents_without_a_group(model):
    frames = antmn_frames(model)
    labels = model.rows_["outlet"].to_numpy(dtype=object).copy()
    labels[:4] = ""
    with pytest.warns(UserWarning, match="4 of 120 documents have no"):
        table = antmn_prevalence(model, frames, labels, n_boot=50)
    assert table.groupby("group")["n_docs"].first().sum() == 116


def test_bad_input(model):
    with pytest.raises(InputError, match="similarity must be one of 'cosine', 'correlation'"):
        topic_network(model, similarity="jaccard")
    with pytest.raises(InputError, match=r"antmn_frames\(\): resolution must be a number > 0"):
        antmn_frames(model, resolution=0)
    frames = antmn_frames(model)
    with pytest.raises(InputError, match="no metadata column 'bloc'"):
        antmn_prevalence(model, frames, "bloc")
    with pytest.raises(InputError, match="frames must be the TopicFrames"):
        antmn_prevalence(model, frames.frames, "outlet")
    other = TopicModel(n_topics=4).fit(frame_corpus(40))
    with pytest.raises(InputError, match="frames has 6 topics but the model has 4"):
        antmn_prevalence(other, frames, "outlet")
    with pytest.raises(InputError, match="model must be a fitted TopicModel"):
        topic_network(None)
