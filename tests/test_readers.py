import json

import pandas as pd
import pytest

from framing.corpus._readers import looks_like_mojibake, read_csv, read_folder, read_jsonl
from framing.errors import InputError

GOOD_CSV = (
    "doc_id,language,source,text\n"
    'a,en,Wire,"Talks resumed in Geneva.\nThe envoy said little."\n'
    "b,en,Daily,The delegations met again.\n"
)


def _write(path, content, encoding="utf-8"):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding, newline="")
    return path


# ---------------------------------------------------------------- CSV
def test_read_csv(tmp_path):
    c = read_csv(_write(tmp_path / "news.csv", GOOD_CSV))
    assert list(c.doc_ids) == ["a", "b"]
    assert list(c.documents.columns[:2]) == ["language", "source"]
    assert c.documents.loc["a", "n_paragraphs"] == 2
    assert c.report.n_read == 2 and c.report.n_skipped == 0
    assert c.report.source.endswith("news.csv") and c.name == "news"
    assert c.texts["b"] == "The delegations met again."


def test_read_csv_bom_and_options(tmp_path):
    path = _write(tmp_path / "bom.csv", b"\xef\xbb\xbfid;body\n1;Talks went on.\n")
    c = read_csv(path, text_column="body", id_column="id", delimiter=";")
    assert list(c.doc_ids) == ["1"] and c.dtm().shape == (1, 3)


def test_read_csv_without_ids(tmp_path):
    c = read_csv(_write(tmp_path / "noid.csv", "text\nFirst text.\nSecond text.\n"))
    assert list(c.doc_ids) == ["doc-0001", "doc-0002"]


def test_read_csv_skips_are_reported(tmp_path):
    content = (
        "doc_id,language,text\n"
        "a,en,Talks resumed.\n"  # line 2
        "b,en,\n"  # line 3: empty text
        "a,en,Another text.\n"  # line 4: duplicate id
        ",en,No id here.\n"  # line 5: missing doc_id
        "c,en\n"  # line 6: short row
        "d,en,!!!\n"  # line 7: no tokens
    )
    with pytest.warns(UserWarning, match=r"read 1 document\(s\), skipped 5"):
        c = read_csv(_write(tmp_path / "messy.csv", content))
    skipped = c.report.skipped.set_index("where")
    assert skipped.loc["line 3", "reason"] == "empty text"
    assert skipped.loc["line 4", "reason"] == "duplicate id"
    assert skipped.loc["line 5", "reason"] == "missing doc_id"
    assert skipped.loc["line 6", "reason"] == "too few fields"
    assert skipped.loc["line 7", "reason"] == "no tokens (only punctuation or symbols)"
    assert c.report.reasons().sum() == 5


def test_read_csv_without_text_column(tmp_path):
    path = _write(tmp_path / "cols.csv", "doc_id,body\na,Talks.\n")
    with pytest.raises(InputError, match=r"cols\.csv: no text column 'text'; the columns found are \['doc_id', 'body'\]"):
        read_csv(path)


def test_read_csv_undecodable_bytes(tmp_path):
    # 'Переговоры' in cp1251 on line 3
    raw = "doc_id,text\na,Talks.\nb,".encode() + "Переговоры".encode("cp1251") + b"\n"
    path = _write(tmp_path / "cp1251.csv", raw)
    offset = len("doc_id,text\na,Talks.\nb,")  # 22: the first byte that is not UTF-8
    with pytest.raises(InputError, match=rf"cp1251\.csv: not valid UTF-8: undecodable bytes .* at byte {offset} \(line 3\); .*encoding='cp1251'"):
        read_csv(path)
    c = read_csv(path, encoding="cp1251")
    assert "Переговоры" in set(c.vocabulary)


def test_read_csv_warns_on_mojibake(tmp_path):
    text = "Переговоры".encode().decode("cp1252", errors="replace")
    content = f"doc_id,text\na,Talks.\nb,café au lait\nc,{'café'.encode().decode('latin-1')} crème\nd,{text}\n"
    with pytest.warns(UserWarning, match=r"2 text\(s\) look like mojibake .*line 4 \('Ã©'\); line 5"):
        read_csv(_write(tmp_path / "moji.csv", content))


def test_read_csv_bad_rows(tmp_path):
    with pytest.raises(InputError, match=r"wide\.csv, line 3: too many fields \(3, the header has 2\)"):
        read_csv(_write(tmp_path / "wide.csv", "doc_id,text\na,Fine.\nb,Too,many\n"), errors="raise")
    with pytest.raises(InputError, match="the file is empty"):
        read_csv(_write(tmp_path / "empty.csv", ""))
    with pytest.raises(InputError, match="no such file"):
        read_csv(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="no usable document"):
        read_csv(_write(tmp_path / "blank.csv", "doc_id,text\na,\n"), warn=False)


def test_looks_like_mojibake():
    assert looks_like_mojibake("cafÃ©") == "Ã©"
    assert looks_like_mojibake("it\u00e2\u20ac\u2122s") == "\u00e2\u20ac\u2122"  # ’ read as cp1252
    assert looks_like_mojibake("Ð¿ÐµÑ€ÐµÐ³Ð¾Ð²Ð¾Ñ€Ñ‹") is not None
    for clean in ("café crème", "Größe", "Переговоры", "São Paulo", "plain"):
        assert looks_like_mojibake(clean) is None


