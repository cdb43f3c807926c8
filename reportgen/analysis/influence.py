"""Influence of single subjects: leave one subject out, refit, and see what moves.

Up to ``EXACT_LIMIT`` subjects every subject is left out in turn and the model refitted exactly.
Beyond that the fixed effects without each subject come from a one-step deletion formula with
the variance components held at their full-data values (the generalized-least-squares
deletion of Christensen, Pearson & Johnson 1992, "Case-deletion diagnostics for mixed models",
Technometrics 34), and only the most influential subjects are refitted exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.comparison import ModelComparison, compare_models
from reportgen.analysis.lmm import MixedFit

if TYPE_CHECKING:
    import pandas as pd

EXACT_LIMIT = 200  # subjects; more than this and the deletion formula ranks them
RETESTED = 3  # the random-slope test is re-run without each of this many most influential subjects
ALPHA = 0.05
EXACT = "exact"
APPROXIMATE = "approximate"

Refit = Callable[["pd.DataFrame", bool, bool], MixedFit]  # (frame, random_slope, reml) -> fit


@dataclass(frozen=True)
class Influence:
    """What leaving out one subject at a time does to the fixed slope and the conclusions."""

    method: str  # EXACT (every subject refitted) or APPROXIMATE (deletion formula, top refitted)
    subjects: int
    most_influential: str
    slope: float  # with every subject
    slope_without: float  # without the most influential subject
    slope_change: float  # slope_without - slope
    change_in_se: float  # |slope_change| / SE of the slope
    slope_changes: dict[str, float]  # every subject: slope without it - slope
    # Subjects whose removal flips the sign of a slope that is significant with or without them.
    sign_changers: tuple[str, ...]
    significance_changers: tuple[str, ...]
    random_slope_changers: tuple[str, ...]
    retested: tuple[str, ...]  # subjects whose removal re-ran the random-slope test
    # Sign flips of a slope that is not significant either way: they change no conclusion.
    quiet_sign_changers: tuple[str, ...] = ()

    @property
    def changes_conclusion(self) -> bool:
        return bool(self.sign_changers or self.significance_changers or self.random_slope_changers)


def default_refit(engine: str) -> Refit:
    """Refit with :func:`reportgen.analysis.mixed.fit_mixed` (today's two-model engine)."""
    from reportgen.analysis.mixed import fit_mixed

    def refit(frame: pd.DataFrame, random_slope: bool, reml: bool) -> MixedFit:
        return fit_mixed(frame, random_slope=random_slope, reml=reml, engine=engine)

    return refit


def deletion_slopes(fit: MixedFit, frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """(slope, its SE) without each subject, variance components held fixed (one GLS step each).

    Each subject's X_i' V_i^-1 X_i and X_i' V_i^-1 y_i come from its sums (n, sum t, sum t^2,
    sum y, sum t y) by Woodbury's identity, V_i^-1 = (I - Z_i D (s2 I + Z_i'Z_i D)^-1 Z_i') / s2,
    all subjects at once: no loop over subjects.
    """
    from reportgen.analysis.lmm import _factorize

    y = frame["response"].to_numpy(float)
    t = frame["time"].to_numpy(float)
    names, codes = _factorize(frame["group"])
    groups = len(names)
    q = 2 if fit.random_slope else 1
    d = np.asarray(fit.re_cov, dtype=float)[:q, :q]
    s2 = fit.residual_var

    def total(weights: np.ndarray | None) -> np.ndarray:
        return np.bincount(codes, weights=weights, minlength=groups).astype(float)

    n, st, stt = total(None), total(t), total(t * t)
    xx = np.stack([np.stack([n, st], -1), np.stack([st, stt], -1)], -2)  # (G, 2, 2): X_i'X_i
    xy = np.stack([total(y), total(t * y)], -1)  # (G, 2): X_i'y_i
    core = s2 * np.eye(q) + xx[:, :q, :q] @ d  # (G, q, q)
    m = d @ np.linalg.inv(core)  # D (s2 I + Z'Z D)^-1
    xz = xx[:, :, :q]
    a = (xx - xz @ m @ xx[:, :q, :]) / s2
    b = (xy - (xz @ m @ xy[:, :q, None])[..., 0]) / s2
    reduced = a.sum(0) - a  # every subject but one
    rhs = b.sum(0) - b
    det = reduced[:, 0, 0] * reduced[:, 1, 1] - reduced[:, 0, 1] * reduced[:, 1, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (reduced[:, 0, 0] * rhs[:, 1] - reduced[:, 1, 0] * rhs[:, 0]) / det
        var = reduced[:, 0, 0] / det
    ok = (det != 0) & np.isfinite(slope) & np.isfinite(var)
    return {
        str(name): (s, math.sqrt(max(v, 0.0)))
        for name, s, v, keep in zip(names, slope.tolist(), var.tolist(), ok.tolist(), strict=True)
        if keep
    }


def _slope_p(estimate: float, se: float) -> float:
    from scipy.special import ndtr

    return float(2 * ndtr(-abs(estimate / se))) if se > 0 else 0.0


def _random_slopes_supported(c: ModelComparison) -> bool:
    return c.lrt_p < ALPHA and not c.singular_rs


def subject_influence(
    fit: MixedFit,
    frame: pd.DataFrame,
    comparison: ModelComparison | None = None,
    *,
    refit: Refit | None = None,
    exact_limit: int | None = None,
) -> Influence:
    """Leave-one-subject-out influence on the fixed slope of ``fit``.

    Args:
        fit: the model to examine (fitted to ``frame``).
        frame: the cleaned data (columns response, time, group).
        comparison: the full-data random-slope test; with it, the test is re-run without each of
            the ``RETESTED`` most influential subjects to see whether its verdict changes.
        refit: how to refit the model on a subset (default: the engine that made ``fit``).
        exact_limit: refit every subject exactly up to this many subjects (default EXACT_LIMIT).
    """
    refit = refit or default_refit(fit.engine)
    groups = frame["group"].to_numpy(str)
    subjects = [str(g) for g in dict.fromkeys(groups)]
    full_slope, full_p = fit.slope.estimate, fit.slope.p
    without: dict[str, tuple[float, float]] = {}
    limit = EXACT_LIMIT if exact_limit is None else exact_limit
    method = EXACT if len(subjects) <= limit else APPROXIMATE
    if method == EXACT:
        for subject in subjects:
            reduced = refit(frame[groups != subject], fit.random_slope, fit.reml)
            without[subject] = (reduced.slope.estimate, reduced.slope.p)
    else:
        for subject, (slope, se) in deletion_slopes(fit, frame).items():
            without[subject] = (slope, _slope_p(slope, se))
        # The most influential few are refitted exactly, so the reported change is exact.
        top = sorted(without, key=lambda s: (-abs(without[s][0] - full_slope), s))[:RETESTED]
        for subject in top:
            reduced = refit(frame[groups != subject], fit.random_slope, fit.reml)
            without[subject] = (reduced.slope.estimate, reduced.slope.p)
    changes = {s: without[s][0] - full_slope for s in without}
    ranked = sorted(changes, key=lambda s: (-abs(changes[s]), s))
    most = ranked[0]
    flips = [s for s in ranked if np.sign(without[s][0]) != np.sign(full_slope)]
    sign = tuple(s for s in flips if full_p < ALPHA or without[s][1] < ALPHA)
    quiet = tuple(s for s in flips if s not in sign)
    significance = tuple(s for s in ranked if (without[s][1] < ALPHA) != (full_p < ALPHA))
    random_changers: list[str] = []
    retested: tuple[str, ...] = ()
    if comparison is not None:
        retested = tuple(ranked[:RETESTED])
        supported = _random_slopes_supported(comparison)
        for subject in retested:
            part = frame[groups != subject]
            reduced_test = compare_models(refit(part, False, False), refit(part, True, False))
            if _random_slopes_supported(reduced_test) != supported:
                random_changers.append(subject)
    return Influence(
        method=method,
        subjects=len(subjects),
        most_influential=most,
        slope=full_slope,
        slope_without=without[most][0],
        slope_change=changes[most],
        change_in_se=abs(changes[most]) / fit.slope.se if fit.slope.se > 0 else math.inf,
        slope_changes=changes,
        sign_changers=sign,
        significance_changers=significance,
        random_slope_changers=tuple(random_changers),
        retested=retested,
        quiet_sign_changers=quiet,
    )
