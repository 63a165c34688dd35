"""label_topics: human labels set once, carried into every topic table."""

import pandas as pd
import pytest

import framing as fr
from framing import InputError


def _model():
    texts = [
        "geneva talks round geneva talks",
        "donbas territory region donbas land",
        "geneva round talks envoy",
        "territory donbas region land ceded",
    ] * 3
    c = fr.Corpus.from_texts(texts, pd.DataFrame({"group": ["a", "b"] * 6}))
    return fr.TopicModel(n_topics=2, random_state=0, stop_words=None, min_df=1).fit(c)


def test_labels_reach_later_tables():
    model = _model()
    fr.label_topics(model, ["first", "second"])
    assert model.topic_labels_ == ["0: first", "1: second"]
    prev = fr.topic_prevalence(model, "group", n_boot=50, seed=0)
    assert set(prev["label"]) == {"0: first", "1: second"}
    fr.label_topics(model, {1: "other"}, keep_number=False)
    assert model.topic_labels_ == ["0: first", "other"]


def test_bad_labels_are_refused():
    model = _model()
    with pytest.raises(InputError, match="need one per topic"):
        fr.label_topics(model, ["only one"])
    with pytest.raises(InputError, match="not a topic number"):
        fr.label_topics(model, {5: "x"})
    with pytest.raises(InputError, match="non-empty string"):
        fr.label_topics(model, {0: " "})
    with pytest.raises(InputError, match="same label"):
        fr.label_topics(model, ["x", "x"], keep_number=False)
    with pytest.raises(InputError, match="not fitted"):
        fr.label_topics(fr.TopicModel(n_topics=2), ["a", "b"])


def test_labels_reach_stability_and_frames():
    model = fr.label_topics(_model(), ["first", "second"])
    c = fr.Corpus.from_texts(
        ["geneva talks round geneva talks", "donbas territory region donbas land",
         "geneva round talks envoy", "territory donbas region land ceded"] * 3,
        pd.DataFrame({"group": ["a", "b"] * 6}),
    )
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = fr.topic_stability(model, c, random_states=(0, 1))
    assert table["label"].tolist() == ["0: first", "1: second"]
    frames = fr.antmn_frames(model, similarity="cosine", seed=0)
    assert all(("first" in f) or ("second" in f) for f in frames.frames["frame_label"])
