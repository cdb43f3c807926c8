"""A cyclic trend (the harmonic shape) in the numbers a reader of a cycle uses: its mean level, its
amplitude and when in each cycle it peaks and bottoms out.

The harmonic shape is ``b0 + a sin(2 pi t / P) + b cos(2 pi t / P)`` for a period ``P`` the user
gives (``--period``). Written as one wave, ``b0 + A cos(2 pi (t - t_peak) / P)``:

- the **mean level** ``b0``: the curve's average over a whole cycle (the cosinor's MESOR);
- the **amplitude** ``A = sqrt(a^2 + b^2)``: how far the curve rises above (and falls below) its
  mean level, half the distance from trough to peak. Its standard error is the delta method's, the
  standard error of the linear combination ``(a L_a + b L_b) / A`` whose estimate is ``A`` itself,
  so its interval is that contrast's, with Satterthwaite's df (lmerTest's ``contest1D`` at that
  direction);
- the **peak time** ``t_peak = P atan2(a, b) / (2 pi)``, taken in ``[0, P)``, and the trough half
  a period later (or earlier), the same each cycle.

A cycle has no single rate of change: it rises and falls by the same amount every period, so its
change per unit of time averages to zero over whole cycles. The headline of a cyclic trend is its
amplitude and peak time (:mod:`reportgen.analysis.headline`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.regression import Coefficient
    from reportgen.analysis.time_basis import Shape


@dataclass(frozen=True)
class Cycle:
    """A harmonic trend's mean level, amplitude (each with its test and 95% interval), and the times
    within each cycle (``[0, period)``) at which it is highest and lowest."""

    period: float
    mean_level: Coefficient
    amplitude: Coefficient
    peak_time: float
    trough_time: float


def peak_phase(sine: float, cosine: float, period: float) -> float:
    """When ``sine sin(2 pi t / P) + cosine cos(2 pi t / P)`` is highest, in ``[0, period)``."""
    return (period * math.atan2(sine, cosine) / (2 * math.pi)) % period


def trough_phase(peak: float, period: float) -> float:
    """Half a period from the peak, in ``[0, period)``."""
    return (peak + period / 2) % period


def summarise_cycle(fit: MixedFit, shape: Shape) -> Cycle:
    """The cycle of a fit with the harmonic shape's two columns (see the module docstring)."""
    if shape.period is None:
        raise ValueError("a cycle needs the harmonic shape's period")
    sine_name, cosine_name = shape.names
    sine, cosine = fit.coefficients[sine_name].estimate, fit.coefficients[cosine_name].estimate
    amplitude = math.hypot(sine, cosine)
    names = fit.fixed_names

    def weights(pairs: dict[str, float]) -> Any:
        w = np.zeros(len(names))
        for name, value in pairs.items():
            w[names.index(name)] = value
        return w

    if amplitude > 0:
        along = fit.contrast(weights({sine_name: sine / amplitude, cosine_name: cosine / amplitude}))
    else:  # no wave at all: the delta method has no direction; report the sine's own test
        along = fit.contrast(weights({sine_name: 1.0}))
    peak = peak_phase(sine, cosine, shape.period)
    return Cycle(
        period=shape.period,
        mean_level=fit.intercept,
        amplitude=along,
        peak_time=peak,
        trough_time=trough_phase(peak, shape.period),
    )
