"""MinHash + LSH Ensemble candidates: the same pairs and clusters as the exact method."""

from __future__ import annotations

import pandas as pd
import pytest

import framing as fr
from framing.reuse import minhash_pairs


def test_same_clusters_as_exact_on_bundled_corpus(bundled):
    exact = fr.containment_pairs(bundled)
    approx = minhash_pairs(bundled)
    # every pair returned is an exact pair with the exact numbers
    pd.testing.assert_frame_equal(approx, exact)
    assert approx.attrs["candidates"] < len(bundled) * (len(bundled) - 1) // 2 // 50
    pd.testing.assert_frame_equal(fr.reuse_clusters(bundled, pairs=approx), fr.reuse_clusters(bundled))


def test_contained_short_copy_found():
    story = "\n".join(
        [
            "Delegates met in Geneva on Tuesday for a second day of talks on the exchange of prisoners.",
            "The envoy said the meeting was useful and that the working groups would continue on Friday.",
            "Officials from three delegations described the mood as cautious but better than in January.",
            "A spokesperson declined to say whether energy infrastructure was on the agenda this round.",
        ]
    )
    short = story.split("\n")[1]
    c = fr.Corpus.from_texts([story, short, "Rain is due in the north tomorrow, with wind from the east."],
                             pd.DataFrame({"doc_id": ["long", "short", "other"]}))  # fmt: skip
    p = minhash_pairs(c)
    assert p[["doc_a", "doc_b", "containment_b_in_a"]].values.tolist() == [["long", "short", 1.0]]


def test_parameters_checked(bundled):
    with pytest.raises(fr.InputError, match="minhash_pairs\(\): num_perm must be an int >= 16, got 4"):
        minhash_pairs(bundled, num_perm=4)
    with pytest.raises(fr.InputError, match=r"slack must be a number in \(0, 1\], got 0"):
        minhash_pairs(bundled, slack=0)
