import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus import _count
from framing.errors import CorpusFormatError, InputError, TextRequiredError
from framing.tokenize import shingles, tokenize_paragraphs

CASES = json.loads((Path(__file__).parent / "tokenizer_cases.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- bundled corpus
def test_bundled_corpus_matches_datasheet(bundled):
    # DATASHEET.md: 602 documents, 3,848 paragraphs and 121,892 tokens
    assert len(bundled) == 602
    assert len(bundled.paragraphs) == 3848
    assert int(bundled.counts.sum()) == 121_892
    assert bundled.counts.shape == (3848, len(bundled.vocabulary))
    assert bundled.checksum is not None and not bundled.has_text
    assert sorted(bundled.ngrams) == [2, 3]
    assert list(bundled.documents.columns[:3]) == ["event", "phase", "date"]
    s = bundled.summary()
    assert (s["sites"], s["sources"], len(s["languages"])) == (398, 313, 29)
    assert s["languages"]["en"] == 184
    assert s["date_range"] == ("2026-01-22", "2026-03-19", 230)
    assert "peace-talks-2026" in fr.list_corpora()


def test_unknown_corpus_name_lists_bundled():
    with pytest.raises(InputError, match=r"no bundled corpus named 'peace-talks-2099'; bundled corpora: peace-talks-2026"):
        fr.load_corpus("peace-talks-2099")


def _copy_bundled(tmp_path) -> Path:
    src = Path(fr._paths.corpora_dir()) / "peace-talks-2026"
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    return dst


def test_damaged_file_is_named(tmp_path):
    folder = _copy_bundled(tmp_path)
    path = folder / "counts.tsv"
    data = bytearray(path.read_bytes())
    data[5000] = ord("7") if data[5000] != ord("7") else ord("8")
    path.write_bytes(bytes(data))
    with pytest.raises(CorpusFormatError, match=r"counts\.tsv: damaged \(its SHA-256 checksum does not match"):
        fr.load_corpus(folder)


def test_missing_file_is_named(tmp_path):
    folder = _copy_bundled(tmp_path)
    (folder / "paragraphs.tsv").unlink()
    with pytest.raises(CorpusFormatError, match=r"paragraphs\.tsv: required corpus file is missing"):
        fr.load_corpus(folder)


def test_inconsistent_file_without_checksums_is_named(tmp_path):
    folder = _copy_bundled(tmp_path)
    (folder / "SHA256SUMS").unlink()
    lines = (folder / "paragraphs.tsv").read_text(encoding="utf-8").split("\n")
    doc, para, role, n = lines[1].split("\t")
    lines[1] = "\t".join([doc, para, role, str(int(n) + 1)])
    (folder / "paragraphs.tsv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"counts\.tsv: paragraph \(.*\) has \d+ tokens counted but paragraphs\.tsv says"):
        with pytest.warns(UserWarning, match="no SHA256SUMS file"):
            fr.load_corpus(folder)


def test_counts_only_corpus_refuses_text_methods(bundled):
    with pytest.raises(TextRequiredError, match="needs the running text, but this corpus holds derived counts only"):
        bundled.concordance("Geneva")


# ---------------------------------------------------------------- selecting and grouping
def test_subset_by_metadata(bundled):
    en = bundled.subset(language="en")
    assert len(en) == 184
    assert set(en.documents["language"]) == {"en"}
    assert len(en.paragraphs) == int(en.documents["n_paragraphs"].sum())
    assert int(en.counts.sum()) == int(en.documents["n_tokens"].sum())
    both = bundled.subset(language=["en", "ru"], ownership="state")
    assert set(both.documents["ownership"]) == {"state"}
    assert en.ngrams[2][0].shape[0] == 184


def test_subset_keeps_only_the_terms_its_documents_use(bundled):
    en = bundled.subset(language="en")
    X, _, terms = en.dtm()
    assert (np.asarray(X.sum(axis=0)).ravel() > 0).all()
    assert en.summary()["types"] == len(terms) < len(bundled.vocabulary)
    for n, (m, t) in en.ngrams.items():
        assert m.shape == (184, len(t)) and (np.asarray(m.sum(axis=0)).ravel() > 0).all()
    # counts are unchanged: the English documents' totals match the parent corpus's
    assert int(X.sum()) == int(bundled.documents.loc[en.doc_ids, "n_tokens"].sum())


def test_subset_mask_and_ids(tiny_corpus):
    assert list(tiny_corpus.subset(lambda d: d["language"] == "en").doc_ids) == ["en-1", "en-2", "en-3"]
    assert list(tiny_corpus.subset(doc_ids=["ru-1"]).doc_ids) == ["ru-1"]
    sub = tiny_corpus.subset(np.array([True, False, False, False, True]))
    assert list(sub.texts.index) == ["en-1", "en-3"]


def test_subset_errors(tiny_corpus):
    with pytest.raises(InputError, match="no metadata column 'lang'; columns are language"):
        tiny_corpus.subset(lang="en")
    with pytest.raises(InputError, match=r"unknown doc_id\(s\) \['zz'\]"):
        tiny_corpus.subset(doc_ids=["zz"])
    with pytest.raises(InputError, match="no document matches"):
        tiny_corpus.subset(language="fr")
    with pytest.raises(InputError, match="mask has 2 values, the corpus has 5 documents"):
        tiny_corpus.subset([True, False])


def test_groups(tiny_corpus):
    g = tiny_corpus.groups("ownership")
    assert g.name == "group" and g["ru-1"] == "state"
    blocs = {"Wire Service": "wire", "Daily Example": "press", "Example News": "press"}
    with pytest.warns(UserWarning, match="1 of 5 documents have a source the mapping does not cover"):
        g = tiny_corpus.groups(blocs)
    assert g["en-2"] == "wire" and pd.isna(g["de-1"])
    g = tiny_corpus.groups(lambda d: d["language"].str.upper())
    assert g["de-1"] == "DE"
    with pytest.raises(InputError, match="no metadata column 'bloc'"):
        tiny_corpus.groups("bloc")


# ---------------------------------------------------------------- from_texts
def test_from_texts_basic(tiny_corpus, tiny_texts):
    c = tiny_corpus
    assert len(c) == 5 and c.has_text and c.name == "tiny"
    assert c.report.n_read == 5 and c.report.n_skipped == 0
    assert c.documents.loc["en-1", "n_paragraphs"] == 3
    assert c.texts["en-2"] == tiny_texts[1]
    # the vocabulary is sorted and case is kept
    assert list(c.vocabulary) == sorted(c.vocabulary)
    assert "Geneva" in set(c.vocabulary) and "talks" in set(c.vocabulary)
    assert c.documents.index.name == "doc_id"


def _reference(texts):
    """The plain definition: tokenize_paragraphs per text, Counter per paragraph, shingles per paragraph."""
    rows, sh, grams = [], [], {2: {}, 3: {}}
    for d, text in enumerate(texts):
        for p, toks in enumerate(tokenize_paragraphs(text)):
            if not toks:
                continue
            for t in toks:
                rows.append((d, p, t))
            s = shingles(toks)
            if s:
                sh.append((d, p, tuple(s)))
            low = [t.lower() for t in toks]
            for n in (2, 3):
                for i in range(len(low) - n + 1):
                    key = (d, " ".join(low[i : i + n]))
                    grams[n][key] = grams[n].get(key, 0) + 1
    counts = pd.DataFrame(rows, columns=["d", "p", "t"]).value_counts().sort_index()
    return counts, sh, grams


def test_fast_counting_equals_plain_definition():
    texts = [c["text"] for c in CASES["tokenize"]] + [CASES["shingles"]["text"]]
    texts += ["x\n\n---\n  \nA b c d e f g\n\u00a0\nKyiv's U.S. 会谈在日内瓦 talks talks", "\u200b only"]
    corpus = fr.Corpus.from_texts(texts, warn=False)
    counts, sh, grams = _reference(texts)
    frame = corpus.dtm(level="paragraph").to_frame()
    pos = {d: int(d[4:]) - 1 for d in corpus.doc_ids}  # default ids count all texts given
    got = {(pos[r.doc_id], r.para, r.term): r.count for r in frame.itertuples()}
    assert got == {k: v for k, v in counts.items()}
    got_sh = [(pos[d], p, s) for d, p, s in corpus.shingles.itertuples(index=False)]
    assert got_sh == sh
    for n in (2, 3):
        m, terms = corpus.ngrams[n]
        coo = m.tocoo()
        ids = corpus.doc_ids
        assert {(pos[ids[r]], terms[c]): v for r, c, v in zip(coo.row, coo.col, coo.data)} == grams[n]


def test_n_jobs_gives_identical_results(monkeypatch, tiny_texts, rng):
    texts = [" ".join(rng.choice(tiny_texts, 3)) + "\n" + tiny_texts[int(rng.integers(5))] for _ in range(60)]
    one = fr.Corpus.from_texts(texts)
    monkeypatch.setattr(_count, "_PARALLEL_MIN_CHARS", 0)  # use the pool even for this small input
    two = fr.Corpus.from_texts(texts, n_jobs=2)
    assert (one.counts != two.counts).nnz == 0 and list(one.vocabulary) == list(two.vocabulary)
    pd.testing.assert_frame_equal(one.paragraphs, two.paragraphs)
    pd.testing.assert_frame_equal(one.documents, two.documents)
    pd.testing.assert_frame_equal(one.shingles, two.shingles)
    for n in (2, 3):
        assert (one.ngrams[n][0] != two.ngrams[n][0]).nnz == 0
        assert list(one.ngrams[n][1]) == list(two.ngrams[n][1])


def test_n_jobs_bad_value(tiny_texts):
    with pytest.raises(InputError, match=r"Corpus.from_texts\(\): n_jobs must be an int >= 1 or one of -1 or None, got 0"):
        fr.Corpus.from_texts(tiny_texts, n_jobs=0)


def test_from_texts_skips_are_reported(tiny_texts):
    texts = tiny_texts[:2] + ["   ", None, "!!! ---"]
    meta = pd.DataFrame({"doc_id": ["a", "b", "c", "d", "e"]})
    with pytest.warns(UserWarning, match=r"read 2 document\(s\), skipped 3"):
        c = fr.Corpus.from_texts(texts, meta)
    assert list(c.doc_ids) == ["a", "b"]
    assert sorted(c.report.skipped["reason"]) == ["empty text", "empty text", "no tokens (only punctuation or symbols)"]
    assert c.report.reasons()["empty text"] == 2


def test_from_texts_duplicate_skip(tiny_texts):
    meta = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "d"]})
    c = fr.Corpus.from_texts(tiny_texts, meta, on_duplicate="skip", warn=False)
    assert list(c.doc_ids) == ["a", "b", "c", "d"]
    assert c.report.skipped.iloc[0].tolist() == ["row 2", "a", "duplicate id"]


