"""Tests for framing.reproduce: run notebooks, write figures + manifest, check them.

Each test notebook is written here with nbformat and kept tiny (one figure),
since every run starts a real kernel.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook  # noqa: E402

import framing  # noqa: E402
from framing import reproduce as rp  # noqa: E402
from framing.errors import InputError  # noqa: E402

FIGURE_CELL = """\
import matplotlib.pyplot as plt
import pandas as pd
from framing import style

table = pd.DataFrame({"day": [1, 2, 3], "documents": [4, 1, 3]})
with style.paper_style():
    fig, ax = plt.subplots(figsize=style.figure_size("single", 0.5))
    ax.bar(table["day"], table["documents"])
style.save_figure(fig, "01-tiny", data=table)
"""


def _write(folder, name, cells):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells), folder / name)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Notebooks folder with one figure notebook, reproduced once into figures/."""
    root = tmp_path_factory.mktemp("repro")
    notebooks = root / "notebooks"
    _write(notebooks, "01-tiny.ipynb", [new_markdown_cell("# Tiny"), new_code_cell(FIGURE_CELL)])
    (notebooks / "notes.ipynb").write_text("not a numbered notebook: ignored")
    figures = root / "figures"
    figures.mkdir()
    # a stale figure listed by an old manifest is removed; an unlisted file is kept
    (figures / "00-gone.png").write_bytes(b"old")
    (figures / "README.txt").write_text("kept")
    pd.DataFrame([["00-gone", "00-old.ipynb", "x", "0"]], columns=rp.MANIFEST_COLUMNS).to_csv(
        figures / rp.MANIFEST, index=False
    )
    timings = rp.reproduce(notebooks, figures, progress=False, timeout=120)
    return notebooks, figures, timings


def test_reproduce_writes_figures_and_manifest(built):
    notebooks, figures, timings = built
    assert sorted(p.name for p in figures.iterdir()) == [
        "01-tiny.csv",
        "01-tiny.pdf",
        "01-tiny.png",
        "01-tiny.svg",
        "MANIFEST.csv",
        "README.txt",
    ]
    manifest = pd.read_csv(figures / rp.MANIFEST, dtype=str)
    assert list(manifest.columns) == ["figure", "notebook", "corpus_checksum", "framing_version"]
    assert manifest.values.tolist() == [
        ["01-tiny", "01-tiny.ipynb", framing.load_corpus().checksum, framing.__version__]
    ]
    assert list(timings.columns) == ["notebook", "code_cells", "seconds", "figures"]
    assert timings[["notebook", "code_cells", "figures"]].values.tolist() == [["01-tiny.ipynb", 1, "01-tiny"]]
    assert (figures / "01-tiny.csv").read_text() == "day,documents\n1,4\n2,1\n3,3\n"
    assert not list(figures.parent.glob(".framing-build-*"))  # scratch folder removed
    assert not list(figures.glob(".framing-build-*"))


def test_check_names_what_differs_is_missing_and_extra(built, tmp_path):
    notebooks, figures, _ = built
    committed = tmp_path / "committed"
    shutil.copytree(figures, committed)
    (committed / "README.txt").unlink()
    (committed / "01-tiny.csv").write_text("day,documents\n1,4\n")  # differs
    (committed / "01-tiny.svg").unlink()  # missing
    (committed / "99-old.pdf").write_bytes(b"%PDF")  # extra
    problems, timings = rp.check(notebooks, committed, progress=False, timeout=120)
    # PDF, PNG and the manifest of a rebuild match the first build exactly / within tolerance
    assert problems.values.tolist() == [
        ["01-tiny.svg", "missing", "made by the notebooks but not in the committed figures"],
        ["99-old.pdf", "extra", "in the committed figures but no notebook makes it"],
        ["01-tiny.csv", "differs", "number of rows differs: 1 became 3"],
    ]
    assert timings["notebook"].tolist() == ["01-tiny.ipynb"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_failing_cell_names_notebook_and_cell(tmp_path, capsys, jobs):
    notebooks = tmp_path / "notebooks"
    cells = [new_code_cell("x = 1"), new_markdown_cell("text"), new_code_cell("y = x / 0"), new_code_cell("z = 2")]
    _write(notebooks, "02-broken.ipynb", cells)
    # jobs=1: the next notebook's kernel is launched meanwhile and must be shut down;
    # jobs=2: the next notebook runs at once, but a failure leaves figures/ untouched either way
    _write(notebooks, "03-never.ipynb", [new_code_cell(FIGURE_CELL.replace("01-tiny", "03-never"))])
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "keep.txt").write_text("untouched")
    with pytest.raises(rp.NotebookError, match=r"02-broken.ipynb: cell 3 \(code cell 2\) failed with ZeroDivisionError") as info:
        rp.reproduce(notebooks, figures, progress=False, timeout=120, jobs=jobs)
    assert (info.value.notebook, info.value.cell, info.value.ename) == ("02-broken.ipynb", 3, "ZeroDivisionError")
    assert "y = x / 0" in str(info.value)
    assert sorted(p.name for p in figures.iterdir()) == ["keep.txt"]


