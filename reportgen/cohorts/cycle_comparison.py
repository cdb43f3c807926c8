"""Cohorts compared on a cycle (the harmonic shape, ``--period``): by what the cycle model
estimates, never by a rate.

A cycle rises and falls by the same amount every period, so a cohort's "slope" over the observed
times only says where the observations start and end within a cycle. ``comparison.json`` then
holds each cohort's cycle from the model of all cohorts (its amplitude and mean level with their
intervals, its peak and trough times) and each cohort's amplitude and mean level minus the first
cohort's (``cycles``, the layout of ``results.json``'s ``covariates.<column>.cycles``), in place
of ``slope_by_cohort``; the index tells the cohorts' cycles and draws their amplitudes.

The sites' multilevel model (``--by site`` with five or more sites) fits straight lines: with a
period given the sites are compared as fixed effects in the model of the shape the data support.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reportgen.i18n import gettext as _
from reportgen.words import plural

if TYPE_CHECKING:
    from reportgen.analysis.covariates import CovariateEffect


def cycle_sites_reason(cohorts: int, by: str) -> str:
    """Why sites that would be random effects are fixed ones when a period is given."""
    return _(
        "%(count)s %(sites)s and a period given: the multilevel model of %(sites)s fits straight "
        "lines only, so the %(sites)s are compared as fixed effects in a model that can carry the cycle"
    ) % {"count": cohorts, "sites": plural(by)}


def cohort_effects_document(effect: CovariateEffect) -> dict[str, Any]:
    """What ``comparison.json`` says of each cohort: its cycle on a cycle, else its average slope."""
    from reportgen.results import level_cycles_document

    if effect.cycles is not None:
        period = next(iter(effect.cycles.by_level.values())).period
        return {"cycles": {"period": period, **level_cycles_document(effect.cycles)}}
    return {
        "slope_by_cohort": {
            level: {"estimate": c.estimate, "se": c.se, "df": c.df, "ci_low": c.ci_low, "ci_high": c.ci_high}
            for level, c in effect.slope_by_level.items()
        }
    }


def cohort_amplitude(summary: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A cohort's own amplitude (``trend.curve.cycle.amplitude`` of its results) when its report
    tells a cycle, else None (its headline is then a slope or a GLMM's ratio)."""
    curve = ((summary or {}).get("trend") or {}).get("curve") or {}
    cycle = curve.get("cycle")
    return cycle["amplitude"] if cycle else None


def cycles_differ_verdict(p: float, cohort: str) -> str:
    """What the test of the cohort x cycle terms says: the cohorts' cycles (amplitude, mean level
    or peak) differ, or one cycle is shared (no rate: a cycle has none)."""
    from reportgen.narrative.model_rules import evidence

    words = evidence(p)
    if p < 0.05:
        return _(
            "there is %(evidence)s that the cycle (its amplitude, mean level or peak time) differs "
            "with %(cohort)s"
        ) % {"evidence": words, "cohort": cohort}
    return _(
        "the data give %(evidence)s that the cycle (its amplitude, mean level or peak time) differs "
        "with %(cohort)s"
    ) % {"evidence": words, "cohort": cohort}
