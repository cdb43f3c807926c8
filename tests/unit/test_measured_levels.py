"""The curve's levels beside what was measured at their times (reportgen.analysis.measured_levels,
reportgen.narrative.measured_levels): Soybean's "-0.042 at time 14, 95% CI -0.44 to 0.36" stood
in the study report's summary while the day-14 weights average 0.091 (SD 0.038, n = 32), and the
curve's 18.36 at day 84 beside weights averaging 14.75 went unsaid (seventh read)."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.measured_levels import MeasuredAt, below_possible, measured_at, misses_measured
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.shape import CurveSummary
from reportgen.narrative.measured_levels import LEVEL_BELOW_LEAD, MISSES_LEAD, level_caveats


def _level(estimate: float, low: float, high: float) -> Coefficient:
    return Coefficient(estimate=estimate, se=0.2, stat=0.0, p=0.5, ci_low=low, ci_high=high, df=100.0)


def _curve(first: Coefficient, last: Coefficient, measured: tuple[MeasuredAt | None, ...]) -> CurveSummary:
    middle = _level(6.35, 5.78, 6.92)
    return CurveSummary("spline4", (14.0, 49.0, 84.0), (first, middle, last), middle, measured=measured)


def _text(sentence: tuple[object, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in sentence)


def test_measured_values_at_a_time_are_its_mean_sd_and_count() -> None:
    time = np.array([14.0, 14.0, 14.0, 49.0])
    (at14, at49, at84) = measured_at(time, np.array([0.05, 0.09, 0.13, 6.0]), (14.0, 49.0, 84.0))
    assert at14 is not None and np.isclose(at14.mean, 0.09) and np.isclose(at14.sd or 0, 0.04) and at14.n == 3
    assert at49 == MeasuredAt(6.0, None, 1) and at84 is None


def test_a_level_or_interval_below_zero_is_flagged_only_for_a_response_never_below_zero() -> None:
    assert below_possible(_level(-0.042, -0.44, 0.36), 0.029)
    assert below_possible(_level(0.05, -0.3, 0.4), 0.029)  # the interval alone reaches below zero
    assert not below_possible(_level(0.2, 0.1, 0.3), 0.029)
    assert not below_possible(_level(-0.042, -0.44, 0.36), -3.0)  # the response goes below zero


def test_a_level_whose_interval_misses_the_measured_mean_is_flagged() -> None:
    assert misses_measured(_level(18.36, 17.22, 19.51), MeasuredAt(14.75, 4.77, 16))
    assert not misses_measured(_level(6.35, 5.78, 6.92), MeasuredAt(6.55, 1.64, 16))
    assert not misses_measured(_level(18.36, 17.22, 19.51), None)


def test_the_caveats_give_the_measured_mean_sd_and_n_and_flip_with_the_data() -> None:
    measured = (MeasuredAt(0.091, 0.038, 32), MeasuredAt(6.55, 1.64, 16), MeasuredAt(14.75, 4.77, 16))
    soybean = _curve(_level(-0.042, -0.44, 0.36), _level(18.36, 17.22, 19.51), measured)
    below, misses = level_caveats(soybean, 0.029, "weight", "time")
    assert _text(below).startswith(LEVEL_BELOW_LEAD)
    said = "at time # the curve gives # (95% CI # to #), while the weight measured there averages "
    said += "# (SD #, n = #)"
    assert said in _text(below)
    keys = [".".join(p.path) for p in below if not isinstance(p, str)]
    assert "trend.curve.first.measured.mean" in keys and "trend.curve.first.measured.n" in keys
    assert _text(misses).startswith(f"{MISSES_LEAD} time #: the curve gives")
    assert ".".join(misses[-3].path) == "trend.curve.last.measured.n"  # type: ignore[union-attr]
    fitting = _curve(_level(0.09, 0.05, 0.13), _level(14.8, 13.0, 16.5), measured)
    assert level_caveats(fitting, 0.029, "weight", "time") == []
