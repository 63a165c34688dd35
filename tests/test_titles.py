"""title_column: a document's title becomes its first paragraph, with role 'title'."""

import json

import pandas as pd
import pytest

import framing as fr
from framing.errors import InputError


def test_from_texts_puts_the_title_first_with_its_role():
    meta = pd.DataFrame({"doc_id": ["a", "b", "c"], "headline": ["Talks resume\nin Geneva", None, "  "]})
    c = fr.Corpus.from_texts(["The envoys met.\nThey talked.", "No title here.", "Blank title."], meta, title_column="headline")
    paras = c.paragraphs
    assert paras[paras.doc_id == "a"][["para", "role", "n_tokens"]].values.tolist() == [
        [0, "title", 4], [1, "body", 3], [2, "body", 2],
    ]  # fmt: skip
    assert set(paras[paras.doc_id != "a"]["role"]) == {"body"}  # missing and blank titles add nothing
    assert c.texts["a"].splitlines()[0] == "Talks resume in Geneva"  # line breaks folded
    assert "headline" in c.documents.columns  # the title stays in the metadata
    assert int(c.documents.loc["a", "n_tokens"]) == 9


def test_title_counts_like_text_and_can_be_dropped_by_role():
    meta = pd.DataFrame({"doc_id": ["a"], "title": ["Ceasefire talks"]})
    c = fr.Corpus.from_texts(["Talks went on."], meta, title_column="title")
    body = c.dtm(level="paragraph").matrix[(c.paragraphs["role"] == "body").to_numpy()]
    assert int(c.dtm().matrix.sum()) == 5 and int(body.sum()) == 3


def test_readers_take_a_title_column(tmp_path):
    (tmp_path / "a.csv").write_text('doc_id,title,text\n1,Talks resume,"The envoys met."\n2,,"No title."\n', encoding="utf-8")
    c = fr.read_csv(tmp_path / "a.csv", title_column="title")
    assert c.paragraphs["role"].tolist() == ["title", "body", "body"]
    (tmp_path / "b.jsonl").write_text(json.dumps({"doc_id": "x", "headline": "A headline", "text": "Body."}) + "\n")
    assert fr.read_jsonl(tmp_path / "b.jsonl", title_column="headline").paragraphs["role"].tolist() == ["title", "body"]
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "one.txt").write_text("Body of one.", encoding="utf-8")
    meta = pd.DataFrame({"file": ["one.txt"], "title": ["Title of one"]})
    c = fr.read_folder(tmp_path / "texts", metadata=meta, title_column="title")
    assert c.paragraphs["role"].tolist() == ["title", "body"]


def test_an_unknown_title_column_is_named(tmp_path):
    with pytest.raises(InputError, match=r"title_column 'headline' is not a metadata column; columns are \['doc_id'\]"):
        fr.Corpus.from_texts(["x y"], pd.DataFrame({"doc_id": ["a"]}), title_column="headline")
    (tmp_path / "a.csv").write_text("doc_id,text\n1,Some text\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.csv: title_column 'title' is not a metadata column"):
        fr.read_csv(tmp_path / "a.csv", title_column="title")


def test_a_title_that_is_not_text_is_refused():
    with pytest.raises(InputError, match="title of document 1 is a int, not a str"):
        fr.Corpus.from_texts(["x y"], pd.DataFrame({"doc_id": ["a"], "t": [3]}), title_column="t")
