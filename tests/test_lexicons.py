"""Tests for framing.lexicons: the shipped files load, merge, and report coverage."""

import pandas as pd
import pytest

from framing import Corpus, InputError
from framing.dictionaries import Dictionary
from framing.lexicons import Lexicon, lexicon_coverage, list_lexicons, load_lexicon

LANGS = ["de", "en", "es", "fr", "ru", "uk"]


def test_list_lexicons():
    assert list_lexicons() == ["all"] + LANGS


@pytest.mark.parametrize("name", LANGS)
def test_each_lexicon_loads(name):
    lex = load_lexicon(name)
    assert isinstance(lex, Lexicon) and lex.language == name
    assert isinstance(lex.actors, Dictionary) and len(lex.actors) >= 15
    assert {"Zelensky", "Putin", "Trump", "Witkoff", "Umerov", "Medinsky", "Peskov"} <= set(lex.actors)
    assert {"Abu Dhabi", "Geneva", "Kyiv", "Donbas"} <= set(lex.places)
    for concept in ("city_name", "war_name", "government_label", "outcome_name"):
        assert len(lex.concept(concept)) >= 2
    ent = lex.entries()
    assert list(ent.columns) == ["section", "entry", "patterns"] and len(ent) > 40


def test_all_merges_patterns():
    lex = load_lexicon("all")
    kiev = lex.concept("city_name").categories["Kiev"]
    assert {"kiev*", "kiew*", "киев*"} <= set(kiev)
    assert "ukraine_preposition" in lex.concepts  # only in ru, still merged in


def test_inflected_forms_match():
    texts = ["Зеленского встретил Умеровым в Женеве", "Selenskyj traf Umerow in Genf", "Зеленському сказали в Києві"]
    c = Corpus.from_texts(texts, pd.DataFrame({"language": ["ru", "de", "uk"]}))
    counts = load_lexicon("all").actors.count_wide(c, values="count")
    assert counts["Zelensky"].tolist() == [1, 1, 1]
    assert counts["Umerov"].tolist() == [1, 1, 0]
    places = load_lexicon("all").places.count_wide(c, values="count")
    assert places["Geneva"].tolist() == [1, 1, 0]
    assert places["Kyiv"].tolist() == [0, 0, 1]


def test_coverage_table():
    texts = ["Kiev and Kyiv and Kyiv", "the war in Geneva", "Der Krieg"]
    c = Corpus.from_texts(texts, pd.DataFrame({"language": ["en", "en", "de"]}))
    cov = lexicon_coverage(c, "en")
    assert list(cov.columns) == [
        "section", "entry", "n_patterns", "n_terms", "matched_terms", "count", "n_docs", "n_docs_total",
    ]  # fmt: skip
    row = cov.set_index(["section", "entry"]).loc[("city_name", "Kyiv")]
    assert row["count"] == 2 and row["n_docs"] == 1 and row["n_docs_total"] == 2 and row["matched_terms"] == "Kyiv (2)"
    war = cov.set_index(["section", "entry"]).loc[("war_name", "war")]
    assert war["count"] == 1  # the German document is not searched by the English lexicon
    everything = lexicon_coverage(c, "all", language=None)
    assert everything.set_index(["section", "entry"]).loc[("war_name", "war"), "count"] == 2


def test_errors():
    with pytest.raises(InputError, match=r"load_lexicon\(\): name must be one of 'all', .*got 'xx'"):
        load_lexicon("xx")
    with pytest.raises(InputError, match="no concept 'peace'"):
        load_lexicon("en").concept("peace")
    c = Corpus.from_texts(["Kyiv"], pd.DataFrame({"language": ["en"]}))
    with pytest.raises(InputError, match="no documents in language 'ru'"):
        lexicon_coverage(c, "ru")
    with pytest.raises(InputError, match=r"lexicon_coverage\(\): corpus must be a Corpus, got 'Kyiv'"):
        lexicon_coverage("Kyiv", "en")
