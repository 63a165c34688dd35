"""Tests for framing.dictionaries: patterns, loaders, counts, the audit table."""

import json

import numpy as np
import pandas as pd
import pytest

from framing import Corpus, InputError
from framing.dictionaries import Dictionary

TEXTS = [
    "Negotiators met in Geneva. The negotiation was long.\nA peace deal was not signed.",
    "Kiev or Kyiv? The war goes on, war and war.",
    "Peace deal talk in Київ and Киева.",
]


@pytest.fixture(scope="module")
def corpus():
    meta = pd.DataFrame({"doc_id": ["a", "b", "c"], "language": ["en", "en", "uk"]})
    return Corpus.from_texts(TEXTS, meta)


@pytest.mark.parametrize(
    "pattern, term, hit",
    [
        ("negotiat*", "Negotiators", True),
        ("negotiat*", "renegotiate", False),
        ("*украин*", "Украины", True),
        ("*украин*", "проукраинский", True),
        ("*украин*", "Україна", False),
        ("k?iv", "Kyiv", True),
        ("k?iv", "Kiev", False),
        ("war", "War", True),
        ("war", "wars", False),
    ],
)
def test_glob_semantics(pattern, term, hit):
    d = Dictionary({"c": [pattern]})
    got = d._match(np.array([term], dtype=object), 1)[("c", pattern)]
    assert (got.size == 1) == hit


def test_case_sensitive_option(corpus):
    d = Dictionary({"c": ["Kiev"]}, case_sensitive=True)
    assert d._match(np.array(["kiev", "Kiev"], dtype=object), 1)[("c", "Kiev")].tolist() == [1]
    # multi-word entries match the lower-cased n-grams whatever the option
    assert Dictionary({"d": ["Peace Deal"]}, case_sensitive=True).count_wide(corpus, values="count")["d"].sum() == 2


def test_wildcard_does_not_cross_words():
    d = Dictionary({"c": ["peace *"]})
    assert d._match(np.array(["peace deal", "peace deal now"], dtype=object), 2)[("c", "peace *")].tolist() == [0]


@pytest.mark.parametrize("bad", ["", "   ", "*", "* ?", "k[iy]iv", "a\tb", 3])
def test_invalid_pattern_named(bad):
    with pytest.raises(InputError, match="invalid pattern"):
        Dictionary({"cat": ["ok", bad]})


def test_empty_dictionary_and_category():
    with pytest.raises(InputError, match="no categories"):
        Dictionary({})
    with pytest.raises(InputError, match="has no patterns"):
        Dictionary({"x": []})
    with pytest.raises(InputError, match="mapping"):
        Dictionary(["war"])


def test_count_tidy(corpus):
    d = Dictionary({"talks": ["negotiat*"], "war": ["war"], "city": ["kiev", "kyiv", "київ*", "киев*"]})
    out = d.count(corpus)
    assert list(out.columns) == ["doc_id", "category", "count", "n_tokens", "rate"]
    got = out.set_index(["doc_id", "category"])["count"]
    # doc a: Negotiators, negotiation -> 2; doc b: war x3; Kiev+Kyiv -> 2; doc c: Київ + Киева -> 2
    assert got[("a", "talks")] == 2
    assert got[("b", "war")] == 3
    assert got[("b", "city")] == 2
    assert got[("c", "city")] == 2
    n_b = corpus.documents.loc["b", "n_tokens"]
    row = out[(out.doc_id == "b") & (out.category == "war")].iloc[0]
    assert row.n_tokens == n_b
    assert row.rate == pytest.approx(1000 * 3 / n_b)


def test_term_matched_twice_counts_once(corpus):
    d = Dictionary({"war": ["war", "wa?", "w*"]})
    got = d.count_wide(corpus, values="count")
    assert got.loc["b", "war"] == 3


def test_multiword_from_text_and_paragraph_level(corpus):
    d = Dictionary({"deal": ["peace deal"]})
    doc = d.count_wide(corpus, values="count")["deal"]
    assert doc.to_dict() == {"a": 1, "b": 0, "c": 1}
    para = d.count(corpus, level="paragraph")
    assert list(para.columns[:2]) == ["doc_id", "para"]
    assert para.loc[para.doc_id == "a", "count"].tolist() == [0, 1]


def test_multiword_on_counts_only_corpus(corpus):
    counts_only = Corpus(corpus.documents, corpus.paragraphs, corpus.counts, corpus.vocabulary, ngrams=corpus.ngrams)
    d = Dictionary({"deal": ["peace deal"]})
    assert d.count_wide(counts_only, values="count")["deal"].tolist() == [1, 0, 1]
    with pytest.raises(InputError, match="level='document'"):
        d.count(counts_only, level="paragraph")
    with pytest.raises(InputError, match="stores n-grams of n"):
        Dictionary({"x": ["a peace deal was"]}).count(counts_only)


def test_dtm_input(corpus):
    d = Dictionary({"war": ["war"], "deal": ["peace deal"]})
    with pytest.raises(InputError, match="no 2-gram columns"):
        d.count(corpus.dtm())
    out = d.count_wide(corpus.dtm(ngram_range=(1, 2)), values="count")
    assert out["war"].tolist() == [0, 3, 0]
    assert out["deal"].tolist() == [1, 0, 1]
    with pytest.raises(InputError, match="Corpus or a DocumentTermMatrix"):
        d.count("text")


def test_matches_audit(corpus):
    d = Dictionary({"talks": ["negotiat*", "summit"]})
    m = d.matches(corpus)
    assert list(m.columns) == ["category", "pattern", "term", "count", "n_docs"]
    assert m.values.tolist()[:2] == [["talks", "negotiat*", "Negotiators", 1, 1], ["talks", "negotiat*", "negotiation", 1, 1]]
    last = m.iloc[-1]
    assert last.pattern == "summit" and pd.isna(last.term) and last["count"] == 0


def test_matches_n_docs_at_paragraph_level(corpus):
    m = Dictionary({"w": ["war"]}).matches(corpus, level="paragraph")
    assert m[["count", "n_docs"]].values.tolist() == [[3, 1]]


def test_loaders(tmp_path):
    cats = {"talks": ["negotiat*", "peace talks"], "war": ["war"]}
    (tmp_path / "d.json").write_text(json.dumps(cats), encoding="utf-8")
    (tmp_path / "d.yaml").write_text("categories:\n  talks: [negotiat*, peace talks]\n  war: [war]\n", encoding="utf-8")
    (tmp_path / "d.dic").write_text(
        "%\n1\ttalks\n2\twar\n%\nnegotiat*\t1\npeace talks\t1\nwar\t2\n", encoding="utf-8"
    )
    for name in ("d.json", "d.yaml", "d.dic"):
        assert Dictionary.load(tmp_path / name).to_dict() == cats
    assert Dictionary.from_dict({"categories": cats, "name": "x"}).name == "x"
    with pytest.raises(InputError, match="unknown file type"):
        Dictionary.load(tmp_path / "d.txt")
    with pytest.raises(InputError, match="no dictionary file"):
        Dictionary.load(tmp_path / "missing.yaml")


def test_dic_errors(tmp_path):
    p = tmp_path / "bad.dic"
    p.write_text("%\n1\ttalks\n%\nwar\t7\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4.*'7'"):
        Dictionary.from_dic(p)
    p.write_text("1\ttalks\nwar\t1\n", encoding="utf-8")
    with pytest.raises(InputError, match="'%'"):
        Dictionary.from_dic(p)
    p.write_text("%\n1\ttalks\n%\nwar\n", encoding="utf-8")
    with pytest.raises(InputError, match="no category id"):
        Dictionary.from_dic(p)
