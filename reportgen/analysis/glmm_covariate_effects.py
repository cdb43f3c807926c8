"""A covariate's effect in the GLMM of a binary or count response, at the first, average and last
observed times: the difference between levels on the response scale and the odds or rate ratio.

The model is the covariate GLMM the tests keep: with the covariate's time interaction
(``y ~ visit + arm + visit:arm + ...``) when its likelihood-ratio test has p < 0.05, else the
additive one (``y ~ visit + arm + ...``, one ratio at every time); on a curved trend time is the
curve's columns (``visit + I(visit^2)``) and the interaction their products with the covariate.
At each time, for each level against the reference level (a numeric covariate: one unit above its
mean against its mean), a
typical subject (random effects 0, the other covariates at their reference level or mean) has a
probability or expected count; their difference has a delta-method Wald interval and z test, and
the ratio (exp of the link-scale contrast) its Wald interval and z test, as R computes them from
``fixef`` and ``vcov`` of the ``glmer`` fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.family import BINOMIAL
from reportgen.analysis.glmm_fit import INTERCEPT, RatioEstimate, safe_exp
from reportgen.analysis.inference import Z95

if TYPE_CHECKING:
    from reportgen.analysis.glmm_fit import GlmmFit
    from reportgen.analysis.time_basis import Shape


@dataclass(frozen=True)
class LevelAtTime:
    """One level against the reference level at one time, for a typical subject."""

    time: float
    reference_value: float  # probability or expected count at the reference level
    value: float  # at this level (a numeric covariate: one unit above its mean)
    difference: float  # value - reference_value, response scale
    ci_low: float
    ci_high: float
    p: float
    ratio: RatioEstimate  # odds or rate ratio at this time


@dataclass(frozen=True)
class GlmmCovariateEffect:
    """One covariate's levels against its reference at the first, average and last observed times."""

    interaction_kept: bool  # the time interaction's test has p < 0.05: ratios differ by time
    formula: str  # the GLMM these come from
    times: dict[str, float]  # "first", "mean", "last" -> time
    levels: dict[str, dict[str, LevelAtTime]]  # lme4 term -> when -> the comparison


def _derivative(family: str, mu: float) -> float:
    """d mu / d eta of the family's link (logit: mu (1 - mu); log: mu)."""
    return mu * (1.0 - mu) if family == BINOMIAL else mu


def _inverse(family: str, eta: float) -> float:
    return 1.0 / (1.0 + safe_exp(-eta)) if family == BINOMIAL else safe_exp(eta)


def _wald(estimate: float, se: float) -> tuple[float, float, float]:
    """Interval and two-sided z-test p of an estimate."""
    from scipy.stats import norm

    p = float(2 * norm.sf(abs(estimate / se))) if se > 0 else float("nan")
    return estimate - Z95 * se, estimate + Z95 * se, p


def level_at_time(fit: GlmmFit, base: np.ndarray, contrast: np.ndarray, at: float) -> LevelAtTime:
    """The reference row ``base`` against ``base + contrast`` (rows over ``fit.fixed``), at time ``at``."""
    beta = np.array([t.estimate for t in fit.fixed.values()])
    vcov = fit.vcov
    row = base + contrast
    eta0, eta1 = float(base @ beta), float(row @ beta)
    mu0, mu1 = _inverse(fit.family, eta0), _inverse(fit.family, eta1)
    gradient = _derivative(fit.family, mu1) * row - _derivative(fit.family, mu0) * base
    se = float(np.sqrt(max(gradient @ vcov @ gradient, 0.0)))
    low, high, p = _wald(mu1 - mu0, se)
    log_ratio = float(contrast @ beta)
    log_se = float(np.sqrt(max(contrast @ vcov @ contrast, 0.0)))
    r_low, r_high, r_p = _wald(log_ratio, log_se)
    ratio = RatioEstimate(safe_exp(log_ratio), safe_exp(r_low), safe_exp(r_high), r_p)
    return LevelAtTime(at, mu0, mu1, mu1 - mu0, low, high, p, ratio)


def covariate_effect(
    fit: GlmmFit,
    terms: list[str],
    held: dict[str, float],
    time_column: str,
    times: dict[str, float],
    interaction_kept: bool,
    shape: Shape | None = None,
) -> GlmmCovariateEffect:
    """One covariate's levels (its lme4 ``terms``) against its reference in ``fit``.

    Args:
        fit: the covariate GLMM (with this covariate's time interaction when it is kept).
        terms: the covariate's lme4 terms (one per level but the reference; one for a numeric one).
        held: the value each other term is held at in the reference row (numeric covariates at
            their mean, this one too when numeric; dummies of other covariates at 0).
        time_column: the time term's lme4 name.
        times: the observed times to compare at.
        interaction_kept: whether ``fit`` has the covariate's time interaction.
        shape: the curve ``fit`` has in time (its columns and their products with the covariate
            in place of ``time_column``'s), None for a straight line.
    """
    names = list(fit.fixed)
    index = {name: i for i, name in enumerate(names)}
    levels: dict[str, dict[str, LevelAtTime]] = {}
    for term in terms:
        at: dict[str, LevelAtTime] = {}
        for when, t in times.items():
            in_time = time_columns(time_column, shape, t)
            base = np.zeros(len(names))
            base[index[INTERCEPT]] = 1.0
            for name, column in in_time.items():
                base[index[name]] = column
            for name, value in held.items():
                if name in index:
                    base[index[name]] = value
                    for timed, column in in_time.items():
                        if f"{timed}:{name}" in index:
                            base[index[f"{timed}:{name}"]] = value * column
            contrast = np.zeros(len(names))
            contrast[index[term]] = 1.0
            for timed, column in in_time.items():
                if f"{timed}:{term}" in index:
                    contrast[index[f"{timed}:{term}"]] = column
            at[when] = level_at_time(fit, base, contrast, t)
        levels[term] = at
    return GlmmCovariateEffect(interaction_kept, fit.formula, dict(times), levels)


def time_columns(time_column: str, shape: Shape | None, t: float) -> dict[str, float]:
    """The fixed-effect columns time ``t`` sets, by lme4 name: the time term itself on a straight
    line, a curve's columns (``Time``, ``I(Time^2)``; ``ns(Time, 3)1`` ..) on a curve."""
    if shape is None:
        return {time_column: t}
    values = shape.columns(np.array([t], dtype=float))[0]
    return {name: float(v) for name, v in zip(shape.names, values, strict=True)}
