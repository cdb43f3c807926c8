"""Fitting one GLMM (binomial, Poisson) as lme4's glmer does: Laplace fits with ``mixedlm`` (imported
lazily), lme4's formulas and term names on the input's columns, Wald standard errors from the Hessian
of the Laplace deviance in (theta, beta) as lme4's default, and ratios on the reader's scale.

Time enters counted from the first observed time (a calendar year as time would leave the Hessian
ill-conditioned); estimates, their covariance and the formulas are given back on the raw column.
The choice between fits and what the report reads off them are in :mod:`reportgen.analysis.glmm`.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.family import BINOMIAL, POISSON
from reportgen.analysis.glmm_reached import glm_loglik, refuse_unreached
from reportgen.analysis.inference import Z95
from reportgen.analysis.selection import RANDOM_INTERCEPT, RANDOM_SLOPE, UNCORRELATED
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

# The observation-level random-effect refit of an overdispersed Poisson model.
OBSERVATION_LEVEL = "observation_level"
INTERCEPT = "(Intercept)"
# A finite-difference step for the Hessian of the deviance (lme4's deriv12 uses 1e-4).
HESSIAN_STEP = 1e-4


@dataclass(frozen=True)
class GlmmTerm:
    """One fixed effect on the link scale (log-odds or log-rate), with its Wald z test."""

    estimate: float
    se: float
    z: float
    p: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class GlmmFit:
    """One GLMM fitted by Laplace: what lme4 prints for it, and what the report reads off it."""

    name: str  # RANDOM_INTERCEPT, RANDOM_SLOPE, UNCORRELATED, or one of them + "_observation_level"
    formula: str  # lme4 syntax on the input's column names
    family: str
    method: str
    loglik: float
    df: int  # parameters: fixed effects and variance parameters
    fixed: dict[str, GlmmTerm]  # lme4's term names
    re_sd: dict[str, float]  # random-effect SDs by lme4's names ("(Intercept)", the time column)
    re_corr: float | None  # intercept-slope correlation of the correlated slope model
    singular: bool
    converged: bool
    n_obs: int
    n_groups: int
    pearson_chi2: float
    residual_df: int
    # Conditional modes of the subjects' intercepts (log-odds or log-rate scale).
    subject_effects: dict[str, float] = field(default_factory=dict)
    # The fixed effects' covariance (for intervals of predictions; not put into results.json).
    vcov: np.ndarray = field(
        default_factory=lambda: np.empty((0, 0)), repr=False, metadata={"results": False}
    )

    aic: float = math.nan  # -2 loglik + 2 df (set by fit_glmm)


@dataclass(frozen=True)
class RatioEstimate:
    """A multiplicative effect: exp(estimate) with its Wald 95% interval and p."""

    ratio: float
    ci_low: float
    ci_high: float
    p: float


def lme4_name(column: str) -> str:
    """A column as an R formula spells it (backticks around names that are not syntactic)."""
    return column if re.fullmatch(r"[A-Za-z.][A-Za-z0-9._]*", column) else f"`{column}`"


def _time_shift(time_column: str, t0: float) -> str:
    """lme4's spelling of time counted from t0."""
    if t0 == 0:
        return time_column
    sign = "-" if t0 > 0 else "+"
    return f"I({time_column} {sign} {abs(t0):g})"


def formula_of(name: str, response: str, time: str, group: str, t0: float) -> str:
    """The lme4 formula of one of the GLMMs, on the input's column names."""
    y, t, g = lme4_name(response), lme4_name(time), lme4_name(group)
    random = {
        RANDOM_INTERCEPT: f"(1 | {g})",
        RANDOM_SLOPE: f"({t} | {g})",
        UNCORRELATED: f"(1 | {g}) + (0 + {_time_shift(t, t0)} | {g})",
    }
    if name.endswith(OBSERVATION_LEVEL):
        base = name.removesuffix("_" + OBSERVATION_LEVEL)
        return f"{y} ~ {t} + {random[base]} + (1 | obs)"
    return f"{y} ~ {t} + {random[name]}"


INTERNAL_RANDOM = {
    RANDOM_INTERCEPT: "(1 | group)",
    RANDOM_SLOPE: "(time | group)",
    UNCORRELATED: "(1 | group) + (0 + time_from_start | group)",
}


def _family(family: str) -> Any:
    import mixedlm

    return mixedlm.families.Binomial() if family == BINOMIAL else mixedlm.families.Poisson()


