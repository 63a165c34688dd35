"""Shared fixtures: tiny corpora written for the tests, a seeded generator, figure cleanup,
and a headless Chromium for the browser tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing as fr

# Sentences written for these tests (no third-party text).
TINY_TEXTS = [
    "Peace talks resume in Geneva\nThe delegations met on Tuesday and agreed to meet again next week.\n"
    "Officials said the talks were difficult but useful.",
    "Talks in Geneva end without a deal\nThe envoy said the talks were difficult.\n"
    "A second round of talks is planned for March 2026.",
    "Переговоры в Женеве завершились\nДелегации встретились во вторник и договорились встретиться снова.",
    "Die Gespräche in Genf gehen weiter\nDie Delegationen trafen sich am Dienstag.",
    "Geneva talks: the envoy's team left early\nThe talks were difficult, the envoy said on Tuesday.",
]
TINY_META = pd.DataFrame(
    {
        "doc_id": ["en-1", "en-2", "ru-1", "de-1", "en-3"],
        "language": ["en", "en", "ru", "de", "en"],
        "source": ["Daily Example", "Wire Service", "Example News", "Beispiel Zeitung", "Wire Service"],
        "site": ["example.org", "wire.example", "example.ru", "beispiel.de", "relay.example"],
        "ownership": ["private", "public", "state", "private", "private"],
        "date": ["2026-02-17", "2026-02-18", "2026-02-18", "", "2026-02-19"],
    }
)


@pytest.fixture
def tiny_texts() -> list[str]:
    return list(TINY_TEXTS)


@pytest.fixture
def tiny_meta() -> pd.DataFrame:
    return TINY_META.copy()


@pytest.fixture
def tiny_corpus() -> fr.Corpus:
    return fr.Corpus.from_texts(TINY_TEXTS, TINY_META.copy(), name="tiny")


@pytest.fixture(scope="session")
def bundled() -> fr.Corpus:
    """The bundled corpus, loaded once per test session (do not modify it)."""
    return fr.load_corpus("peace-talks-2026")


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close("all")


#: Debian's Chromium (``apt-get install chromium``; ``.ci/run`` installs it). Playwright drives
#: this executable; it never downloads a browser of its own (no ``playwright install``).
CHROMIUM = Path(os.environ.get("FRAMING_CHROMIUM", "/usr/bin/chromium"))
#: Flags for a headless Chromium run as root, offline and quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


def in_ci() -> bool:
    """Whether the tests run in CI (``CI`` set to true/1/yes), where nothing may be skipped for want of a tool."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip a test for a missing tool, or fail it in CI (where ``.ci/run`` must have installed the tool)."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set, so this is a failure: .ci/run must install it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_browser():
    """A headless Chromium launched through Playwright's sync API, shared by every browser test of the session.

    Yields a ``playwright.sync_api.Browser``; open pages with ``chromium_browser.new_page()`` and close
    them in the test. Skips (with the reason) when Chromium or Playwright is missing, except in CI.
    """
    if not CHROMIUM.is_file():
        skip_or_fail(f"no Chromium at {CHROMIUM}: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed: pip install '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