def test_from_texts_default_ids(tiny_texts):
    c = fr.Corpus.from_texts(tiny_texts)
    assert list(c.doc_ids) == ["doc-0001", "doc-0002", "doc-0003", "doc-0004", "doc-0005"]


# bad input named in issue 2
def test_bare_string():
    with pytest.raises(InputError, match=r"texts must be a list of documents, got a single string; wrap one text as \[text\]"):
        fr.Corpus.from_texts("Talks resumed in Geneva.")


def test_mismatched_lengths(tiny_texts, tiny_meta):
    with pytest.raises(InputError, match="texts and metadata differ in length: 4 texts but 5 metadata rows"):
        fr.Corpus.from_texts(tiny_texts[:4], tiny_meta)


def test_duplicate_ids(tiny_texts):
    meta = pd.DataFrame({"doc_id": ["a", "b", "a", "c", "d"]})
    with pytest.raises(InputError, match="duplicate document id 'a' at row 3; ids must be unique"):
        fr.Corpus.from_texts(tiny_texts, meta)


def test_empty_corpus():
    with pytest.raises(InputError, match="the corpus is empty"):
        fr.Corpus.from_texts([])
    with pytest.raises(InputError, match="the corpus is empty: no usable document"):
        fr.Corpus.from_texts(["", "   "], warn=False)


