"""build_corpus and the on-disk corpus: same counts and same statistics as the in-memory path."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.corpus import _store_build as build_mod

WORDS = (
    "talks ceasefire envoy Geneva Kyiv Moscow delegation prisoners exchange energy ports statement "
    "mediators round cautious officials said would follow difficult useful Tuesday the a of and in"
).split()


def make_records(n: int = 120, seed: int = 3) -> list[dict]:
    """Invented documents from a small word list (no third-party text), two outlets with different habits."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        side = "east" if i % 3 else "west"
        k = rng.integers(5, 40)
        words = list(rng.choice(WORDS, k))
        if side == "west":
            words += ["Kyiv"] * int(rng.integers(0, 3))
        else:
            words += ["kiev", "Kiev"][: int(rng.integers(0, 3))]
        cut = len(words) // 2
        text = " ".join(words[:cut]) + ".\n\n" + " ".join(words[cut:]) + "'s end, 10:30 U.S."
        out.append({"doc_id": f"n{i:03d}", "side": side, "text": text})
    return out


@pytest.fixture
def records():
    return make_records()


@pytest.fixture
def in_memory(records):
    meta = pd.DataFrame([{k: v for k, v in r.items() if k != "text"} for r in records])
    return fr.Corpus.from_texts([r["text"] for r in records], meta)


def build(records, path, **kw):
    kw.setdefault("progress", False)
    kw.setdefault("n_jobs", 1)
    return fr.build_corpus(iter(records), path, **kw)


def test_same_counts_as_from_texts(records, in_memory, tmp_path):
    store = build(records, tmp_path / "s", chunk_size=7)
    X, rows, terms = in_memory.dtm()
    assert list(store.vocabulary) == list(terms)
    assert (store.counts != X).nnz == 0
    assert store.documents.index.tolist() == rows["doc_id"].tolist()
    assert store.documents["n_tokens"].tolist() == in_memory.documents["n_tokens"].tolist()
    assert store.documents["n_paragraphs"].tolist() == in_memory.documents["n_paragraphs"].tolist()
    assert store.documents["side"].tolist() == in_memory.documents["side"].tolist()


def test_store_identical_for_any_chunk_size_and_n_jobs(records, tmp_path):
    a = build(records, tmp_path / "a", chunk_size=1000)
    b = build(records, tmp_path / "b", chunk_size=11, n_jobs=2)
    assert sums_without_name(a) == sums_without_name(b)


def sums_without_name(store):
    """SHA256SUMS lines except corpus.json's (it holds the folder name)."""
    return [line for line in (store.path / "SHA256SUMS").read_text().splitlines() if not line.endswith("corpus.json")]


@pytest.mark.parametrize("method,lowercase", [("log_odds", True), ("g2", False), ("pmi", True)])
def test_keyness_streamed_equals_in_memory(records, in_memory, tmp_path, method, lowercase):
    store = build(records, tmp_path / "s", chunk_size=9)
    kw = dict(method=method, lowercase=lowercase, n_boot=200, seed=5)
    expected = fr.keyness(in_memory, "side", **kw)
    got = fr.keyness(store, "side", **kw)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_keyness_streamed_in_small_blocks(records, in_memory, tmp_path):
    store = build(records, tmp_path / "s")
    original = store.row_blocks
    store.row_blocks = lambda rows=None, **kw: original(rows, block_nnz=50, **kw)  # many blocks, many passes
    expected = fr.keyness(in_memory, "side", target="west", n_boot=200, seed=1)
    pd.testing.assert_frame_equal(fr.keyness(store, "side", target="west", n_boot=200, seed=1), expected, check_exact=True)


def test_group_sums(records, in_memory, tmp_path):
    store = build(records, tmp_path / "s", chunk_size=13)
    sums = store.group_sums("side")
    X, rows, terms = in_memory.dtm()
    west = np.asarray(X[(rows["side"] == "west").to_numpy()].sum(axis=0)).ravel()
    assert sums.loc["west"].tolist() == west.tolist()
    assert sums.attrs["n_docs"] == {"east": 80, "west": 40}


def test_counts_are_memory_mapped(records, tmp_path):
    store = build(records, tmp_path / "s")
    reopened = fr.DiskCorpus(store.path)
    assert isinstance(np.load(store.path / "counts.indices.npy", mmap_mode="r"), np.memmap)
    assert (reopened.counts != store.counts).nnz == 0


