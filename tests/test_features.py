"""The derived-feature format reader (framing/_features.py): checks that name the file at fault."""

import pytest

from framing.corpus._features import FEATURE_FILES, read_features, sha256_file, verify_checksums
from framing.errors import CorpusFormatError

# the folder below has no SHA256SUMS (its files are edited to test the consistency checks)
pytestmark = pytest.mark.filterwarnings("ignore:.*no SHA256SUMS file:UserWarning")


@pytest.fixture
def folder(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "tiny")
    (out / "SHA256SUMS").unlink()  # edits below are checked for consistency, not checksums
    return out


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_read_features_parts(folder, tiny_corpus):
    parts = read_features(folder)
    assert parts["checksum"] is None
    assert list(parts["documents"].index) == list(tiny_corpus.doc_ids)
    assert parts["counts"].shape == tiny_corpus.counts.shape
    assert list(parts["vocabulary"]) == list(tiny_corpus.vocabulary)
    assert set(FEATURE_FILES) <= {p.name for p in folder.iterdir()}


def test_checksums(tiny_corpus, tmp_path):
    out = tiny_corpus.to_features(tmp_path / "sums")
    assert verify_checksums(out) == sha256_file(out / "SHA256SUMS")
    _edit(out / "SHA256SUMS", "  counts.tsv", "  nothing.tsv")
    with pytest.raises(CorpusFormatError, match=r"nothing\.tsv: listed in SHA256SUMS but missing"):
        verify_checksums(out)
    (out / "SHA256SUMS").write_text("not-a-valid-line\n", encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"SHA256SUMS, line 1: expected '<sha256>  <file>'"):
        verify_checksums(out)


def test_bad_integer_names_line(folder):
    lines = (folder / "counts.tsv").read_text(encoding="utf-8").split("\n")
    fields = lines[3].split("\t")
    lines[3] = "\t".join(fields[:3] + ["three"])
    (folder / "counts.tsv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"counts\.tsv, line 4: column 'count' must be a non-negative integer, got 'three'"):
        read_features(folder)


def test_missing_column(folder):
    _edit(folder / "paragraphs.tsv", "n_tokens", "tokens")
    with pytest.raises(CorpusFormatError, match=r"paragraphs\.tsv: missing column\(s\) \['n_tokens'\]"):
        read_features(folder)


def test_unknown_doc_id(folder):
    _edit(folder / "counts.tsv", "\nen-2\t", "\nen-9\t")
    with pytest.raises(CorpusFormatError, match=r"counts\.tsv, line \d+: doc_id 'en-9' is not in documents\.csv"):
        read_features(folder)


def test_duplicate_doc_id(folder):
    _edit(folder / "documents.csv", "\nen-2,", "\nen-1,")
    with pytest.raises(CorpusFormatError, match=r"documents\.csv: duplicate doc_id 'en-1'"):
        read_features(folder)


def test_document_token_total(folder):
    lines = (folder / "documents.csv").read_text(encoding="utf-8").split("\n")
    head, *rest = lines[1].rsplit(",", 1)
    lines[1] = f"{head},{int(rest[0]) + 1}"
    (folder / "documents.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=r"documents\.csv: document 'en-1' says n_tokens=\d+ but its paragraphs hold"):
        read_features(folder)


def test_not_utf8(folder):
    (folder / "shingles.tsv").write_bytes(b"doc_id\tpara\tblake2b64_5gram_shingles\nen-1\t0\t\xff\n")
    with pytest.raises(CorpusFormatError, match=r"shingles\.tsv: not valid UTF-8"):
        read_features(folder)
