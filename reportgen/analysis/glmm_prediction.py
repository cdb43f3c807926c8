"""A GLMM's prediction at one time, in its own module: analysis.glmm and glmm_shape share it (no cycle)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prediction:
    """A typical subject's (random effects 0) probability or expected count at one time."""

    time: float
    value: float
    ci_low: float
    ci_high: float
