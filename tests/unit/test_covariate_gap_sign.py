"""A gap whose sign changes is neither widening nor narrowing (issue 21, sixth read: Pixel's Side R
difference is -4.64 at day 0, -9.36 at the average day and +22.19 at day 21, as R's contest gives).
Flip the signs, the words flip."""

from __future__ import annotations

import math

import pytest

from reportgen.analysis.regression import Coefficient
from reportgen.narrative.covariate_effects import gap_change, middle_gap, sign_change_words


def _c(estimate: float, low: float, high: float) -> Coefficient:
    return Coefficient(estimate, 1.0, math.nan, 0.5, low, high)


# Pixel, Side R minus L (lmerTest contest on pixel ~ ns(day, 2) * Side + (day | Dog)).
FIRST, MIDDLE, LAST = _c(-4.64, -18.08, 8.81), _c(-9.36, -16.37, -2.36), _c(22.19, -0.32, 44.71)


def test_pixel_sign_change_is_not_a_widening_gap() -> None:
    word = gap_change(FIRST.estimate, LAST.estimate, 0.025, first_clear=False, last_clear=False)
    assert word == "changes sign"
    assert gap_change(-FIRST.estimate, -LAST.estimate, 0.025, False, False) == "changes sign"
    assert gap_change(4.64, 22.19, 0.025, False, False) == "widens"  # same sign: it widens
    assert gap_change(-4.64, 22.19, 0.30, False, False) == "steady"  # no evidence of change
    assert gap_change(-4.64, 22.19, 0.025, True, True) == "reverses"  # both ends clear


def test_a_gap_that_appears_opens_rather_than_changing_sign() -> None:
    # Dialyzer QB (issue 21, seventh read): -0.011 (CI -0.040 to 0.019) at the lowest pressure,
    # 0.179 (0.134 to 0.224) at the highest: the gap opens, no sign change is shown.
    assert gap_change(-0.011, 0.179, 1e-4, first_clear=False, last_clear=True) == "opens"
    assert gap_change(0.179, -0.011, 1e-4, first_clear=True, last_clear=False) == "closes"


@pytest.mark.parametrize(
    ("first", "last", "said"),
    [
        (-4.64, 22.19, "from below 0 at the first to above 0 at the last"),
        (4.64, -22.19, "from above 0 at the first"),
    ],
)
def test_sign_change_words_follow_the_signs(first: float, last: float, said: str) -> None:
    words = sign_change_words(first, last)
    assert said in words
    assert "widen" in words and "does not simply" in words


def test_middle_only_gap_does_not_say_it_closes() -> None:
    said = middle_gap(FIRST, MIDDLE, LAST)
    assert "only in the middle" in said
    assert "closes" not in said and "intervals include 0" in said
    assert middle_gap(FIRST, _c(-1.0, -5.0, 3.0), LAST) == ""  # flip: the middle unclear, nothing said


def test_a_clear_reversal_in_the_middle_is_named() -> None:
    up, down = _c(5.0, 2.0, 8.0), _c(-6.0, -9.0, -3.0)
    assert "reverses in the middle" in middle_gap(up, down, up)
    assert "reverses" not in middle_gap(up, _c(9.0, 6.0, 12.0), up)  # flip: same sign throughout
