"""Influence of single subjects: leave one subject out, refit, and see what moves.

Up to ``EXACT_LIMIT`` subjects every subject is left out in turn and the model refitted exactly.
Beyond that the fixed effects without each subject come from a one-step deletion formula with
the variance components held at their full-data values (the generalized-least-squares
deletion of Christensen, Pearson & Johnson 1992, "Case-deletion diagnostics for mixed models",
Technometrics 34), and only the most influential subjects are refitted exactly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.model_comparison import ModelComparison, compare_models
from reportgen.analysis.slope_identifiability import most_times, slopes_identifiable

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.leave_one_out import LeaveOneOut

EXACT_LIMIT = 200  # subjects; more than this and the deletion formula ranks them
RETESTED = 3  # the random-slope test is re-run without each of this many most influential subjects
ALPHA = 0.05
EXACT = "exact"
APPROXIMATE = "approximate"


@dataclass(frozen=True)
class RandomEffects:
    """Which model to refit: 1 or 2 random effects per group, their covariance and time origin."""

    count: int
    covariance: str = "unstructured"
    origin: float = 0.0  # where the random intercept is read (uncorrelated slopes depend on it)

    @classmethod
    def of(cls, fit: MixedFit) -> RandomEffects:
        return cls(len(fit.random_names), fit.covariance, fit.time_origin)


INTERCEPT_ONLY = RandomEffects(1)
CORRELATED_SLOPES = RandomEffects(2)

Refit = Callable[[str, RandomEffects, bool], MixedFit]  # (subject left out, model, reml) -> fit


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


def default_refit(frame: pd.DataFrame, starts: Sequence[MixedFit]) -> Refit:
    """Refit the seminar's models (or the uncorrelated one) without one subject, with ``starts``' engine.

    The exact engine reads the data once per model and refits from its per-subject statistics,
    starting at the full data's optimum: the fit in ``starts`` with the same random effects (and
    the same criterion, when there is one). Another engine refits the rows left.
    """
    from reportgen.analysis.mixed import fit_mixed, fit_without, seminar_without_one

    engine = starts[0].engine
    if engine != "exact":
        groups = frame["group"].to_numpy(str)

        def refit_rows(subject: str, model: RandomEffects, reml: bool) -> MixedFit:
            part = frame[groups != subject]
            if model.covariance == "unstructured" and model.origin == 0:
                return fit_mixed(part, random_slope=model.count == 2, reml=reml, engine=engine)
            from reportgen.analysis.mixed import fit_model
            from reportgen.analysis.model_matrix import build_model_matrix

            return fit_model(
                part,
                build_model_matrix(part),
                random=model.count,
                covariance=model.covariance,
                reml=reml,
                engine=engine,
                time_origin=model.origin,
            )

        return refit_rows

    models: dict[RandomEffects, LeaveOneOut] = {}

    def refit(subject: str, model: RandomEffects, reml: bool) -> MixedFit:
        if model not in models:
            models[model] = seminar_without_one(
                frame, random_slope=model.count == 2, covariance=model.covariance, time_origin=model.origin
            )
        same = [f for f in starts if RandomEffects.of(f) == model]
        near = next((f for f in same if f.reml == reml), same[0] if same else None)
        return fit_without(models[model], subject, reml=reml, near=near)

    return refit


def deletion_slopes(fit: MixedFit, frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """(slope, its SE) without each subject, variance components held fixed (one GLS step each).

    Subjects whose slope cannot be computed without them are left out.
    """
    names, slope, se = _deletion_slopes(fit, frame)
    return dict(zip(names.tolist(), zip(slope.tolist(), se.tolist(), strict=True), strict=True))


def _deletion_slopes(fit: MixedFit, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted subject ids, each one's slope without it and the slope's SE (see deletion_slopes).

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
    if q == 2 and fit.time_origin:
        # Z = [1, t - origin] = [1, t] A with A = [[1, -origin], [0, 1]]: the covariance of the
        # effects on [1, t] is A D A'.
        shift = np.array([[1.0, -fit.time_origin], [0.0, 1.0]])
        d = shift @ d @ shift.T
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
    return np.asarray([str(v) for v in names[ok]], dtype=object), slope[ok], np.sqrt(np.maximum(var[ok], 0.0))


def _slope_p(estimate: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Two-sided normal p of each estimate / SE (0 where the SE is 0)."""
    from scipy.special import ndtr

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(se > 0, 2 * ndtr(-np.abs(estimate / se)), 0.0)