def _hessian(f: Any, x: np.ndarray, step: float = HESSIAN_STEP) -> np.ndarray:
    """Central-difference Hessian of ``f`` at ``x``."""
    n = len(x)
    h = np.zeros((n, n))
    f0 = f(x)
    eye = np.eye(n) * step
    for i in range(n):
        h[i, i] = (f(x + eye[i]) - 2 * f0 + f(x - eye[i])) / step**2
        for j in range(i + 1, n):
            h[i, j] = h[j, i] = (
                f(x + eye[i] + eye[j])
                - f(x + eye[i] - eye[j])
                - f(x - eye[i] + eye[j])
                + f(x - eye[i] - eye[j])
            ) / (4 * step**2)
    return h


def fixed_vcov(model: Any) -> np.ndarray:
    """Covariance of the fixed effects as lme4 gives it: from the Hessian of the deviance in
    (theta, beta), twice its inverse's beta block; the conditional one when that is not definite."""
    from mixedlm.estimation.laplace import GLMMOptimizer

    theta, beta = np.asarray(model.theta, float), np.asarray(model.beta, float)
    try:
        joint = GLMMOptimizer(model.matrices, model.family, verbose=0, nAGQ=1).joint_objective()
        h = _hessian(joint, np.r_[theta, beta])
        inverse = np.linalg.inv(h)
        vcov = 2 * inverse[len(theta) :, len(theta) :]
        if np.all(np.isfinite(vcov)) and np.all(np.linalg.eigvalsh((vcov + vcov.T) / 2) > 0):
            return np.asarray((vcov + vcov.T) / 2)
    except (np.linalg.LinAlgError, ValueError, FloatingPointError):
        pass
    return np.asarray(model.vcov(), float)


def wald_term(estimate: float, se: float) -> GlmmTerm:
    from scipy.stats import norm

    z = estimate / se if se > 0 else math.nan
    p = float(2 * norm.sf(abs(z))) if math.isfinite(z) else math.nan
    return GlmmTerm(estimate, se, z, p, estimate - Z95 * se, estimate + Z95 * se)


def _pearson(y: np.ndarray, mu: np.ndarray, family: str) -> float:
    variance = mu * (1 - mu) if family == BINOMIAL else mu
    return float(np.sum((y - mu) ** 2 / np.maximum(variance, 1e-12)))


def fit_glmm(
    frame: pd.DataFrame, name: str, family: str, columns: tuple[str, str, str], t0: float
) -> GlmmFit:
    """Fit one GLMM (``name``: a random structure, or <structure>_observation_level) by Laplace."""
    response, time, group = columns
    return fit_formula(
        model_frame(frame, t0),
        _internal_formula(name),
        Lme4Names(formula_of(name, response, time, group, t0), {"time": time}),
        name,
        family,
        t0,
    )


@dataclass(frozen=True)
class Lme4Names:
    """How lme4 spells a fit: its formula on the input's columns, and the fixed-effect names by the
    internal ones (``time`` -> the time column; ``x0`` -> ``trtprogabide``; ``time:x0`` ->
    ``period:trtprogabide``)."""

    formula: str
    terms: dict[str, str]

    def term(self, internal: str) -> str:
        if internal == "(Intercept)":
            return INTERCEPT
        return ":".join(self.terms.get(part, part) for part in internal.split(":"))


def shift_back(terms: list[str], t0: float) -> np.ndarray:
    """The matrix taking fixed effects fitted on time - t0 to those on the raw time: each term's
    coefficient loses t0 times that of its product with time (``(Intercept)`` that of ``time``)."""
    index = {n: i for i, n in enumerate(terms)}
    a = np.eye(len(terms))
    for n, j in index.items():
        parts = n.split(":")
        if "time" not in parts:
            continue
        rest = [p for p in parts if p != "time"]
        base = ":".join(rest) if rest else "(Intercept)"
        if base in index:
            a[index[base], j] -= t0
    return a


def _fit_model(internal: str, data: pd.DataFrame, family: str) -> Any:
    """mixedlm's glmer, its failures to converge as a ModelError."""
    import mixedlm

    try:
        return mixedlm.glmer(internal, data=data, family=_family(family))
    except RuntimeError as error:
        raise ModelError(
            f"the {'Poisson' if family == POISSON else family} mixed model could not be fitted: "
            "the optimizer found no finite deviance "
            "(a few extreme values of the response, such as one count of 1e6, can do this); "
            "check the response's largest values, or use --family gaussian"
        ) from error


