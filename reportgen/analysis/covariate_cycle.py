"""What a covariate changes in a cyclic trend: each level's cycle (mean level, amplitude, peak and
trough) and how far each level's amplitude and mean level lie from the reference level's.

A cycle has no rate and no change from the first to the last observed time (hours 0 and 72 of a
daily cycle are the same phase: that change is 0 up to rounding), so the covariate section of a
cyclic trend reads these instead (statistician O, daily cycle: R's ``(sin + cos) * grp + (1 | subject)``
gives amplitude A 0.286 (0.265 to 0.307), B 0.560, difference 0.27, peak A at hour 16.1).

Each level's curve is ``x(t) beta`` with ``x(t)`` the design's row at time ``t``. On the harmonic
basis the rows at a quarter and half a period give the level's columns as contrasts:
``m = (x(0) + x(P/2)) / 2`` (its mean level), ``c = (x(0) - x(P/2)) / 2`` (its cosine),
``s = x(P/4) - m`` (its sine). Its amplitude ``A = sqrt(a^2 + b^2)`` (``a = s beta``,
``b = c beta``) is tested along the delta method's direction ``(a s + b c) / A``, whose estimate is
``A`` itself (as :mod:`reportgen.analysis.cycle` tests the main model's), and the difference of two
levels' amplitudes along the difference of their directions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.cycle import Cycle, peak_phase, trough_phase

if TYPE_CHECKING:
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.regression import Coefficient


@dataclass(frozen=True)
class LevelCycles:
    """Each level's cycle, and each non-reference level's amplitude and mean level minus the
    reference's (a numeric covariate: its quartiles, the differences against the first)."""

    reference: str
    by_level: dict[str, Cycle]
    amplitude_difference: dict[str, Coefficient]
    mean_level_difference: dict[str, Coefficient]


@dataclass(frozen=True)
class _Wave:
    """One level's mean-level, sine and cosine contrasts and its amplitude's direction."""

    mean: np.ndarray
    direction: np.ndarray  # (a s + b c) / A: its contrast's estimate is the amplitude
    sine: float
    cosine: float


def level_wave(rows_at: Any, model: MixedFit, period: float) -> _Wave:
    """A level's wave from its design rows at time 0, a quarter and half a period (``rows_at(t)``)."""
    start, quarter, half = (np.asarray(rows_at(t), float) for t in (0.0, period / 4, period / 2))
    mean = (start + half) / 2
    cos_row, sin_row = (start - half) / 2, quarter - mean
    beta = np.asarray(model.beta, float)
    a, b = float(sin_row @ beta), float(cos_row @ beta)
    amplitude = math.hypot(a, b)
    direction = (a * sin_row + b * cos_row) / amplitude if amplitude > 0 else sin_row
    return _Wave(mean, direction, a, b)


def _contrast(model: MixedFit, row: np.ndarray) -> Coefficient:
    """A contrast's test; exactly 0 and no test when the model has no term that could make it."""
    from reportgen.analysis.regression import Coefficient

    if not np.any(np.abs(row) > 1e-12):
        return Coefficient(0.0, 0.0, math.nan, 1.0, 0.0, 0.0, math.nan)
    return model.contrast(row)


def level_cycles(model: MixedFit, levels: tuple[str, ...], rows_at: Any, period: float) -> LevelCycles:
    """The cycles of :class:`LevelCycles`; ``rows_at(t)``: the design's rows at time ``t``, one per
    level in ``levels`` order (the first is the reference)."""
    waves = [level_wave(lambda t, i=i: np.asarray(rows_at(t))[i], model, period) for i in range(len(levels))]
    by_level = {}
    for level, wave in zip(levels, waves, strict=True):
        peak = peak_phase(wave.sine, wave.cosine, period)
        by_level[level] = Cycle(
            period=period,
            mean_level=model.contrast(wave.mean),
            amplitude=model.contrast(wave.direction),
            peak_time=peak,
            trough_time=trough_phase(peak, period),
        )
    first = waves[0]
    return LevelCycles(
        reference=levels[0],
        by_level=by_level,
        amplitude_difference={
            level: _contrast(model, wave.direction - first.direction)
            for level, wave in zip(levels[1:], waves[1:], strict=True)
        },
        mean_level_difference={
            level: _contrast(model, wave.mean - first.mean)
            for level, wave in zip(levels[1:], waves[1:], strict=True)
        },
    )
