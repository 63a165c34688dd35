"""Corpus.events (events.csv) and plots.mark_events."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import framing as fr
from framing import plots
from framing.corpus._checksums import write_checksums
from framing.errors import CorpusFormatError, InputError


def _events(**change):
    table = pd.DataFrame(
        {
            "event": ["r1", "r2", "other"],
            "label": ["R1", "R2", "other"],
            "first_day": ["2026-02-17", "2026-02-26", ""],
            "last_day": ["2026-02-18", "2026-02-26", ""],
            "place": ["Geneva", "Geneva, Palais", ""],
            "description": ['First "round"', "Second round", "no single round"],
        }
    )
    for col, values in change.items():
        table[col] = values
    return table


@pytest.fixture
def rounds_corpus(tiny_texts, tiny_meta):
    meta = tiny_meta.assign(event=["r1", "r1", "r2", "other", "r2"])
    return fr.Corpus.from_texts(tiny_texts, meta, name="rounds")


def test_bundled_corpus_has_its_rounds(bundled):
    ev = bundled.events
    assert ev["event"].tolist() == ["abu-dhabi-1", "abu-dhabi-2", "geneva-1", "geneva-bilateral", "later", "other"]
    assert ev.loc[2, "first_day"] == pd.Timestamp("2026-02-17") and ev.loc[2, "last_day"] == pd.Timestamp("2026-02-18")
    assert ev["first_day"].isna().sum() == 2  # 'later' and 'other' have no single span
    assert set(bundled.documents["event"]) <= set(ev["event"])
    assert bundled.subset(language="en").events.equals(ev)  # a subset keeps the table


def test_events_round_trip_through_the_feature_format(rounds_corpus, tmp_path):
    rounds_corpus.events = _events()
    back = fr.load_corpus(rounds_corpus.to_features(tmp_path / "out"))
    pd.testing.assert_frame_equal(back.events, rounds_corpus.events)
    assert "events.csv" in (tmp_path / "out" / "SHA256SUMS").read_text()
    # quoting: description always, other fields when they need it (RFC 4180)
    lines = (tmp_path / "out" / "events.csv").read_text().splitlines()
    assert lines[1] == 'r1,R1,2026-02-17,2026-02-18,Geneva,"First ""round"""'
    assert lines[2] == 'r2,R2,2026-02-26,2026-02-26,"Geneva, Palais","Second round"'


def test_a_corpus_without_events_writes_none(rounds_corpus, tmp_path):
    out = rounds_corpus.to_features(tmp_path / "out")
    assert rounds_corpus.events is None and not (out / "events.csv").exists()
    assert fr.load_corpus(out).events is None


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"event": ["r1", "r1", "other"]}, r"event 'r1' is described twice"),
        ({"event": ["r1", "", "other"]}, r"events, row 2: empty event key"),
        ({"first_day": ["17.02.2026", "2026-02-26", ""]}, r"events, row 1: first_day '17.02.2026' is not a date \(use YYYY-MM-DD\)"),
        ({"last_day": ["2026-02-16", "2026-02-26", ""]}, r"events, row 1: event 'r1' ends before it starts"),
        ({"last_day": ["2026-02-18", "", ""]}, r"events, row 2: event 'r2' has only one of first_day/last_day"),
        ({"event": ["r1", "r3", "other"]}, r"the documents use event\(s\) \['r2'\] that the events table does not describe"),
    ],
)
def test_bad_events_are_refused_with_the_row(rounds_corpus, change, match):
    with pytest.raises(InputError, match=match):
        rounds_corpus.events = _events(**change)


def test_missing_columns_are_named(rounds_corpus):
    with pytest.raises(InputError, match=r"missing column\(s\) \['label'\]"):
        rounds_corpus.events = _events().drop(columns="label")


def test_a_damaged_events_file_names_the_file(rounds_corpus, tmp_path):
    rounds_corpus.events = _events()
    out = rounds_corpus.to_features(tmp_path / "out")
    text = (out / "events.csv").read_text().replace("2026-02-18", "2026-13-40")
    (out / "events.csv").write_text(text)
    names = [line.split(maxsplit=1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()]
    write_checksums(out, names)  # a consistent folder whose events.csv is wrong
    with pytest.raises(CorpusFormatError, match=r"events\.csv, row 1: last_day '2026-13-40' is not a date"):
        fr.load_corpus(out)


def test_mark_events_shades_each_dated_event_and_labels_it():
    ev = fr.load_corpus("peace-talks-2026").events
    fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(["2026-01-20", "2026-03-01"]), [0, 5])
    plots.mark_events(ev, ax=ax)
    assert len(ax.patches) == 4
    assert [t.get_text().strip() for t in ax.texts] == ["AD1", "AD2", "G1", "GB"]
    with pytest.raises(InputError, match="no event has a first_day and last_day"):
        plots.mark_events(ev[ev["first_day"].isna()], ax=ax)
