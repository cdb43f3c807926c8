"""Partial pooling in numbers: how far the mixed model pulls each subject toward the population."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.regression import Line

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Pooling:
    """Spread of own (OLS) and mixed-model lines, and random effects whose 95% interval excludes 0."""

    subjects: int  # with an own line and a random effect
    own_intercept_sd: float
    mixed_intercept_sd: float
    own_slope_sd: float
    mixed_slope_sd: float
    intercepts_away_from_zero: int
    slopes_away_from_zero: int

    @property
    def intercept_shrinkage(self) -> float:
        return 1.0 - self.mixed_intercept_sd / self.own_intercept_sd if self.own_intercept_sd > 0 else 0.0

    @property
    def slope_shrinkage(self) -> float:
        return 1.0 - self.mixed_slope_sd / self.own_slope_sd if self.own_slope_sd > 0 else 0.0


def pooling(fit: MixedFit, own: dict[str, Line]) -> Pooling:
    """Compare each subject's own least-squares line with its random-slope model line."""
    index = [i for i, g in enumerate(fit.groups) if g in own]
    own_lines = [own[fit.groups[i]] for i in index]
    b = fit.random_effects[index]
    sd = np.sqrt(np.diagonal(fit.random_effects_cov[index], axis1=1, axis2=2))
    away = np.abs(b) > Z95 * sd
    return Pooling(
        subjects=len(index),
        own_intercept_sd=float(np.std([line.intercept for line in own_lines], ddof=1)),
        mixed_intercept_sd=float(np.std(b[:, 0], ddof=1)),
        own_slope_sd=float(np.std([line.slope for line in own_lines], ddof=1)),
        mixed_slope_sd=float(np.std(b[:, 1], ddof=1)),
        intercepts_away_from_zero=int(away[:, 0].sum()),
        slopes_away_from_zero=int(away[:, 1].sum()),
    )
