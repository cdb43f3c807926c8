"""``headline`` and ``diagnostics`` of a report that stands on a GLMM (binomial or Poisson response).

Statistician M (session 7, epil and a simulated binary study): ``headline`` held the linear mixed
model's slope (epil: the singular random-slope fit, -0.49 per period) while ``model_choice.stands_on``
was the Poisson GLMM, and ``diagnostics.spread_by_time`` (a Brown-Forsythe test on 0/1 data) did not
say it read the linear model's residuals. Anything reading ``headline.*`` could take the wrong model.

One decision: the headline is the model the report stands on. For a GLMM it is that GLMM's time
coefficient on the link scale (log odds or log rate per time unit, Wald z), its ratio per time unit
with the Wald interval (``glmm.time_ratio``), and a typical subject's probability or expected count
at the first observed time (``glmm.first``). The linear model's headline moves under
``model_choice.linear.headline``, as its other keys did in 1.3. ``headline.stands_on`` names the
``models`` entry the headline is read from, and ``diagnostics.residuals_of`` the fit whose residuals
the diagnostics read, with ``diagnostics.approximation`` true when that is not the model stood on
(since 1.6).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis.glmm import GlmmAnalysis


def glmm_headline(g: GlmmAnalysis, stands_on: str) -> dict[str, Any]:
    """The headline of the GLMM ``g.chosen`` (the ``models`` entry ``stands_on``): its slope per
    time unit on the link scale with the Wald z test, that slope as a ratio, and a typical
    subject's probability or expected count at the first observed time."""
    stand = g.fits[g.chosen]
    term = stand.fixed[g.time_column]
    if g.curve is not None:
        return glmm_curve_headline(g, stands_on)
    return {
        "model": g.model,
        "reason": g.reason,
        "stands_on": stands_on,
        "family": g.family,
        "slope": term.estimate,
        "slope_se": term.se,
        "slope_z": term.z,
        "slope_p": term.p,
        "slope_ci_low": term.ci_low,
        "slope_ci_high": term.ci_high,
        "ratio": g.time_ratio.ratio,
        "ratio_ci_low": g.time_ratio.ci_low,
        "ratio_ci_high": g.time_ratio.ci_high,
        "level": g.first.value,
        "level_time": g.first.time,
        "slope_sd": g.slope_sd or 0.0,
        "slope_source": "line",
    }


def diagnostics_source(linear_model: str, stands_on: str) -> dict[str, Any]:
    """Whose residuals the diagnostics read (the linear mixed model ``linear_model``), and whether
    that is an approximation of the model the report stands on (a GLMM's: ``stands_on`` differs)."""
    return {"residuals_of": linear_model, "approximation": stands_on.startswith("glmm_")}


def with_linear_headline(choice: dict[str, Any], headline: dict[str, Any]) -> dict[str, Any]:
    """A GLMM report's ``model_choice`` with the linear mixed model's headline under ``linear``."""
    return {**choice, "linear": {**choice["linear"], "headline": headline}}


def glmm_curve_headline(g: GlmmAnalysis, stands_on: str) -> dict[str, Any]:
    """The headline of a curved GLMM (since 1.7): its average change per time unit on the link scale
    over the observed range, (eta(last) - eta(first)) / (last - first), with its Wald z test, and no
    ratio per time unit (null; ``slope_source`` "curve"), the levels at the first and last observed
    times, and the odds or rate ratio of the last to the first (``change_ratio``)."""
    assert g.curve is not None
    average, change = g.curve.average_slope, g.curve.change
    first, last = g.curve.first, g.curve.last
    return {
        "model": g.model,
        "reason": g.reason,
        "stands_on": stands_on,
        "family": g.family,
        "slope": average.estimate,
        "slope_se": average.se,
        "slope_z": average.z,
        "slope_p": average.p,
        "slope_ci_low": average.ci_low,
        "slope_ci_high": average.ci_high,
        # No ratio per time unit: no single one describes a curve (statistician S 3: 1.277 "per
        # visit" beside a peak at visit 2.81); its ratio of the last to the first is change_ratio.
        "ratio": None,
        "ratio_ci_low": None,
        "ratio_ci_high": None,
        "level": first.value,
        "level_time": first.time,
        "slope_sd": g.slope_sd or 0.0,
        "slope_source": "curve",
        "shape": g.curve.shape,
        "level_last": last.value,
        "level_last_time": last.time,
        "change_ratio": change.ratio,
        "change_ratio_ci_low": change.ci_low,
        "change_ratio_ci_high": change.ci_high,
        "change_p": change.p,
    }


def glmm_shape_keys(g: GlmmAnalysis, linear_shape: str) -> dict[str, Any]:
    """``trend``'s shape keys of a binomial or Poisson report (since 1.7): the shapes compared on
    GLMM fits (glmer's log-likelihood, AIC and df), ``shapes_family`` the GLMM's family, and the
    linear approximation's own choice under ``linear_shape`` (``trend.curve`` describes that one)."""
    assert g.shapes is not None
    comparison = g.shapes.comparison
    return {
        "shape": comparison.shape,
        "shapes": {name: asdict(fit) for name, fit in comparison.fits.items()},
        "shapes_family": g.family,
        "shapes_random": comparison.random,
        "linear_shape": linear_shape,
    }
