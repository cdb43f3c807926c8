"""The curve's level set against a measured mean like with like (eighth read, Ovary): the curve's
13.24 (95% CI 10.93 to 15.55) at time -0.1667 was said to miss "the follicles measured there
averages 10.00 (one value, n = 1)" -- one mare on one day, well within the spread of single values
(mare SD 3.0, residual SD 3.05)."""

from __future__ import annotations

from reportgen.analysis.measured_levels import MIN_VALUES, MeasuredAt, misses_measured
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.shape import CurveSummary
from reportgen.narrative.measured_levels import level_caveats


def _level(estimate: float, low: float, high: float, se: float) -> Coefficient:
    return Coefficient(estimate=estimate, se=se, stat=0.0, p=0.5, ci_low=low, ci_high=high, df=100.0)


OVARY_FIRST = _level(13.24, 10.93, 15.55, 1.18)


def _text(sentence: tuple[object, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in sentence)


def test_one_value_is_never_set_against_the_curve() -> None:
    assert not misses_measured(OVARY_FIRST, MeasuredAt(10.0, None, 1))
    assert not misses_measured(OVARY_FIRST, MeasuredAt(2.0, 0.5, MIN_VALUES - 1))  # too few, however far
    assert misses_measured(OVARY_FIRST, MeasuredAt(2.0, 0.5, MIN_VALUES))


def test_the_measured_mean_is_set_against_the_spread_of_a_mean_of_that_many_values() -> None:
    # 10 lies outside the curve's interval for the population mean (10.93 to 15.55), but a mean of
    # 6 values with SD 4.3 varies by 2.57 * sqrt(1.18^2 + 4.3^2 / 6) = 5.3: inside.
    assert not misses_measured(OVARY_FIRST, MeasuredAt(10.0, 4.3, 6))
    # The same mean from 40 values that agree closely (SD 1) is off the curve.
    assert misses_measured(OVARY_FIRST, MeasuredAt(10.0, 1.0, 40))
    # Soybean at day 84 (seventh read) stays flagged: 14.75 (SD 4.77, n = 16) beside 18.36 (SE 0.58).
    assert misses_measured(_level(18.36, 17.22, 19.51, 0.58), MeasuredAt(14.75, 4.77, 16))


def test_the_verb_agrees_with_a_plural_response() -> None:
    first, middle, last = OVARY_FIRST, _level(12.0, 11.0, 13.0, 0.5), _level(11.0, 10.0, 12.0, 0.5)
    measured = (MeasuredAt(10.0, 1.0, 40), None, None)
    curve = CurveSummary("spline3", (-0.17, 0.5, 1.2), (first, middle, last), middle, measured=measured)
    (plural,) = level_caveats(curve, 0.0, "follicles", "time")
    assert "the follicles measured there average #" in _text(plural)
    (singular,) = level_caveats(curve, 0.0, "weight", "time")
    assert "the weight measured there averages #" in _text(singular)