def test_main_exit_codes_for_bad_options(tmp_path, capsys):
    assert rp.main(["--notebooks", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    (tmp_path / "nb").mkdir()
    assert rp.main(["--notebooks", str(tmp_path / "nb"), "--figures", str(tmp_path / "f")]) == 2
    assert "no numbered notebook" in capsys.readouterr().err


def test_find_notebooks_order_and_only(tmp_path):
    for name in ["02-b.ipynb", "00-a.ipynb", "10-c.ipynb", "x.ipynb", "3-d.ipynb"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in rp.find_notebooks(tmp_path)] == ["00-a.ipynb", "02-b.ipynb", "10-c.ipynb"]
    assert [p.name for p in rp.find_notebooks(tmp_path, only="02")] == ["02-b.ipynb"]
    assert [p.name for p in rp.find_notebooks(tmp_path, only=["00-a", "10"])] == ["00-a.ipynb", "10-c.ipynb"]
    with pytest.raises(InputError, match=r"only: '07' matches no notebook; available: \['00-a', '02-b', '10-c'\]"):
        rp.find_notebooks(tmp_path, only="07")


def test_rebuild_that_shows_the_same_rewrites_nothing(built):
    # The main command on figures that already match leaves `git status` clean:
    # no file is rewritten, not even the manifest.
    notebooks, figures, _ = built
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in figures.iterdir()}
    timings = rp.reproduce(notebooks, figures, progress=False, timeout=120)
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in figures.iterdir()}
    assert after == before
    assert (timings.attrs["changed"], timings.attrs["unchanged"], timings.attrs["removed"]) == ([], ["01-tiny"], [])


# --- the swap, with the notebooks' run replaced by a stand-in (no kernel) -----------------------


def _fake_run(monkeypatch, made: dict[str, dict[str, bytes]]):
    """Replace running the notebooks by writing ``made`` (figure -> {ext: bytes}) as the first notebook's."""

    def fake_execute(notebooks, envs, kernel_dirs, timeout, jobs, bar):
        build = Path(envs[0][rp._FIGURES_DIR_ENV])
        for name, files in made.items():
            for ext, data in files.items():
                (build / f"{name}.{ext}").write_bytes(data)
        Path(envs[0][rp._FIGURES_LOG_ENV]).write_text("".join(f"{n}\n" for n in made))
        return [(1, 0.0) for _ in notebooks]

    monkeypatch.setattr(rp, "_execute", fake_execute)


def _folder(path):
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


OLD = {"01-kept": {"csv": b"x\n1\n"}, "01-changed": {"csv": b"x\n1\n"}, "01-gone": {"csv": b"x\n0\n", "png": b"p"}}
NEW = {"01-kept": {"csv": b"x\n1.0\n"}, "01-changed": {"csv": b"x\n2\n"}, "01-added": {"csv": b"x\n3\n"}}


