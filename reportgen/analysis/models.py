"""Every mixed model the report fits, named once, and each one as lme4 would refit it.

The registry (:func:`fitted_models`) lists the fits the report shows under their results names
(``models.<name>`` in ``results.json``); ``model_choice.model`` names one of them. A record
(:func:`model_record`) is what a reader needs to refit a model in R from its own data file:

- ``formula``: lme4 syntax on the input's column names, exactly the model fitted (terms in R's
  order, an uncorrelated slope with its time origin: ``y ~ t + (1 | g) + (0 + I(t - 14) | g)``),
  names that are not syntactic in R quoted with backticks;
- ``family`` ("gaussian" for a linear mixed model), ``method`` ("REML" or "ML"; "Laplace" for a
  GLMM), ``loglik`` (the REML log-likelihood for a REML fit, as ``logLik()`` prints it);
- ``theta``: the random-effects parameters at the optimum in lme4's parametrisation
  (``getME(m, "theta")``), a start for a refit where R's optimizers stop short on a singular fit;
- ``fixed.<term>.{estimate, se}``, terms named as R's ``model.matrix`` names them;
- ``control`` (a linear mixed model): the ``lmerControl`` call its refit needs (:data:`LMER_CONTROL`).

Adding a model (a GLMM, a curved trend) is one line in :func:`fitted_models`: its fit and the
model matrix it was fitted with.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.model_matrix import INTERCEPT, ModelMatrix
from reportgen.analysis.r_names import factor_term, r_name

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.covariates import CovariateEffect
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.analysis.selection import ModelChoice, SupportedModel
    from reportgen.analysis.trend import Trend

# The results names of the correlated models by their number of random effects.
RANDOM_EFFECTS = {1: "random_intercept", 2: "random_slope"}
# The frame's own column names for the three roles (clean.py renames the input's to these).
INTERNAL = {"response": "response", "time": "time", "group": "group"}
# The optimizer control every linear mixed model's refit needs (``models.<name>.control``, and the
# appendix prints it): lme4's default optimizer stops short on some fits (Sitka89: 174.64 against
# 186.885), bobyqa's default tolerances on others (Sitka89's spline ML fit: 467.218 against 467.231),
# Nelder-Mead on others by up to 12 (Orange's uncorrelated slopes); a tightly converged bobyqa
# reaches all 56 optima of Orange, CO2, Soybean, Sitka and Sitka89 within 0.01
# (tests/crosscheck/test_printed_call.py).
LMER_CONTROL = (
    'lme4::lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))'
)
# The control every GLMM's refit needs (``models.glmm_<name>.control``, printed by the appendix):
# glmer's default stops its inner iterations (PIRLS) at a relative change of 1e-7 in the penalized
# deviance and takes the log-determinant from the weights one step before, so its Laplace
# likelihood is off by up to 0.0015 and its optimum moves with it (a simulated binary study:
# -224.3973 against the Laplace optimum -224.3958, intercept 1.2e-3 relative away); run to
# convergence, glmer reaches the optimum reportgen fits (tests/crosscheck/test_eighth_read_models.py).
GLMER_CONTROL = (
    'lme4::glmerControl(optimizer = "bobyqa", tolPwrss = 1e-10, '
    "optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))"
)


@dataclass(frozen=True)
class ModelEntry:
    """A fitted model and the fixed-effects model matrix it was fitted with (None: ``1 + time``).

    ``family`` and ``method`` as in :func:`model_record` (a GLMM: "binomial", "Laplace").
    """

    fit: MixedFit
    design: ModelMatrix | None = None
    family: str = "gaussian"
    method: str | None = None
    # lme4's random terms in place of the fit's own, for a refit with every level (outer_levels).
    random: str | None = None


def _number(value: float) -> str:
    """A time origin as R reads it back exactly: 14, 6.25, 1e-05."""
    return repr(int(value)) if float(value).is_integer() else repr(float(value))


def _renamer(design: ModelMatrix | None, columns: Mapping[str, str], factors: Collection[str] = ()) -> Any:
    """Map one internal coefficient or term name (``time:sexM``) to R's on the input's columns
    (``factors``: the covariates given as factors, :func:`factor_term`)."""
    time = r_name(columns["time"])
    levels = dict(design.levels) if design is not None else {}
    covariates = design.covariates if design is not None else ()
    inside = re.compile(rf"\b{re.escape(INTERNAL['time'])}\b")
    named = {
        cov: factor_term(r_name(cov), levels[cov]) if cov in factors and cov in levels else r_name(cov)
        for cov in covariates
    }

    def piece(part: str) -> str:
        if part == INTERNAL["time"]:
            return time
        if "(" in part:  # a call such as I(time^2), log(time), splines::ns(time, 3)1
            return inside.sub(lambda _: time, part)
        for cov in sorted(covariates, key=len, reverse=True):
            if part == cov:
                return named[cov]
            if part.startswith(cov) and part[len(cov) :] in levels.get(cov, ()):
                return named[cov] + part[len(cov) :]
        return part

    def rename(name: str) -> str:
        return name if name == INTERCEPT else ":".join(piece(p) for p in name.split(":"))

    return rename


def _random_part(fit: MixedFit, columns: Mapping[str, str]) -> str:
    """lme4's random-effects terms of the fit: ``(1 | g)``, ``(t | g)``, ``(1 | g) + (0 + t | g)``."""
    # Subjects nested in sites (columns' "outer": "site"): lme4's site:patient, right whether or not
    # patient ids repeat across sites.
    levels = (*columns["outer"].split("/"), columns["group"]) if columns.get("outer") else (columns["group"],)
    group, time = ":".join(map(r_name, levels)), r_name(columns["time"])
    origin = fit.time_origin
    shifted = f"{time} {'-' if origin > 0 else '+'} {_number(abs(origin))}"
    slope, square = (f"I({shifted})", f"I(({shifted})^2)") if origin else (time, f"I({time}^2)")
    effects = [slope, square][: len(fit.random_names) - 1]
    if not effects:
        return f"(1 | {group})"
    if fit.covariance == "diagonal":
        return " + ".join([f"(1 | {group})", *(f"(0 + {e} | {group})" for e in effects)])
    return f"({' + '.join(effects)} | {group})"


