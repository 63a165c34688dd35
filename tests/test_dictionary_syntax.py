"""Dictionary pattern syntax added for the frame-dictionary repair: exclusions, exact case, phrases counted once."""

from __future__ import annotations

import pandas as pd
import pytest

import framing as fr
from framing.errors import InputError


def _counts(patterns, texts):
    c = fr.Corpus.from_texts(texts)
    return fr.Dictionary({"x": patterns}).count_wide(c, values="count")["x"].tolist()


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        ("invest*", "Investigators said investors invest.", 3),
        ("invest* -investig*", "Investigators said investors invest.", 2),
        ("invest* -investig* -investor*", "Investigators said investors invest.", 1),
        ("moral* -morale*", "Morale was high; morality and moral duty.", 2),
        ("church* -churchill*", "Churchill Street church and churches.", 2),
        ("solv* -solven*", "Solvents, solvency; they solved and solve it.", 2),
    ],
)
def test_exclusions(pattern, text, expected):
    assert _counts([pattern], [text]) == [expected]


def test_exact_case_entry():
    # "Justice" as a title is not the moral word; '=justice' matches only the lower-case form
    assert _counts(["justice"], ["Justice Minister spoke of justice."]) == [2]
    assert _counts(["=justice"], ["Justice Minister spoke of justice."]) == [1]


def test_phrase_does_not_double_count_its_words():
    # "crimes against humanity" (1) + "humanity" alone (1); the humanity inside the phrase is not counted again
    text = ["Crimes against humanity, said the court; humanity must respond."]
    assert _counts(["humanity", "crimes against humanity"], text) == [2]
    assert _counts(["humanity"], text) == [2]
    # a phrase whose words are not unigram entries still counts once
    assert _counts(["crimes against humanity"], text) == [1]


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("peace -deal talks", "exclusions \\(-glob\\) apply to single-word entries only"),
        ("=peace talks", "'=' \\(exact case\\) applies to single-word entries only"),
        ("invest* -*", "only wildcards"),
    ],
)
def test_syntax_errors(pattern, message):
    with pytest.raises(InputError, match=message):
        fr.Dictionary({"x": [pattern]})


def test_term_counts_and_yaml_syntax(tmp_path):
    (tmp_path / "d.yaml").write_text("categories:\n  e:\n    - invest* -investig*\n    - =justice\n", encoding="utf-8")
    d = fr.Dictionary.load(tmp_path / "d.yaml")
    assert d.to_dict() == {"e": ["invest* -investig*", "=justice"]}
    c = fr.Corpus.from_texts(["Investigators invest in justice. Justice Tell."], pd.DataFrame({"doc_id": ["a"]}))
    X, terms, rows = d.term_counts(c, "e")
    assert sorted(terms.tolist()) == ["invest", "justice"] and X.sum() == 2 and rows["doc_id"].tolist() == ["a"]
    with pytest.raises(InputError, match="no category 'z'"):
        d.term_counts(c, "z")
