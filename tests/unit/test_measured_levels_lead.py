"""The below-zero caveat opens as the case is (final read, Soybean study: "A fitted level or its 95%
interval below zero ..." opened a caveat on a level of 0.13, whose interval alone reaches below
zero, in a summary that had just dropped the intervals)."""

from __future__ import annotations

from reportgen.analysis.measured_levels import MeasuredAt
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.shape import CurveSummary
from reportgen.narrative.brief import INTERVALS_LEFT_OUT, in_brief
from reportgen.narrative.measured_levels import (
    INTERVAL_BELOW_LEAD,
    LEVEL_BELOW_LEAD,
    below_zero_lead,
    level_caveats,
)
from reportgen.narrative.rules import diagnostic_verdict
from reportgen.narrative.sentence import Sentence, num


def _level(estimate: float, low: float, high: float) -> Coefficient:
    return Coefficient(estimate=estimate, se=0.2, stat=0.0, p=0.5, ci_low=low, ci_high=high, df=100.0)


def _caveat(first: Coefficient) -> Sentence:
    middle, last = _level(6.35, 5.78, 6.92), _level(17.9, 17.0, 18.8)
    measured = (MeasuredAt(0.091, 0.038, 32), None, None)
    curve = CurveSummary("spline5", (14.0, 49.0, 84.0), (first, middle, last), middle, measured=measured)
    return level_caveats(curve, 0.029, "weight", "time")[0]


def test_the_lead_says_whether_the_level_or_only_its_interval_is_below_zero() -> None:
    assert below_zero_lead(-0.042) == LEVEL_BELOW_LEAD
    assert below_zero_lead(0.13) == INTERVAL_BELOW_LEAD
    assert str(_caveat(_level(-0.042, -0.44, 0.36))[0]).startswith(LEVEL_BELOW_LEAD + ", where")
    assert str(_caveat(_level(0.13, -0.27, 0.53))[0]).startswith(INTERVAL_BELOW_LEAD + ", where")


CURVE = ("The model's average weight rises: a change of ", num("trend", "curve", "change", "estimate"), ".")


def _brief(first: Coefficient, intervals_wrong: bool) -> list[Sentence]:
    verdict = diagnostic_verdict(["a spread that grows"], "the fitted curve", intervals_wrong=intervals_wrong)
    return in_brief({"g_trend": [CURVE, _caveat(first)], "g_diagnostics": [(verdict,)]})


def _opens(brief: list[Sentence], lead: str) -> bool:
    return any(sentence and str(sentence[0]).startswith(lead) for sentence in brief)


def test_a_summary_without_intervals_drops_the_caveat_about_an_interval() -> None:
    interval_only = _level(0.13, -0.27, 0.53)
    dropped = _brief(interval_only, intervals_wrong=True)
    assert dropped[-1] == INTERVALS_LEFT_OUT and not _opens(dropped, INTERVAL_BELOW_LEAD)
    assert _opens(_brief(interval_only, intervals_wrong=False), INTERVAL_BELOW_LEAD)  # intervals shown
    assert _opens(_brief(_level(-0.042, -0.44, 0.36), intervals_wrong=True), LEVEL_BELOW_LEAD)
