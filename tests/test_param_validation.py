"""Declared parameter checks (framing._validation): constraints, the one message format, ignored parameters."""

import numbers

import numpy as np
import pytest

import framing as fr
from framing._validation import Interval, Options, check_param, validate_params, warn_ignored
from framing.errors import InputError


def test_interval_bounds_and_types():
    closed = Interval(numbers.Integral, 1, 3)
    assert closed.is_satisfied_by(1) and closed.is_satisfied_by(3) and not closed.is_satisfied_by(4)
    assert not closed.is_satisfied_by(2.0) and not closed.is_satisfied_by(True)
    open_ = Interval(numbers.Real, 0, 1, closed="neither")
    assert open_.is_satisfied_by(0.5) and not open_.is_satisfied_by(0) and not open_.is_satisfied_by(float("nan"))
    assert str(open_) == "a number in (0, 1)" and str(Interval(numbers.Integral, 1, None)) == "an int >= 1"


def test_one_message_format():
    with pytest.raises(InputError, match=r"^f\(\): method must be one of 'a', 'b', got 'c'$"):
        check_param("f()", "method", "c", [Options(("a", "b"))])
    with pytest.raises(InputError, match=r"^f\(\): seed must be an int, a numpy Generator or None, got 1.5$"):
        check_param("f()", "seed", 1.5, ["seed"])
    check_param("f()", "seed", np.random.default_rng(0), ["seed"])
    with pytest.raises(InputError, match=r"n_boot must be 0 \(no bootstrap\) or an integer of at least 50, got 5"):
        check_param("f()", "n_boot", 5, ["n_boot"])
    check_param("f()", "n_boot", 0, ["n_boot"])


def test_decorator_checks_keyword_and_positional():
    @validate_params({"n": [Interval(numbers.Integral, 1, None)], "how": [Options(("x",)), None]})
    def f(n=1, how=None):
        return n

    assert f(2) == 2 and f(n=3, how="x") == 3
    with pytest.raises(InputError, match=r"f\(\): n must be an int >= 1, got 0"):
        f(0)
    with pytest.raises(InputError, match=r"how must be one of 'x' or None, got 'y'"):
        f(how="y")
    with pytest.raises(ValueError, match="has no parameter"):
        validate_params({"nope": [None]})(f)


def test_public_functions_use_the_format():
    corpus = fr.load_corpus()
    with pytest.raises(InputError, match=r"keyness\(\): alpha must be a number in \(0, 1\), got 2"):
        fr.keyness(corpus, "ownership", alpha=2)
    with pytest.raises(InputError, match=r"compare_tone\(\): n_boot must be 0 \(no bootstrap\)"):
        fr.compare_tone(corpus, "ownership", n_boot=3)
    with pytest.raises(InputError, match=r"naming_shares\(\): seed must be"):
        fr.naming_shares(corpus, "city_name", "ownership", seed="x")


def test_warn_ignored():
    with pytest.warns(UserWarning, match=r"f\(\): level='paragraph' ignored because it is fixed"):
        warn_ignored("f()", {"level": "paragraph"}, "it is fixed", stacklevel=2)
