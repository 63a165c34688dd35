import json
import unicodedata
from pathlib import Path

import pytest

from framing.tokenize import (
    _TRANSLATE,
    _needs_marks,
    normalize,
    shingles,
    split_paragraphs,
    tokenize,
    tokenize_paragraphs,
)

CASES = json.loads((Path(__file__).parent / "tokenizer_cases.json").read_text(encoding="utf-8"))


def test_cases_are_for_this_spec():
    assert CASES["spec"] == "framing-tokens/1"
    assert len(CASES["tokenize"]) >= 30


@pytest.mark.parametrize("case", CASES["tokenize"], ids=lambda c: c["text"][:30])
def test_conformance_case(case):
    assert tokenize(case["text"]) == case["tokens"]


def test_conformance_shingles_example():
    case = CASES["shingles"]
    paras = tokenize_paragraphs(case["text"])
    assert len(paras) == len(case["paragraphs"])
    for toks, want in zip(paras, case["paragraphs"]):
        assert toks == want["tokens"]
        assert shingles(toks) == want["shingles"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("会谈在日内瓦", ["会谈", "谈在", "在日", "日内", "内瓦"]),  # CJK run -> overlapping bigrams
        ("会", ["会"]),  # a single Han character stays whole
        ("和平会谈 talks", ["和平", "平会", "会谈", "talks"]),
        ("평화 회담이 열렸다", ["평화", "회담이", "열렸다"]),  # Hangul is matched as words
        ("बातचीत जारी है", ["बातचीत", "जारी", "है"]),  # Devanagari vowel signs keep words whole
        ("مُفَاوَضَاتُ السَّلَامِ", ["مُفَاوَضَاتُ", "السَّلَامِ"]),  # vowelled Arabic
        ("می\u200cیابد گفت\u200cوگو", ["می\u200cیابد", "گفت\u200cوگو"]),  # Persian ZWNJ inside words
        ("การเจรจา สันติภาพ", ["การเจรจา", "สันติภาพ"]),  # Thai: one token per space-separated run
        ("Kyiv's plan", ["Kyiv", "'s", "plan"]),
        ("Kyiv\u2019s plan", ["Kyiv", "'s", "plan"]),  # curly apostrophe normalised
        ("the delegates' notes", ["the", "delegates", "notes"]),
        ("snake_case_name", ["snake", "case", "name"]),
        ("«deal» \u201cdone\u201d", ["deal", "done"]),
        ("", []),
        ("--- ... !!!", []),
    ],
)
def test_edge_cases(text, tokens):
    assert tokenize(text) == tokens


def test_case_is_kept():
    assert tokenize("Geneva GENEVA geneva") == ["Geneva", "GENEVA", "geneva"]


@pytest.mark.parametrize(
    "text",
    ["plain ascii", "envoy\u2019s \u00abdeal\u00bb", "ﬁnal ①", "cafe\u0301", "Переговоры", "\u2033x\u2032"],
)
def test_normalize_matches_definition(text):
    # the fast paths must give the spec's result: translate, then NFKC
    assert normalize(text) == unicodedata.normalize("NFKC", text.translate(_TRANSLATE))


def test_normalize_examples():
    assert normalize("envoy\u2019s \u00abdeal\u00bb") == "envoy's \"deal\""
    assert normalize("ﬁnal") == "final"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ascii only", False),
        ("Переговоры", False),
        ("cafe\u0301", True),  # combining acute (BMP)
        ("x\U0001d165", True),  # musical combining stem (astral Mc)
        ("talks \U0001f600", False),  # astral, not a mark
        ("\U0001f600 cafe\u0301", True),
    ],
)
def test_needs_marks(text, expected):
    assert _needs_marks(text) is expected


def test_split_paragraphs():
    assert split_paragraphs("Title\n\n  First line. \nSecond\n   \n") == ["Title", "First line.", "Second"]
    assert tokenize_paragraphs("A b.\n---\nC") == [["A", "b"], [], ["C"]]


def test_shingles_basics():
    toks = ["a", "B", "c", "d", "e", "f"]
    sh = shingles(toks)
    assert len(sh) == 2 and sh == sorted(sh)
    assert all(len(h) == 16 and int(h, 16) >= 0 for h in sh)
    assert shingles(["a", "b", "c", "d"]) == []
    assert shingles(["A", "B", "C", "D", "E"]) == shingles(["a", "b", "c", "d", "e"])  # lower-cased


def test_bad_input():
    with pytest.raises(TypeError, match="expects a str, got int"):
        tokenize(5)
    with pytest.raises(TypeError, match="got a str; call tokenize"):
        shingles("a b c d e")
    with pytest.raises(ValueError, match="n must be at least 1"):
        shingles(["a"], n=0)
    with pytest.raises(TypeError, match="expects a str"):
        split_paragraphs(None)
