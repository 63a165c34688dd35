"""Bad-input catalogue (issue #10), area 2: the derived-feature format (export, load, checksums).

An export of any corpus that can be built loads back equal: documents
(metadata with dtypes and missing values), counts, shared n-grams and
shingles. Tampering with the files or their checksums is caught.
"""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus._checksums import sha256_file, verify_checksums, write_checksums
from framing.corpus._export import shared_ngram_mask, _site_codes
from framing.errors import CorpusFormatError, InputError


def assert_loads_back_equal(corpus, back):
    """``back`` (loaded from an export) holds exactly ``corpus``'s features."""
    pd.testing.assert_frame_equal(back.documents, corpus.documents, check_exact=True)
    for col in corpus.documents.columns:  # None, NaN, NaT and pd.NA stay what they were
        a, b = corpus.documents[col].astype(object).tolist(), back.documents[col].astype(object).tolist()
        assert [type(v) for v in a] == [type(v) for v in b], col
    pd.testing.assert_frame_equal(back.paragraphs, corpus.paragraphs)
    for level in ("document", "paragraph"):
        x, y = corpus.dtm(level), back.dtm(level)
        assert list(x.terms) == list(y.terms) and (x.matrix != y.matrix).nnz == 0
    sites = _site_codes(corpus.documents)
    for n, (m, terms) in corpus.ngrams.items():
        keep = shared_ngram_mask(m, sites)
        if not keep.any():
            assert n not in back.ngrams or back.ngrams[n][0].nnz == 0
            continue
        bm, bt = back.ngrams[n]
        order = np.argsort(np.asarray(terms[keep], dtype=str), kind="stable")
        assert list(bt) == list(np.asarray(terms[keep])[order])
        assert (m[:, keep][:, order] != bm).nnz == 0
    pd.testing.assert_frame_equal(back.shingles, corpus.shingles)


TYPED = pd.DataFrame(
    {
        "doc_id": ["a", "b", "c"],
        "outlet": ["Wire", None, ""],
        "note": pd.array(["line\rbreak", None, 'tab\there, "quoted", nul\x00 and \u2028'], dtype=object),
        "rank": [1, 2, 3],
        "score": [0.1, np.nan, -0.0],
        "flag": [True, False, True],
        "date": pd.to_datetime(["2026-02-17", None, "2026-02-19 10:30"], format="ISO8601"),
        "stamp": pd.to_datetime(["2026-02-17 10:00:00.123456789", None, "2026-02-18"], format="ISO8601").tz_localize("Europe/Kyiv"),
        "bloc": pd.Categorical(["west", None, "east"], categories=["east", "west"], ordered=True),
        "count": pd.array([1, None, 3], dtype="Int64"),
        "mixed": pd.array([1, "1", None], dtype=object),
        "label": pd.array(["x", pd.NA, "z"], dtype="string"),
    }
)
TEXTS = ["Peace talks resume in Geneva today.", "Talks in Geneva end.\nNo deal.", "Peace talks resume in Geneva, again."]


def test_E1_types_and_missing_values_round_trip(tmp_path):
    c = fr.Corpus.from_texts(TEXTS, TYPED.copy())
    back = fr.load_corpus(c.to_features(tmp_path / "typed"))
    assert_loads_back_equal(c, back)
    assert back.documents["rank"].dtype == np.int64 and back.documents.loc["b", "outlet"] is not None


def test_E1_tiny_and_bundled_corpora_round_trip(tiny_corpus, bundled, tmp_path):
    assert_loads_back_equal(tiny_corpus, fr.load_corpus(tiny_corpus.to_features(tmp_path / "tiny")))
    assert_loads_back_equal(bundled, fr.load_corpus(bundled.to_features(tmp_path / "bundled")))


def test_E1_a_subset_and_a_reader_corpus_round_trip(tmp_path):
    (tmp_path / "n.csv").write_text("doc_id,lang,text\na,en,Talks resumed.\nb,,Talks ended.\n", encoding="utf-8")
    c = fr.read_csv(tmp_path / "n.csv")
    assert_loads_back_equal(c, fr.load_corpus(c.to_features(tmp_path / "r")))
    sub = fr.Corpus.from_texts(TEXTS, TYPED.copy()).subset(doc_ids=["a", "c"])
    assert_loads_back_equal(sub, fr.load_corpus(sub.to_features(tmp_path / "s")))


