"""Which random-effects structure the data support, and the model the report headlines.

The seminar's random-intercept model is question 5's model whatever the data say; the summaries
(the headline sentence, the email, the cohort index) use the model the tests support:

- random slopes when the boundary-corrected likelihood-ratio test supports them and the fit is
  regular;
- when the intercept-slope correlation sits at +-1 (|r| >= 0.99: a singular or degenerate fit, the
  model asking for more than the data hold), the field's remedy: refit with uncorrelated
  intercepts and slopes (time measured from the first observed time, so the intercept is a
  starting level inside the data) and test that against the random intercept (one variance on
  its boundary: a 50:50 mixture of chi-square(0) and (1)); when that test supports the slope
  variance the uncorrelated model is carried, also when its starting-level variance sits at zero
  (a singular fit that amounts to individual slopes around one shared start: the slopes are
  still supported, and dropping them would understate the slope's uncertainty);
- otherwise the random intercept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.inference import LikelihoodRatio
from reportgen.analysis.lmm import MixedFit

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.model_comparison import ModelComparison
    from reportgen.analysis.shape import ShapeComparison

ALPHA = 0.05
# A correlation this close to +-1 is "at the boundary": the cause of a singular random-slope fit.
BOUNDARY_CORR = 0.99

RANDOM_INTERCEPT = "random_intercept"
RANDOM_SLOPE = "random_slope"
UNCORRELATED = "uncorrelated_slope"


def likelihood_ratio(smaller: MixedFit, larger: MixedFit, df: int, *, boundary: bool) -> LikelihoodRatio:
    """Twice the log-likelihood gain of ``larger`` over ``smaller`` (both ML fits).

    With ``boundary`` the extra parameters include one variance tested at zero, so the null
    distribution is the 50:50 mixture of chi-square(df - 1) and chi-square(df) (Self & Liang 1987).
    """
    from scipy.special import chdtrc

    if smaller.reml or larger.reml:
        raise ValueError("likelihood-ratio tests need ML fits")
    stat = max(0.0, 2.0 * (larger.loglik - smaller.loglik))
    p = float(chdtrc(df, stat))
    if not boundary:
        return LikelihoodRatio(stat, df, p, p)
    lower = float(chdtrc(df - 1, stat)) if df > 1 else (1.0 if stat <= 0 else 0.0)
    return LikelihoodRatio(stat, df, p, 0.5 * lower + 0.5 * p)


@dataclass(frozen=True)
class ModelChoice:
    """The random-effects structure the tests support and why (``reason`` is a rule code)."""

    model: str  # RANDOM_INTERCEPT, RANDOM_SLOPE or UNCORRELATED
    reason: str
    fit: MixedFit  # the chosen model, REML
    uncorrelated: MixedFit | None  # the refit with uncorrelated effects (REML), when one was made
    uncorrelated_lrt: LikelihoodRatio | None  # against the random intercept, ML
    reference_time: float  # where intercepts (and their correlation with slopes) are read
    time_range: tuple[float, float]  # the observed times, first and last
    observed_sd_at_reference: float | None  # spread of the responses measured at that time
    observed_n_at_reference: int  # how many responses were measured at that time
    observed_groups_at_reference: int  # and from how many subjects
    fit_ml: MixedFit | None = None  # the chosen model by ML (likelihood-ratio tests against it)
    # The trend's shape (reportgen.analysis.shape): every candidate's ML fit and the one picked.
    # A curved shape gives ``fit`` and ``fit_ml`` its time columns (random slopes stay on linear
    # time); ``line`` and ``line_ml`` then keep the straight line of the same random effects,
    # which the slope's summaries (headline slope, pooling, influence) describe.
    shapes: ShapeComparison | None = None
    line: MixedFit | None = None
    line_ml: MixedFit | None = None

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


def choose_model(
    frame: pd.DataFrame,
    comparison: ModelComparison,
    ri: MixedFit,
    rs: MixedFit,
    ri_ml: MixedFit,
    rs_ml: MixedFit,
    *,
    engine: str,
) -> ModelChoice:
    """Apply the rules in the module docstring; refits the uncorrelated model only when needed."""
    time = frame["time"].to_numpy(float)
    t0 = reference_time(time)
    span = (float(time.min()), float(time.max()))
    at_start = frame.loc[time == t0, "response"]
    observed = float(at_start.std(ddof=1)) if len(at_start) >= 3 else None
    start = (t0, span, observed, len(at_start), int(frame.loc[time == t0, "group"].nunique()))
    supported = comparison.lrt_p_boundary < ALPHA
    corr = rs.corr
    at_boundary = corr is not None and abs(corr) >= BOUNDARY_CORR
    if not rs.singular and not at_boundary:
        if supported:
            return ModelChoice(RANDOM_SLOPE, "slopes_supported", rs, None, None, *start, rs_ml)
        return ModelChoice(RANDOM_INTERCEPT, "slopes_not_supported", ri, None, None, *start, ri_ml)
    if not at_boundary:
        # A slope variance at zero: the data give the slopes no room; the intercept model stands.
        return ModelChoice(RANDOM_INTERCEPT, "slope_variance_zero", ri, None, None, *start, ri_ml)
    uncorrelated = fit_uncorrelated(frame, t0, reml=True, engine=engine)
    uncorrelated_ml = fit_uncorrelated(frame, t0, reml=False, engine=engine)
    test = likelihood_ratio(ri_ml, uncorrelated_ml, 1, boundary=True)
    if test.p_boundary < ALPHA and uncorrelated.re_cov[1, 1] > 0:
        # A singular uncorrelated fit with a supported slope variance has its starting-level
        # variance at zero: still evidence for individual slopes, so the slopes are kept.
        reason = "uncorrelated_level_variance_zero" if uncorrelated.singular else "uncorrelated_supported"
        return ModelChoice(UNCORRELATED, reason, uncorrelated, uncorrelated, test, *start, uncorrelated_ml)
    return ModelChoice(RANDOM_INTERCEPT, "uncorrelated_not_supported", ri, uncorrelated, test, *start, ri_ml)


@dataclass(frozen=True)
class SupportedModel:
    """The four fits the choice rests on, their comparison and the choice itself."""

    random_intercept: MixedFit  # REML
    random_slope: MixedFit  # REML
    random_intercept_ml: MixedFit
    comparison: ModelComparison
    choice: ModelChoice


def fit_supported_model(frame: pd.DataFrame, *, engine: str) -> SupportedModel:
    """Fit both seminar models by REML and ML, compare them and choose (the rules above).

    The chosen random effects then carry the trend's shape (:func:`reportgen.analysis.shape.shaped`).
    """
    from reportgen.analysis.mixed import fit_mixed
    from reportgen.analysis.model_comparison import compare_models
    from reportgen.analysis.shape import shaped

    ri = fit_mixed(frame, random_slope=False, engine=engine)
    rs = fit_mixed(frame, random_slope=True, engine=engine)
    ri_ml = fit_mixed(frame, random_slope=False, reml=False, engine=engine)
    rs_ml = fit_mixed(frame, random_slope=True, reml=False, engine=engine)
    comparison = compare_models(ri_ml, rs_ml)
    choice = choose_model(frame, comparison, ri, rs, ri_ml, rs_ml, engine=engine)
    return SupportedModel(ri, rs, ri_ml, comparison, shaped(frame, choice, engine=engine))


def fit_uncorrelated(frame: pd.DataFrame, t0: float, *, reml: bool, engine: str) -> MixedFit:
    """response ~ time + (1 | group) + (0 + (time - t0) | group): independent level and slope."""
    from reportgen.analysis.mixed import fit_model
    from reportgen.analysis.model_matrix import build_model_matrix

    design = build_model_matrix(frame)
    return fit_model(frame, design, random=2, covariance="diagonal", reml=reml, engine=engine, time_origin=t0)
