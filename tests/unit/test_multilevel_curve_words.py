"""The levels section says whether its model fits the report's curve (issue 24): flip the fitted
shape and the words flip."""

from __future__ import annotations

from reportgen.narrative.multilevel import straight_line_words


def test_a_model_that_fits_the_curve_says_so() -> None:
    words = straight_line_words("spline3", "Dose", fitted="spline3")
    assert words.startswith("This model fits the report's curved trend in dose at every level")
    assert "straight line" not in words


def test_a_straight_model_under_a_curve_says_it_is_a_line() -> None:
    words = straight_line_words("spline3", "Dose", fitted="linear")
    assert words.startswith("The report's trend in dose is curved; this model is a straight line")


def test_a_straight_report_says_nothing() -> None:
    assert straight_line_words("linear", "Dose", fitted="linear") == ""
