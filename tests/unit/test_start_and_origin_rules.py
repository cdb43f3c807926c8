"""Rules of where the data start (statistician D): too few subjects at the first observed time,
and whether time 0 lies outside the observed times."""

from __future__ import annotations

import pytest

from reportgen.analysis.selection import few_at_start
from reportgen.narrative.model_rules import few_at_start_words, origin_note


@pytest.mark.parametrize(
    ("at_start", "subjects", "few"),
    [
        (3, 20, True),  # Dialyzer: 3 of 20 subjects at pressure 0.235
        (4, 4, True),  # fewer than 5, however many there are
        (9, 20, True),  # fewer than half
        (10, 20, False),
        (18, 18, False),  # sleepstudy: every subject at day 0
        (5, 6, False),
    ],
)
def test_few_at_start(at_start: int, subjects: int, few: bool) -> None:
    assert few_at_start(at_start, subjects) is few


def test_few_at_start_words_flip() -> None:
    few = few_at_start_words(few_at_start(3, 20), "subjects", "pressure 0.235")
    assert few == (
        "subjects were measured at pressure 0.235, the first observed time: too few values at that time "
        "to compare the measured start, so the report does not compare it"
    )
    assert few_at_start_words(few_at_start(18, 18), "subjects", "day 0") == ""


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (-1.0, 1.0055, ""),  # Oxboys' centred age: 0 is inside
        (0.0, 9.0, ""),  # sleepstudy: 0 is the first day
        (-3.0, 0.0, ""),
        (0.235, 3.03, ", outside the observed times"),  # Dialyzer's pressure
        (-5.0, -1.0, ", outside the observed times"),
    ],
)
def test_origin_note(low: float, high: float, words: str) -> None:
    assert origin_note(low, high) == words


def test_singular_line_words_flip() -> None:
    """Dialyzer: the spline's straight line is singular, the spline's own fit is not."""
    from reportgen.narrative.model_rules import singular_line_words

    assert "is a singular fit" in singular_line_words(line_singular=True, curve_singular=False)
    assert singular_line_words(line_singular=False, curve_singular=False) == ""
    assert singular_line_words(line_singular=True, curve_singular=True) == ""  # the curve's says so
