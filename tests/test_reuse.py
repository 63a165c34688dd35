"""Tests for framing.reuse: containment, clusters, alignment, who republishes whom."""

import numpy as np
import pandas as pd
import pytest

import framing as fr

from framing import Corpus, InputError
from framing.reuse import (
    containment_pairs,
    paragraph_alignment,
    republication_pairs,
    reuse_clusters,
    who_republishes_whom,
)

# Paragraphs of distinct words, so every 5-gram is unique:
# P1 has 10 tokens -> 10 - 4 = 6 shingles, P2 9 tokens -> 5, P3 8 tokens -> 4.
P1 = "Negotiators from three delegations gathered early beside quiet lakeside villas"
P2 = "Officials described cautious progress regarding prisoner exchanges and energy"
P3 = "Observers expected another negotiating round within several weeks"
P2_CHANGED = "Officials described cautious progress regarding prisoner exchanges and ports"
P4 = "Local editors appended commentary about regional markets"  # 7 tokens -> 3 shingles
OTHER = "Heavy rain flooded farmland across southern provinces yesterday afternoon"

TEXTS = {
    "orig": "\n".join([P1, P2, P3]),  # |S| = 6 + 5 + 4 = 15
    "same": "\n".join([P1, P2, P3]),  # verbatim copy
    "changed": "\n".join([P1, P2_CHANGED, P3]),  # last word of P2 changed: 1 of its 5 shingles differs
    "dropped": "\n".join([P1, P2]),  # P3 dropped: |S| = 11
    "added": "\n".join([P1, P2, P3, P4]),  # P4 added: |S| = 18
    "other": OTHER,
}
META = pd.DataFrame(
    {
        "doc_id": list(TEXTS),
        "source": ["Agency", "Agency", "Agency", "Agency", "Agency", "Weather"],
        "site": ["Agency", "Daily", "Herald", "Courier", "Gazette", "Weather"],
        "source_basis": ["own", "stated", "stated", "stated", "stated", "own"],
        "date": ["2026-02-17", "2026-02-18", "", "2026-02-18", "2026-02-19", "2026-02-17"],
        "language": ["en"] * 6,
    }
)


@pytest.fixture(scope="module")
def corpus():
    return Corpus.from_texts(list(TEXTS.values()), META)


def _pair(pairs, a, b):
    row = pairs[((pairs.doc_a == a) & (pairs.doc_b == b))]
    assert len(row) == 1, (a, b)
    return row.iloc[0]


def test_shingle_counts_by_hand(corpus):
    pairs = containment_pairs(corpus)
    r = _pair(pairs, "orig", "same")
    assert (r.n_a, r.n_b, r.shared) == (15, 15, 15)
    assert r.containment_a_in_b == 1.0 and r.jaccard == 1.0


def test_containment_changed_paragraph(corpus):
    # changing P2's last word changes only the shingle that ends with it:
    # shared = 15 - 1 = 14; c = 14/15 both ways; jaccard = 14 / (15 + 15 - 14) = 14/16
    r = _pair(containment_pairs(corpus), "orig", "changed")
    assert r.shared == 14
    assert r.containment_a_in_b == pytest.approx(14 / 15)
    assert r.containment_b_in_a == pytest.approx(14 / 15)
    assert r.jaccard == pytest.approx(14 / 16)


def test_containment_dropped_and_added_is_asymmetric(corpus):
    pairs = containment_pairs(corpus)
    # dropped copy: S = P1 + P2 = 11 shingles, all in orig
    r = _pair(pairs, "orig", "dropped")
    assert r.containment_b_in_a == 1.0
    assert r.containment_a_in_b == pytest.approx(11 / 15)
    assert r.jaccard == pytest.approx(11 / 15)
    # added copy: S = 15 + 3 = 18; orig fully contained, copy 15/18 in orig
    r = _pair(pairs, "orig", "added")
    assert r.containment_a_in_b == 1.0
    assert r.containment_b_in_a == pytest.approx(15 / 18)
    assert r.jaccard == pytest.approx(15 / 18)
    assert {"source_a", "source_b", "date_a", "date_b", "site_a"} <= set(pairs.columns)


