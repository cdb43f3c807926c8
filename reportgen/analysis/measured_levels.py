"""What was measured at the curve's named times, beside the model's level there.

A model's level can lie where no data can be (Soybean: -0.042 at day 14, 95% CI -0.44 to 0.36,
while the day-14 weights average 0.091, SD 0.038, n = 32) or miss the values measured at that
time (Soybean at day 84: the curve 18.36, 95% CI 17.22 to 19.51; the weights measured there
average 14.75). The report then gives the measured mean, SD and n at that time (seventh read).

A measured mean is compared like with like (eighth read: Ovary's curve, 13.24 with 95% CI 10.93 to
15.55, was said to "miss" the one follicle count of 10 at its first time, well within what one mare
on one day varies by): only a mean of at least :data:`MIN_VALUES` values, and against the interval a
mean of that many new values would fall in -- the curve's own uncertainty plus the spread of single
values at that time (between subjects and within them, measured there) divided by their count.
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


# Fewer values than this at a time say too little about the curve there to be set against it.
MIN_VALUES = 5


def misses_measured(level: Coefficient, measured: MeasuredAt | None) -> bool:
    """Does the mean measured at the level's time lie outside the 95% interval of a mean of as many
    new values: level +- t(n - 1) * sqrt(SE^2 + SD^2 / n), SD the spread of the single values there
    (None below :data:`MIN_VALUES` values, which are never said to be missed)?"""
    if measured is None or measured.sd is None or measured.n < MIN_VALUES:
        return False
    from scipy.special import stdtrit  # the Student t quantile (scipy.stats is slow to import)

    spread = float(np.hypot(level.se, measured.sd / np.sqrt(measured.n)))
    half = float(stdtrit(measured.n - 1, 0.975)) * spread
    return abs(measured.mean - level.estimate) > half
