"""reportgen.narrative.gap_change: on a curve, local rates that differ do not by themselves move
the gap (statistician T, session 8, 7: Rabbit "their rates of change differ too, so the gap changes"
beside average rates 0.14 and 0.14 and a gap change of -0.92, p = 0.704)."""

from __future__ import annotations

from reportgen.narrative.gap_change import differing_rates_words, gap_change_p
from reportgen.narrative.model_rules import mean_time_verdict


def test_a_line_whose_slopes_differ_changes_its_gap() -> None:
    assert differing_rates_words(False, 0.704) == "their rates of change differ too, so the gap changes"


def test_a_curve_says_the_gap_changes_only_when_its_own_test_says_so() -> None:
    unclear = differing_rates_words(True, 0.704)
    assert "local rates of change differ" in unclear
    assert "no evidence that the gap changes" in unclear and "so the gap changes" not in unclear
    clear = differing_rates_words(True, 0.001)
    assert "so the gap changes" in clear and "no evidence" not in clear


def test_the_verdict_at_the_average_time_carries_the_gap_test() -> None:
    curves = mean_time_verdict(0.0001, 0.0001, "Treatment", "categorical", "curves", 0.704)
    assert "no evidence that the gap changes" in curves
    lines = mean_time_verdict(0.0001, 0.0001, "Treatment", "categorical", "lines", 0.704)
    assert lines.endswith("so the gap changes")


def test_the_smallest_p_of_the_levels_decides() -> None:
    assert gap_change_p({"R5": 0.704, "R9": 0.01}) == 0.01
    assert gap_change_p({}) is None
