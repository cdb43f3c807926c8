"""The trend's shape for a binomial or Poisson response, chosen on GLMM fits, and the curve it gives.

The candidates are the linear mixed model's (:func:`reportgen.analysis.time_basis.candidates`:
linear, log(time) when allowed, quadratic, harmonic when a period is given, natural splines of 2 to
4 df and more while the most flexible still wins), each fitted by Laplace as lme4's ``glmer`` with
the same random part: the one the GLMM the report stands on has (the structure chosen on the
straight line, with the observation-level effect when overdispersion put it there). The straight
candidate is that stood-on fit itself. The rule is :func:`reportgen.analysis.shape.pick_shape`'s
(a more complex shape must lower the AIC by more than 2), so ``trend.shapes`` holds glmer's
log-likelihoods, AICs and df.

The GLMM the report stands on is then the chosen candidate (no refit). A curve's change over the
observed range is read on the reader's scale: a typical subject's (random effects 0) probability or
expected count at the first, middle and last observed times with Wald intervals, and the odds or
rate ratio of the last to the first with its interval and Wald z test.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.glmm_fit import (
    INTERCEPT,
    INTERNAL_RANDOM,
    OBSERVATION_LEVEL,
    Z95,
    GlmmFit,
    Lme4Names,
    RatioEstimate,
    fit_formula,
    formula_of,
    lme4_name,
    model_frame,
    ratio_of,
    safe_exp,
    wald_term,
)
from reportgen.analysis.glmm_prediction import Prediction
from reportgen.analysis.time_basis import (
    HARMONIC,
    LINEAR,
    LOG,
    QUADRATIC,
    Shape,
    ShapeComparison,
    ShapeFit,
    candidates,
    make_shape,
)

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import NDArray

    Array = NDArray[Any]


@dataclass(frozen=True)
class GlmmCurve:
    """A curved GLMM trend in numbers a reader can hold: levels at the first, middle and last
    observed times (response scale) and the odds or rate ratio of the last to the first."""

    shape: str
    first: Prediction
    middle: Prediction  # at the observed time nearest the middle of the range
    last: Prediction
    change: RatioEstimate  # exp(eta(last) - eta(first)): odds ratio (binomial) or rate ratio (Poisson)
    # The average change per unit of time on the link scale over the range, (eta(last) - eta(first))
    # / (last - first), with its Wald test: what the headline's slope keys hold for a curve.
    average_slope: Any = None
    # A clear interior peak or trough ("" when none): the curve's interior maximum (minimum) whose
    # Wald contrasts with both the first and the last observed time exclude 0; its level there.
    extreme_kind: str = ""
    extreme: Prediction | None = None
    # A log(time) curve: the odds or rate ratio of each doubling of time, exp(log(2) b) (else None).
    per_doubling: RatioEstimate | None = None


@dataclass(frozen=True)
class GlmmShapes:
    """The GLMM shape comparison, its candidates' fits by shape, and the chosen one's shape."""

    comparison: ShapeComparison
    fits: dict[str, GlmmFit]
    shape: Shape  # the chosen shape, built on the data's times (lme4 labels)


def inverse_link(family: str, eta: Array) -> Array:
    """Probability (binomial) or expected count (Poisson) from the linear predictor."""
    eta = np.asarray(eta, dtype=float)
    with np.errstate(over="ignore"):
        return np.asarray(1.0 / (1.0 + np.exp(-eta)) if family == "binomial" else np.exp(eta))


def design_rows(fit: GlmmFit, shape: Shape, at: Array) -> Array:
    """Rows of the fixed effects (intercept and the shape's columns, in the fit's order) at times ``at``."""
    columns = shape.columns(np.asarray(at, dtype=float))
    rows = np.zeros((len(at), len(fit.fixed)))
    names = list(fit.fixed)
    rows[:, names.index(INTERCEPT)] = 1.0
    for k, name in enumerate(shape.names):
        rows[:, names.index(name)] = columns[:, k]
    return rows


def typical_curve(fit: GlmmFit, shape: Shape, family: str, at: Array) -> tuple[Array, Array, Array]:
    """A typical subject's curve on the response scale at ``at``, with its pointwise 95% band."""
    rows = design_rows(fit, shape, at)
    beta = np.array([t.estimate for t in fit.fixed.values()])
    eta = rows @ beta
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", rows, fit.vcov, rows), 0.0))
    return (
        inverse_link(family, eta),
        inverse_link(family, eta - Z95 * se),
        inverse_link(family, eta + Z95 * se),
    )


