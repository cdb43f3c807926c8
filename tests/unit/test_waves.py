"""reportgen.analysis.waves: a cycle in the mean trajectory, and no cycle in lines, bends and S-curves."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.waves import mean_waves
from reportgen.narrative.rules import diagnostic_problems, wave_words


def _study(shape: np.ndarray, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """20 subjects at 15 times from 0 to 1.4 (Ovary's span), the mean ``shape`` plus noise."""
    rng = np.random.default_rng(seed)
    times = np.linspace(0.0, 1.4, 15)
    time = np.tile(times, 20)
    level = np.repeat(rng.normal(0, 1, 20), len(times))
    mean = np.interp(time, times, shape)
    return time, mean + level + rng.normal(0, 1, len(time))


def test_a_cycle_has_a_clear_trough_and_a_clear_peak() -> None:
    times = np.linspace(0.0, 1.4, 15)
    time, y = _study(10 + 3 * np.sin(2 * np.pi * times))  # peak at 0.25, trough at 0.75
    waves = mean_waves(time, y)
    assert waves.cyclic
    assert waves.peak is not None and abs(waves.peak - 0.25) < 0.11
    assert waves.trough is not None and abs(waves.trough - 0.75) < 0.11


def test_lines_bends_and_s_curves_are_no_cycle() -> None:
    times = np.linspace(0.0, 1.4, 15)
    for shape in (2 * times, -4 * (times - 0.7) ** 2, 6 / (1 + np.exp(-8 * (times - 0.7)))):
        assert not mean_waves(*_study(shape)).cyclic


def test_the_wave_words_follow_which_turn_comes_first() -> None:
    assert wave_words(True).startswith("rises and falls")
    assert wave_words(False).startswith("falls and rises")
    quiet = dict(heavy_tails=False, excess_outliers=False, spread="constant", curved=False, serial=False)
    assert diagnostic_problems(**quiet, cyclic=True) == ["a wave in the residual means over time"]
    assert diagnostic_problems(**quiet) == []
