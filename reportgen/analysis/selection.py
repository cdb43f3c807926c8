"""Which random-effects structure the data support, and the model the report headlines.

The seminar's random-intercept model is question 5's model whatever the data say; the summaries
(the headline sentence, the email, the cohort index) use the model the tests support. The decision
does not depend on where time 0 is: it rests only on fits whose likelihood is the same wherever
time is counted from (shifting time by a constant, or counting it from the first, the mean or the
last observed time, leaves them and the decision unchanged):

- no group measured at more than two distinct times: the random intercept
  (``slopes_not_identifiable``; a subject's slope and the residual cannot be told apart:
  :mod:`reportgen.analysis.slope_identifiability`), before any test;
- random slopes or not: the boundary-corrected likelihood-ratio test of the random intercept
  ``(1 | group)`` against correlated random slopes ``(time | group)`` (ML fits; a 50:50 mixture
  of chi-square(1) and (2)). A correlated model is the same model at every time origin (its
  intercept-slope covariance absorbs the shift), so the test is too. p >= 0.05: the random
  intercept (``slopes_not_supported``; ``slope_variance_zero`` when the slope variance is
  estimated at zero);
- p < 0.05 and a regular fit: correlated random slopes (``slopes_supported``);
- p < 0.05 and a singular fit (the intercept-slope correlation at +-1: the covariance asks for
  more than the data hold): the slopes are kept, and described by the field's remedy, a refit
  with uncorrelated levels and slopes, ``(1 | group) + (0 + I(time - t0) | group)``, with time
  counted from the first observed time t0 (stated in the report). That refit's likelihood, and
  its own test against the random intercept, depend on t0 (MASS::Rabbit: p = 0.037 from the
  first dose, 0.34 from the mean, no slope variance from the last), so its test is reported as a description
  and never decides. It is carried when it keeps a slope variance above zero
  (``uncorrelated_supported``; ``uncorrelated_level_variance_zero`` when its starting-level
  variance sits at zero: individual slopes around one shared start); otherwise the singular
  correlated fit itself is carried (``singular_slopes_supported``).

Whether a fit is singular and whether its slope variance is zero are read on scales that do not
change with the time origin (the relative covariance factor of centred columns; the slope SD over
the SD of time, relative to the residual SD), so the whole decision is invariant to shifting time.

The rules run on the trend's shape, which is chosen first (:mod:`reportgen.analysis.shape`, with
the maximal random effects): every model above then carries the shape's fixed columns, the random
slopes staying on linear time. A random-effects test on a straight line that misses a curve reads
the curve as spread between subjects (nlme::Dialyzer: on the straight line the uncorrelated
refit puts the starting levels' variance at zero; on the chosen spline the correlated slopes are
a regular fit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.inference import LikelihoodRatio, loglik_ratio
from reportgen.analysis.lmm import SINGULAR_TOL, MixedFit
from reportgen.analysis.slope_identifiability import NOT_IDENTIFIABLE, most_times, slopes_identifiable

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.model_comparison import ModelComparison
    from reportgen.analysis.time_basis import Shape, ShapeComparison

ALPHA = 0.05

RANDOM_INTERCEPT = "random_intercept"
RANDOM_SLOPE = "random_slope"
UNCORRELATED = "uncorrelated_slope"


def likelihood_ratio(smaller: MixedFit, larger: MixedFit, df: int, *, boundary: bool) -> LikelihoodRatio:
    """Twice the log-likelihood gain of ``larger`` over ``smaller`` (both ML fits; ``boundary``:
    one variance tested at zero, :func:`reportgen.analysis.inference.loglik_ratio`)."""
    if smaller.reml or larger.reml:
        raise ValueError("likelihood-ratio tests need ML fits")
    return loglik_ratio(smaller.loglik, larger.loglik, df, boundary=boundary)


@dataclass(frozen=True)
class ModelChoice:
    """The random-effects structure the tests support and why (``reason`` is a rule code)."""

    model: str  # RANDOM_INTERCEPT, RANDOM_SLOPE or UNCORRELATED
    reason: str
    fit: MixedFit  # the chosen model, REML
    uncorrelated: MixedFit | None  # the refit with uncorrelated effects (REML), when one was made
    uncorrelated_lrt: LikelihoodRatio | None  # against the random intercept, ML (describes; never decides)
    reference_time: float  # where intercepts (and their correlation with slopes) are read
    time_range: tuple[float, float]  # the observed times, first and last
    observed_sd_at_reference: float | None  # spread of the responses measured at that time
    observed_n_at_reference: int  # how many responses were measured at that time
    observed_groups_at_reference: int  # and from how many subjects
    fit_ml: MixedFit | None = None  # the chosen model by ML (likelihood-ratio tests against it)
    uncorrelated_ml: MixedFit | None = None  # the uncorrelated refit by ML, when one was made
    # The trend's shape (reportgen.analysis.shape): every candidate's ML fit and the one picked.
    # A curved shape gives ``fit`` and ``fit_ml`` its time columns (random slopes stay on linear
    # time); ``line`` and ``line_ml`` then keep the straight line of the same random effects,
    # which the slope's summaries (headline slope, influence) describe; pooling reads ``fit``'s own
    # random effects (the line's fit can be singular where the curve's is not: Dialyzer).
    shapes: ShapeComparison | None = None
    line: MixedFit | None = None
    line_ml: MixedFit | None = None
    # The correlated random-slope fit (REML) the choice tested, on the chosen shape: its correlation
    # is the one a singular fit reports.
    slopes_fit: MixedFit | None = None

    @property
    def straight(self) -> MixedFit:
        """The straight-line fit of the chosen random effects (``fit`` itself when linear)."""
        return self.line or self.fit

    @property
    def straight_ml(self) -> MixedFit | None:
        return self.line_ml or self.fit_ml

    @property
    def shape(self) -> str:
        return self.shapes.shape if self.shapes else "linear"


def reference_time(time: np.ndarray) -> float:
    """The first observed time: a start inside the data, where "starting level" has a meaning."""
    return float(np.min(time))


MIN_SUBJECTS_AT_START = 5  # fewer measured at the first time: no comparison of the values there


def few_at_start(groups_at_start: int, subjects: int) -> bool:
    """Were too few subjects measured at the first observed time to compare the values there?

    Fewer than MIN_SUBJECTS_AT_START, or fewer than half the subjects (Dialyzer: 3 of 20 at
    pressure 0.235, the rest start at 0.24 to 0.40): the values there are no one's start.
    """
    return groups_at_start < MIN_SUBJECTS_AT_START or 2 * groups_at_start < subjects


def effects_at(fit: MixedFit, t0: float) -> tuple[float, float | None]:
    """SD of the subjects' levels at time ``t0`` and its correlation with their slopes.

    A random intercept is the level at the fit's time origin (0 unless the slopes count time from
    elsewhere); at time t0 the level is b0 + b1 s with s = t0 - origin, so
    Var = s00 + 2 s s01 + s^2 s11 and Cov(level, b1) = s01 + s s11.
    """
    cov = fit.re_cov
    if not fit.random_slope:
        return math.sqrt(max(cov[0, 0], 0.0)), None
    s = t0 - fit.time_origin
    var_level = cov[0, 0] + 2 * s * cov[0, 1] + s * s * cov[1, 1]
    cov_level = cov[0, 1] + s * cov[1, 1]
    denom = math.sqrt(max(var_level, 0.0) * max(cov[1, 1], 0.0))
    return math.sqrt(max(var_level, 0.0)), (float(cov_level / denom) if denom > 0 else None)


def slope_variance_zero(fit: MixedFit, time: np.ndarray) -> bool:
    """Is a random-slope fit's slope variance estimated at zero?

    Read as the slopes' spread over the observed times (slope SD times the SD of time) relative to
    the residual SD, below lme4's singularity tolerance: a scale that shifting time leaves alone.
    """
    if not fit.random_slope or fit.residual_var <= 0:
        return True
    spread = math.sqrt(max(float(fit.re_cov[1, 1]), 0.0)) * float(np.std(time))
    return spread < SINGULAR_TOL * math.sqrt(fit.residual_var)


def level_at_boundary(fit: MixedFit) -> bool:
    """Is an uncorrelated random-slope fit singular only because its levels' variance is at zero?

    Its slopes' variance is then an estimate, not a boundary value (Soybean's spline: level SD 0,
    slope SD 0.049; lme4 gives the same): the model amounts to individual slopes from one shared
    starting level, and the slopes' spread is a finding.
    """
    if not fit.singular or not fit.random_slope or fit.covariance != "diagonal" or fit.residual_var <= 0:
        return False
    level_sd = math.sqrt(max(float(fit.re_cov[0, 0]), 0.0))
    return level_sd < SINGULAR_TOL * math.sqrt(fit.residual_var) and float(fit.re_cov[1, 1]) > 0


def slopes_kept(comparison: ModelComparison, rs: MixedFit, time: np.ndarray) -> bool:
    """The model choice's verdict on random slopes: kept when the correlated test's boundary-corrected
    p is below ALPHA and the slope variance is above zero (a singular fit still keeps them).

    :func:`choose_model` applies it branch by branch; the influence check re-runs it without a subject.
    """
    return not slope_variance_zero(rs, time) and comparison.lrt_p_boundary < ALPHA


def choose_model(
    frame: pd.DataFrame,
    comparison: ModelComparison,
    ri: MixedFit,
    rs: MixedFit,
    ri_ml: MixedFit,
    rs_ml: MixedFit,
    *,
    engine: str,
    shape: Shape | None = None,
) -> ModelChoice:
    """Apply the rules in the module docstring; refits the uncorrelated model only when needed
    (with the trend ``shape``'s fixed columns, those of ``ri`` and ``rs``; a straight line by default)."""
    time = frame["time"].to_numpy(float)
    t0 = reference_time(time)
    span = (float(time.min()), float(time.max()))
    at_start = frame.loc[time == t0, "response"]
    observed = float(at_start.std(ddof=1)) if len(at_start) >= 3 else None
    start = (t0, span, observed, len(at_start), int(frame.loc[time == t0, "group"].nunique()))
    if not slopes_identifiable(most_times(frame)):
        # Two times per subject at most: its slope and the residual cannot be told apart.
        return ModelChoice(RANDOM_INTERCEPT, NOT_IDENTIFIABLE, ri, None, None, *start, ri_ml)
    if slope_variance_zero(rs, time):
        # The data give the slopes no room: the random-slope model is the intercept model.
        return ModelChoice(RANDOM_INTERCEPT, "slope_variance_zero", ri, None, None, *start, ri_ml)
    if comparison.lrt_p_boundary >= ALPHA:
        return ModelChoice(RANDOM_INTERCEPT, "slopes_not_supported", ri, None, None, *start, ri_ml)
    if not rs.singular:
        return ModelChoice(RANDOM_SLOPE, "slopes_supported", rs, None, None, *start, rs_ml)
    # Slopes supported, correlation at +-1: described with uncorrelated effects (origin t0).
    uncorrelated = fit_uncorrelated(frame, t0, reml=True, engine=engine, shape=shape)
    uncorrelated_ml = fit_uncorrelated(frame, t0, reml=False, engine=engine, shape=shape)
    test = likelihood_ratio(ri_ml, uncorrelated_ml, 1, boundary=True)  # a description: origin-bound
    if not slope_variance_zero(uncorrelated, time):
        reason = "uncorrelated_level_variance_zero" if uncorrelated.singular else "uncorrelated_supported"
        chosen = (UNCORRELATED, reason, uncorrelated, uncorrelated, test, *start, uncorrelated_ml)
        return ModelChoice(*chosen, uncorrelated_ml=uncorrelated_ml)
    kept = (RANDOM_SLOPE, "singular_slopes_supported", rs, uncorrelated, test, *start, rs_ml)
    return ModelChoice(*kept, uncorrelated_ml=uncorrelated_ml)


def random_structure(choice: ModelChoice) -> tuple[int, str, float]:
    """(number of random terms, covariance, time origin of the random slope) of the chosen model."""
    if choice.model == RANDOM_INTERCEPT:
        return 1, "unstructured", 0.0
    if choice.model == UNCORRELATED:
        return 2, "diagonal", choice.reference_time
    return 2, "unstructured", 0.0


@dataclass(frozen=True)
class SupportedModel:
    """The seminar's four straight-line fits, the comparison that decides and the choice itself.

    With a straight trend the comparison is of those four fits. With a curved one it is of the
    curve's random intercept and random slopes (``shaped_ml``: their ML fits, which it compares),
    and the straight-line fits stay the seminar's models.
    """

    random_intercept: MixedFit  # REML
    random_slope: MixedFit  # REML
    random_intercept_ml: MixedFit
    comparison: ModelComparison
    choice: ModelChoice
    random_slope_ml: MixedFit | None = None
    shaped_ml: tuple[MixedFit, MixedFit] | None = None  # the curve's (1 | group) and (time | group), ML


def fit_random_effects(frame: pd.DataFrame, *, engine: str, shape: Shape | None = None) -> SupportedModel:
    """Fit the random intercept and correlated random slopes by REML and ML, compare them and
    choose (the rules above), with the trend ``shape``'s fixed columns (a straight line by default:
    the seminar's models). :func:`reportgen.analysis.shape.fit_supported_model` chooses the shape
    first and then calls this on it."""
    from reportgen.analysis.mixed import fit_mixed, fit_model
    from reportgen.analysis.model_comparison import compare_models

    if shape is None or shape.linear:
        ri = fit_mixed(frame, random_slope=False, engine=engine)
        rs = fit_mixed(frame, random_slope=True, engine=engine)
        ri_ml = fit_mixed(frame, random_slope=False, reml=False, engine=engine)
        rs_ml = fit_mixed(frame, random_slope=True, reml=False, engine=engine)
    else:
        from reportgen.analysis.model_matrix import build_model_matrix

        design = build_model_matrix(frame, shape=shape)
        ri, rs, ri_ml, rs_ml = (
            fit_model(frame, design, random=random, reml=reml, engine=engine)
            for random, reml in ((1, True), (2, True), (1, False), (2, False))
        )
    comparison = compare_models(ri_ml, rs_ml)
    choice = choose_model(frame, comparison, ri, rs, ri_ml, rs_ml, engine=engine, shape=shape)
    return SupportedModel(ri, rs, ri_ml, comparison, replace(choice, slopes_fit=rs), rs_ml)


def fit_uncorrelated(
    frame: pd.DataFrame, t0: float, *, reml: bool, engine: str, shape: Shape | None = None
) -> MixedFit:
    """response ~ <shape> + (1 | group) + (0 + (time - t0) | group): independent level and slope
    (``shape``: the trend's fixed columns, a straight line by default)."""
    from reportgen.analysis.mixed import fit_model
    from reportgen.analysis.model_matrix import build_model_matrix

    design = build_model_matrix(frame, shape=shape)
    return fit_model(frame, design, random=2, covariance="diagonal", reml=reml, engine=engine, time_origin=t0)
