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
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from reportgen.analysis.regression import Coefficient


@dataclass(frozen=True)
class MeasuredAt:
    """The responses measured at exactly one time: their mean, SD (None for one value) and count."""

    mean: float
    sd: float | None
    n: int
    # Which subjects: how many were measured at this time, of how many in the data, and the mean of
    # the model's fitted values (its curve plus each subject's own random effects) at these values.
    # Soybean at day 84: 16 of 48 plots, the smallest; their fitted values average 15.58 beside
    # the measured 14.75, while the curve for an average plot gives 18.36 (eighth read).
    subjects: int | None = None
    of_subjects: int | None = None
    fitted_mean: float | None = None


def measured_at(
    time: NDArray[Any],
    response: NDArray[Any],
    at: tuple[float, ...],
    groups: NDArray[Any] | None = None,
    fitted: NDArray[Any] | None = None,
) -> tuple[MeasuredAt | None, ...]:
    """The measured responses at each time of ``at`` (None where nothing was measured at it);
    with ``groups`` and the model's ``fitted`` values (row by row), which subjects they are."""
    t, y = np.asarray(time, dtype=float), np.asarray(response, dtype=float)
    everyone = None if groups is None else int(pd.unique(groups).size)
    out: list[MeasuredAt | None] = []
    for when in at:
        rows = np.isclose(t, when)
        values = y[rows]
        if values.size == 0:
            out.append(None)
            continue
        sd = float(np.std(values, ddof=1)) if values.size > 1 else None
        subjects = None if groups is None else int(pd.unique(groups[rows]).size)
        fitted_mean = None if fitted is None else float(np.asarray(fitted, dtype=float)[rows].mean())
        out.append(MeasuredAt(float(values.mean()), sd, int(values.size), subjects, everyone, fitted_mean))
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


def explained_by_who_was_measured(level: Coefficient, measured: MeasuredAt | None) -> bool:
    """Is a missed mean (:func:`misses_measured`) the subjects' doing, not the curve's: only some
    subjects were measured at that time, and the model's fitted values for them (its curve plus
    their own random effects) lie within the measured mean's interval while the curve does not?"""
    if measured is None or measured.fitted_mean is None or measured.subjects is None:
        return False
    if measured.of_subjects is None or measured.subjects >= measured.of_subjects:
        return False
    if not misses_measured(level, measured) or measured.sd is None:
        return False
    from scipy.special import stdtrit

    half = float(stdtrit(measured.n - 1, 0.975)) * measured.sd / np.sqrt(measured.n)
    return abs(measured.fitted_mean - measured.mean) <= half
