"""What a covariate changes in a cycle (reportgen.analysis.covariate_cycle and
reportgen.narrative.covariate_cycle): each level's amplitude and peak read from the design's rows,
and the words that follow the numbers (flip the input, the words flip). R's numbers for the same
contrasts: tests/crosscheck/test_covariate_cycle.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reportgen.analysis.covariate_cycle import level_cycles
from reportgen.analysis.regression import Coefficient
from reportgen.narrative.covariate_cycle import amplitude_comparison, cycle_gap_verdict

PERIOD = 24.0


class _Model:
    """A fit's fixed effects and a contrast whose estimate is L beta (SE 0.01, df 100)."""

    def __init__(self, beta: list[float]) -> None:
        self.beta = np.asarray(beta, float)

    def contrast(self, row: np.ndarray) -> Coefficient:
        estimate = float(np.asarray(row) @ self.beta)
        return Coefficient(estimate, 0.01, estimate / 0.01, 0.0, estimate - 0.02, estimate + 0.02, 100.0)


def _rows(t: float) -> np.ndarray:
    """The design ``(sin + cos) * grp``'s rows at time t for levels A (reference) and B."""
    s, c = math.sin(2 * math.pi * t / PERIOD), math.cos(2 * math.pi * t / PERIOD)
    return np.array([[1, s, c, 0, 0, 0], [1, s, c, 1, s, c]], float)


def test_each_level_s_amplitude_peak_and_difference_come_from_its_own_wave() -> None:
    # A: 0.3 cos(2 pi (t - 6) / 24) (sine 0.3, cosine 0); B adds a cosine of 0.4: amplitude 0.5.
    model = _Model([37.0, 0.3, 0.0, 0.1, 0.0, 0.4])
    cycles = level_cycles(model, ("A", "B"), _rows, PERIOD)
    a, b = cycles.by_level["A"], cycles.by_level["B"]
    assert a.amplitude.estimate == pytest.approx(0.3) and a.peak_time == pytest.approx(6.0)
    assert b.amplitude.estimate == pytest.approx(0.5)
    assert b.peak_time == pytest.approx(PERIOD * math.atan2(0.3, 0.4) / (2 * math.pi))
    assert a.mean_level.estimate == pytest.approx(37.0) and b.mean_level.estimate == pytest.approx(37.1)
    assert cycles.amplitude_difference["B"].estimate == pytest.approx(0.2)
    assert cycles.mean_level_difference["B"].estimate == pytest.approx(0.1)


def _additive_rows(t: float) -> np.ndarray:
    """The design ``sin + cos + grp`` (the covariate does not change the curve)."""
    return _rows(t)[:, :4]


def test_a_covariate_that_leaves_the_wave_alone_has_no_amplitude_difference_to_test() -> None:
    cycles = level_cycles(_Model([37.0, 0.3, 0.2, 0.5]), ("A", "B"), _additive_rows, PERIOD)
    assert cycles.amplitude_difference["B"].estimate == 0.0
    assert math.isnan(cycles.amplitude_difference["B"].df)  # no term could change it: no test
    assert cycles.mean_level_difference["B"].estimate == pytest.approx(0.5)


def test_amplitude_comparison_follows_the_interval() -> None:
    assert amplitude_comparison(0.27, 0.25, 0.30) == "larger than"
    assert amplitude_comparison(-0.27, -0.30, -0.25) == "smaller than"
    assert amplitude_comparison(0.02, -0.01, 0.05) == "not clearly different from"


def test_a_gap_on_a_cycle_recurs_each_period_and_never_just_changes() -> None:
    differ = cycle_gap_verdict(0.002, 1e-10, "grp")
    assert "rises and falls within each cycle and comes back every period" in differ
    assert "so the gap changes" not in differ and "rates of change" not in differ
    same = cycle_gap_verdict(0.002, 0.4, "grp")
    assert "run side by side, this far apart, at every point of the cycle" in same
    assert cycle_gap_verdict(0.3, 0.4, "grp").startswith("no evidence of a difference at that point")


def test_mean_level_comparison_uses_level_words() -> None:
    assert amplitude_comparison(0.5, 0.1, 0.9, "higher", "lower") == "higher than"
    assert amplitude_comparison(-0.5, -0.9, -0.1, "higher", "lower") == "lower than"
    assert amplitude_comparison(0.07, -0.08, 0.21, "higher", "lower") == "not clearly different from"
