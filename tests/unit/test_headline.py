"""analysis.headline: the headline's rate comes from a fit the report stands behind (issue 21,
sixth read: Dialyzer's headline took 16.16 from a singular straight line). Flip the input, the
source flips."""

from __future__ import annotations

import math

import pytest

from reportgen.analysis.headline import LINE_OPPOSES, SINGULAR_LINE, average_rate, line_fault, rate_source
from reportgen.analysis.regression import Coefficient
from reportgen.mail.compose import average_rate_words
from reportgen.narrative.model_rules import narrow_interval_note
from reportgen.narrative.shape import curve_slope_note, slope_lead, slope_use_note


@pytest.mark.parametrize(
    ("line_singular", "curve_singular", "opposes", "fault"),
    [
        (True, False, False, SINGULAR_LINE),  # Dialyzer
        (False, False, False, ""),  # flip: the line is regular
        (True, True, False, ""),  # flip: the curve is no better
        (True, False, True, LINE_OPPOSES),  # the other sign says more than the singular fit
    ],
)
def test_line_fault(line_singular: bool, curve_singular: bool, opposes: bool, fault: str) -> None:
    assert line_fault(line_singular, curve_singular, opposes) == fault


def test_rate_source() -> None:
    # final read: every curved trend's headline rate is the curve's own, whatever its line's fit
    assert rate_source(True) == "curve"
    assert rate_source(False) == "line"  # a straight trend: the chosen model is the line


def test_average_rate_is_the_change_over_the_range() -> None:
    # Dialyzer's curve: change 48.52 (SE 2.59) from pressure 0.235 to 3.03.
    change = Coefficient(48.516, 2.5856, 18.76, 2.6e-14, 43.129, 53.904, 20.35)
    rate = average_rate(change, 0.235, 3.03)
    assert rate.estimate == pytest.approx(17.358, abs=1e-3)
    assert rate.se == pytest.approx(0.92508, abs=1e-4)
    assert (rate.stat, rate.p, rate.df) == (change.stat, change.p, change.df)
    assert rate.ci_low == pytest.approx(15.431, abs=1e-3) and rate.ci_high == pytest.approx(19.286, abs=1e-3)
    falling = average_rate(Coefficient(-6.0, 1.0, -6.0, 1e-3, -8.0, -4.0, math.inf), 0.0, 3.0)
    assert falling.estimate == -2.0 and falling.ci_low == pytest.approx(-8.0 / 3)


def test_the_words_follow_the_source() -> None:
    assert "curve's average rate" in slope_lead("spline4", "curve")
    assert "straight line's average slope" in slope_lead("spline4", "line")
    singular = slope_use_note("spline4", "curve", SINGULAR_LINE)
    assert "singular fit" in singular and "rate the report's" in singular
    assert "singular" not in slope_use_note("spline4", "curve")
    assert "singular" not in slope_use_note("spline4", "line")
    assert slope_use_note("linear") == "this is the slope the report's summaries use"
    assert "headline rate is the curve's own change" in curve_slope_note("spline4", "pressures", "curve")
    assert "the headline slope" in curve_slope_note("spline4", "pressures", "line")
    assert "curve's average rate" in average_rate_words("curve")
    assert "straight line's average" in average_rate_words("line")


def test_q5_points_at_the_curve_when_the_line_is_singular() -> None:
    curve = narrow_interval_note("random_slope", "subject", curve=True)
    line = narrow_interval_note("random_slope", "subject")
    assert "from the curve the model stands on" in curve and "read the slope's interval" not in curve
    assert "read the slope's interval from the model the data support" in line
