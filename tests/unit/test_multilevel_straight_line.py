"""The levels section's model is a straight line in time: said when the report stands on a curve."""

from __future__ import annotations

from reportgen.narrative.multilevel import straight_line_words


def test_the_levels_section_says_its_line_is_not_the_reports_curve() -> None:
    assert straight_line_words("linear", "Month") == ""
    words = straight_line_words("quadratic", "Month")
    assert words.startswith("The report's trend in month is curved; this model is a straight line")
    assert "average rates over the observed months" in words
