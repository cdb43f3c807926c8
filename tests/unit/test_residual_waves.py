"""The wave check reads the chosen model's residual means: a curve the model follows is no wave."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from reportgen.analysis.waves import mean_waves, residual_waves
from reportgen.narrative.rules import wave_remedy


def _frame(seed: int = 3) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """20 subjects at 15 times over Ovary's span: a sine cycle on a rising line, and each part."""
    rng = np.random.default_rng(seed)
    times = np.linspace(0.0, 1.4, 15)
    time = np.tile(times, 20)
    line = 10 + 2 * time + np.repeat(rng.normal(0, 1, 20), len(times))
    cycle = 3 * np.sin(2 * np.pi * time)
    frame = pd.DataFrame({"time": time, "response": line + cycle + rng.normal(0, 1, len(time))})
    return frame, line, cycle


def test_a_cycle_the_model_misses_stays_a_wave_and_one_it_follows_does_not() -> None:
    frame, line, cycle = _frame()
    assert mean_waves(frame["time"].to_numpy(), frame["response"].to_numpy()).cyclic  # the observed means
    straight = SimpleNamespace(fitted=line)  # a straight line misses the cycle
    assert residual_waves(straight, frame).cyclic  # type: ignore[arg-type]
    follows = SimpleNamespace(fitted=line + cycle)  # a shape that follows the cycle leaves none
    assert not residual_waves(follows, frame).cyclic  # type: ignore[arg-type]


def test_the_remedy_names_the_fitted_shape() -> None:
    assert "the fitted curve does not follow" in wave_remedy(True)
    assert "a straight line" in wave_remedy(False) and "fitted curve" not in wave_remedy(False)
