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
    # 9 terms: the, war, goes, on, and, again, peace, talks, go (lower-cased)
    text = fr.methods_text(fr.keyness(sides, "side", target="a", reference="b", method="log_odds", alpha0=500))
    assert text.startswith(
        "We compared the vocabulary of a against b in corpus sides (5 documents; tokens lower-cased, counted per "
        "document) with the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008; "
        "prior strength alpha0 = 500), reported as a z-score. 9 terms were scored per comparison. Documents: a 2 "
        "against b 3. "
    )
    assert "Benjamini-Hochberg" in text
    assert f"Computed with framing {fr.__version__}" in text
    assert "\n\nReferences:\n- Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008)." in text
    # only the papers of the method used: no G2 or PMI papers, no bootstrap without a bootstrap
    assert "Dunning" not in text and "Church" not in text and "Efron" not in text


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


# ------------------------------------------------------------------ every analysis family, sentence by sentence
@pytest.fixture
def war_peace():
    texts = ["the war goes on and on", "war and war again today", "the war is bad news", "war talk goes on",
             "no war here at all", "peace talks go on well", "peace and talks today", "good peace news today",
             "talks of peace go on", "the peace is good"]  # fmt: skip
    meta = pd.DataFrame({"side": ["a"] * 5 + ["b"] * 5, "language": "en"})
    return fr.Corpus.from_texts(texts, meta, name="sides")


def _first(text):
    return text.partition("\n\nReferences:")[0]


def test_keyness_on_a_dtm_with_the_token_test(war_peace):
    dtm = war_peace.dtm(lowercase=True, stop_words="en")
    text = fr.methods_text(fr.keyness(dtm, war_peace.documents["side"].to_numpy(), method="g2", test="token"))
    assert _first(text).startswith(
        "We compared the vocabulary of each group of documents against all other documents in a document-term "
        f"matrix (10 rows x {dtm.matrix.shape[1]} terms) with the log-likelihood statistic G2 (Dunning 1993; "
        "Rayson & Garside 2000). "
    )
    assert "Documents: a 5 against rest 5; b 5 against rest 5." in text
    refs = text.partition("References:\n")[2]
    assert "Dunning" in refs and "Monroe" not in refs and "Phipson" not in refs  # no permutation test was run


def test_naming_with_the_users_own_concept(war_peace):
    concept = fr.Dictionary({"war": ["war"], "peace": ["peace"]}, name="war or peace")
    text = fr.methods_text(fr.naming_shares(war_peace, concept, "side", n_boot=100, seed=1))
    assert _first(text).startswith(
        "We counted the mentions of the competing variants of a naming concept defined for this study 'war or "
        "peace', with the variants war (war) and peace (peace) (variant and, in parentheses, its word patterns) in "
        "corpus sides (10 documents), matching each variant's word patterns in the documents' token counts (and "
        "stored n-grams for multi-word variants); a group's share of a variant is its mentions divided by the "
        "mentions of any variant. Groups: a (n = 5 documents), b (n = 5 documents). 95% intervals of each share "
        "from a bootstrap over documents (100 replicates"
    )
    assert "The random seed was 1." in text


def test_naming_from_the_lexicon_and_the_test(war_peace):
    text = fr.methods_text(fr.naming_shares(war_peace, "city_name", "side", n_boot=0))
    assert "of the naming concept 'city_name' of framing's concept lexicon ('all') in corpus sides" in text
    assert "Efron" not in text  # no bootstrap was run
    test = fr.methods_text(fr.naming_test(war_peace, {"w": ["war"], "p": ["peace"]}, "side", n_perm=999, seed=1))
    assert test.startswith(
        "We tested whether the use of the variants of a naming concept defined for this study, with the variants "
        "w (war) and p (peace) (variant and, in parentheses, its word patterns) in corpus sides (10 documents) "
        "differs between groups with Pearson's chi-square statistic of the group x variant table of mentions. "
        "With 999 permutations the smallest attainable permutation p is 1 / (999 + 1) = 0.001 (Phipson & Smyth "
        "2010). "
    )


def test_frames_default_and_own_dictionary(war_peace):
    text = fr.methods_text(fr.compare_frames(war_peace, "side", n_boot=0))
    assert text.startswith(
        "We measured the generic news frames of Semetko & Valkenburg (2000) with framing's generic-frame dictionary "
        "for English (generic_frames_en) in corpus sides (10 documents), as each document's rate of matches per "
        "1,000 tokens. Each group's mean was compared with the mean of all other documents. Dictionary frame "
        "measures must be validated against human codes of the same corpus before their results are reported "
        "(framing.validate_measure). Groups: a (n = 5 documents), b (n = 5 documents). P-values from Welch's"
    )
    own = fr.methods_text(fr.compare_frames(war_peace, "side", dictionary=fr.Dictionary({"war": ["war"]}, name="w"),
                                            value="present", n_boot=0))  # fmt: skip
    assert own.startswith(
        "We measured the categories war of the dictionary 'w' in corpus sides (10 documents) as each document's "
        "presence (at least one match)."
    )
    assert "Semetko" not in own