@pytest.fixture
def swap_case(tmp_path, monkeypatch):
    """A figures folder holding OLD (one notebook) and notebooks that now make NEW; returns (notebooks, figures)."""
    notebooks = tmp_path / "notebooks"
    _write(notebooks, "01-a.ipynb", [new_code_cell("pass")])
    figures = tmp_path / "figures"
    _fake_run(monkeypatch, OLD)
    rp.reproduce(notebooks, figures, progress=False)
    (figures / "notes.txt").write_text("not a figure: never touched")
    _fake_run(monkeypatch, NEW)
    return notebooks, figures


def _new_set(figures_before):
    expected = {k: v for k, v in figures_before.items() if not k.startswith("01-gone")}
    expected.update({"01-changed.csv": b"x\n2\n", "01-added.csv": b"x\n3\n"})
    return expected


def test_swap_replaces_changed_removes_stale_and_keeps_equal_files(swap_case):
    notebooks, figures = swap_case
    before = _folder(figures)
    timings = rp.reproduce(notebooks, figures, progress=False)
    after = _folder(figures)
    assert after.pop(rp.MANIFEST) != before[rp.MANIFEST]
    expected = _new_set(before)
    expected.pop(rp.MANIFEST)
    assert after == expected
    assert after["01-kept.csv"] == b"x\n1\n"  # 1 and 1.0 are the same value: the file is left as it was
    assert (timings.attrs["changed"], timings.attrs["unchanged"], timings.attrs["removed"]) == (
        ["01-changed", "01-added"],
        ["01-kept"],
        ["01-gone"],
    )
    assert [p.name for p in figures.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("at", range(5))  # the swap moves 5 files: 2 new, 2 stale aside, the manifest
def test_interrupt_at_any_point_of_the_swap_leaves_the_old_set(swap_case, monkeypatch, at):
    # A KeyboardInterrupt (or any error) raised by the k-th file move puts every file back.
    notebooks, figures = swap_case
    before = _folder(figures)
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == at + 1:
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(rp.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        rp.reproduce(notebooks, figures, progress=False)
    monkeypatch.setattr(rp.os, "replace", real_replace)
    assert _folder(figures) == before
    assert [p.name for p in figures.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("at", [0, 2, 4])
def test_sigint_during_the_swap_is_held_until_the_new_set_is_complete(swap_case, monkeypatch, at):
    notebooks, figures = swap_case
    before = _folder(figures)
    calls = []
    real_replace = os.replace

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == at + 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C arrives in the middle of the swap
        return real_replace(src, dst)

    monkeypatch.setattr(rp.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        rp.reproduce(notebooks, figures, progress=False)
    after = _folder(figures)
    after.pop(rp.MANIFEST)
    expected = _new_set(before)
    expected.pop(rp.MANIFEST)
    assert after == expected
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_error_during_the_swap_restores_the_folder_and_names_the_file(swap_case, monkeypatch, capsys):
    notebooks, figures = swap_case
    before = _folder(figures)
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == "01-added.csv":
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(rp.os, "replace", replace)
    assert rp.main(["--notebooks", str(notebooks), "--figures", str(figures)]) == 1
    err = capsys.readouterr().err
    assert "could not write" in err and "01-added.csv" in err and "left as it was" in err
    assert _folder(figures) == before


@pytest.mark.parametrize(
    "bad_name", ["../victim", "/ABS/victim", "sub/victim", "..", ".hidden", "a\\b", ""]
)
def test_tampered_manifest_is_refused_before_anything_runs(tmp_path, monkeypatch, capsys, bad_name):
    notebooks = tmp_path / "notebooks"
    _write(notebooks, "01-a.ipynb", [new_code_cell("pass")])
    figures = tmp_path / "figures"
    figures.mkdir()
    victim = tmp_path / "victim.csv"
    victim.write_text("precious")
    name = bad_name.replace("/ABS", str(tmp_path))
    manifest = f"figure,notebook,corpus_checksum,framing_version\n01-kept,01-a.ipynb,x,0\n{name},01-a.ipynb,x,0\n"
    (figures / rp.MANIFEST).write_text(manifest)
    (figures / "01-kept.csv").write_text("x\n1\n")
    ran = []
    monkeypatch.setattr(rp, "_execute", lambda *a: ran.append(1))
    assert rp.main(["--notebooks", str(notebooks), "--figures", str(figures)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"{figures / rp.MANIFEST} line 3: figure" in err and "not a usable figure name" in err
    assert ran == []
    assert victim.read_text() == "precious"
    assert _folder(figures) == {"01-kept.csv": b"x\n1\n", rp.MANIFEST: manifest.encode()}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("figure,notebook\n01-a,01-a.ipynb\n", "missing column(s) ['corpus_checksum', 'framing_version']"),
        ("", "not a readable CSV table"),
    ],
)
def test_damaged_manifest_is_refused(tmp_path, capsys, content, message):
    notebooks = tmp_path / "notebooks"
    _write(notebooks, "01-a.ipynb", [new_code_cell("pass")])
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / rp.MANIFEST).write_text(content)
    assert rp.main(["--notebooks", str(notebooks), "--figures", str(figures)]) == 2
    err = capsys.readouterr().err
    assert message in err and str(figures / rp.MANIFEST) in err and "git checkout" in err
    assert (figures / rp.MANIFEST).read_text() == content


def test_figures_path_that_is_a_file_gives_one_line_and_exit_2(tmp_path, capsys):
    # `framing reproduce --figures /etc/hostname` (here a file of our own), with and without --check
    from framing import cli

    notebooks = tmp_path / "notebooks"
    _write(notebooks, "01-a.ipynb", [new_code_cell("pass")])
    hostname = tmp_path / "hostname"
    hostname.write_text("machine\n")
    for extra in ([], ["--check"]):
        assert cli.main(["reproduce", "--notebooks", str(notebooks), "--figures", str(hostname), *extra]) == 2
        assert capsys.readouterr().err.strip().splitlines() == [
            f"framing reproduce: figures: {str(hostname)!r} is a file, not a folder; pass the folder of the figures "
            "(it is created if missing)"
        ]
    assert hostname.read_text() == "machine\n"


def test_notebooks_path_that_is_a_file_gives_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "01-a.ipynb"
    path.write_text("{}")
    assert rp.main(["--notebooks", str(path), "--figures", str(tmp_path / "figures")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"framing reproduce: notebooks_dir: {str(path)!r} is not a folder; pass the folder of the NN-*.ipynb notebooks"
    ]
    assert not (tmp_path / "figures").exists()


def test_read_only_figures_folder_is_refused_and_left_intact(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    _write(notebooks, "01-a.ipynb", [new_code_cell("pass")])
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "01-a.csv").write_text("x\n1\n")
    ran = []
    monkeypatch.setattr(rp, "_execute", lambda *a: ran.append(1))
    figures.chmod(0o555)
    try:
        assert rp.main(["--notebooks", str(notebooks), "--figures", str(figures)]) == 2
    finally:
        figures.chmod(0o755)
    err = capsys.readouterr().err.strip()
    assert err == (
        f"framing reproduce: figures: the folder {str(figures)!r} is read-only; "
        "make it writable (chmod u+w) or pass another --figures"
    )
    assert ran == []
    assert _folder(figures) == {"01-a.csv": b"x\n1\n"}


def test_sigint_while_a_notebook_runs_leaves_the_committed_figures(built, tmp_path):
    # A real Ctrl-C (SIGINT to the process) while a notebook runs: nothing in figures/ changes.
    notebooks, figures, _ = built
    committed = tmp_path / "figures"
    shutil.copytree(figures, committed)
    (committed / "01-tiny.csv").write_text("day,documents\n1,9\n")  # the rebuild would change it
    before = _folder(committed)
    slow = tmp_path / "notebooks"
    _write(slow, "01-tiny.ipynb", [new_code_cell(FIGURE_CELL), new_code_cell("import time; time.sleep(60)")])
    proc = subprocess.Popen(
        [sys.executable, "-m", "framing.cli", "reproduce", "--notebooks", str(slow), "--figures", str(committed), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(committed.glob(".framing-build-*/figures/01-tiny.png")):
        time.sleep(0.2)  # wait until the notebook has saved its figure into the build folder
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert _folder(committed) == before
    assert not list(committed.glob(".framing-build-*"))
