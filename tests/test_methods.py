"""methods_text: the methods paragraph written from what a result records."""

import json

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing._provenance import CALL_KEY, docstring_references, records_call
from framing.errors import InputError


@pytest.fixture
def sides():
    texts = ["the war goes on", "war and war again", "peace talks go on", "peace and talks", "talks and war"]
    return fr.Corpus.from_texts(texts, pd.DataFrame({"side": ["a", "a", "b", "b", "b"]}), name="sides")


def test_the_record_is_small_plain_and_json_friendly(sides):
    table = fr.keyness(sides, "side", method="g2", n_boot=0)
    record = table.attrs[CALL_KEY]
    assert record["function"] == "keyness"
    assert record["params"]["data"] == "corpus sides (5 documents)"
    assert record["params"]["method"] == "g2"
    assert any(r.startswith("Monroe, B. L.") for r in record["references"])
    json.dumps(record)  # plain values only
    assert table.head(2).attrs[CALL_KEY] == record  # pandas carries attrs along


def test_keyness_methods_text_names_method_groups_correction_and_version(sides):
    text = fr.methods_text(fr.keyness(sides, "side", target="a", reference="b", method="log_odds", alpha0=500))
    assert text.startswith("We compared the vocabulary of a against b with the log-odds ratio")
    assert "alpha0 = 500" in text
    assert "Benjamini-Hochberg" in text
    assert f"Computed with framing {fr.__version__}" in text
    assert "\n\nReferences:\n- Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008)." in text


def test_inference_sentence_and_seed_are_reported(sides):
    table = fr.keyness(sides, "side", n_boot=200, seed=7)
    text = fr.methods_text(table)
    assert "The random seed was 7." in text
    table.attrs["inference"] = "p-values from a permutation test over documents (1,000 permutations)"
    assert "P-values from a permutation test over documents (1,000 permutations)." in fr.methods_text(table)


def test_width_wraps_the_paragraph_but_not_the_references(sides):
    text = fr.methods_text(fr.keyness(sides, "side"), width=60)
    head, _, refs = text.partition("\n\nReferences:\n")
    assert max(len(line) for line in head.splitlines()) <= 60
    assert refs.startswith("- ")


def test_a_table_without_a_record_is_refused():
    with pytest.raises(InputError, match=r"carries no record of how it was computed \(attrs\['framing_call'\]\)"):
        fr.methods_text(pd.DataFrame({"term": ["war"], "score": [1.0]}))


def test_unknown_function_falls_back_to_listing_parameters():
    @records_call
    def share(values, *, cutoff=0.5):
        """Share above a cutoff.

        References
        ----------
        Wilson, E. B. (1927). Probable inference. *JASA*, 22, 209-212.
        """
        return pd.DataFrame({"estimate": [float(np.mean(np.asarray(values) > cutoff))]})

    text = fr.methods_text(share([0.2, 0.9], cutoff=0.4))
    assert text.startswith("We computed share (values = [0.2, 0.9], cutoff = 0.4).")
    assert "- Wilson, E. B. (1927). Probable inference. JASA, 22, 209-212." in text


def test_docstring_references_reads_only_the_references_section():
    assert docstring_references(fr.keyness)[0].startswith("Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008)")
    assert not any("Examples" in r or ">>>" in r for r in docstring_references(fr.keyness))
    assert docstring_references(lambda: None) == []
