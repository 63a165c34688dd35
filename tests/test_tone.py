"""Tests for framing.tone: VADER on text, lexicon-weighted tone on counts, actors, groups."""

import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import Corpus, InputError, TextRequiredError
from framing.tone import actor_tone, compare_tone, lexicon_tone, vader_lexicon, vader_tone

# VADER lexicon values looked up in vader_lexicon.txt (vaderSentiment 3.3):
LEX = {"hopeful": 2.3, "progress": 1.8, "accused": -1.2, "failed": -2.3, "attack": -2.1,
       "calm": 1.3, "safe": 1.9, "tense": -1.4}  # fmt: skip

TEXTS = [
    "Smith saw hopeful progress.\nJones accused rivals of a failed attack.",
    "The talks in Geneva were calm and safe.",
    "The meeting was tense.",
    "Die Gespräche waren gut.",
]
META = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c", "x"],
        "language": ["en", "en", "en", "de"],
        "ownership": ["state", "private", "private", "public"],
    }
)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(TEXTS, META)


def test_lexicon_values_used_in_the_tests():
    lex = vader_lexicon()
    for word, value in LEX.items():
        assert lex[word] == value
    assert "smith" not in lex and "talks" not in lex


def test_lexicon_tone_paragraphs_by_hand(corpus):
    t = lexicon_tone(corpus, level="paragraph").set_index(["doc_id", "para"])
    # a/0: Smith saw hopeful progress -> (2.3 + 1.8) / 4 tokens = 1.025
    assert t.at[("a", 0), "tone"] == pytest.approx((2.3 + 1.8) / 4)
    assert t.at[("a", 0), "n_matched"] == 2
    # a/1: Jones accused rivals of a failed attack -> (-1.2 - 2.3 - 2.1) / 7 = -0.8
    assert t.at[("a", 1), "tone"] == pytest.approx((-1.2 - 2.3 - 2.1) / 7)
    assert ("x", 0) not in t.index  # German document left out


def test_lexicon_tone_documents_by_hand(corpus):
    t = lexicon_tone(corpus).set_index("doc_id")
    # a: (2.3 + 1.8 - 1.2 - 2.3 - 2.1) / (4 + 7) = -1.5 / 11
    assert t.at["a", "tone"] == pytest.approx(-1.5 / 11)
    assert t.at["a", "n_tokens"] == 11
    # b: The talks in Geneva were calm and safe -> (1.3 + 1.9) / 8 = 0.4
    assert t.at["b", "tone"] == pytest.approx(0.4)
    # c: The meeting was tense -> -1.4 / 4
    assert t.at["c", "tone"] == pytest.approx(-0.35)


def test_vader_against_the_package(corpus):
    sentence = "The delegates were not happy with the very slow progress!"
    c = Corpus.from_texts([sentence], pd.DataFrame({"language": ["en"]}))
    ref = SentimentIntensityAnalyzer().polarity_scores(sentence)
    got = vader_tone(c, level="sentence").iloc[0]
    assert got["compound"] == ref["compound"] and got["neg"] == ref["neg"]
    # document tone = mean compound of the sentences
    s = vader_tone(corpus, level="sentence")
    d = vader_tone(corpus).set_index("doc_id")
    ref_a = [SentimentIntensityAnalyzer().polarity_scores(x)["compound"] for x in
             ["Smith saw hopeful progress.", "Jones accused rivals of a failed attack."]]  # fmt: skip
    assert s[s.doc_id == "a"]["compound"].tolist() == ref_a
    assert d.at["a", "tone"] == pytest.approx(sum(ref_a) / 2)
    assert d.at["a", "n_sentences"] == 2


def test_vader_needs_text():
    c = Corpus.from_texts(["Talks were calm."], pd.DataFrame({"language": ["en"]}))
    counts_only = Corpus(c.documents, c.paragraphs, c.counts, c.vocabulary)
    with pytest.raises(TextRequiredError, match="running text"):
        vader_tone(counts_only)


def test_actor_tone(corpus):
    t = actor_tone(corpus, {"Smith": ["smith"], "Jones": ["jon*"]}).set_index("actor")
    assert t.at["Smith", "tone"] == pytest.approx((2.3 + 1.8) / 4)
    assert t.at["Jones", "tone"] == pytest.approx((-1.2 - 2.3 - 2.1) / 7)
    assert t.at["Jones", "n_paragraphs"] == 1
    v = actor_tone(corpus, ["jones"], method="vader")
    ref = SentimentIntensityAnalyzer().polarity_scores("Jones accused rivals of a failed attack.")["compound"]
    assert v["tone"].tolist() == [ref] and v["actor"].tolist() == ["actor"]
    assert actor_tone(corpus, ["nobody"]).empty


def test_compare_tone(corpus):
    t = compare_tone(corpus, "ownership", n_boot=200).set_index("group")
    assert t.at["private", "n_docs"] == 2
    assert t.at["private", "estimate"] == pytest.approx((0.4 - 0.35) / 2)
    assert t.at["state", "rest_mean"] == pytest.approx((0.4 - 0.35) / 2)
    assert t.at["private", "ci_low"] <= t.at["private", "estimate"] <= t.at["private", "ci_high"]
    a = compare_tone(corpus, "ownership", n_boot=50, seed=1)
    b = compare_tone(corpus, "ownership", n_boot=50, seed=1)
    pd.testing.assert_frame_equal(a, b)


def test_compare_actor_tone(corpus):
    at = actor_tone(corpus, {"calm": ["geneva"], "tense": ["meeting"], "smith": ["smith"]})
    t = compare_tone(corpus, "ownership", tone=at, n_boot=50)
    assert set(t["actor"]) == {"calm", "tense", "smith"}


def test_non_english_corpus_errors(corpus):
    de = corpus.subset(language="de")
    with pytest.raises(InputError, match=r"no document has language .en.; the corpus has de \(1\)\. VADER.s lexicon is English only"):
        lexicon_tone(de)
    with pytest.raises(InputError, match=r"documents in en \(3\), de \(1\); pass language='en'"):
        lexicon_tone(corpus, language=None)
    with pytest.raises(InputError, match="VADER's lexicon is English only"):
        vader_tone(corpus, language="de")


def test_bad_groups_and_arguments(corpus):
    with pytest.raises(InputError, match=r"unknown group\(s\) \['tabloid'\]"):
        compare_tone(corpus, "ownership", groups=["state", "tabloid"])
    with pytest.raises(InputError, match=r"group\(s\) \['public'\] have no English documents"):
        compare_tone(corpus, "ownership", groups=["state", "public"])
    with pytest.raises(InputError, match="at least two groups"):
        compare_tone(corpus, "ownership", groups=["private"])
    with pytest.raises(InputError, match="'doc_id' and 'tone' columns"):
        compare_tone(corpus, "ownership", tone=pd.DataFrame({"doc_id": ["a"]}))
    with pytest.raises(InputError, match=r"lexicon_tone\(\): level must be one of 'document', 'paragraph', got"):
        lexicon_tone(corpus, level="sentence")
    with pytest.raises(InputError, match=r"actor_tone\(\): method must be one of 'lexicon', 'vader', got"):
        actor_tone(corpus, ["smith"], method="liwc")
    with pytest.raises(InputError, match="got a str"):
        actor_tone(corpus, "smith")
    with pytest.raises(InputError, match="invalid pattern"):
        actor_tone(corpus, ["*"])
