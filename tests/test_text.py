import pytest

from framing.errors import InputError
from framing.text import (
    DEFAULT_ABBREVIATIONS,
    split_sentences,
    stem_languages,
    stemmer,
    stop_word_languages,
    stop_words,
)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Mr. Witkoff met U.S. envoys on Feb. 17 in Geneva. The talks lasted two days.",
            ["Mr. Witkoff met U.S. envoys on Feb. 17 in Geneva.", "The talks lasted two days."],
        ),
        (
            'She said: "We will come back." Then the delegation left.',
            ['She said: "We will come back."', "Then the delegation left."],
        ),
        (
            "\u201cIt was difficult,\u201d Mr. Umerov said. \u201cWe continue.\u201d",
            ["\u201cIt was difficult,\u201d Mr. Umerov said.", "\u201cWe continue.\u201d"],
        ),
        (
            "Talks resumed at 10 a.m. on Tuesday. Nobody expected a deal.",
            ["Talks resumed at 10 a.m. on Tuesday.", "Nobody expected a deal."],
        ),
        ("Did they agree? Not yet. Talks go on!", ["Did they agree?", "Not yet.", "Talks go on!"]),
        ("First line without stop\nSecond line.", ["First line without stop", "Second line."]),
        ("", []),
    ],
)
def test_split_sentences(text, sentences):
    assert split_sentences(text) == sentences


def test_split_sentences_custom_abbreviations():
    text = "The envoy met Amb. Reyes. Talks went on."
    assert split_sentences(text, abbreviations=["amb"]) == ["The envoy met Amb. Reyes.", "Talks went on."]
    assert {"u.s", "feb", "mr"} <= DEFAULT_ABBREVIATIONS


def test_split_sentences_bad_input():
    with pytest.raises(InputError, match="expects a str, got list"):
        split_sentences(["a."])


@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("en", "the"), ("ru", "и"), ("uk", "але"), ("de", "und"), ("fr", "le"), ("es", "el"),
        ("it", "il"), ("pt", "o"), ("pl", "ale"), ("tr", "ve"), ("ar", "في"),
    ],
)  # fmt: skip
def test_stop_words_languages(lang, word):
    words = stop_words(lang)
    assert word in words
    assert lang in stop_word_languages()
    assert all(w == w.lower() for w in list(words)[:50])


def test_stop_words_keep():
    assert "state" in stop_words("en")
    assert "state" not in stop_words("en", keep={"State"})
    with pytest.raises(InputError, match="got a single str; wrap it in a list"):
        stop_words("en", keep="state")


def test_stop_words_unknown_language():
    with pytest.raises(InputError, match=r"no stop-word list for language 'xx'; available: .*\ben\b"):
        stop_words("xx")


@pytest.mark.parametrize(
    ("lang", "word", "stem"),
    [
        ("en", "negotiations", "negoti"),
        ("en", "talks", "talk"),
        ("ru", "переговоры", "переговор"),
        ("de", "Verhandlungen", "verhandl"),
        ("fr", "négociations", "négoci"),
        ("es", "negociaciones", "negoci"),
    ],
)
def test_stemmer(lang, word, stem):
    assert stemmer(lang).stem(word) == stem


def test_stemmer_unknown_language():
    assert "uk" not in stem_languages()
    with pytest.raises(InputError, match=r"no Snowball stemmer for language 'uk'; available: .*\bru\b"):
        stemmer("uk")
