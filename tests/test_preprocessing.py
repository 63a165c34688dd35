"""preprocessing_steps: the table of notebook 00, checked by hand on a tiny corpus."""

import pandas as pd
import pytest

import framing as fr
from framing.errors import InputError


@pytest.fixture
def tiny():
    texts = ["Talks in Geneva, 17 February", "The talks were useful", "the Geneva talks"]
    return fr.Corpus.from_texts(texts, pd.DataFrame({"language": ["en"] * 3}))


def test_default_steps_counted_by_hand(tiny):
    table = fr.preprocessing_steps(tiny, n_top=3)
    assert table["step"].tolist() == list(fr.preprocessing.DEFAULT_STEPS)
    # tokens: Talks in Geneva 17 February | The talks were useful | the Geneva talks = 12
    # distinct as written: Talks in Geneva 17 February The talks were useful the = 10
    # lower case merges Talks/talks and The/the: 8; numbers: -17 (8 -> 7 terms, 12 -> 11 tokens)
    # stop words (in, the, were): talks geneva february useful = 4 terms, 7 tokens
    # stem: talk geneva februari use = 4; min_df=2: talk (3 documents) and geneva (2) = 2 terms, 5 tokens
    assert table["terms_used"].tolist() == [10, 8, 7, 4, 4, 2]
    assert table["tokens"].tolist() == [12, 12, 11, 7, 7, 5]
    assert table["token_share"].round(4).tolist() == [1.0, 1.0, round(11 / 12, 4), round(7 / 12, 4), round(7 / 12, 4), round(5 / 12, 4)]
    assert table.loc[3, "top_terms"] == "talks, geneva, february"
    assert table.loc[5, "top_terms"] == "talk, geneva"


def test_own_steps_and_bad_steps(tiny):
    table = fr.preprocessing_steps(tiny, {"iso list": {"lowercase": True, "stop_words": sorted(fr.stop_words("en", source="iso"))}})
    assert table["step"].tolist() == ["iso list"] and table.loc[0, "token_share"] == 1.0
    with pytest.raises(InputError, match="non-empty mapping"):
        fr.preprocessing_steps(tiny, {})
    with pytest.raises(InputError, match="the options of step 'x' must be a mapping"):
        fr.preprocessing_steps(tiny, {"x": ["lowercase"]})
