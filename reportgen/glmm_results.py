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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportgen.analysis.glmm import GlmmAnalysis


def glmm_headline(g: GlmmAnalysis, stands_on: str) -> dict[str, Any]:
    """The headline of the GLMM ``g.chosen`` (the ``models`` entry ``stands_on``): its slope per
    time unit on the link scale with the Wald z test, that slope as a ratio, and a typical
    subject's probability or expected count at the first observed time."""
    stand = g.fits[g.chosen]
    term = stand.fixed[g.time_column]
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
