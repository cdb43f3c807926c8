"""A curve's interior peak or trough is named only when the curve reaches it clearly from the first
time (issue 21, eighth read: Soybean's 5-df spline dips from 0.134 at day 14 to 0.126 at day 16.3,
SE 0.15, before rising by 17.8; "a fall turns into a rise" would be false)."""

from __future__ import annotations

from reportgen.analysis.regression import Coefficient
from reportgen.analysis.shape import reached_clearly


def _change(estimate: float, se: float) -> Coefficient:
    return Coefficient(estimate, se, estimate / se, 0.5, estimate - 1.96 * se, estimate + 1.96 * se)


def test_a_wiggle_into_a_trough_is_no_turn() -> None:
    assert not reached_clearly("trough", _change(-0.008, 0.15))


def test_a_clear_fall_into_a_trough_is_one() -> None:
    assert reached_clearly("trough", _change(-2.0, 0.5))


def test_a_peak_needs_a_clear_rise_into_it() -> None:
    assert reached_clearly("peak", _change(2.0, 0.5))
    assert not reached_clearly("peak", _change(0.3, 0.5))
    assert not reached_clearly("peak", _change(-2.0, 0.5))  # a fall is no way up to a peak
