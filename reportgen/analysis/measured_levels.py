"""What was measured at the curve's named times, beside the model's level there.

A model's level can lie where no data can be (Soybean: -0.042 at day 14, 95% CI -0.44 to 0.36,
while the day-14 weights average 0.091, SD 0.038, n = 32) or miss the values measured at that
time (Soybean at day 84: the curve 18.36, 95% CI 17.22 to 19.51; the weights measured there
average 14.75). The report then gives the measured mean, SD and n at that time (seventh read).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from reportgen.analysis.regression import Coefficient


@dataclass(frozen=True)
class MeasuredAt:
    """The responses measured at exactly one time: their mean, SD (None for one value) and count."""

    mean: float
    sd: float | None
    n: int


def measured_at(
    time: NDArray[Any], response: NDArray[Any], at: tuple[float, ...]
) -> tuple[MeasuredAt | None, ...]:
    """The measured responses at each time of ``at`` (None where nothing was measured at it)."""
    t, y = np.asarray(time, dtype=float), np.asarray(response, dtype=float)
    out: list[MeasuredAt | None] = []
    for when in at:
        values = y[np.isclose(t, when)]
        if values.size == 0:
            out.append(None)
            continue
        sd = float(np.std(values, ddof=1)) if values.size > 1 else None
        out.append(MeasuredAt(float(values.mean()), sd, int(values.size)))
    return tuple(out)


def below_possible(level: Coefficient, lowest_response: float) -> bool:
    """Does the level or its 95% interval reach below zero where no measured value is below zero?"""
    return lowest_response >= 0 and min(level.estimate, level.ci_low) < 0


def misses_measured(level: Coefficient, measured: MeasuredAt | None) -> bool:
    """Does the level's 95% interval miss the mean measured at its time?"""
    return measured is not None and not level.ci_low <= measured.mean <= level.ci_high
