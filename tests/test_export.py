from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus._checksums import sha256_file
from framing.corpus._export import shared_ngram_mask, write_features
from framing.errors import InputError
from framing.tokenize import split_paragraphs

FILES = ["documents.csv", "schema.json", "paragraphs.tsv", "counts.tsv", "ngrams.tsv", "shingles.tsv", "SHA256SUMS", "DATASHEET.md"]


def test_round_trip(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "tiny")
    for name in FILES:
        assert (out / name).is_file(), name
    back = fr.load_corpus(out)
    assert back.checksum is not None and not back.has_text
    for level in ("document", "paragraph"):
        a, b = tiny_corpus.dtm(level=level), back.dtm(level=level)
        assert (a.matrix != b.matrix).nnz == 0
        assert list(a.terms) == list(b.terms)
    pd.testing.assert_frame_equal(back.paragraphs, tiny_corpus.paragraphs)
    cols = ["language", "source", "site", "ownership", "date", "n_paragraphs", "n_tokens"]
    pd.testing.assert_frame_equal(back.documents[cols], tiny_corpus.documents[cols], check_dtype=False)
    pd.testing.assert_frame_equal(back.shingles, tiny_corpus.shingles)


def test_documents_columns_in_corpus_order(tiny_corpus, tmp_path):
    docs = tiny_corpus.documents.copy()
    docs["zeta"] = "z"
    c = fr.Corpus(docs, tiny_corpus.paragraphs, tiny_corpus.counts, tiny_corpus.vocabulary, texts=tiny_corpus.texts)
    out = write_features(c, tmp_path / "cols")
    header = (out / "documents.csv").read_text(encoding="utf-8").split("\n")[0].split(",")
    # doc_id first, then the metadata in the corpus's order (what went in comes back)
    assert header == ["doc_id", "language", "source", "site", "ownership", "date", "n_paragraphs", "n_tokens", "zeta"]


def test_no_running_text_in_the_export(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "t")
    blob = "\n".join((out / name).read_text(encoding="utf-8") for name in FILES)
    for text in tiny_corpus.texts:
        for para in split_paragraphs(text):
            assert para not in blob
    # not even a run of four words of a paragraph
    assert "the talks were difficult" not in blob


def test_ngram_threshold(tmp_path):
    # "peace plan" in 3 documents from 2 sites -> kept; "quiet harbour" in 3 documents of one
    # site -> dropped; "green valley" in only 2 documents -> dropped
    texts = [
        "peace plan quiet harbour green valley",
        "peace plan quiet harbour green valley",
        "peace plan",
        "quiet harbour",
    ]
    meta = pd.DataFrame({"doc_id": list("abcd"), "site": ["s1", "s1", "s2", "s1"]})
    c = fr.Corpus.from_texts(texts, meta)
    out = write_features(c, tmp_path / "ng")
    ng = pd.read_csv(out / "ngrams.tsv", sep="\t", keep_default_na=False)
    assert set(ng["ngram"]) == {"peace plan"}
    assert list(ng["doc_id"]) == ["a", "b", "c"]


def test_shared_ngram_mask_sites():
    from scipy import sparse

    m = sparse.csr_matrix(np.array([[1, 1, 1], [1, 1, 1], [1, 1, 0], [0, 2, 0]]))
    sites = np.array([0, 0, 1, 0])
    # column 0: 3 docs, sites {0, 1}; column 1: 4 docs, sites {0, 1}; column 2: 2 docs
    assert shared_ngram_mask(m, sites).tolist() == [True, True, False]
    assert shared_ngram_mask(m, np.zeros(4, int)).tolist() == [False, False, False]


def test_sites_fall_back_to_source_then_document(tiny_texts, tmp_path):
    texts = ["the same phrase here"] * 3
    by_doc = fr.Corpus.from_texts(texts)  # no site, no source: each document is its own site
    assert len(pd.read_csv(write_features(by_doc, tmp_path / "a") / "ngrams.tsv", sep="\t")) > 0
    one_source = fr.Corpus.from_texts(texts, pd.DataFrame({"source": ["Wire"] * 3}))
    assert len(pd.read_csv(write_features(one_source, tmp_path / "b") / "ngrams.tsv", sep="\t")) == 0


def test_datasheet_stub(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "ds")
    sheet = (out / "DATASHEET.md").read_text(encoding="utf-8")
    assert "# Datasheet: `ds`" in sheet
    assert "5 documents from 5 sites, written by 4 sources" in sheet
    assert "Languages (`language`): en 3, de 1, ru 1." in sheet
    assert f"{len(tiny_corpus.paragraphs)} paragraphs and {int(tiny_corpus.counts.sum())} tokens" in sheet
    assert "## Motivation" in sheet and "TODO" in sheet


def test_bundled_corpus_round_trips_byte_for_byte(bundled, tmp_path):
    out = bundled.to_features(tmp_path / "bundled")
    src = Path(fr._paths.corpora_dir()) / "peace-talks-2026"
    for name in ["documents.csv", "paragraphs.tsv", "counts.tsv", "ngrams.tsv", "shingles.tsv", "events.csv"]:
        assert (out / name).read_bytes() == (src / name).read_bytes(), name
    # the same checksum lines; the export adds schema.json
    sums = set((out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    src_sums = set((src / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert sums - src_sums == {f"{sha256_file(out / 'schema.json')}  schema.json"}
    assert src_sums <= sums


def test_export_errors(tiny_corpus, tiny_texts, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "x")
    with pytest.raises(InputError, match="is not empty; choose a new folder or pass overwrite=True"):
        tiny_corpus.to_features(out)
    assert write_features(tiny_corpus, out, overwrite=True) == out
    with pytest.raises(InputError, match="document id 'a\\\\tb' at row 1 holds a tab, line break or other control character"):
        fr.Corpus.from_texts(tiny_texts[:1], pd.DataFrame({"doc_id": ["a\tb"]}))