def formula(
    fit: MixedFit,
    design: ModelMatrix | None,
    columns: Mapping[str, str],
    random: str | None = None,
    factors: Collection[str] = (),
) -> str:
    """The lme4 formula of a fit, on the input's column names (see the module docstring); ``random``:
    its random terms when they are not the fit's own (a refit with every level); ``factors``: the
    covariates given as factors (:func:`factor_term`)."""
    rename = _renamer(design, columns, factors)
    # The fit's own terms (those it was fitted with), else its design's, else its coefficients'.
    terms = fit.terms or (design.terms if design is not None else fit.fixed_names)
    fixed = [rename(t) for t in terms if t != INTERCEPT]
    if INTERCEPT not in terms:
        fixed.insert(0, "0")
    return (
        f"{r_name(columns['response'])} ~ {' + '.join(fixed) or '1'} + {random or _random_part(fit, columns)}"
    )


def model_record(
    fit: MixedFit,
    design: ModelMatrix | None,
    columns: Mapping[str, str],
    *,
    family: str = "gaussian",
    method: str | None = None,
    random: str | None = None,
    factors: Collection[str] = (),
) -> dict[str, Any]:
    """One ``models.<name>`` entry: formula, family, method, loglik and the fixed effects.

    Args:
        fit: the fitted model (what is read: ``coefficients``, ``loglik``, ``theta``, ``reml``,
            ``random_names``, ``covariance``, ``time_origin``).
        design: the model matrix it was fitted with (None for ``1 + time``).
        columns: the input's names of the response, time and group columns (and ``outer``, the
            grouping columns above the subject joined by "/", when there are any).
        family: "gaussian", "binomial" or "poisson".
        method: "REML", "ML" or "Laplace"; by default read from the fit (REML or ML).
        random: lme4's random terms in place of the fit's (see :func:`formula`).
        factors: the covariates given as factors, ``factor(Diet)`` in the formula and the fixed
            effects' names as R gives them (``factor(Diet)2``).
    """
    rename = _renamer(design, columns, factors)
    record = {
        "formula": formula(fit, design, columns, random, factors),
        "family": family,
        "method": method or ("REML" if fit.reml else "ML"),
        "loglik": fit.loglik,
        "theta": [float(v) for v in fit.theta],
        "fixed": {rename(name): {"estimate": c.estimate, "se": c.se} for name, c in fit.coefficients.items()},
    }
    return {**record, "control": LMER_CONTROL} if family == "gaussian" else record


