"""Partial pooling in numbers: how far the chosen mixed model pulls each subject toward the population.

Levels are read at a time inside the data (the first observed time, ``ModelChoice.reference_time``),
never at time 0 outside it: an intercept at time 0 is where no subject was measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.inference import Z95
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.regression import Line

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

MAX_PANELS = 24  # most subjects a small-multiples figure shows


@dataclass(frozen=True)
class ModelLines:
    """Each group's line in a fitted model: its level at time ``at`` and its slope.

    ``level_effect`` and ``slope_effect`` are the predicted random deviations from the population
    (the slope's are 0 in a random-intercept model), ``level_sd`` and ``slope_sd`` their
    conditional standard deviations.
    """

    groups: tuple[str, ...]
    at: float
    random_slope: bool
    population_level: float
    population_slope: float
    level_effect: Array
    slope_effect: Array
    level_sd: Array
    slope_sd: Array

    @property
    def level(self) -> Array:
        return self.population_level + self.level_effect

    @property
    def slope(self) -> Array:
        return self.population_slope + self.slope_effect

    def intercept(self) -> Array:
        """Each line's value at time 0 (for drawing it; not a level the data measured)."""
        return self.level - self.slope * self.at


def model_lines(fit: MixedFit, at: float, population: MixedFit | None = None) -> ModelLines:
    """The groups' lines in ``fit`` with levels read at time ``at``.

    A random intercept is the level at the fit's ``time_origin``; at time ``at`` a group's level
    deviates by b0 + s b1 (s = at - origin), with conditional variance c00 + 2 s c01 + s^2 c11.
    ``population``: the straight line the deviations are drawn around (a curve's straight-line
    fit: the curve's random effects are deviations in level and slope all the same); ``fit``'s own.
    """
    b = fit.random_effects
    c = fit.random_effects_cov
    line = population or fit
    level_population = line.intercept.estimate + line.slope.estimate * at
    if not fit.random_slope:
        zeros = np.zeros(len(fit.groups))
        level_sd = np.sqrt(c[:, 0, 0])
        return ModelLines(
            fit.groups, at, False, level_population, line.slope.estimate, b[:, 0], zeros, level_sd, zeros
        )
    s = at - fit.time_origin
    level_var = c[:, 0, 0] + 2 * s * c[:, 0, 1] + s * s * c[:, 1, 1]
    return ModelLines(
        fit.groups,
        at,
        True,
        level_population,
        line.slope.estimate,
        b[:, 0] + s * b[:, 1],
        b[:, 1],
        np.sqrt(np.maximum(level_var, 0.0)),
        np.sqrt(c[:, 1, 1]),
    )


@dataclass(frozen=True)
class Pooling:
    """Spread of own (OLS) and mixed-model lines, and random effects whose 95% interval excludes 0.

    "Intercepts" are levels at ``level_time`` (the first observed time, where the data start).
    """

    subjects: int  # with an own line and a random effect
    own_intercept_sd: float
    mixed_intercept_sd: float
    own_slope_sd: float
    mixed_slope_sd: float
    intercepts_away_from_zero: int
    slopes_away_from_zero: int
    level_time: float = 0.0

    @property
    def intercept_shrinkage(self) -> float:
        return 1.0 - self.mixed_intercept_sd / self.own_intercept_sd if self.own_intercept_sd > 0 else 0.0

    @property
    def slope_shrinkage(self) -> float:
        return 1.0 - self.mixed_slope_sd / self.own_slope_sd if self.own_slope_sd > 0 else 0.0


def pooling(fit: MixedFit, own: dict[str, Line], at: float = 0.0) -> Pooling:
    """Compare each subject's own least-squares line with its line in ``fit``, levels read at ``at``.

    In a random-intercept model every subject has the average slope: its slopes are pooled
    completely (spread 0) and none is away from the average.
    """
    lines = model_lines(fit, at)
    index = [i for i, g in enumerate(fit.groups) if g in own]
    own_lines = [own[fit.groups[i]] for i in index]
    level_away = np.abs(lines.level_effect[index]) > Z95 * lines.level_sd[index]
    slope_away = np.abs(lines.slope_effect[index]) > Z95 * lines.slope_sd[index]
    return Pooling(
        subjects=len(index),
        own_intercept_sd=float(np.std([line.intercept + line.slope * at for line in own_lines], ddof=1)),
        mixed_intercept_sd=float(np.std(lines.level_effect[index], ddof=1)),
        own_slope_sd=float(np.std([line.slope for line in own_lines], ddof=1)),
        mixed_slope_sd=float(np.std(lines.slope_effect[index], ddof=1)),
        intercepts_away_from_zero=int(level_away.sum()),
        slopes_away_from_zero=int(slope_away.sum()),
        level_time=at,
    )


def panel_subjects(lines: ModelLines) -> tuple[str, ...]:
    """Every group, or MAX_PANELS of them spread evenly over the range of the model's slopes.

    (Over the levels when the model gives every group the same slope.)
    """
    if len(lines.groups) <= MAX_PANELS:
        return lines.groups
    spread = lines.slope_effect if lines.random_slope else lines.level_effect
    order = np.argsort(spread, kind="stable")
    picks = np.unique(np.linspace(0, len(order) - 1, MAX_PANELS).round().astype(int))
    return tuple(lines.groups[i] for i in order[picks])
