"""The log scale's spread words say what was tested (issue 21, sixth read: Pixel's "the spread still
grows with the level" was backed only by a Brown-Forsythe test over time, p = 0.185)."""

from __future__ import annotations

from reportgen.analysis.spread import GROWS_WITH_LEVEL
from reportgen.narrative.spread import log_check_phrase


def test_growth_with_the_level_is_not_backed_by_a_quiet_test_over_time() -> None:
    quiet = log_check_phrase(GROWS_WITH_LEVEL, 0.185)
    assert "rises with the fitted level" in quiet and "no clear change over time" in quiet
    assert "the spread still grows with the level" not in quiet
    clear = log_check_phrase(GROWS_WITH_LEVEL, 0.001)  # flip: the test over time finds it too
    assert clear.startswith("the spread still grows with the level")