def test_unrelated_document_is_not_paired(corpus):
    pairs = containment_pairs(corpus)
    assert "other" not in set(pairs.doc_a) | set(pairs.doc_b)
    assert pairs.attrs["skipped"]["documents_without_shingles"] == 0


def test_boilerplate_shingles_are_skipped_and_reported():
    boiler = "Subscribe to our newsletter for daily updates and offers"  # 9 tokens -> 5 shingles
    texts = [f"{boiler}\n{t}" for t in (P1, P2, P3, OTHER)]
    c = Corpus.from_texts(texts, pd.DataFrame({"doc_id": list("abcd")}))
    # in all 4 documents -> above max_df=3: the 5 boilerplate shingles are left out of the index
    pairs = containment_pairs(c, max_df=3, min_containment=0.1)
    assert pairs.attrs["skipped"]["boilerplate_shingles"] == 5
    assert pairs.empty
    # with the index open to them, every pair shares the boilerplate
    assert len(containment_pairs(c, max_df=4, min_containment=0.1)) == 6


def test_clusters_group_the_story(corpus):
    cl = reuse_clusters(corpus)
    assert set(cl.doc_id) == {"orig", "same", "changed", "dropped", "added"}
    assert (cl.cluster == 0).all() and (cl.cluster_size == 5).all()
    assert cl.n_sites.iloc[0] == 5 and cl.sources.iloc[0] == "Agency"
    with_single = reuse_clusters(corpus, include_singletons=True)
    assert with_single.set_index("doc_id").at["other", "cluster_size"] == 1


def test_paragraph_alignment(corpus):
    al = paragraph_alignment(corpus, "orig", "changed")
    a = al[al.side == "a"].set_index("para")
    assert a.status.tolist() == ["kept", "changed", "kept"]
    assert (a.at[1, "n_shingles"], a.at[1, "n_found"]) == (5, 4)
    al = paragraph_alignment(corpus, "orig", "dropped")
    assert al[al.side == "a"].status.tolist() == ["kept", "kept", "dropped"]
    al = paragraph_alignment(corpus, "orig", "added")
    b = al[al.side == "b"]
    assert b.status.tolist() == ["kept", "kept", "kept", "added"]
    assert b.matched_para.tolist() == [0, 1, 2, -1]


def test_paragraph_alignment_short_paragraph():
    c = Corpus.from_texts([f"Short title\n{P1}", f"Other title\n{P1}"], pd.DataFrame({"doc_id": ["a", "b"]}))
    al = paragraph_alignment(c, "a", "b")
    assert al.status.tolist() == ["too-short", "kept", "too-short", "kept"]


def test_who_republishes_whom(corpus):
    detail = republication_pairs(corpus)
    # earliest date wins: orig (17 Feb) is the original
    assert set(detail.original) == {"orig"} and set(detail.basis) == {"date"}
    assert len(detail) == 4
    summary = who_republishes_whom(corpus)
    assert set(summary.republisher_site) == {"Daily", "Herald", "Courier", "Gazette"}
    assert (summary.original_source == "Agency").all() and summary.same_source.all()
    row = summary.set_index("republisher_site").loc["Courier"]
    assert row.mean_containment == 1.0  # the shortened copy is wholly in the original
    assert summary.set_index("republisher_site").at["Gazette", "mean_containment"] == pytest.approx(15 / 18)


def test_original_by_own_site_when_undated():
    meta = META.assign(date="")
    c = Corpus.from_texts(list(TEXTS.values()), meta)
    detail = republication_pairs(c)
    assert set(detail.original) == {"orig"} and set(detail.basis) == {"own-site"}


def test_deterministic(corpus):
    a = containment_pairs(corpus)
    b = containment_pairs(corpus)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"min_containment": 0}, "min_containment must be a number in"),
        ({"min_containment": 1.5}, "min_containment must be a number in"),
        ({"max_df": 1}, r"containment_pairs\(\): max_df must be an int >= 2 or a number in \(0, 1\], got 1"),
        ({"max_df": 2.5}, r"max_df must be an int >= 2 or a number in \(0, 1\], got 2.5"),
        ({"min_shared": 0}, "min_shared must be an int >= 1, got 0"),
    ],
)
def test_bad_parameters(corpus, kwargs, match):
    with pytest.raises(InputError, match=match):
        containment_pairs(corpus, **kwargs)


