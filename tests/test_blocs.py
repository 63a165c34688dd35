"""Tests for framing.blocs: outlet blocs from the documents' source metadata."""

import pandas as pd
import pytest

from framing.blocs import (
    BLOC_ORDER,
    BLOC_OVERRIDES,
    BLOC_RULES,
    BlocRule,
    assign_blocs,
    bloc_rules,
)
from framing.errors import InputError


@pytest.fixture
def documents():
    # Hand-made: one row per case the rules must tell apart (sources invented
    # where the name does not matter).
    rows = [
        # doc_id, source, ownership, source_country, source_kind, expected bloc
        ("ru-state", "TASS", "state", "RU", "news-agency", "Russian state media"),
        ("ru-priv", "Kommersant", "private", "RU", "newspaper", "Russian other media"),
        ("ru-unknown", "Some Channel", "unknown", "RU", "aggregator", "Russian other media"),
        ("cn-state", "Xinhua", "state", "CN", "news-agency", "Chinese state media"),
        ("cn-priv", "A CN Portal", "unknown", "CN", "aggregator", "Other"),
        ("ua-state", "Ukrinform", "state", "UA", "news-agency", "Ukrainian media"),
        ("ua-priv", "UNN", "private", "UA", "news-agency", "Ukrainian media"),
        ("wire-gb", "Reuters", "private", "GB", "news-agency", "Western news agencies"),
        ("wire-fr", "AFP", "public", "FR", "news-agency", "Western news agencies"),
        ("west-us", "CNN", "private", "US", "broadcaster", "Western media"),
        ("west-pub", "BBC", "public", "GB", "broadcaster", "Western media"),
        ("west-state", "RFE/RL", "state", "US", "broadcaster", "Western media"),
        ("jp-wire", "Kyodo News", "private", "JP", "news-agency", "Other"),
        ("tr-state", "Anadolu Agency", "state", "TR", "news-agency", "Other"),
        ("no-country", "Agencies", "unknown", "", "news-agency", "Other"),
        ("missing", "Nobody", None, None, None, "Other"),
        ("exile", "Meduza", "private", "LV", "online-news", "Russian other media"),
        ("exile-by", "Charter 97", "private", "PL", "online-news", "Other"),
    ]
    table = pd.DataFrame(
        rows, columns=["doc_id", "source", "ownership", "source_country", "source_kind", "expected"]
    ).set_index("doc_id")
    return table


def test_assign_blocs_hand_made_table(documents):
    blocs = assign_blocs(documents.drop(columns="expected"))
    assert blocs.name == "bloc"
    assert blocs.index.equals(documents.index)
    assert blocs.to_dict() == documents["expected"].to_dict()


def test_every_default_bloc_is_in_order_and_order_is_unique():
    assert len(set(BLOC_ORDER)) == len(BLOC_ORDER)
    used = {rule.bloc for rule in BLOC_RULES} | {bloc for bloc, _ in BLOC_OVERRIDES.values()}
    assert used <= set(BLOC_ORDER)
    assert BLOC_RULES[-1].when == {}  # catch-all last: nothing can fall through


def test_overrides_beat_rules_and_accept_plain_strings(documents):
    docs = documents.drop(columns="expected")
    blocs = assign_blocs(docs, overrides={**BLOC_OVERRIDES, "Kyodo News": "Western news agencies"})
    assert blocs["jp-wire"] == "Western news agencies"
    # no overrides: Meduza (LV, private) falls to the Western-media rule
    assert assign_blocs(docs, overrides={})["exile"] == "Western media"


def test_custom_rules():
    docs = pd.DataFrame({"source": ["a", "b"], "language": ["en", "ru"]})
    rules = [BlocRule("English", {"language": frozenset({"en"})}), BlocRule("Rest")]
    assert assign_blocs(docs, rules=rules, overrides={}).tolist() == ["English", "Rest"]


def test_empty_table_gives_empty_series(documents):
    blocs = assign_blocs(documents.drop(columns="expected").iloc[:0])
    assert len(blocs) == 0 and blocs.name == "bloc"


def test_missing_column_is_named(documents):
    with pytest.raises(InputError, match=r"documents: missing column\(s\) \['source_kind'\]"):
        assign_blocs(documents.drop(columns=["expected", "source_kind"]))


def test_not_a_dataframe():
    with pytest.raises(InputError, match=r"assign_blocs\(\): documents must be a pandas DataFrame \(Corpus.documents\), got \['TASS'\]"):
        assign_blocs(["TASS"])


def test_rule_that_is_not_a_blocrule(documents):
    with pytest.raises(InputError, match=r"assign_blocs\(\): rules must hold BlocRule objects, got"):
        assign_blocs(documents, rules=[("Other", {})])


def test_no_catch_all_raises_rather_than_dropping():
    docs = pd.DataFrame({"source": ["a", "b"], "language": ["en", "ru"]}, index=["d1", "d2"])
    rules = [BlocRule("English", {"language": frozenset({"en"})})]
    with pytest.raises(InputError, match=r"1 document\(s\) match no bloc rule \(first: 'd2'\)"):
        assign_blocs(docs, rules=rules, overrides={})


def test_bloc_rules_table():
    table = bloc_rules()
    assert list(table.columns) == ["step", "kind", "bloc", "condition", "reason"]
    assert table["step"].tolist() == list(range(1, len(BLOC_OVERRIDES) + len(BLOC_RULES) + 1))
    assert table["condition"].iloc[-1] == "(always)"
    assert "source_country in WESTERN_COUNTRIES" in set(table["condition"].str.split(" and ").explode())