def test_tone_says_which_scores_were_compared(war_peace):
    vader = fr.vader_tone(war_peace)
    assert _first(fr.methods_text(vader)) == (
        "We scored tone in corpus sides (10 documents) with VADER (Hutto & Gilbert 2014) on the running text: each "
        "sentence's compound score (the valences of its words after VADER's rules for negation, intensifiers, "
        "capitals, punctuation and 'but', normalised to -1 to 1); a document's tone is the unweighted mean of its "
        f"sentences' scores. Computed with framing {fr.__version__} (Python)."
    )
    compared = fr.methods_text(fr.compare_tone(war_peace, "side", tone=vader, n_boot=100, seed=2))
    assert compared.startswith("We scored each document's tone in corpus sides (10 documents) with VADER")
    assert "averaged over each document's sentences, and compared each group's mean tone with the mean of all" in compared
    counts = fr.methods_text(fr.compare_tone(war_peace, "side", n_boot=0))
    assert counts.startswith(
        "We scored each document's tone in corpus sides (10 documents) as the mean VADER valence per token (Hutto & "
        "Gilbert 2014) from the documents' token counts, an approximation without VADER's rules"
    )


def test_topic_model_and_prevalence(war_peace):
    model = fr.TopicModel(n_topics=2, min_df=1, stop_words="en", random_state=5).fit(war_peace)
    fr.label_topics(model, {0: "peace", 1: "war"})
    assert _first(fr.methods_text(model)) == (
        "We fitted a topic model with K = 2 topics with framing's TopicModel, which calls scikit-learn (Pedregosa "
        "et al. 2011). It was fitted by non-negative matrix factorisation (NMF; Lee & Seung 1999) of tf-idf weights "
        "with random seed 5. Preprocessing: one row per document; lower-cased; the 'en' stop-word list; terms of at "
        "least 3 characters; numbers dropped. The topics were labelled '0: peace' and '1: war'. The labels are the "
        "researchers' reading of each topic's top words and documents, not an output of the model. Computed with "
        f"framing {fr.__version__} (Python)."
    )
    text = fr.methods_text(fr.topic_prevalence(model, "side", n_boot=100, seed=4))
    assert text.startswith(
        "We estimated each group's mean document-topic proportion from a topic model with K = 2 topics. It was "
        "fitted by non-negative matrix factorisation (NMF; Lee & Seung 1999) of tf-idf weights with random seed 5. "
        "The topics were labelled '0: peace' and '1: war'. Groups: a (n = 5 documents), b (n = 5 documents). "
        "Intervals are 95% bootstrap intervals from 100 replicates that resample whole documents within each group"
    )
    assert "- Lee, D. D., & Seung, H. S. (1999)." in text  # the table cites the model's paper too


def test_a_long_stop_word_list_is_summarised_not_printed(war_peace):
    model = fr.TopicModel(n_topics=2, min_df=1, stop_words=sorted(fr.stop_words("en")), random_state=0)
    text = fr.methods_text(model.fit(war_peace))
    assert f"stop words: a list of {len(fr.stop_words('en'))} words;" in text


def test_stm_and_its_regression(war_peace):
    model = fr.STM(n_topics=2, prevalence="~ side", min_df=1, stop_words="en", max_iter=5).fit(war_peace)
    text = fr.methods_text(model)
    assert text.startswith(
        "We fitted a structural topic model (STM; Roberts, Stewart & Airoldi 2016) with K = 2 topics and topic "
        "prevalence depending on the formula '~ side' with framing's STM. It was fitted by variational EM (at most 5 "
        f"iterations) with random seed 0. It began from 2 starts (spectral and NMF); each ran 2 EM iterations, and the "
        f"one with the higher approximate evidence bound (here the {'NMF' if model.init_ == 'nmf' else 'spectral'} "
        "start) was continued, as stm's selectModel does (Roberts, Stewart & Tingley 2019)."
    )
    one = fr.STM(n_topics=2, prevalence="~ side", min_df=1, stop_words="en", max_iter=5, init="spectral")
    with pytest.warns(UserWarning, match="did not converge"):
        assert ("It was fitted by variational EM from a spectral initialisation (at most 5 iterations) with random "
                "seed 0.") in fr.methods_text(one.fit(war_peace))
    effect = fr.methods_text(fr.estimate_effect(model, war_peace.documents[["side"]], n_boot=50))
    assert "on the covariates in a table of 10 rows with columns side (ordinary least squares" in effect
    assert ("Intervals come from 50 draws of the proportions from the model's approximate posterior, a regression "
            "on each (the method of composition of the stm package; Roberts et al. 2019).") in effect
    assert "- Roberts, M. E., Stewart, B. M., & Airoldi, E. M. (2016)." in effect


def test_reuse_names_the_thresholds(war_peace):
    text = fr.methods_text(fr.reuse_clusters(war_peace, min_containment=0.6, min_shared=3))
    assert _first(text).startswith(
        "We detected reused text in corpus sides (10 documents) with hashed 5-token shingles per paragraph "
        "(framing-tokens/1) and the containment of one document's shingles in another's (Broder 1997), linking two "
        "documents when at least 0.6 of one's shingles are in the other and they share at least 3 shingles. "
        "Shingles found in more than 5% of the documents (boilerplate) were ignored. Linked documents were grouped "
        "into stories by single linkage (Gower & Ross 1969)."
    )


def test_warnings_of_a_recorded_analysis_point_at_the_caller(sides):
    with pytest.warns(UserWarning, match="not tested") as caught:
        fr.keyness(sides, "side")  # fewer than 5 documents a side: the analysis warns
    assert [w.filename for w in caught] == [__file__]  # this line's file, not framing's wrappers


def test_a_failing_analysis_still_issues_its_warnings():
    @records_call
    def fails():
        import warnings

        warnings.warn("first this", UserWarning, stacklevel=2)
        raise ValueError("then this")

    with pytest.warns(UserWarning, match="first this"), pytest.raises(ValueError, match="then this"):
        fails()