def test_bad_doc_ids(corpus):
    with pytest.raises(InputError, match="doc_b='nope' is not a doc_id"):
        paragraph_alignment(corpus, "orig", "nope")
    with pytest.raises(InputError, match="the same document"):
        paragraph_alignment(corpus, "orig", "orig")


def test_no_shingles_error(corpus):
    c = Corpus(corpus.documents, corpus.paragraphs, corpus.counts, corpus.vocabulary)
    with pytest.raises(InputError, match="no shingles"):
        containment_pairs(c)


def test_bad_clusters_table(corpus):
    with pytest.raises(InputError, match="'cluster' column"):
        who_republishes_whom(corpus, clusters=pd.DataFrame({"doc_id": ["orig"]}))


def test_bundled_corpus_finds_agency_copies():
    from framing import load_corpus

    c = load_corpus("peace-talks-2026")
    cl = reuse_clusters(c)
    assert cl.cluster.nunique() >= 10
    # clusters of one source's story on several sites
    multi_site = cl.drop_duplicates("cluster").query("n_sources == 1 and n_sites >= 3")
    assert len(multi_site) >= 2
    assert np.isin(["AFP", "Reuters"], cl.source.unique()).all()


def test_ignored_thresholds_warn(corpus):
    pairs = containment_pairs(corpus)
    with pytest.warns(UserWarning, match=r"reuse_clusters\(\): min_containment=0.9 ignored because pairs was given") as rec:
        reuse_clusters(corpus, pairs=pairs, min_containment=0.9)
    assert rec[0].filename == __file__  # the warning points at the caller
    clusters = reuse_clusters(corpus)
    with pytest.warns(UserWarning, match=r"who_republishes_whom\(\): min_shared=3 ignored because clusters was given") as rec:
        who_republishes_whom(corpus, clusters=clusters, min_shared=3)
    assert rec[0].filename == __file__
    with pytest.raises(InputError, match="pairs must be a table from containment_pairs"):
        reuse_clusters(corpus, pairs=pd.DataFrame({"doc_a": ["orig"]}))


def test_collapse_copies_keeps_one_document_per_story(bundled):
    pairs = fr.republication_pairs(bundled)
    with pytest.warns(UserWarning, match=r"collapse_copies: dropped 32 copies of 29 stories; 570 of 602 documents remain"):
        stories = fr.collapse_copies(bundled, pairs=pairs)
    assert len(stories) == len(bundled) - pairs["copy"].nunique()
    assert not set(pairs["copy"]) & set(stories.doc_ids)
    assert set(pairs["original"]) <= set(stories.doc_ids)
    report = stories.report
    assert report.n_read + report.n_skipped == report.n_seen == len(bundled)
    assert report.reasons().to_dict() == {"copy of a reused story": 32}


def test_collapse_copies_refuses_pairs_from_another_corpus(bundled, tiny_corpus):
    pairs = fr.republication_pairs(bundled)
    with pytest.raises(InputError, match=r"pairs: document\(s\) \[.*\] are not in the corpus"):
        fr.collapse_copies(tiny_corpus, pairs=pairs)
    with pytest.raises(InputError, match=r"pairs: missing column\(s\) \['basis'\]"):
        fr.collapse_copies(bundled, pairs=pairs.drop(columns="basis"))


def test_story_of_picks_the_cluster_with_most_given_documents():
    import pandas as pd

    from framing import story_of
    from framing.errors import InputError

    clusters = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"], "cluster": [0, 0, 1, 1, 1]})
    assert story_of(clusters, ["a", "c", "d", "x"]) == 1
    assert story_of(clusters, ["a", "c"]) == 0  # tie: the smaller number
    assert story_of(clusters, pd.Index(["e"])) == 1
    with pytest.raises(InputError, match="none of the given doc_ids"):
        story_of(clusters, ["x"])
    with pytest.raises(InputError, match="lacks column"):
        story_of(clusters.drop(columns="cluster"), ["a"])
