"""``model_choice`` and ``headline`` of a report that stands on the model with every level.

With ``--group site/patient`` the report stands on ``models.multilevel`` (``model_choice.stands_on``
"multilevel"), so the numbers that describe the model stood on are that model's: the subjects'
(patients within their site) intercept and slope SDs, their correlation, levels at the reference
time, the residual SD and R². The one-grouping model's values of the same keys move under
``model_choice.one_grouping`` (the sections that still describe it read them there); the outer
levels' SDs are in ``multilevel.random``. ``model_choice.model`` and ``reason`` stay the choice among
one-grouping structures (what the seminar questions test).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reportgen.analysis.multilevel import INTERCEPT, subject_term
from reportgen.analysis.pooling import Z95

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit

# model_choice keys that describe the linear mixed model's fit (the rest: the data, or the choice).
LINEAR_CHOICE_KEYS = (
    "model",
    "random_effects",
    "reason",
    "level_sd_at_reference",
    "model_sd_at_reference",
    "corr_at_reference",
    "uncorrelated",
    "uncorrelated_lrt",
    "r2_marginal",
    "r2_conditional",
    "intercept_sd",
    "slope_sd",
    "corr",
    "slope_range_low",
    "slope_range_high",
    "slope_range_halfwidth",
    "residual_sd",
)

# The keys of model_choice that describe a fit (not the choice, its tests or the data).
FIT_KEYS = tuple(
    key
    for key in LINEAR_CHOICE_KEYS
    if key not in ("model", "random_effects", "reason", "uncorrelated", "uncorrelated_lrt")
)


def subject_effects(multilevel: MultilevelFit, at: float) -> dict[str, float | None]:
    """The subjects' random effects within their outer groups: intercept and slope SDs (slope 0
    without slopes at that level), their correlation, and the levels read at time ``at``."""
    sds = multilevel.random[subject_term(multilevel)]
    intercept = sds[INTERCEPT].sd
    slope = sds[multilevel.time].sd if multilevel.time in sds else 0.0
    corr = multilevel.correlations[subject_term(multilevel)]
    covariance = (corr or 0.0) * intercept * slope
    level_var = intercept**2 + 2 * at * covariance + at**2 * slope**2
    level_sd = math.sqrt(max(level_var, 0.0))
    corr_at = (
        (covariance + at * slope**2) / (level_sd * slope)
        if corr is not None and level_sd * slope > 0
        else None
    )
    return {
        "intercept_sd": intercept,
        "slope_sd": slope,
        "corr": corr,
        "level_sd_at_reference": level_sd,
        "model_sd_at_reference": math.sqrt(level_var + multilevel.residual_sd**2),
        "corr_at_reference": corr_at,
    }


def choice_with_levels(
    choice: Mapping[str, Any], multilevel: MultilevelFit, at: float, one_grouping: str
) -> dict[str, Any]:
    """``model_choice`` with the fit's keys read from the model with every level (the one-grouping
    values under ``one_grouping``, with that model's ``models`` name). The range of slopes is a
    subject's around its outer group's own slope (``slope_range_halfwidth``): the average slope has
    no one range (the groups vary too)."""
    effects = subject_effects(multilevel, at)
    slope = float(effects["slope_sd"] or 0.0)
    levels = {
        **effects,
        "r2_marginal": multilevel.r2_marginal,
        "r2_conditional": multilevel.r2_conditional,
        "slope_range_low": None,
        "slope_range_high": None,
        "slope_range_halfwidth": Z95 * slope if slope > 0 and not multilevel.singular else None,
        "residual_sd": multilevel.residual_sd,
    }
    return {
        **choice,
        **levels,
        "one_grouping": {"stands_on": one_grouping, **{key: choice[key] for key in FIT_KEYS}},
    }


def headline_model(multilevel: MultilevelFit) -> str:
    """The subjects' random effects in the model with every level, as ``headline.model`` names them."""
    return (
        "random_slope"
        if multilevel.time in multilevel.random[subject_term(multilevel)]
        else "random_intercept"
    )


def headline_levels(multilevel: MultilevelFit, headline: MultilevelFit) -> tuple[float, str, dict[str, str]]:
    """The headline's keys read from its model with every level (``analysis.headline_multilevel``,
    the one its slope comes from): the SD of the subjects' slopes within their outer groups, their
    random effects (``headline.model``) and the model's name in ``models`` (``headline.stands_on``,
    since 1.6)."""
    from reportgen.analysis.headline_levels import headline_entry

    slope_sd = float(subject_effects(headline, 0.0)["slope_sd"] or 0.0)
    return slope_sd, headline_model(headline), {"stands_on": headline_entry(multilevel, headline)}


def headline_record(fit: MultilevelFit) -> dict[str, dict[str, Any]]:
    """The headline's model with every level when it is not the one the report stands on (fitted
    without the covariates), as ``models`` records a model: ``{name: record}``."""
    from reportgen.analysis.headline_levels import NO_COVARIATES
    from reportgen.analysis.models import LMER_CONTROL

    return {
        NO_COVARIATES: {
            "formula": fit.formula,
            "family": "gaussian",
            "method": "REML",
            "control": LMER_CONTROL,
            "loglik": fit.loglik,
            "fixed": {term: {"estimate": c.estimate, "se": c.se} for term, c in fit.fixed.items()},
            "random": {
                group: {term: {"sd": sd.sd} for term, sd in terms.items()}
                for group, terms in fit.random.items()
            },
            # Its own choice of slopes, said where the headline is (statistician P 4; since 1.7).
            "slope_tests": {
                term: {"chisq": test.chisq, "df": test.df, "p": test.p}
                for term, test in fit.slope_tests.items()
            },
            "correlations": dict(fit.correlations),
        }
    }
