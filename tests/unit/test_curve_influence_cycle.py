"""Influence of single subjects on a cycle (reportgen.analysis.curve_influence.cycle_influence):
the amplitude and peak time per left-out subject, never the cycle's first-to-last change (statistician
O item 3: "from 0.00000000000000027 to 0.00000000000000027" was rounding noise)."""

from __future__ import annotations

import pytest

from reportgen.analysis.curve_influence import cycle_influence
from reportgen.analysis.cycle import Cycle
from reportgen.analysis.regression import Coefficient


def _cycle(amplitude: float, peak: float, ci_low: float | None = None) -> Cycle:
    low = amplitude - 0.1 if ci_low is None else ci_low
    a = Coefficient(amplitude, 0.05, amplitude / 0.05, 0.0, low, amplitude + 0.1, 100.0)
    level = Coefficient(10.0, 0.1, 100.0, 0.0, 9.8, 10.2, 20.0)
    return Cycle(period=24.0, mean_level=level, amplitude=a, peak_time=peak, trough_time=(peak + 12) % 24)


def test_the_subject_that_moves_the_amplitude_most_is_named_with_its_peak() -> None:
    full = _cycle(0.42, 15.9)
    refits = [("D01", _cycle(0.43, 15.8)), ("D16", _cycle(0.38, 15.5)), ("D20", _cycle(0.41, 16.0))]
    c = cycle_influence(full, refits)
    assert c is not None
    assert c.most_influential == "D16"
    assert (c.amplitude, c.amplitude_without) == (0.42, 0.38)
    assert c.shift_in_se == pytest.approx(0.8)
    assert (c.peak_time, c.peak_time_without) == (15.9, 15.5)
    assert c.clarity_changers == ()


def test_a_subject_without_whom_the_cycle_is_no_longer_clear_is_listed() -> None:
    full = _cycle(0.2, 3.0, ci_low=0.01)
    c = cycle_influence(full, [("M1", _cycle(0.19, 3.1, ci_low=-0.02)), ("M2", _cycle(0.21, 2.9))])
    assert c is not None and c.clarity_changers == ("M1",)
    assert cycle_influence(full, []) is None