def test_metadata_must_be_a_frame(tiny_texts):
    with pytest.raises(InputError, match=r"Corpus.from_texts\(\): metadata must be a pandas DataFrame, got \{"):
        fr.Corpus.from_texts(tiny_texts, {"doc_id": list("abcde")})


def test_non_string_text():
    with pytest.raises(InputError, match=r"texts\[1\] \(doc_id 'doc-0002'\) is a int, not a str"):
        fr.Corpus.from_texts(["Talks.", 5])


def test_concordance(tiny_corpus):
    kwic = tiny_corpus.concordance(r"\bdifficult\b", window=2)
    assert list(kwic.columns) == ["doc_id", "para", "left", "match", "right"]
    assert len(kwic) == 3
    assert kwic.iloc[0].tolist() == ["en-1", 2, "talks were", "difficult", "but useful."]
    with pytest.raises(InputError, match="invalid pattern"):
        tiny_corpus.concordance("(")


def test_repr(tiny_corpus, bundled):
    assert "5 documents" in repr(tiny_corpus) and "text" in repr(tiny_corpus)
    assert "counts only" in repr(bundled)


def test_fast_stream_pattern_equals_spec(rng):
    # random strings over the characters where the token rules differ
    from framing.corpus._count import _stream_re
    from framing.tokenize import _token_re

    alphabet = list("aBs.'1,:-_ \u200c中文・\u30a0é") + ["\n"]
    spec = _token_re(False)
    fast = _stream_re(False)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet, int(rng.integers(1, 14))))
        assert [t for t in fast.findall(text) if t != "\n"] == spec.findall(text), repr(text)


