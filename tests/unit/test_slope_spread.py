"""Own slopes are "similar" only when they nearly coincide (issue 21, Soybean: "similar, from 0.28
to 0.42", a range of 40% of the average slope)."""

from __future__ import annotations

import pytest

from reportgen.narrative.slope_spread import slope_spread_words


@pytest.mark.parametrize(
    ("value_range", "slope", "words"),
    [
        (0.42 - 0.28, 0.35, "vary moderately"),  # Soybean's ten plots
        (15.30 - 9.29, 16.16, "vary moderately"),  # Dialyzer's ten subjects
        (0.05, 0.35, "are similar"),  # within a seventh of the slope
        (0.05, -0.35, "are similar"),  # falling slopes: the size counts
        (0.2, 0.35, "vary noticeably"),
        (0.5, 0.35, "vary widely"),
    ],
)
def test_similar_needs_a_range_small_against_the_slope(value_range: float, slope: float, words: str) -> None:
    assert slope_spread_words(value_range, slope) == words
