""" "As the lines say" only when the lines' test at the start grades the evidence alike (statistician
N, session 7, Orthodont: lines p = 0.104, "no evidence", then measured p = 0.075, "weak evidence ...
as the lines say")."""

from __future__ import annotations

from reportgen.narrative.model_rules import measured_start_verdict


def test_orthodont_measured_values_and_lines_disagree() -> None:
    said = measured_start_verdict(0.075, False, "Sex", "lines", 0.104)
    assert said.startswith("weak evidence that the measured values differ with Sex at the start")
    assert said.endswith("where the lines' test above gives no evidence") and "as the lines say" not in said


def test_alike_grades_still_agree_with_the_lines() -> None:
    assert measured_start_verdict(0.3, False, "Sex", "lines", 0.104).endswith(", as the lines say")
    assert measured_start_verdict(0.02, False, "Sex", "curves", 0.03).endswith(", as the curves say")