def stands_on(choice: ModelChoice) -> str:
    """The results name of the mixed model the report stands on: its random effects, and its
    trend's shape when that is not a straight line (``uncorrelated_slope_spline3``)."""
    return choice.model if choice.shape == "linear" else f"{choice.model}_{choice.shape}"


def fitted_models(
    frame: pd.DataFrame,
    supported: SupportedModel,
    trend: Trend | None,
    covariates: Mapping[str, CovariateEffect],
    outer: MultilevelFit | None = None,
) -> dict[str, ModelEntry]:
    """Every mixed model the report shows, by its results name (REML fits, and the ML refits); with
    an outer level (``outer``) the covariates' model is their refit with every level's random terms."""
    from reportgen.analysis.model_matrix import build_model_matrix

    choice = supported.choice
    models = {
        "random_intercept": ModelEntry(supported.random_intercept),
        "random_slope": ModelEntry(supported.random_slope),
        "random_intercept_ml": ModelEntry(supported.random_intercept_ml),
    }
    if supported.random_slope_ml is not None:
        models["random_slope_ml"] = ModelEntry(supported.random_slope_ml)
    if choice.uncorrelated is not None:
        models["uncorrelated_slope"] = ModelEntry(choice.uncorrelated)
        if choice.uncorrelated_ml is not None:
            models["uncorrelated_slope_ml"] = ModelEntry(choice.uncorrelated_ml)
    if choice.shape != "linear":  # the model the report stands on follows the chosen curve
        from reportgen.analysis.shape import shape_design
        from reportgen.analysis.time_basis import chosen_shape

        design = shape_design(frame, chosen_shape(choice.shapes, frame["time"].to_numpy(float)))
        # The random-effects test on the curve: its random intercept and random slopes by ML.
        for fit in supported.shaped_ml or ():
            models[f"{RANDOM_EFFECTS[len(fit.random_names)]}_{choice.shape}_ml"] = ModelEntry(fit, design)
        if choice.slopes_fit is not None:  # its REML fit, whose correlation a singular fit reports
            models[f"random_slope_{choice.shape}"] = ModelEntry(choice.slopes_fit, design)
        models[stands_on(choice)] = ModelEntry(choice.fit, design)
        if choice.fit_ml is not None:
            models[f"{stands_on(choice)}_ml"] = ModelEntry(choice.fit_ml, design)
        if choice.model == "uncorrelated_slope" and choice.line is not None:  # the slope summaries' line
            models["uncorrelated_slope_line"] = ModelEntry(choice.line)
    if trend is not None:
        models["quadratic_trend"] = ModelEntry(trend.quadratic, build_model_matrix(frame, quadratic=True))
    if covariates:
        names = tuple(covariates)
        effect = next(iter(covariates.values()))  # one model carries every covariate
        design = effect.design if effect.design is not None else build_model_matrix(frame, covariates=names)
        if outer is None or effect.fit_with_levels is None:
            models["covariates"] = ModelEntry(effect.fit, design)
        else:  # its numbers are those of the refit with every level (outer_levels.with_outer_levels)
            from reportgen.analysis.outer_levels import random_part

            models["covariates"] = ModelEntry(effect.fit_with_levels, design, random=random_part(outer))
    return models