# ---------------------------------------------------------------- JSONL
def _jsonl(path, records, extra=""):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n" + extra, encoding="utf-8")
    return path


def test_read_jsonl(tmp_path):
    recs = [
        {"doc_id": "a", "text": "Talks resumed.", "source": "Wire"},
        {"doc_id": "b", "text": "Переговоры продолжились.", "language": "ru"},
    ]
    c = read_jsonl(_jsonl(tmp_path / "n.jsonl", recs))
    assert list(c.doc_ids) == ["a", "b"]
    assert list(c.documents.columns[:2]) == ["source", "language"]
    assert c.documents.loc["b", "language"] == "ru"


def test_read_jsonl_skips(tmp_path):
    recs = [{"doc_id": "a", "text": "Talks."}, {"doc_id": "b"}, {"doc_id": "a", "text": "Again."}, {"text": "  "}]
    with pytest.warns(UserWarning, match="skipped 3"):
        c = read_jsonl(_jsonl(tmp_path / "s.jsonl", recs))
    reasons = dict(zip(c.report.skipped["where"], c.report.skipped["reason"]))
    assert reasons == {"line 2": "missing text column", "line 3": "duplicate id", "line 4": "empty text"}


def test_read_jsonl_broken_line(tmp_path):
    path = _jsonl(tmp_path / "broken.jsonl", [{"doc_id": "a", "text": "Talks."}], '{"doc_id": "b", "text": "cut off\n')
    with pytest.raises(InputError, match=r"broken\.jsonl, line 2: not valid JSON"):
        read_jsonl(path, errors="raise")
    path = _jsonl(tmp_path / "list.jsonl", [{"text": "Fine."}], "[1, 2]\n")
    with pytest.raises(InputError, match=r"list\.jsonl, line 2: not a JSON object \(got list\)"):
        read_jsonl(path, errors="raise")


def test_read_jsonl_without_text_key(tmp_path):
    path = _jsonl(tmp_path / "keys.jsonl", [{"doc_id": "a", "body": "Talks."}])
    with pytest.raises(InputError, match=r"no record has a text column 'text'; the keys found are \['doc_id', 'body'\]"):
        read_jsonl(path)


def test_read_jsonl_undecodable(tmp_path):
    path = _write(tmp_path / "latin.jsonl", '{"text": "caf\xe9"}\n'.encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.jsonl: not valid UTF-8: .* at byte 13 \(line 1\)"):
        read_jsonl(path)


# ---------------------------------------------------------------- folder
def test_read_folder_with_metadata(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    _write(folder / "b.txt", "Talks resumed.\n\nThe envoy spoke.")
    _write(folder / "a.txt", "Переговоры продолжились.")
    _write(folder / "c.txt", "Переговоры".encode("cp1251"))
    _write(folder / "d.txt", "Talks without metadata.")
    _write(folder / "notes.md", "not read")
    meta = _write(tmp_path / "meta.csv", "file,language,source\na.txt,ru,Example\nb.txt,en,Wire\nz.txt,en,Gone\n")
    with pytest.warns(UserWarning) as record:
        c = read_folder(folder, metadata=meta)
    messages = " | ".join(str(w.message) for w in record)
    assert "1 file(s) have no row in the metadata table" in messages
    assert "skipped 1" in messages and "1 metadata row(s) match no file" in messages
    assert list(c.doc_ids) == ["a", "b", "d"]
    assert pd.isna(c.documents.loc["d", "language"])
    assert c.documents.loc["b", "language"] == "en" and c.documents.loc["a", "file"] == "a.txt"
    assert list(c.paragraphs.loc[c.paragraphs["doc_id"] == "b", "para"]) == [0, 1]
    reasons = dict(zip(c.report.skipped["where"], c.report.skipped["reason"]))
    assert reasons["c.txt"] == "undecodable bytes (not UTF-8)"
    assert c.report.unmatched.to_dict("records") == [{"where": "metadata row 3", "file": "z.txt", "reason": "file not found"}]


def test_read_folder_ids_from_metadata(tmp_path):
    _write(tmp_path / "one.txt", "Talks resumed.")
    meta = pd.DataFrame({"file": ["one.txt"], "doc_id": ["doc-x"], "language": ["en"]})
    c = read_folder(tmp_path, metadata=meta)
    assert list(c.doc_ids) == ["doc-x"]


def test_read_folder_errors(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        read_folder(tmp_path / "nope")
    with pytest.raises(InputError, match=r"no file matches pattern='\*\.txt'"):
        read_folder(tmp_path)
    _write(tmp_path / "one.txt", "Talks.")
    with pytest.raises(InputError, match=r"no column 'file' with the file names; the columns found are \['name'\]"):
        read_folder(tmp_path, metadata=pd.DataFrame({"name": ["one.txt"]}))
    _write(tmp_path / "bad.md", b"\xff\xfe")
    with pytest.raises(InputError, match="no usable document"):
        read_folder(tmp_path, pattern="*.md", warn=False)
