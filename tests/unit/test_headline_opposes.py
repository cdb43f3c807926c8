"""One rate, the curve's, when a straight line's slope opposes the curve the report stands on
(reportgen.analysis.headline, eighth read, Ovary: the summaries used the line's +2.28 per unit,
p = 0.103, as "the average rate over the observed times" while the curve falls by -5.23, 95% CI
-9.15 to -1.32)."""

from __future__ import annotations

from reportgen.analysis.headline import LINE_OPPOSES, SINGULAR_LINE, line_fault, line_opposes_curve
from reportgen.analysis.regression import Coefficient
from reportgen.narrative.shape import curve_slope_note, slope_use_note


def _change(estimate: float, low: float, high: float) -> Coefficient:
    return Coefficient(estimate=estimate, se=2.0, stat=-2.6, p=0.013, ci_low=low, ci_high=high, df=13.6)


OVARY = _change(-5.23, -9.15, -1.32)


def test_a_line_of_the_other_sign_than_a_clear_change_of_the_curve_opposes_it() -> None:
    assert line_opposes_curve(2.28, OVARY)
    assert not line_opposes_curve(-2.28, OVARY)  # the same sign
    assert not line_opposes_curve(2.28, _change(-1.0, -4.9, 2.9))  # the curve's change is not clear


def test_a_line_that_opposes_the_curve_is_named_so() -> None:
    assert line_fault(False, False, opposes=True) == LINE_OPPOSES
    assert line_fault(False, False, opposes=False) == ""
    assert line_fault(True, False, opposes=False) == SINGULAR_LINE  # the singular line, as before


def test_the_words_say_why_the_line_gives_no_rate() -> None:
    opposed = slope_use_note("spline3", "curve", LINE_OPPOSES)
    assert "slope of the other sign" in opposed and "singular" not in opposed
    assert "singular fit" in slope_use_note("spline3", "curve", SINGULAR_LINE)
    assert "other sign than its change" in curve_slope_note("spline3", "times", "curve", opposes=True)
    assert "are average rates" in curve_slope_note("spline3", "times", "line")