def _shape_of(name: str, time: Array, time_column: str, period: float | None) -> Shape:
    return make_shape(name, time, lme4_name(time_column), period=period)


def fit_shaped(
    frame: pd.DataFrame,
    structure: str,
    shape: Shape,
    family: str,
    columns: tuple[str, str, str],
    t0: float,
) -> GlmmFit:
    """One GLMM with the fixed part ``1 + <shape's columns>`` and the random part ``structure``
    (a random structure's name, or it + ``_observation_level``), by Laplace.

    The shape's columns enter as computed on the raw times, except a quadratic's, fitted on time
    counted from ``t0`` (well conditioned for calendar times) and mapped back to the raw columns
    (``y ~ Time + I(Time^2)``), with their covariance.
    """
    response, time_column, group = columns
    data = model_frame(frame, t0)
    raw_time = frame["time"].to_numpy(float)
    fitted_on = shape.columns(raw_time - t0) if shape.name == QUADRATIC else shape.columns(raw_time)
    internal = [f"shape{k}" for k in range(len(shape.names))]
    for k, name in enumerate(internal):
        data[name] = fitted_on[:, k]
    base = structure.removesuffix("_" + OBSERVATION_LEVEL)
    random = INTERNAL_RANDOM[base] + (" + (1 | obs)" if base != structure else "")
    straight = formula_of(structure, response, time_column, group, t0)
    formula = straight.replace(f"~ {lme4_name(time_column)} + ", f"~ {shape.term} + ", 1)
    names = Lme4Names(formula, {"time": time_column, **dict(zip(internal, shape.names, strict=True))})
    fit = fit_formula(data, f"response ~ {' + '.join(internal)} + {random}", names, structure, family, t0)
    from dataclasses import replace

    fit = replace(fit, name=f"{structure}_{shape.name}")
    if shape.name != QUADRATIC or t0 == 0:
        return fit
    return _mapped_back(fit, shape, raw_time, t0)


def _mapped_back(fit: GlmmFit, shape: Shape, time: Array, t0: float) -> GlmmFit:
    """A fit on the shape's columns of time - t0 as the fit on those of the raw time."""
    from dataclasses import replace

    names = list(fit.fixed)
    if names != [INTERCEPT, *shape.names]:
        raise ValueError(f"unexpected fixed effects {names}")
    distinct = np.unique(time)
    ones = np.ones((len(distinct), 1))
    fitted_on = np.hstack([ones, shape.columns(distinct - t0)])
    raw = np.hstack([ones, shape.columns(distinct)])
    mapping = np.linalg.lstsq(raw, fitted_on, rcond=None)[0]  # raw @ mapping == fitted_on
    beta = mapping @ np.array([t.estimate for t in fit.fixed.values()])
    vcov = mapping @ fit.vcov @ mapping.T
    fixed = {
        n: wald_term(float(b), math.sqrt(max(vcov[j, j], 0.0)))
        for j, (n, b) in enumerate(zip(names, beta, strict=True))
    }
    return replace(fit, fixed=fixed, vcov=vcov)


def compare_glmm_shapes(
    frame: pd.DataFrame,
    line: GlmmFit,
    family: str,
    columns: tuple[str, str, str],
    t0: float,
    period: float | None = None,
) -> GlmmShapes:
    """Every candidate shape fitted as a GLMM with ``line``'s random part (``line`` itself is the
    straight candidate), and the shape the AIC rule picks."""
    from reportgen.analysis.shape import more_flexible, pick_shape
    from reportgen.errors import ModelError

    time = frame["time"].to_numpy(float)
    fits: dict[str, GlmmFit] = {LINEAR: line}

    def attempt(name: str) -> None:
        try:
            fit = fit_shaped(frame, line.name, _shape_of(name, time, columns[1], period), family, columns, t0)
        except (ModelError, ValueError, FloatingPointError, np.linalg.LinAlgError):
            return  # a curve the data cannot fit is no candidate
        if fit.converged and math.isfinite(fit.loglik):
            fits[name] = fit

    for name in candidates(time, period)[1:]:
        attempt(name)
    scores = {name: ShapeFit(fit.loglik, fit.aic, fit.df) for name, fit in fits.items()}
    shape = pick_shape(scores)
    while (more := more_flexible(shape, scores, time)) is not None:
        attempt(more)
        if more not in fits:
            break
        scores[more] = ShapeFit(fits[more].loglik, fits[more].aic, fits[more].df)
        shape = pick_shape(scores)
    comparison = ShapeComparison(
        shape,
        scores,
        random=line.name,
        period=period if HARMONIC in scores else None,
    )
    return GlmmShapes(comparison, fits, _shape_of(shape, time, columns[1], period))