def test_E1_metadata_order_is_kept(tmp_path):
    c = fr.Corpus.from_texts(["One."], pd.DataFrame({"zeta": ["z"], "date": ["2026-01-01"], "language": ["en"]}))
    back = fr.load_corpus(c.to_features(tmp_path / "o"))
    assert list(back.documents.columns) == ["zeta", "date", "language", "n_paragraphs", "n_tokens"]


def test_E1_values_the_format_cannot_hold_are_refused(tiny_corpus, tmp_path):
    docs = tiny_corpus.documents.copy()
    docs["when"] = pd.Series([pd.Timestamp("2026-01-01")] * len(docs), index=docs.index, dtype=object)
    c = fr.Corpus(docs, tiny_corpus.paragraphs, tiny_corpus.counts, tiny_corpus.vocabulary)
    with pytest.raises(InputError, match=r"column 'when', document 'en-1' holds a Timestamp"):
        c.to_features(tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_E2_a_lone_carriage_return_round_trips(tmp_path):
    c = fr.Corpus.from_texts(["One."], pd.DataFrame({"t": ["a\rb"]}))
    back = fr.load_corpus(c.to_features(tmp_path / "cr"))
    assert back.documents["t"].tolist() == ["a\rb"]


def test_E3_a_failed_export_leaves_the_old_folder_whole(tiny_corpus, tmp_path, monkeypatch):
    out = tiny_corpus.to_features(tmp_path / "out")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = fr.Corpus.from_texts(["Something else entirely."])
    import framing.corpus._export as export

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export, "_write_tsv", boom)
    with pytest.raises(OSError, match="disk full"):
        other.to_features(out, overwrite=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left behind


def test_E4_overwrite_is_refused_by_default_and_replaces_whole(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "out")
    with pytest.raises(InputError, match=r"out is not empty; choose a new folder or pass overwrite=True"):
        tiny_corpus.to_features(out)
    (out / "stale.tsv").write_text("left over", encoding="utf-8")
    small = fr.Corpus.from_texts(["Only one text."])
    assert small.to_features(out, overwrite=True) == out
    assert not (out / "stale.tsv").exists() and len(fr.load_corpus(out)) == 1


def test_E4_overwrite_never_replaces_a_folder_that_is_not_a_corpus(tiny_corpus, tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.docx").write_bytes(b"precious")
    with pytest.raises(InputError, match=r"thesis is not a corpus folder \(no documents\.csv\); not replacing it"):
        tiny_corpus.to_features(mine, overwrite=True)
    assert (mine / "chapter1.docx").read_bytes() == b"precious"


def test_E5_ids_with_tabs_are_refused_on_export(tiny_corpus, tmp_path):
    docs = tiny_corpus.documents.rename(index={"en-1": "en\t1"})
    paras = tiny_corpus.paragraphs.replace({"doc_id": {"en-1": "en\t1"}})
    c = fr.Corpus(docs, paras, tiny_corpus.counts, tiny_corpus.vocabulary)
    with pytest.raises(InputError, match=r"doc_id 'en\\t1' holds a tab or line break"):
        c.to_features(tmp_path / "tab")


def test_E6_a_damaged_schema_names_the_file(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "s")
    (out / "schema.json").write_text("{not json", encoding="utf-8")
    write_checksums(out)
    with pytest.raises(CorpusFormatError, match=r"schema\.json: not a valid JSON schema"):
        fr.load_corpus(out)


def test_E6_a_cell_that_does_not_parse_names_line_and_column(tmp_path):
    c = fr.Corpus.from_texts(["One.", "Two."], pd.DataFrame({"rank": [1, 2]}))
    out = c.to_features(tmp_path / "p")
    text = (out / "documents.csv").read_text(encoding="utf-8").replace("doc-0002,2,", "doc-0002,two,")
    (out / "documents.csv").write_text(text, encoding="utf-8")
    write_checksums(out)
    with pytest.raises(CorpusFormatError, match=r"documents\.csv: line 3, column 'rank': 'two' is not a valid int value"):
        fr.load_corpus(out)


# --------------------------------------------------------------- checksums
@pytest.fixture
def exported(tiny_corpus, tmp_path):
    return tiny_corpus.to_features(tmp_path / "tiny")


def _edit(path):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Daily Example", "Daily Exampel", 1), encoding="utf-8")


def test_C1_a_deleted_SHA256SUMS_is_a_warning_for_a_users_folder(exported):
    (exported / "SHA256SUMS").unlink()
    with pytest.warns(UserWarning, match=r"no SHA256SUMS file, so the corpus files cannot be checked"):
        c = fr.load_corpus(exported)
    assert c.checksum is None


def test_C1_a_deleted_SHA256SUMS_is_an_error_for_a_bundled_corpus(tmp_path, monkeypatch):
    root = tmp_path / "corpora"
    shutil.copytree(Path(fr._paths.corpora_dir()) / "peace-talks-2026", root / "peace-talks-2026")
    (root / "peace-talks-2026" / "SHA256SUMS").unlink()
    monkeypatch.setattr(fr._paths, "corpora_dir", lambda: root)
    with pytest.raises(CorpusFormatError, match=r"peace-talks-2026: no SHA256SUMS file.*reinstall framing"):
        fr.load_corpus("peace-talks-2026")


def test_C2_a_deleted_line_does_not_let_an_edited_file_through(exported):
    sums = exported / "SHA256SUMS"
    sums.write_text("".join(ln for ln in sums.read_text(encoding="utf-8").splitlines(True) if "documents.csv" not in ln), encoding="utf-8")
    _edit(exported / "documents.csv")
    with pytest.raises(CorpusFormatError, match=r"documents\.csv: not listed in SHA256SUMS"):
        fr.load_corpus(exported)


def test_C2_an_added_data_file_must_be_listed(exported):
    (exported / "extra.tsv").write_text("x\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"extra\.tsv: not listed in SHA256SUMS"):
        fr.load_corpus(exported)


def test_C2_documentation_and_hidden_files_need_not_be_listed(exported):
    (exported / "NOTES.md").write_text("my notes\n", encoding="utf-8")
    (exported / ".DS_Store").write_bytes(b"\x00")
    assert len(fr.load_corpus(exported)) == 5


def test_C2_an_edited_file_is_caught(exported):
    _edit(exported / "documents.csv")
    with pytest.raises(CorpusFormatError, match=r"documents\.csv: damaged \(its SHA-256 checksum does not match SHA256SUMS, line \d\)"):
        fr.load_corpus(exported)


@pytest.mark.parametrize("name", ["/etc/hostname", "../secret.tsv", "sub/counts.tsv", "..", "C:\\x.tsv", "a\x1bb.tsv"])
def test_C3_entries_must_be_plain_names_in_the_folder(exported, name, monkeypatch):
    opened = []
    import framing.corpus._checksums as checksums

    monkeypatch.setattr(checksums, "sha256_file", lambda p: opened.append(Path(p).name) or sha256_file(p))
    with open(exported / "SHA256SUMS", "a", encoding="utf-8") as f:
        f.write(f"{'0' * 64}  {name}\n")
    with pytest.raises(CorpusFormatError, match=r"SHA256SUMS, line \d: .* is not a plain file name in the corpus folder"):
        fr.load_corpus(exported)
    assert Path(name).name not in opened or Path(name).name == "counts.tsv"


def test_C3_a_listed_symbolic_link_is_refused(exported, tmp_path):
    target = tmp_path / "elsewhere.tsv"
    shutil.move(exported / "shingles.tsv", target)
    (exported / "shingles.tsv").symlink_to(target)
    with pytest.raises(CorpusFormatError, match=r"shingles\.tsv: listed in SHA256SUMS but a symbolic link"):
        fr.load_corpus(exported)


def test_C3_malformed_and_repeated_lines(exported):
    sums = exported / "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines(True)
    sums.write_text("".join(lines) + lines[0], encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"SHA256SUMS, line \d+: 'documents\.csv' is listed twice \(first on line 1\)"):
        verify_checksums(exported)
    sums.write_text("abc  documents.csv\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"SHA256SUMS, line 1: expected '<sha256>  <file>'"):
        verify_checksums(exported)


def test_C4_corpus_files_are_never_converted_by_git():
    root = Path(__file__).resolve().parents[1]
    rules = (root / ".gitattributes").read_text(encoding="utf-8").split("\n")
    assert "corpora/** -text" in rules


def test_C4_crlf_conversion_is_caught_and_named(exported):
    p = exported / "paragraphs.tsv"
    p.write_bytes(p.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(CorpusFormatError, match=r"paragraphs\.tsv: damaged"):
        fr.load_corpus(exported)


def test_C5_every_file_written_is_listed(exported):
    listed = [ln.split("  ", 1)[1] for ln in (exported / "SHA256SUMS").read_text(encoding="utf-8").splitlines()]
    assert sorted(listed) == ["counts.tsv", "documents.csv", "ngrams.tsv", "paragraphs.tsv", "schema.json", "shingles.tsv"]
    assert verify_checksums(exported) == sha256_file(exported / "SHA256SUMS")


# ------------------------------------------------- random corpora round trip
_ODD = ["", " ", "a,b", 'say "hi"', "line\nbreak", "cr\ronly", "tab\there", "nul\x00", "\u2028sep", "é ü ж 中", "=1+1", "NaN", "None", "''"]


def _random_metadata(rng, n):
    cols = {}
    for j in range(int(rng.integers(1, 7))):
        kind = rng.choice(["str", "object", "int", "float", "bool", "date", "category", "Int64", "mixed"])
        name = f"c{j}_{kind}"
        miss = rng.random(n) < 0.3
        if kind in ("str", "object"):
            vals = [None if m else str(rng.choice(_ODD)) + str(rng.integers(100)) for m in miss]
            cols[name] = pd.array(vals, dtype=object) if kind == "object" else pd.array(vals, dtype="str")
        elif kind == "int":
            cols[name] = rng.integers(-(2**62), 2**62, n)
        elif kind == "float":
            cols[name] = np.where(miss, np.nan, rng.normal(size=n) * 10.0 ** rng.integers(-300, 300, n))
        elif kind == "bool":
            cols[name] = rng.random(n) < 0.5
        elif kind == "date":
            cols[name] = pd.to_datetime(np.where(miss, None, pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 10**15, n), unit="ns")))
        elif kind == "category":
            cols[name] = pd.Categorical(np.where(miss, None, rng.choice(["x", "y", "z, w"], n)), categories=["z, w", "y", "x"])
        elif kind == "Int64":
            cols[name] = pd.array([None if m else int(v) for m, v in zip(miss, rng.integers(0, 9, n))], dtype="Int64")
        else:
            pool = [1, "1", True, 2.5, None, "x\ny", np.nan]
            cols[name] = pd.array([pool[i] for i in rng.integers(0, len(pool), n)], dtype=object)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("seed", range(12))
def test_E7_random_corpora_load_back_equal(tmp_path, seed):
    rng = np.random.default_rng(seed)
    words = ["peace", "talks", "Geneva", "envoy", "deal", "Kyiv", "ceasefire", "round", "2026", "said"]
    n = int(rng.integers(1, 9))
    texts = ["\n".join(" ".join(rng.choice(words, int(rng.integers(1, 9)))) for _ in range(int(rng.integers(1, 4)))) for _ in range(n)]
    meta = _random_metadata(rng, n)
    meta.insert(0, "doc_id", [f"d{i}-{rng.choice(['é', 'x', ' y'])}" for i in range(n)])
    c = fr.Corpus.from_texts(texts, meta)
    assert_loads_back_equal(c, fr.load_corpus(c.to_features(tmp_path / "r")))