def test_csv_jsonl_and_folder_inputs(records, tmp_path):
    pd.DataFrame(records).to_csv(tmp_path / "a.csv", index=False)
    with open(tmp_path / "b.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({**r, "doc_id": "j" + r["doc_id"]}) + "\n")
    folder = tmp_path / "txt"
    folder.mkdir()
    for r in records[:5]:
        (folder / f"{r['doc_id']}.txt").write_text(r["text"], encoding="utf-8")
    with pytest.warns(UserWarning, match="5 duplicate document id"):
        store = fr.build_corpus([tmp_path / "a.csv", tmp_path / "b.jsonl", folder], tmp_path / "s", n_jobs=1, progress=False, errors="skip")
    assert len(store) == 2 * len(records)  # the folder's 5 ids repeat the CSV's
    assert (store.report["reason"] == "duplicate document id").all()
    assert store.report["where"].iloc[0].endswith("n000.txt")
    assert store.report["record"].tolist() == list(range(2 * len(records) + 1, 2 * len(records) + 6))


def test_malformed_record_named_with_file_line_and_number(records, tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps(r) for r in records[:50]]
    lines[36] = '{"doc_id": "x", "text": "unterminated'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(fr.InputError, match=r"bad\.jsonl, line 37 \(record 37\): invalid JSON .*errors='skip'"):
        fr.build_corpus(path, tmp_path / "s", n_jobs=1, progress=False, chunk_size=10)
    assert not (tmp_path / "s").exists()
    with pytest.warns(UserWarning, match="skipped 1"):
        store = fr.build_corpus(path, tmp_path / "s", n_jobs=1, progress=False, chunk_size=10, errors="skip")
    assert len(store) == 49
    assert store.report[["record", "reason"]].values.tolist()[0][0] == 37


def test_empty_and_symbol_only_texts_are_reported(tmp_path):
    recs = [{"text": "Talks resumed."}, {"text": "   "}, {"text": "-- ..."}, {"text": "Talks ended."}]
    with pytest.warns(UserWarning, match="1 empty text; 1 no tokens"):
        store = fr.build_corpus(iter(recs), tmp_path / "s", n_jobs=1, progress=False)
    assert store.documents.index.tolist() == ["doc-0000001", "doc-0000004"]


def test_errors_option_checked(tmp_path):
    with pytest.raises(fr.InputError, match=r"build_corpus\(\): errors must be one of 'skip', 'raise', got 'ignore'"):
        fr.build_corpus(iter(["a"]), tmp_path / "s", errors="ignore")


def test_existing_output_needs_overwrite(records, tmp_path):
    build(records[:5], tmp_path / "s")
    with pytest.raises(fr.InputError, match="exists; choose another folder or pass overwrite=True"):
        build(records[:5], tmp_path / "s")
    assert len(build(records[:6], tmp_path / "s", overwrite=True)) == 6


def test_interrupted_build_leaves_nothing_and_resumes(records, tmp_path, monkeypatch):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    clean = fr.build_corpus(path, tmp_path / "clean", n_jobs=1, progress=False, chunk_size=10)
    calls = {"n": 0}
    original = build_mod._Writer.add

    def crash(self, *args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return original(self, *args)

    monkeypatch.setattr(build_mod._Writer, "add", crash)
    with pytest.raises(KeyboardInterrupt):
        fr.build_corpus(path, tmp_path / "s", n_jobs=1, progress=False, chunk_size=10)
    assert not (tmp_path / "s").exists()
    state = json.loads((tmp_path / ".s.partial" / "state.json").read_text())
    assert state["chunks"] == 4
    monkeypatch.setattr(build_mod._Writer, "add", original)
    resumed = fr.build_corpus(path, tmp_path / "s", n_jobs=1, progress=False, chunk_size=10)
    assert not (tmp_path / ".s.partial").exists()
    assert sums_without_name(resumed) == sums_without_name(clean)


def test_damaged_store_named(records, tmp_path):
    store = build(records, tmp_path / "s")
    with open(store.path / "counts.data.npy", "r+b") as fh:
        fh.seek(200)
        fh.write(b"\x07")
    with pytest.raises(fr.CorpusFormatError, match=r"counts\.data\.npy: damaged"):
        fr.DiskCorpus(store.path)


def test_level_and_ngrams_rejected_on_store(records, tmp_path):
    store = build(records, tmp_path / "s")
    with pytest.raises(fr.InputError, match="level='document'"):
        fr.keyness(store, "side", level="paragraph")
    with pytest.raises(fr.InputError, match="ngram_range"):
        fr.keyness(store, "side", ngram_range=(1, 2))


def test_cli_corpus_build(records, tmp_path, capsys):
    from framing.cli import main

    path = tmp_path / "in.jsonl"
    lines = [json.dumps(r) for r in records[:20]] + ["[1, 2]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["corpus", "build", str(path), "--out", str(tmp_path / "s"), "--jobs", "1", "--quiet"]) == 2
    assert "in.jsonl, line 21 (record 21): a JSON list, not an object" in capsys.readouterr().err
    assert main(["corpus", "build", str(path), "--out", str(tmp_path / "s"), "--jobs", "1", "--quiet", "--errors", "skip"]) == 0
    out = capsys.readouterr()
    assert "20 documents" in out.out and "skipped 1 record(s)" in out.out
    assert len(fr.DiskCorpus(tmp_path / "s")) == 20


def test_load_corpus_opens_a_store(records, tmp_path):
    build(records, tmp_path / "s")
    store = fr.load_corpus(tmp_path / "s")
    assert isinstance(store, fr.DiskCorpus) and len(store) == len(records)
    assert len(fr.load_corpus("peace-talks-2026")) == 602  # the bundled corpus as before


def test_cli_corpus_info_on_a_store(records, tmp_path, capsys):
    from framing.cli import main

    build(records, tmp_path / "s")
    assert main(["corpus", "info", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "documents:  120" in out and "checksums:  verified" in out