@pytest.mark.parametrize(
    "text",
    ["plain", "Переговоры", "envoy\u2019s \u00abdeal\u00bb", "cafe\u0301", "ﬁ 会谈", "x\U0001d165", "\U0001f600 ok",
     "\u30fb", "ｶﾞ", "①\u2032"],
)  # fmt: skip
def test_normalize_and_probe_matches_definitions(text):
    from framing.corpus._count import _normalize_and_probe
    from framing.tokenize import _CJK_RE, _needs_marks, normalize

    norm = normalize(text)
    assert _normalize_and_probe(text) == (norm, _needs_marks(norm), _CJK_RE.search(norm) is not None)


def test_fast_counting_equals_plain_definition_random(rng):
    # random texts over the characters where tokenizing, normalizing and paragraph rules differ
    alphabet = list("aBsé1.'-,_Ж ") + ["  ", "\t", "\n", "\n\n", "\xa0", "\u3000", "\r", "\u2028", "\u2019", "¨", "ﬁ"]
    rare = ["中文", "\u0301", "U.S.", "3,5", "Kyiv's"]
    texts = []
    for i in range(120):
        chars = list(rng.choice(alphabet, int(rng.integers(5, 60))))
        if i % 4 == 0:
            chars.insert(int(rng.integers(len(chars))), rare[i // 4 % len(rare)])
        texts.append("".join(chars))
    texts = [t for t in texts if any(tokenize_paragraphs(t))]
    corpus = fr.Corpus.from_texts(texts, warn=False)
    counts, sh, grams = _reference(texts)
    pos = {d: int(d[4:]) - 1 for d in corpus.doc_ids}
    frame = corpus.dtm(level="paragraph").to_frame()
    got = {(pos[r.doc_id], r.para, r.term): r.count for r in frame.itertuples()}
    assert got == {k: v for k, v in counts.items()}
    assert [(pos[d], p, s) for d, p, s in corpus.shingles.itertuples(index=False)] == sh


def test_text_corpus_makes_ngrams_and_shingles_on_first_use(tiny_texts, tiny_meta):
    from framing.corpus import _build as corpus_module

    lazy = fr.Corpus.from_texts(tiny_texts, tiny_meta.copy())
    assert lazy._ngrams is corpus_module.FROM_TEXT and lazy._shingles is corpus_module.FROM_TEXT
    keep = list(lazy.doc_ids[:3])
    sub_before = lazy.subset(doc_ids=keep)  # subset taken before anything was made
    assert sub_before._ngrams is corpus_module.FROM_TEXT
    eager = fr.Corpus.from_texts(tiny_texts, tiny_meta.copy())
    eager.ngrams  # made now, on the whole corpus
    sub_after = eager.subset(doc_ids=keep)
    for n in (2, 3):
        (m1, t1), (m2, t2) = sub_before.ngrams[n], sub_after.ngrams[n]
        assert list(t1) == list(t2)
        assert (m1 != m2).nnz == 0
    pd.testing.assert_frame_equal(sub_before.shingles, sub_after.shingles)
    # the plain definition: every paragraph's shingles by the spec
    first = sub_before.texts.iloc[0]
    paras = [p for p in fr.tokenize_paragraphs(first) if p]
    expected = [tuple(fr.shingles(p)) for p in paras if len(p) >= 5]
    got = sub_before.shingles.loc[sub_before.shingles["doc_id"] == keep[0], "shingles"].tolist()
    assert got == expected
