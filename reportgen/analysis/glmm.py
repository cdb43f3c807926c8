"""Generalized linear mixed models (binomial, Poisson) for a binary or count response, as lme4's glmer.

Fitted by the Laplace approximation with ``mixedlm`` (a port of lme4), imported lazily. The
random-effects structure is chosen by the rules of :mod:`reportgen.analysis.selection`: the
random-intercept and the correlated random-slope GLMM compared by a boundary-corrected
likelihood-ratio test, which does not depend on where time 0 is; a slope variance at zero keeps the
random intercept; a singular correlated fit with supported slopes is described by the uncorrelated
refit (time from the first observed time) when that keeps a slope variance, else carried itself.
Fixed effects are tested as glmer reports them (Wald z), with
standard errors from the Hessian of the Laplace deviance in (theta, beta), as lme4's default.

For a Poisson model the chosen fit is checked for overdispersion (Pearson chi-square over its
residual degrees of freedom, tested against chi-square on those df); when it is overdispersed, the
structure choice is redone with an observation-level random effect (the GLMM FAQ's remedy) in both
candidates, and the report stands on the fit that choice picks (``model``, ``reason`` and the test
are then those of the redone choice); when the refits cannot be fitted the report says a negative
binomial model is needed. Results are given on the reader's scale: odds or rate ratios per unit of
time with Wald 95% intervals, the predicted probability or expected count of a typical subject
(random effects 0) at the first and last observed time, and each subject's multiplier exp(b_i).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.family import BINOMIAL, POISSON, FamilyChoice, coded_response
from reportgen.analysis.glmm_fit import (
    INTERCEPT,
    OBSERVATION_LEVEL,
    Z95,
    GlmmFit,
    GlmmTerm,
    RatioEstimate,
    fit_glmm,
    ratio_of,
    safe_exp,
    shift_back,
    wald_term,
)
from reportgen.analysis.glmm_prediction import Prediction
from reportgen.analysis.lmm import SINGULAR_TOL
from reportgen.analysis.selection import ALPHA, RANDOM_INTERCEPT, RANDOM_SLOPE, UNCORRELATED
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.analysis.glmm_covariates import CovariateGlmm, CovariateRefusal
    from reportgen.analysis.glmm_shape import GlmmCurve, GlmmShapes
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

# Overdispersion: Pearson chi-square / residual df above this, and the chi-square test below ALPHA
# (Bolker's GLMM FAQ; a ratio near 1 is what a Poisson model expects).
OVERDISPERSION_RATIO = 1.2


@dataclass(frozen=True)
class Overdispersion:
    """Pearson chi-square of a Poisson fit over its residual df, its test and the remedy taken."""

    chi2: float
    df: int
    ratio: float
    p: float
    overdispersed: bool
    remedy: str | None  # "observation_level" (refitted), "negative_binomial" (needed) or None
    fit: str = ""  # the fit the check reads: the structure the first test chose, without (1 | obs)


@dataclass(frozen=True)
class PooledGlm:
    """Question 3 for these families: one logistic or Poisson regression, every row alike."""

    intercept: GlmmTerm
    slope: GlmmTerm
    time_ratio: RatioEstimate
    n: int


@dataclass(frozen=True)
class GlmmAnalysis:
    """Everything the report says about a binomial or Poisson response."""

    family: str
    family_reason: str  # why this family (FamilyChoice.reason)
    coded_from: tuple[float, float] | None  # a binary response's two values when not 0/1
    time_column: str
    fits: dict[str, GlmmFit]  # every GLMM fitted, by name
    model: str  # the random-effects structure the tests support (selection's rule codes)
    reason: str
    lrt_chisq: float
    lrt_df: int
    lrt_p_boundary: float
    chosen: str  # the fit the report stands on: ``model``, or its observation-level refit
    overdispersion: Overdispersion | None  # Poisson only
    time_ratio: RatioEstimate  # of the chosen fit, per unit of time
    # Of the random-intercept GLMM (question 5), with (1 | obs) when ``chosen`` has it.
    ri_time_ratio: RatioEstimate
    first: Prediction
    last: Prediction
    pooled: PooledGlm
    icc_latent: float | None  # binomial, random-intercept model: s2 / (s2 + pi^2/3)
    subject_multiplier_min: float  # exp(b_i) of the random-intercept model
    subject_multiplier_max: float
    lowest_subject: str
    highest_subject: str
    # Question 1 for these families: the response's mean (share of 1s), variance and share of zeros,
    # and the observed mean (share of 1s) at the first and last observed time.
    response_mean: float
    response_variance: float
    zero_share: float
    observed_first: float
    observed_last: float
    # Question 6: the first of the pair's odds or rate as a multiple of the second's (random intercept).
    pair_multiplier: float | None = None
    # The covariates' odds or rate ratios and time interactions (None without covariates).
    covariates: CovariateGlmm | None = None
    # The range of 95% of the subjects' odds or rate ratios per unit of time in the chosen fit,
    # exp(slope -+ 1.96 SD of the random slopes); None without random slopes or for a singular fit.
    slope_ratio_low: float | None = None
    slope_ratio_high: float | None = None
    # The chosen fit's random-effect SDs (link scale): the subjects' intercepts, read at time
    # ``intercept_time``, their slopes (None without) and the observation level's (None without).
    intercept_sd: float = 0.0
    intercept_time: float = 0.0
    slope_sd: float | None = None
    obs_sd: float | None = None
    # The trend's shape compared on GLMM fits with ``chosen``'s random part (analysis.glmm_shape);
    # a curve's stood-on GLMM (``chosen``'s random part with the curve) and its levels and change.
    shapes: GlmmShapes | None = field(default=None, metadata={"results": False})  # in trend.shapes
    shaped: GlmmFit | None = None
    curve: GlmmCurve | None = None
    # A covariate GLMM that could not be fitted reliably (``covariates`` is then None): its
    # covariates' GLMM sections are dropped and the family section says why (since 1.7).
    covariates_refused: CovariateRefusal | None = None
    # The fit (a ``fits`` name or ``shaped``'s) whose random intercepts the subjects' multipliers,
    # ``icc_latent`` and ``pair_multiplier`` read (analysis.glmm_subjects); "" before it was said.
    subjects_of: str = ""


def glmm_section(data: CleanData, analysis: Analysis, config: BuildConfig) -> GlmmAnalysis | None:
    """The family section's result: the analysis's GLMMs (None for a gaussian response)."""
    return analysis.glmm


def boundary_lrt(smaller: GlmmFit, larger: GlmmFit, df: int) -> tuple[float, float]:
    """Twice the log-likelihood gain, and its p against the 50:50 chi-square(df-1, df) mixture."""
    from reportgen.analysis.inference import loglik_ratio

    test = loglik_ratio(smaller.loglik, larger.loglik, df, boundary=True)
    return test.chisq, test.p_boundary


def choose_structure(
    fit: Any, ri: GlmmFit, rs: GlmmFit, time_sd: float
) -> tuple[str, str, float, int, float, dict[str, GlmmFit]]:
    """selection.py's rules on the GLMMs: (model, reason, chisq, df, p, extra fits).

    As there, the decision rests on fits that shifting time leaves alone: the random intercept
    against correlated slopes; a singular correlated fit with supported slopes is described by the
    uncorrelated refit (time from the first observed time) when that keeps a slope variance, else
    carried itself. ``fit`` fits a further structure by name (the uncorrelated refit, only when
    needed); ``time_sd`` puts the slope SD on the scale of the observed times.
    """
    chisq, p = boundary_lrt(ri, rs, 2)
    if _slope_spread(rs, time_sd) < SINGULAR_TOL:
        return RANDOM_INTERCEPT, "slope_variance_zero", chisq, 2, p, {}
    if p >= ALPHA:
        return RANDOM_INTERCEPT, "slopes_not_supported", chisq, 2, p, {}
    if not rs.singular:
        return RANDOM_SLOPE, "slopes_supported", chisq, 2, p, {}
    uncorrelated: GlmmFit = fit(UNCORRELATED)
    extra = {UNCORRELATED: uncorrelated}
    if _slope_spread(uncorrelated, time_sd) >= SINGULAR_TOL:
        reason = "uncorrelated_level_variance_zero" if uncorrelated.singular else "uncorrelated_supported"
        return UNCORRELATED, reason, chisq, 2, p, extra
    return RANDOM_SLOPE, "singular_slopes_supported", chisq, 2, p, extra


def _choose_with_observation_level(
    fit: Any, time_sd: float
) -> tuple[str, str, float, int, float, dict[str, GlmmFit]] | None:
    """The structure choice redone with an observation-level effect in both candidates (an
    overdispersed Poisson fit's remedy), as (model, reason, chisq, df, p, the refits by name);
    None when a refit fails or does not converge."""

    def refit(base: str) -> GlmmFit:
        result: GlmmFit = fit(f"{base}_{OBSERVATION_LEVEL}")
        if not result.converged:
            raise RuntimeError(f"{result.formula} did not converge")
        return result

    try:
        ri, rs = refit(RANDOM_INTERCEPT), refit(RANDOM_SLOPE)
        model, reason, chisq, df, p, extra = choose_structure(refit, ri, rs, time_sd)
    except (ModelError, ValueError, np.linalg.LinAlgError, RuntimeError):
        return None
    fits = {f.name: f for f in (ri, rs, *extra.values())}
    return model, reason, chisq, df, p, fits


def _slope_spread(fit: GlmmFit, time_sd: float) -> float:
    """The subjects' slope SD times the SD of time: their spread over the observed times (link scale)."""
    slope_sd = [v for k, v in fit.re_sd.items() if k not in (INTERCEPT, "obs")]
    return slope_sd[0] * time_sd if slope_sd else 0.0


def overdispersion(fit: GlmmFit) -> tuple[float, int, float, float, bool]:
    """Pearson chi-square, residual df, their ratio, the test's p, and whether it is overdispersed."""
    from scipy.special import chdtrc

    df = max(fit.residual_df, 1)
    ratio = fit.pearson_chi2 / df
    p = float(chdtrc(df, fit.pearson_chi2))
    return fit.pearson_chi2, df, ratio, p, bool(ratio > OVERDISPERSION_RATIO and p < ALPHA)


def predict_typical(fit: GlmmFit, family: str, time_column: str, at: float, vcov: np.ndarray) -> Prediction:
    """A typical subject's probability or expected count at time ``at``, with a Wald interval."""
    b0, b1 = fit.fixed[INTERCEPT].estimate, fit.fixed[time_column].estimate
    x = np.array([1.0, at])
    eta = b0 + b1 * at
    se = float(np.sqrt(max(x @ vcov @ x, 0.0)))
    inverse = _inverse_link(family)
    return Prediction(at, inverse(eta), inverse(eta - Z95 * se), inverse(eta + Z95 * se))


def _inverse_link(family: str) -> Any:
    if family == BINOMIAL:
        return lambda eta: float(1.0 / (1.0 + safe_exp(-eta)))
    return lambda eta: safe_exp(eta)


def pooled_glm(frame: pd.DataFrame, family: str, time_column: str) -> PooledGlm:
    """One logistic or Poisson regression of the response on time (statsmodels GLM)."""
    import statsmodels.api as sm

    time = frame["time"].to_numpy(float)
    t0 = float(time.min())
    X = sm.add_constant(time - t0, has_constant="add")
    fam = sm.families.Binomial() if family == BINOMIAL else sm.families.Poisson()
    result = sm.GLM(frame["response"].to_numpy(float), X, family=fam).fit()
    a = shift_back(["(Intercept)", "time"], t0)
    params, cov = a @ np.asarray(result.params), a @ np.asarray(result.cov_params()) @ a.T
    bse = np.sqrt(np.maximum(np.diag(cov), 0.0))
    intercept, slope = wald_term(float(params[0]), float(bse[0])), wald_term(float(params[1]), float(bse[1]))
    return PooledGlm(intercept, slope, ratio_of(slope), len(frame))


def analyse_glmm(
    frame: pd.DataFrame,
    choice: FamilyChoice,
    columns: tuple[str, str, str],
    pair: tuple[str, str] | None = None,
    covariates: tuple[str, ...] = (),
    factors: tuple[str, ...] = (),
    period: float | None = None,
) -> GlmmAnalysis:
    """Fit, choose, check and summarise the GLMMs of a binomial or Poisson response.

    Args:
        frame: the cleaned rows (``response``, ``time``, ``group``).
        choice: the family decision (binomial or Poisson).
        columns: the input's response, time and group column names (for the lme4 formulas).
        pair: question 6's two subjects, compared by their random intercepts.
        covariates: the covariate columns (in ``frame`` under their own names).
        factors: those given as factors (``--factor``), ``factor(Diet)`` in the lme4 formulas.
        period: the cycle's length (``--period``): the harmonic is then a candidate shape.
    """
    from reportgen.analysis.glmm_covariates import covariates_or_refusal, fit_covariates
    from reportgen.analysis.glmm_shape import compare_glmm_shapes, summarise_glmm_curve
    from reportgen.analysis.glmm_subjects import subjects_fit

    family, time_column = choice.family, columns[1]
    frame = frame.assign(response=coded_response(frame["response"].to_numpy(float), choice.family))
    time = frame["time"].to_numpy(float)
    t0 = float(time.min())

    def fit(name: str) -> GlmmFit:
        return fit_glmm(frame, name, family, columns, t0)

    ri, rs = fit(RANDOM_INTERCEPT), fit(RANDOM_SLOPE)
    time_sd = float(np.std(time))
    model, reason, chisq, df, p, extra = choose_structure(fit, ri, rs, time_sd)
    fits = {RANDOM_INTERCEPT: ri, RANDOM_SLOPE: rs, **extra}
    chosen = model
    dispersion = None
    if family == POISSON:
        checked = model  # the first choice, before any observation-level refit
        chi2, rdf, ratio, p_disp, over = overdispersion(fits[checked])
        remedy = None
        if over:
            redone = _choose_with_observation_level(fit, time_sd)
            if redone is None:
                remedy = "negative_binomial"
            else:
                model, reason, chisq, df, p, refits = redone
                fits.update(refits)
                chosen, remedy = f"{model}_{OBSERVATION_LEVEL}", OBSERVATION_LEVEL
        dispersion = Overdispersion(chi2, rdf, ratio, p_disp, over, remedy, checked)
    stand = fits[chosen]
    vcov = stand.vcov
    first, last = float(time.min()), float(time.max())
    shapes = compare_glmm_shapes(frame, stand, family, columns, t0, period)
    curved = shapes.comparison.curved
    shaped = shapes.fits[shapes.comparison.shape] if curved else None
    curve = summarise_glmm_curve(shaped, shapes.shape, family, time) if shaped is not None else None
    # The covariate GLMM has the stood-on curve's columns in place of time (covariate x shape).
    on_curve = shapes.shape if shaped is not None else None
    fit_with = functools.partial(fit_covariates, frame, covariates, chosen, family, columns, t0, factors)
    covariate_glmm, refused = covariates_or_refusal(covariates, fit_with, on_curve)
    # Question 5 and the subjects' multipliers read the random-intercept GLMM, with the
    # observation-level effect when overdispersion put it in the models compared.
    ri = fits.get(f"{RANDOM_INTERCEPT}_{OBSERVATION_LEVEL}", ri) if chosen != model else ri
    # The subjects' multipliers, ICC and pair: the curve stood on when it has intercepts only.
    subjects = subjects_fit(ri, shaped)
    ri_var = subjects.re_sd.get(INTERCEPT, 0.0) ** 2
    effects = subjects.subject_effects
    y = frame["response"].to_numpy(float)
    by_time = frame.groupby("time")["response"].mean()
    multiplier = None
    if pair is not None and pair[0] in effects and pair[1] in effects:
        multiplier = safe_exp(effects[pair[0]] - effects[pair[1]])
    return GlmmAnalysis(
        family=family,
        family_reason=choice.reason,
        coded_from=choice.coded_from,
        time_column=time_column,
        fits=fits,
        model=model,
        reason=reason,
        lrt_chisq=chisq,
        lrt_df=df,
        lrt_p_boundary=p,
        chosen=chosen,
        overdispersion=dispersion,
        time_ratio=ratio_of(stand.fixed[time_column]),
        ri_time_ratio=ratio_of(ri.fixed[time_column]),
        first=predict_typical(stand, family, time_column, first, vcov) if curve is None else curve.first,
        last=predict_typical(stand, family, time_column, last, vcov) if curve is None else curve.last,
        pooled=pooled_glm(frame, family, time_column),
        icc_latent=ri_var / (ri_var + math.pi**2 / 3) if family == BINOMIAL else None,
        subject_multiplier_min=safe_exp(min(effects.values())),
        subject_multiplier_max=safe_exp(max(effects.values())),
        lowest_subject=min(effects, key=effects.__getitem__),
        highest_subject=max(effects, key=effects.__getitem__),
        response_mean=float(y.mean()),
        response_variance=float(y.var(ddof=1)),
        zero_share=float(np.mean(y == 0)),
        observed_first=float(by_time.loc[first]),
        observed_last=float(by_time.loc[last]),
        pair_multiplier=multiplier,
        covariates=covariate_glmm,
        # A curve has no one slope to spread the subjects' ratios around.
        **(_slope_ratio_range(stand, time_column) if shaped is None else {}),
        intercept_sd=(shaped or stand).re_sd.get(INTERCEPT, 0.0),
        # An uncorrelated fit's intercept is its level at the first time (time counted from there).
        intercept_time=t0 if model == UNCORRELATED else 0.0,
        slope_sd=slope_sd(shaped or stand),
        obs_sd=(shaped or stand).re_sd.get("obs"),
        shapes=shapes,
        shaped=shaped,
        curve=curve,
        covariates_refused=refused,
        subjects_of=subjects.name,
    )


def slope_sd(fit: GlmmFit) -> float | None:
    """SD of the subjects' random slopes (lme4 names them by the time term), None without them."""
    return next((sd for term, sd in fit.re_sd.items() if term not in (INTERCEPT, "obs")), None)


def _slope_ratio_range(fit: GlmmFit, time_column: str) -> dict[str, float | None]:
    """95% of the subjects' ratios per unit of time: exp(slope -+ 1.96 SD of the random slopes)."""
    sd = slope_sd(fit)
    if sd is None or fit.singular:
        return {"slope_ratio_low": None, "slope_ratio_high": None}
    slope = fit.fixed[time_column].estimate
    return {"slope_ratio_low": safe_exp(slope - Z95 * sd), "slope_ratio_high": safe_exp(slope + Z95 * sd)}


# A GLMM's warnings, worded as the linear fits' (reportgen.analysis.lmm).
SINGULAR_WARNING = "singular fit: a variance is estimated at (or near) zero, or a correlation at +-1"
CONVERGENCE_WARNING = "the optimizer did not converge: the estimates may not be the optimum"


def glmm_warnings(g: GlmmAnalysis) -> list[str]:
    """Every GLMM's convergence problems and singular (boundary) fits, as ``<fit> (<formula>): <message>``
    (the GLMMs compared, then the covariate GLMM)."""
    fits = [
        *g.fits.values(),
        *([g.shaped] if g.shaped is not None else []),
        *([g.covariates.fit] if g.covariates is not None else []),
    ]
    return [
        f"{fit.name.replace('_', ' ')} GLMM ({fit.formula}): {message}"
        for fit in fits
        for message, shown in ((CONVERGENCE_WARNING, not fit.converged), (SINGULAR_WARNING, fit.singular))
        if shown
    ]
