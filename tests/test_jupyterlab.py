"""JupyterLab end to end, in a real browser (headless Chromium driven by Playwright).

The test starts JupyterLab on a free port of 127.0.0.1 with a token of its own,
opens a copy of ``notebooks/00-tour.ipynb`` in Chromium (the ``chromium_browser``
fixture of ``conftest.py``), runs all cells from the Run menu and waits for the
rendered figures in the page. The copy lives in a temporary folder, and the
kernel writes its figures there (``FRAMING_FIGURES_DIR``), so neither the
committed notebook nor ``figures/`` changes.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "notebooks" / "00-tour.ipynb"


def test_chromium_browser_renders_a_page(chromium_browser):
    page = chromium_browser.new_page()
    try:
        page.set_content("<svg width='20' height='10'><rect width='20' height='10'/></svg><p>framing</p>")
        assert page.inner_text("p") == "framing"
        assert page.locator("svg rect").count() == 1
    finally:
        page.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"JupyterLab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer at {url} within {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on a free local port serving a copy of the tour: (base url, token, folder)."""
    folder = tmp_path / "lab" / "notebooks"
    folder.mkdir(parents=True)
    shutil.copy(TOUR, folder / TOUR.name)
    home = tmp_path / "home"
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # as a user's JupyterLab: inline backend
    env.update(
        FRAMING_FIGURES_DIR=str(tmp_path / "figures"),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
        f"--ServerApp.root_dir={folder}", f"--IdentityProvider.token={token}", "--ServerApp.port_retries=0",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly", "--allow-root",
    ]  # fmt: skip
    log = tmp_path / "jupyterlab.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token, folder
    finally:
        try:  # shut down the server and its kernels through the API, then make sure
            request = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST", data=b"")
            urllib.request.urlopen(request, timeout=10).close()
            proc.wait(timeout=30)
        except Exception:  # noqa: BLE001 - fall back to terminating the process we started
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _figure_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" and "save_figure(" in "".join(c["source"]) for c in nb["cells"])


def test_tour_notebook_shows_its_figures_in_jupyterlab_in_chromium(chromium_browser, jupyterlab, tmp_path):
    base, token, folder = jupyterlab
    expected = _figure_cells(TOUR)
    assert expected >= 2
    page = chromium_browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(120_000)
    try:
        page.goto(f"{base}/lab/tree/{TOUR.name}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        # the kernel must be up before "Run All Cells" (the status bar names it and says Idle)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-StatusBar-TextItem, .jp-KernelStatus')]"
            ".some(e => /Idle/.test(e.textContent))",
            timeout=180_000,
        )
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        images = page.locator(".jp-OutputArea-output img")
        page.wait_for_function(
            "n => document.querySelectorAll('.jp-OutputArea-output img').length >= n"
            " && [...document.querySelectorAll('.jp-InputArea-prompt')].every(p => !p.textContent.includes('*'))",
            arg=expected,
            timeout=600_000,
        )
        page.screenshot(path=str(tmp_path / "jupyterlab.png"), full_page=False)
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        tracebacks = [t for t in errors.all_text_contents() if "Traceback" in t or "Error" in t.splitlines()[0:1]]
        assert tracebacks == [], tracebacks[:1]
        sizes = images.evaluate_all("imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight, i.src.slice(0, 15)])")
        assert len(sizes) >= expected
        assert all(w > 100 and h > 100 and src == "data:image/png;" for w, h, src in sizes), sizes
        assert sorted(p.name for p in (tmp_path / "figures").glob("*.png")) != []
    finally:
        page.close()