def fit_formula(
    data: pd.DataFrame, internal: str, names: Lme4Names, name: str, family: str, t0: float = 0.0
) -> GlmmFit:
    """Fit ``internal`` (on ``data``'s columns: response, time, group, ...) by Laplace.


    ``data``'s ``time`` is counted from ``t0`` (a well-conditioned fit whatever the time's origin:
    calendar years, or times near 1e6); the fixed effects, their covariance, the random intercepts
    and a correlated slope's intercept SD and correlation are put back on the raw time, as lme4
    fits them on the input's column.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # singular fits are read off is_singular() below
        model = _fit_model(internal, data, family)
        y = data["response"].to_numpy(float)
        loglik = float(model.logLik().value)
        bound = glm_loglik(y, np.asarray(model.matrices.X, float), family)
        family_name = "Poisson" if family == POISSON else family
        refuse_unreached(loglik, bound, bool(model.converged), names.formula, family_name)
        vcov_shifted = fixed_vcov(model)
        singular = bool(model.is_singular())
        mu = np.asarray(model.fitted(), float)
        varcorr = model.VarCorr()
    a = shift_back(list(model.fixef()), t0)
    beta = a @ np.asarray(model.beta, float)
    vcov = a @ vcov_shifted @ a.T
    fixed = {
        names.term(n): wald_term(float(b), math.sqrt(max(vcov[i, i], 0.0)))
        for i, (n, b) in enumerate(zip(model.fixef(), beta, strict=True))
    }
    random = model.ranef()["group"]
    correlated = "time" in random
    re_sd, corr = _random_sds(varcorr, names.terms["time"])
    intercepts = np.asarray(random["(Intercept)"], float)
    if correlated and t0 != 0:
        intercepts = intercepts - t0 * np.asarray(random["time"], float)
        re_sd, corr = _unshift_random(re_sd, corr, names.terms["time"], t0)
    structure = next(r for r in model.matrices.random_structures if r.grouping_factor == "group")
    levels = sorted(structure.level_map, key=structure.level_map.__getitem__)
    n_par = len(beta) + len(np.asarray(model.theta))
    return GlmmFit(
        name=name,
        formula=names.formula,
        family=family,
        method="Laplace",
        loglik=loglik,
        df=n_par,
        aic=-2.0 * loglik + 2.0 * n_par,
        fixed=fixed,
        re_sd=re_sd,
        re_corr=corr,
        singular=singular,
        converged=bool(model.converged),
        n_obs=len(y),
        n_groups=len(levels),
        pearson_chi2=_pearson(y, mu, family),
        residual_df=len(y) - n_par,
        subject_effects={str(g): float(b) for g, b in zip(levels, intercepts, strict=True)},
        vcov=vcov,
    )


def _unshift_random(
    re_sd: dict[str, float], corr: float | None, time: str, t0: float
) -> tuple[dict[str, float], float | None]:
    """A correlated (time | group)'s intercept SD and correlation at time 0 from those at t0."""
    sd0, sd1, r = re_sd.get(INTERCEPT, 0.0), re_sd.get(time, 0.0), corr or 0.0
    cov = r * sd0 * sd1 - t0 * sd1**2
    var0 = max(sd0**2 - 2 * t0 * r * sd0 * sd1 + t0**2 * sd1**2, 0.0)
    out = dict(re_sd) | {INTERCEPT: math.sqrt(var0)}
    if corr is None or var0 <= 0 or sd1 <= 0:
        return out, corr
    return out, max(-1.0, min(1.0, cov / (math.sqrt(var0) * sd1)))


def model_frame(frame: pd.DataFrame, t0: float) -> pd.DataFrame:
    """The columns the internal formulas name: time from the first time (as ``time`` and
    ``time_from_start``), an id per observation."""
    data = frame[["response", "time", "group"]].copy()
    data["group"] = data["group"].astype(str)
    data["time"] = data["time"] - t0
    data["time_from_start"] = data["time"]
    data["obs"] = np.arange(len(data)).astype(str)
    return data


def _internal_formula(name: str) -> str:
    """The formula mixedlm fits, on the frame's own column names."""
    base = name.removesuffix("_" + OBSERVATION_LEVEL)
    return f"response ~ time + {INTERNAL_RANDOM[base]}" + (" + (1 | obs)" if base != name else "")


def _random_sds(varcorr: Any, time: str) -> tuple[dict[str, float], float | None]:
    """The subjects' random-effect SDs by lme4's names ("obs": the observation level), and the
    intercept-slope correlation of a correlated slope model."""
    sds: dict[str, float] = {}
    for factor, variances in varcorr.as_dict().items():
        for term, variance in variances.items():
            label = "obs" if factor == "obs" else INTERCEPT if term == "(Intercept)" else time
            sds[label] = float(np.sqrt(max(float(variance), 0.0)))
    corr = varcorr.get_corr("group")
    value = None if corr is None or np.shape(corr) != (2, 2) else float(np.asarray(corr)[0, 1])
    return sds, value if value is not None and math.isfinite(value) else None


def safe_exp(x: float) -> float:
    """exp(x), inf past the float range (a ratio the data separate)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def ratio_of(term: GlmmTerm) -> RatioEstimate:
    """exp of a log-odds or log-rate effect, with its interval (inf where it overflows)."""
    return RatioEstimate(safe_exp(term.estimate), safe_exp(term.ci_low), safe_exp(term.ci_high), term.p)
