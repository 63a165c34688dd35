"""Shared fixtures: tiny corpora written for the tests, a seeded generator, figure cleanup."""

from __future__ import annotations

import sys

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