def summarise_glmm_curve(fit: GlmmFit, shape: Shape, family: str, time: Array) -> GlmmCurve:
    """Levels at the first, middle and last observed times, and the ratio of the last to the first."""
    distinct = np.unique(np.asarray(time, dtype=float))
    first, last = float(distinct[0]), float(distinct[-1])
    middle = float(distinct[np.argmin(np.abs(distinct - (first + last) / 2))])
    at = np.array([first, middle, last])
    value, low, high = typical_curve(fit, shape, family, at)
    levels = tuple(
        Prediction(float(t), float(v), float(a), float(b))
        for t, v, a, b in zip(at, value, low, high, strict=True)
    )
    rows = design_rows(fit, shape, at)
    beta = np.array([t.estimate for t in fit.fixed.values()])
    contrast = rows[2] - rows[0]
    estimate = float(contrast @ beta)
    se = math.sqrt(max(float(contrast @ fit.vcov @ contrast), 0.0))
    span = last - first
    from reportgen.analysis.shape import EXTREME_GRID

    turn = clear_turn(fit, shape, family, np.linspace(first, last, EXTREME_GRID))
    return GlmmCurve(
        shape=shape.name,
        first=levels[0],
        middle=levels[1],
        last=levels[2],
        change=ratio_of(wald_term(estimate, se)),
        average_slope=wald_term(estimate / span, se / span),
        extreme_kind=turn[0] if turn else "",
        extreme=turn[1] if turn else None,
        per_doubling=per_doubling(fit, shape),
    )


def per_doubling(fit: GlmmFit, shape: Shape) -> RatioEstimate | None:
    """A log(time) curve's ratio per doubling of time: its log term's estimate and interval times
    log(2), exponentiated (None for other shapes: their ratio per doubling is not one number)."""
    if shape.name != LOG:
        return None
    term = fit.fixed[shape.names[0]]
    return ratio_of(wald_term(term.estimate * math.log(2), term.se * math.log(2)))


def clear_turn(fit: GlmmFit, shape: Shape, family: str, grid: Array) -> tuple[str, Prediction] | None:
    """The curve's interior peak or trough on ``grid`` (first to last observed time), when the
    curve clearly rises into it and falls after it (or the reverse): the Wald 95% intervals of
    eta(extreme) - eta(first) and eta(extreme) - eta(last) both exclude 0 on the same side. The
    time is named at a hundredth of the range, as the linear models' curves name theirs."""
    from reportgen.analysis.shape import _round_time, interior_extreme  # the linear curves' rules

    beta = np.array([t.estimate for t in fit.fixed.values()])
    found = interior_extreme(grid, design_rows(fit, shape, grid) @ beta)
    if found is None:
        return None
    kind, index = found
    at = _round_time(float(grid[index]), float(grid[0]), float(grid[-1]))
    rows = design_rows(fit, shape, np.array([float(grid[0]), at, float(grid[-1])]))
    sign = 1.0 if kind == "peak" else -1.0
    for end in (0, 2):
        contrast = rows[1] - rows[end]
        se = math.sqrt(max(float(contrast @ fit.vcov @ contrast), 0.0))
        if sign * float(contrast @ beta) - Z95 * se <= 0:
            return None  # not clearly above (below) this end: a wiggle, no turn to name
    value, low, high = typical_at(fit, shape, family, at)
    return kind, Prediction(at, value, low, high)


def typical_at(fit: GlmmFit, shape: Shape, family: str, at: float) -> tuple[float, float, float]:
    """A typical subject's probability or expected count at one time, with its Wald interval."""
    value, low, high = typical_curve(fit, shape, family, np.array([at]))
    return float(value[0]), float(low[0]), float(high[0])


__all__ = [
    "GlmmCurve",
    "GlmmShapes",
    "compare_glmm_shapes",
    "design_rows",
    "fit_shaped",
    "inverse_link",
    "safe_exp",
    "summarise_glmm_curve",
    "typical_at",
    "typical_curve",
]
