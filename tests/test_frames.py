"""Tests for framing.frames: generic-frame dictionary, scores, group comparison, validation sample."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing import Corpus, InputError
from framing.dictionaries import Dictionary
from framing.frames import FRAMES, compare_frames, frame_scores, frame_validation_sample, load_frames

TEXTS = [
    "Rivals accused each other and rejected the plan.",  # 8 tokens; conflict: accused, rejected, Rivals
    "Prices and costs rose sharply for families.",  # 7 tokens; economic: Prices, costs; human: families
    "The talks continued on Tuesday.",  # 5 tokens; nothing
    "Critics condemned the deal as immoral.",  # 6 tokens; conflict: Critics, condemned; morality: immoral
    "Officials were silent.",  # German-language row below
]
META = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "d", "x"],
        "language": ["en", "en", "en", "en", "de"],
        "ownership": ["state", "state", "private", "private", "public"],
    }
)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(TEXTS, META)


def test_bundled_dictionary_has_the_five_frames():
    d = load_frames()
    assert tuple(d) == FRAMES
    assert all(len(p) >= 10 for p in d.categories.values())


def test_scores_by_hand(corpus):
    s = frame_scores(corpus, smoothing=0).set_index(["doc_id", "frame"])
    # a: "Rivals accused each other and rejected the plan" -> 8 tokens, 3 conflict words
    assert s.at[("a", "conflict"), "count"] == 3
    assert s.at[("a", "conflict"), "n_tokens"] == 8
    assert s.at[("a", "conflict"), "rate"] == pytest.approx(1000 * 3 / 8)
    # b: Prices, costs -> economic 2 of 7; families -> human interest 1 of 7
    assert s.at[("b", "economic"), "rate"] == pytest.approx(1000 * 2 / 7)
    assert s.at[("b", "human_interest"), "count"] == 1
    assert not s.loc["c", "present"].any()
    assert s.at[("d", "morality"), "present"]
    # the German document is not scored with the English dictionary
    assert "x" not in s.index.get_level_values("doc_id")


def test_min_count(corpus):
    s = frame_scores(corpus, min_count=2).set_index(["doc_id", "frame"])
    assert s.at[("a", "conflict"), "present"] and not s.at[("b", "human_interest"), "present"]


def test_compare_frames_by_hand(corpus):
    with pytest.warns(UserWarning, match="not tested"):
        t = compare_frames(corpus, "ownership", n_boot=200).set_index(["frame", "group"])
    # conflict rates with the length guard (20 pseudo-tokens): a 1000 * 3 / (8 + 20), b 0 (state);
    # c 0, d 1000 * 2 / (6 + 20) (private)
    ra, rd = 1000 * 3 / 28, 1000 * 2 / 26
    row = t.loc[("conflict", "state")]
    assert row["n_docs"] == 2
    assert row["estimate"] == pytest.approx((ra + 0) / 2)
    assert row["rest_mean"] == pytest.approx((0 + rd) / 2)
    assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
    # two documents a side are too few to test (documented minimum: 5): reported, not tested
    assert np.isnan(row["p"]) and row["note"].startswith("not tested: fewer than 5 documents")
    assert (t["p_adj"].dropna() >= t["p"].dropna() - 1e-12).all()  # BH never lowers a p-value (up to rounding)
    assert set(t.reset_index()["value"]) == {"rate"}


def test_compare_frames_presence_and_determinism(corpus):
    a = compare_frames(corpus, "ownership", value="present", n_boot=100, seed=3)
    b = compare_frames(corpus, "ownership", value="present", n_boot=100, seed=3)
    pd.testing.assert_frame_equal(a, b)
    row = a.set_index(["frame", "group"]).loc[("economic", "state")]
    assert row["estimate"] == 0.5  # b has economic words, a does not


def test_groups_keep_their_order(corpus):
    # groups= picks the groups and orders them (the one group-ordering rule); default: sorted as strings
    t = compare_frames(corpus, "ownership", n_boot=0)
    assert list(pd.unique(t["group"])) == sorted(pd.unique(t["group"]))
    rev = list(pd.unique(t["group"]))[::-1]
    assert list(pd.unique(compare_frames(corpus, "ownership", groups=rev, n_boot=0)["group"])) == rev


def test_unknown_group(corpus):
    with pytest.raises(InputError, match=r"unknown group\(s\) \['tabloid'\]"):
        compare_frames(corpus, "ownership", groups=["state", "tabloid"])


def test_group_without_documents_in_language(corpus):
    with pytest.raises(InputError, match=r"group\(s\) \['public'\] have no documents"):
        compare_frames(corpus, "ownership", groups=["state", "public"])


def test_single_group(corpus):
    with pytest.raises(InputError, match="at least two groups"):
        compare_frames(corpus, "ownership", groups=["state"])


def test_no_document_in_language(corpus):
    with pytest.raises(InputError, match=r"no document has language 'fr'; the corpus has en \(4\), de \(1\)"):
        frame_scores(corpus, language="fr")


def test_bad_arguments(corpus):
    with pytest.raises(InputError, match=r"compare_frames\(\): value must be one of 'rate', 'present', got 'share'"):
        compare_frames(corpus, "ownership", value="share")
    with pytest.raises(InputError, match=r"frame_scores\(\): min_count must be an int >= 1, got 0"):
        frame_scores(corpus, min_count=0)
    with pytest.raises(InputError, match=r"frame_scores\(\): dictionary must be a framing Dictionary \(see load_frames\) or None, got \{'conflict': \['war'\]\}"):
        frame_scores(corpus, {"conflict": ["war"]})
    with pytest.raises(InputError, match="no frame dictionary 'generic_frames_xx'"):
        load_frames("generic_frames_xx")
    with pytest.raises(InputError, match="no metadata column 'outlet'"):
        compare_frames(corpus, "outlet")


def test_custom_dictionary(corpus):
    d = Dictionary({"calendar": ["tuesday"]})
    s = frame_scores(corpus, d)
    assert s.loc[s.present, "doc_id"].tolist() == ["c"]


def test_validation_sample(corpus):
    a = frame_validation_sample(corpus, n=3, seed=1)
    b = frame_validation_sample(corpus, n=3, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 3 and a["doc_id"].is_unique and "x" not in set(a["doc_id"])
    assert {f"dict_{f}" for f in FRAMES} | {f"coder_{f}" for f in FRAMES} <= set(a.columns)
    assert a["coder_conflict"].isna().all()
    full = frame_validation_sample(corpus, n=50)
    assert len(full) == 4  # at most the English documents
    with pytest.raises(InputError, match=r"frame_validation_sample\(\): n must be an int >= 1, got 0"):
        frame_validation_sample(corpus, n=0)