def _ranked(names: np.ndarray, changes: np.ndarray) -> np.ndarray:
    """Positions by the size of the change, largest first; ties by subject id."""
    by_name = np.empty(len(names), dtype=np.intp)
    by_name[np.argsort(names.astype(str), kind="stable")] = np.arange(len(names))
    return np.lexsort((by_name, -np.abs(changes)))


def _random_slopes_supported(c: ModelComparison, rs: MixedFit, time: np.ndarray) -> bool:
    """The model choice's own rule (boundary-corrected p of the correlated test, a slope variance)."""
    from reportgen.analysis.selection import slopes_kept

    return slopes_kept(c, rs, time)


def subject_influence(
    fit: MixedFit,
    frame: pd.DataFrame,
    comparison: ModelComparison | None = None,
    *,
    starts: Sequence[MixedFit] = (),
    refit: Refit | None = None,
    exact_limit: int | None = None,
    slopes_kept: bool | None = None,
) -> Influence:
    """Leave-one-subject-out influence on the fixed slope of ``fit``.

    Args:
        fit: the model to examine (fitted to ``frame``): the seminar's random-intercept or
            random-slope model, or the uncorrelated random-slope model (its ``time_origin`` kept).
        frame: the cleaned data (columns response, time, group).
        comparison: the full-data random-slope test; with it, the test is re-run without each of
            the ``RETESTED`` most influential subjects to see whether its verdict changes.
        starts: more fits of the seminar's models to the full data (the random intercept's, for
            the re-run test), whose optima start the refits.
        refit: how to refit a model without one subject (default: :func:`default_refit`).
        exact_limit: refit every subject exactly up to this many subjects (default EXACT_LIMIT).
        slopes_kept: the model choice's verdict on the full data (default: the test's boundary-
            corrected p below ALPHA); each re-run test is judged by the same rule.
    """
    refit = refit or default_refit(frame, (fit, *starts))
    full_slope, full_p = fit.slope.estimate, fit.slope.p
    subjects = frame["group"].nunique()
    limit = EXACT_LIMIT if exact_limit is None else exact_limit
    method = EXACT if subjects <= limit else APPROXIMATE
    # Each subject (as an array of ids) with the slope and its p without that subject.
    if method == EXACT:
        names = np.asarray([str(g) for g in frame["group"].unique()], dtype=object)
        slope, p = np.empty(len(names)), np.empty(len(names))
        for i, subject in enumerate(names):
            reduced = refit(subject, RandomEffects.of(fit), fit.reml)
            slope[i], p[i] = reduced.slope.estimate, reduced.slope.p
    else:
        names, slope, se = _deletion_slopes(fit, frame)
        p = _slope_p(slope, se)
        # The most influential few are refitted exactly, so the reported change is exact.
        for i in _ranked(names, slope - full_slope)[:RETESTED]:
            reduced = refit(names[i], RandomEffects.of(fit), fit.reml)
            slope[i], p[i] = reduced.slope.estimate, reduced.slope.p
    change = slope - full_slope
    order = _ranked(names, change)
    most = order[0]
    flips = np.sign(slope[order]) != np.sign(full_slope)
    significant = p[order] < ALPHA
    sign = flips & (significant | (full_p < ALPHA))
    significance = significant != (full_p < ALPHA)
    random_changers: list[str] = []
    retested: tuple[str, ...] = ()
    if comparison is not None:
        retested = tuple(names[order[:RETESTED]].tolist())
        if slopes_kept is None:
            slopes_kept = comparison.lrt_p_boundary < ALPHA
        # Two times per subject: no subject's removal makes slopes identifiable (selection's guard).
        identifiable = slopes_identifiable(most_times(frame))
        for subject in retested:
            rs = refit(subject, CORRELATED_SLOPES, False)
            reduced_test = compare_models(refit(subject, INTERCEPT_ONLY, False), rs)
            time = frame.loc[frame["group"].astype(str) != subject, "time"].to_numpy(float)
            if (identifiable and _random_slopes_supported(reduced_test, rs, time)) != slopes_kept:
                random_changers.append(subject)
    return Influence(
        method=method,
        subjects=subjects,
        most_influential=str(names[most]),
        slope=full_slope,
        slope_without=float(slope[most]),
        slope_change=float(change[most]),
        change_in_se=abs(float(change[most])) / fit.slope.se if fit.slope.se > 0 else math.inf,
        slope_changes=dict(zip(names.tolist(), change.tolist(), strict=True)),
        sign_changers=tuple(names[order[sign]].tolist()),
        significance_changers=tuple(names[order[significance]].tolist()),
        random_slope_changers=tuple(random_changers),
        retested=retested,
        quiet_sign_changers=tuple(names[order[flips & ~sign]].tolist()),
    )
