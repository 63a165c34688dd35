import argparse
import sys

import pytest

from framing import cli


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("framing ")


def test_corpus_info_default(capsys):
    assert cli.main(["corpus", "info"]) == 0
    out = capsys.readouterr().out
    for line in [
        "corpus:     peace-talks-2026",
        "documents:  602",
        "sites:      398",
        "sources:    313",
        "languages:  29: en 184, ru 82, uk 53",
        "events:     6: geneva-1 308",
        "tokens:     121,892",
        "paragraphs: 3,848",
        "dates:      2026-01-22 to 2026-03-19; 230 undated",
        "checksums:  verified",
    ]:
        assert line in out, line


def test_corpus_info_path(tiny_corpus, tmp_path, capsys):
    out = tiny_corpus.to_features(tmp_path / "tiny")
    assert cli.main(["corpus", "info", str(out)]) == 0
    text = capsys.readouterr().out
    assert "documents:  5" in text and "languages:  3: en 3, de 1, ru 1" in text


def test_format_corpus_info_text_corpus(tiny_corpus):
    text = cli.format_corpus_info(tiny_corpus)
    assert "checksums:  none (built from text)" in text
    assert "dates:      2026-02-17 to 2026-02-19; 1 undated" in text


def test_corpus_list(capsys):
    assert cli.main(["corpus", "list"]) == 0
    assert "peace-talks-2026" in capsys.readouterr().out.split()


def test_kit_error_exit_code_2_without_traceback(capsys):
    assert cli.main(["corpus", "info", "no-such-corpus"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error: no bundled corpus named 'no-such-corpus'; bundled corpora: peace-talks-2026")
    assert "Traceback" not in err


def test_no_command_prints_help(capsys):
    assert cli.main([]) == 2
    assert "usage: framing" in capsys.readouterr().err


def test_reproduce_is_wired(monkeypatch):
    seen = {}

    def fake_main(args):
        seen["args"] = args
        return 0

    monkeypatch.setattr(cli.reproduce, "main", fake_main)
    assert cli.main(["reproduce", "--check", "--notebooks", "nb", "--only", "03", "--jobs", "1"]) == 0
    args = seen["args"]
    assert isinstance(args, argparse.Namespace)
    assert (args.check, args.notebooks, args.figures, args.only, args.jobs) == (True, "nb", "figures", "03", 1)


def test_reproduce_bad_jobs_is_an_error(tmp_path, capsys):
    (tmp_path / "00-x.ipynb").write_text("{}", encoding="utf-8")
    assert cli.main(["reproduce", "--notebooks", str(tmp_path), "--figures", str(tmp_path / "f"), "--jobs", "0"]) == 2
    assert "reproduce(): jobs must be an int >= 1 or None, got 0" in capsys.readouterr().err
