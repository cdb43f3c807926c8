"""The results document: every computed number, nested, JSON-ready (``results.json``).

Templates read numbers only from here (through the ``num`` filter), so the report and the
JSON can never disagree. Subject ids are strings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.pairs import extremes
from reportgen.analysis.pooling import Z95
from reportgen.analysis.series_schedule import series_keys
from reportgen.multilevel_results import LINEAR_CHOICE_KEYS
from reportgen.schemas import VERSIONS
from reportgen.subject_tables import SubjectTable, subject_table, table_json

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.covariate_cycle import LevelCycles
    from reportgen.analysis.covariate_effects import Differences
    from reportgen.analysis.covariates import CovariateEffect
    from reportgen.analysis.glmm import GlmmAnalysis
    from reportgen.analysis.inference import LikelihoodRatio
    from reportgen.analysis.influence import Influence
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.regression import Coefficient
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig


class MissingResult(KeyError):
    """Raised when a template asks for a number the results do not hold."""


def _coefficients(prefix: str, c: Coefficient, stat: str) -> dict[str, float]:
    out = {
        prefix: c.estimate,
        f"{prefix}_se": c.se,
        f"{prefix}_{stat}": c.stat,
        f"{prefix}_p": c.p,
        f"{prefix}_ci_low": c.ci_low,
        f"{prefix}_ci_high": c.ci_high,
    }
    if math.isfinite(c.df):  # Satterthwaite degrees of freedom of the t test (mixed models)
        out[f"{prefix}_df"] = c.df
    return out


def _coefficient(c: Coefficient) -> dict[str, float]:
    """One row of a fixed-effects table: estimate, se, t, df, p and 95% interval."""
    return {
        "estimate": c.estimate,
        "se": c.se,
        "t": c.stat,
        "df": c.df,
        "p": c.p,
        "ci_low": c.ci_low,
        "ci_high": c.ci_high,
    }


def _term(name: str, time_column: str) -> str:
    """A fixed-effect name as the user's columns spell it: ``time:SexM`` -> ``age:SexM``
    (``splines::ns(time, 4)1:TypeQuebec`` -> ``splines::ns(conc, 4)1:TypeQuebec``: a double colon
    does not split)."""
    import re

    from reportgen.analysis.time_basis import relabel

    return ":".join(relabel(p, time_column) for p in re.split(r"(?<!:):(?!:)", name))


def _table(coefficients: Mapping[str, Coefficient], time_column: str) -> dict[str, dict[str, float]]:
    return {_term(name, time_column): _coefficient(c) for name, c in coefficients.items()}


def _lrt(test: LikelihoodRatio | None) -> dict[str, float] | None:
    if test is None:
        return None
    return {"chisq": test.chisq, "df": test.df, "p": test.p, "p_boundary": test.p_boundary}


def levels_at_reference(fit: MixedFit, at: float) -> dict[str, float | None]:
    """A fit's subjects' levels at time ``at``: their SD, the SD of a measurement there (levels and
    residual) and the levels' correlation with the slopes (None without slopes or at a zero variance)."""
    from reportgen.analysis.selection import effects_at

    level_sd, corr = effects_at(fit, at)
    return {
        "level_sd_at_reference": level_sd,
        "model_sd_at_reference": math.sqrt(level_sd**2 + fit.residual_var),
        "corr_at_reference": corr,
    }


def random_effect_sds(fit: MixedFit, average_slope: float, curved: bool = False) -> dict[str, float | None]:
    """A fit's random effects read at time 0 (``intercept_sd``, ``corr``), its slope SD and, for a
    regular fit with slopes (or one singular only in its levels' variance), the half-width of the
    range of 95% of subjects' slopes; around ``average_slope`` for a straight line. A curve has no
    one slope to centre the range on (its rate changes over time; the straight line's slope is
    another model's), so its ``slope_range_low``/``high`` are null (since 1.4)."""
    from reportgen.analysis.selection import effects_at, level_at_boundary

    intercept_sd, corr = effects_at(fit, 0.0)
    corr = None if fit.covariance == "diagonal" else corr  # uncorrelated slopes: none estimated
    slope_sd = math.sqrt(max(float(fit.re_cov[1, 1]), 0.0)) if fit.random_slope else 0.0
    ranged = fit.random_slope and (not fit.singular or level_at_boundary(fit))
    centred = ranged and not curved
    return {
        "intercept_sd": intercept_sd,
        "slope_sd": slope_sd,
        "corr": corr,
        "slope_range_low": average_slope - Z95 * slope_sd if centred else None,
        "slope_range_high": average_slope + Z95 * slope_sd if centred else None,
        "slope_range_halfwidth": Z95 * slope_sd if ranged else None,
    }


def refit_scale(fit: MixedFit) -> dict[str, float | int] | None:
    """How far apart the scales of a linear mixed model's random effects are for lme4's optimizer
    (reportgen.refit_control; since 1.6): None with one random effect or a zero variance."""
    from reportgen.refit_control import theta_ratio, time_divisor

    ratio = theta_ratio(fit.re_cov, fit.residual_var)
    return None if ratio is None else {"theta_ratio": ratio, "time_divisor": time_divisor(ratio)}


def _choice(a: Analysis) -> dict[str, Any]:
    """The supported random-effects structure, and intercepts read inside the data: the levels of
    the model the report stands on (``choice.fit``, its trend's shape and random effects)."""
    from reportgen.analysis.models import stands_on as linear_model

    choice = a.choice
    levels = levels_at_reference(choice.fit, choice.reference_time)
    out: dict[str, Any] = {
        "model": linear_model(choice),
        "random_effects": choice.model,  # since 1.5 (1.4's `model`)
        "reason": choice.reason,
        "stands_on": stands_on(a),
        "reference_time": choice.reference_time,
        "level_sd_at_reference": levels["level_sd_at_reference"],
        "observed_sd_at_reference": choice.observed_sd_at_reference,
        "observed_n_at_reference": choice.observed_n_at_reference,
        "observed_groups_at_reference": choice.observed_groups_at_reference,
        "model_sd_at_reference": levels["model_sd_at_reference"],
        "corr_at_reference": levels["corr_at_reference"],
        # The correlated random-slope fit the choice tested (on the trend's shape): its correlation.
        "random_slope_corr": choice.slopes_fit.corr if choice.slopes_fit is not None else None,
        "uncorrelated": None,
        "uncorrelated_lrt": _lrt(choice.uncorrelated_lrt),
        "r2_marginal": a.explained.marginal,
        "r2_conditional": a.explained.conditional,
        **random_effect_sds(
            choice.fit, choice.straight.slope.estimate, choice.shapes is not None and choice.shapes.curved
        ),
        "residual_sd": math.sqrt(max(choice.fit.residual_var, 0.0)),  # since 1.4
        "refit_scale": refit_scale(choice.fit) if a.glmm is None and a.multilevel is None else None,
    }
    if choice.uncorrelated is not None:
        u = choice.uncorrelated
        out["uncorrelated"] = {
            **_model(u),
            "slope_var": float(u.re_cov[1, 1]),
            "slope_sd": math.sqrt(max(float(u.re_cov[1, 1]), 0.0)),
        }
    if a.multilevel is not None:  # the fit's numbers are the model's with every level (since 1.5)
        from reportgen.analysis.models import stands_on as linear_model
        from reportgen.multilevel_results import choice_with_levels

        out = choice_with_levels(out, a.multilevel, choice.reference_time, linear_model(choice))
    out = _glmm_choice(out, a.glmm) if a.glmm is not None else out
    return {**out, "model": out["stands_on"]}  # the name a reader refits (since 1.5)


def _glmm_choice(linear: dict[str, Any], g: GlmmAnalysis) -> dict[str, Any]:
    """A binomial or Poisson report's model_choice: ``model`` and ``reason`` are the GLMM's choice
    (the one the report stands on), the linear mixed model's keys move under ``linear`` (since 1.3;
    its ``headline`` too since 1.6, :func:`reportgen.glmm_results.with_linear_headline`)."""
    kept = {key: value for key, value in linear.items() if key not in LINEAR_CHOICE_KEYS}
    return {
        "random_effects": g.model,
        "reason": g.reason,
        **kept,
        "linear": {key: linear[key] for key in LINEAR_CHOICE_KEYS},
    }


def _models(a: Analysis, config: BuildConfig) -> dict[str, Any]:
    """Every mixed model fitted, as lme4 refits it from the input file (see analysis.models)."""
    from reportgen.analysis.models import GLMER_CONTROL, model_record

    columns = {"response": config.response, "time": config.time, "group": config.group}
    if config.outer_groups:
        columns["outer"] = "/".join(config.outer_groups)
    records = {
        name: model_record(
            entry.fit,
            entry.design,
            columns,
            family=entry.family,
            method=entry.method,
            random=entry.random,
            factors=config.factors,
        )
        for name, entry in a.models.items()
    }
    if a.multilevel is not None and a.headline_multilevel not in (None, a.multilevel):
        from reportgen.multilevel_results import headline_record

        records.update(headline_record(a.headline_multilevel))  # since 1.6
    glmm_fits = dict(a.glmm.fits) if a.glmm is not None else {}
    if a.glmm is not None and a.glmm.shaped is not None:  # since 1.7: the curve the report stands on
        glmm_fits[a.glmm.shaped.name] = a.glmm.shaped
    if a.glmm is not None and a.glmm.covariates is not None and a.glmm.covariates.chosen is not None:
        glmm_fits["covariates"] = a.glmm.covariates.chosen  # the model the covariate sections read
    for name, fit in glmm_fits.items():
        records[f"glmm_{name}"] = {
            "formula": fit.formula,
            "family": fit.family,
            "method": fit.method,
            "control": GLMER_CONTROL,  # since 1.5
            "loglik": fit.loglik,
            "fixed": {term: {"estimate": t.estimate, "se": t.se} for term, t in fit.fixed.items()},
        }
    return records


def multilevel_record(multilevel: Mapping[str, Any]) -> dict[str, Any]:
    """The model at every level (results' ``multilevel``) as ``models.multilevel`` records it."""
    from reportgen.analysis.models import LMER_CONTROL

    return {
        "formula": multilevel["formula"],
        "family": "gaussian",
        "method": "REML",
        "control": LMER_CONTROL,
        "loglik": multilevel["loglik"],
        "fixed": {
            term: {"estimate": c["estimate"], "se": c["se"]} for term, c in multilevel["fixed"].items()
        },
        "random": multilevel["random"],
    }


def stands_on(a: Analysis) -> str:
    """The ``models`` name of the model the report stands on: a binomial or Poisson response's
    chosen GLMM; the model with every level when subjects are nested in an outer level; else the
    chosen linear mixed model (with its trend's shape)."""
    from reportgen.analysis.models import stands_on as linear_model

    if a.glmm is not None:
        return f"glmm_{a.glmm.chosen if a.glmm.shaped is None else a.glmm.shaped.name}"
    return "multilevel" if a.multilevel is not None else linear_model(a.choice)


def _fits(a: Analysis) -> dict[str, Any]:
    """Every REML fit the report shows, with its convergence and warnings (for the appendix)."""
    fits = {
        "random intercept": a.random_intercept,
        "random slopes": a.random_slope,
        **({"quadratic trend": a.trend.quadratic} if a.trend else {}),
        **({"uncorrelated random slopes": a.choice.uncorrelated} if a.choice.uncorrelated else {}),
        # A curve's model the report stands on is a fit of its own (the straight ones above are not it).
        **({f"chosen model ({a.choice.shape})": a.choice.fit} if a.choice.shape != "linear" else {}),
        **{f"covariates ({column})": e.fit for column, e in a.covariates.items()},
    }
    out: dict[str, Any] = {
        "count": len(fits),
        "converged": all(f.converged for f in fits.values()),
        "warnings": [f"{name}: {message}" for name, f in fits.items() for message in f.warnings],
    }
    if a.glmm is not None:  # the GLMMs a binomial or Poisson report stands on (since 1.3)
        from reportgen.analysis.glmm import glmm_warnings

        extra = (a.glmm.covariates is not None) + (a.glmm.shaped is not None)
        out["glmm_count"] = len(a.glmm.fits) + extra
        out["glmm_warnings"] = glmm_warnings(a.glmm)
    return out


def _headline(a: Analysis) -> dict[str, Any]:
    """The slope of the model the tests support: what summaries (email, cohort index) show.

    With its average level at the first observed time (``level``, at ``level_time``) and the
    spread of its subjects' slopes (``slope_sd``: 0 when the model gives every subject one slope).
    """
    from reportgen.analysis.headline import analysis_headline
    from reportgen.analysis.models import stands_on as linear_model
    from reportgen.headline_rate import headline_rate

    choice = a.choice
    # A curve: its level there, and its average rate over the observed range (analysis.headline).
    head = analysis_headline(a)
    # The spread of slopes is the model's the report stands on (a curve's random slopes are the
    # same kind of effect; its straight line's fit can be singular where the curve's is not).
    chosen = choice.fit
    slope_sd = math.sqrt(max(float(chosen.re_cov[1, 1]), 0.0)) if chosen.random_slope else 0.0
    model, reason = choice.model, choice.reason
    # The models entry it is read from (since 1.6; a GLMM report keeps it in model_choice.linear).
    named: dict[str, Any] = {} if a.multilevel is not None else {"stands_on": linear_model(choice)}
    if a.multilevel is not None and a.headline_multilevel is not None:  # its subjects' slopes, named
        from reportgen.analysis.subject_slope_choice import headline_reason
        from reportgen.multilevel_results import headline_levels

        slope_sd, model, named = headline_levels(a.multilevel, a.headline_multilevel)
        reason = headline_reason(choice.reason, a.headline_multilevel)
    return {
        "model": model,
        "reason": reason,
        **named,
        **headline_rate(head.source, _coefficients("slope", head.slope, "t")),  # none on a cycle
        "level": head.level,
        "level_time": head.level_time,
        "slope_sd": slope_sd,
        "slope_source": head.source,
    }


def _trend(a: Analysis, time_column: str) -> dict[str, Any] | None:
    from reportgen.trend_of import trend_of

    t = a.trend
    if t is None:
        return None
    return {
        "supported": t.supported,
        "quadratic_lrt": _lrt(t.quadratic_lrt),
        "curvature": t.curvature,
        "curvature_p": t.curvature_p,
        "turning_time": t.turning_time,
        "turns_inside": t.turns_inside,
        "observed_turn": t.observed_turn,
        "turn_agrees": t.turn_agrees,
        "bins_off_zero": t.bins_off_zero,
        "binned": t.binned,
        "bins_off_zero_p": t.bins_off_zero_p,
        "line_misses": t.line_misses,
        "residual_bins": [asdict(b) for b in t.residual_bins],
        "quadratic": _table(t.quadratic.coefficients, time_column),
        **_shape(a),
        **trend_of(a.glmm is not None),
    }


def _shape(a: Analysis) -> dict[str, Any]:
    """The trend's chosen shape, every candidate's ML fit and a curve's levels and change."""
    from reportgen.glmm_results import glmm_shape_keys

    shapes, curve = a.choice.shapes, a.trend.curve if a.trend else None
    if shapes is None:
        return {}
    levels: dict[str, Any] | None = None
    if curve is not None:
        named = zip(("first", "middle", "last"), curve.times, curve.levels, strict=True)
        levels = {name: {"time": t, **_coefficient(c)} for name, t, c in named}
        for name, seen in zip(("first", "middle", "last"), curve.measured, strict=False):
            levels[name]["measured"] = None if seen is None else asdict(seen)  # since 1.5
        if curve.cycle is None:  # since 1.7 absent on a cycle: its first-to-last change is no finding
            levels["change"] = _coefficient(curve.change)
        levels["bend"] = curve.bend
        if curve.fastest_time is not None:
            levels["fastest_time"] = curve.fastest_time
        if curve.extreme is not None and curve.after_extreme is not None:
            levels["extreme"] = {
                "kind": curve.extreme_kind,
                "time": curve.extreme_time,
                **_coefficient(curve.extreme),
            }
            levels["after_extreme"] = _coefficient(curve.after_extreme)
        if curve.cycle is not None:  # since 1.6: a harmonic trend's mean level, amplitude and phase
            cycle = curve.cycle
            levels["cycle"] = {
                "period": cycle.period,
                "mean_level": _coefficient(cycle.mean_level),
                "amplitude": _coefficient(cycle.amplitude),
                "peak_time": cycle.peak_time,
                "trough_time": cycle.trough_time,
            }
    return {
        "shape": shapes.shape,
        "shapes": {k: asdict(v) for k, v in shapes.fits.items()},
        "shapes_family": "gaussian",  # since 1.5: linear mixed models, whatever the response's family
        "curve": levels,
        **({} if a.glmm is None or a.glmm.shapes is None else glmm_shape_keys(a.glmm, shapes.shape)),
        "by_covariate": {column: _lrt(test) for column, test in a.shape_by_covariate.items()},
    }


def _covariates(a: Analysis, time_column: str) -> dict[str, Any]:
    out = {}
    for column, e in a.covariates.items():
        out[column] = {
            "kind": e.kind,
            "within_subject": e.within_subject,
            "subject_condition_term": e.subject_condition_term,
            "levels": list(e.levels),
            "level_values": list(e.level_values),
            "level_counts": dict(e.level_counts),
            "fixed": _table(e.fixed, time_column),
            # since 1.7 absent on a cycle, which has no rate (its levels' cycles are under "cycles")
            **_slopes(e),
            "main_test": asdict(e.main_test),
            "difference_at_start": asdict(e.difference_at_start),
            "mean_time": e.mean_time,
            "difference_at_mean_time": (
                asdict(e.difference_at_mean_time) if e.difference_at_mean_time is not None else None
            ),
            "measured_at_start": (asdict(e.measured_at_start) if e.measured_at_start is not None else None),
            "measured_means_at_start": dict(e.measured_means_at_start),
            # since 1.6, only when set: the grouping whose random intercept measured_at_start has
            **({"measured_at_start_by": e.measured_at_start_by} if e.measured_at_start_by else {}),
            # since 1.7, only when set: the other covariates' levels those values are taken at
            **(
                {"measured_at_start_held": dict(e.measured_at_start_held)} if e.measured_at_start_held else {}
            ),
            # since 1.7, only when true: the differences come from the model with the pairing term
            **({"differences_paired": True} if e.differences_paired else {}),
            "model_at_start": dict(e.model_at_start),
            "interaction_test": asdict(e.interaction_test),
            "lrt_interaction": _lrt(e.lrt_interaction),
            "random_slope_lrt": _lrt(e.random_slope_lrt),
            "slopes_explained_away": e.slopes_explained_away,
            "structure": e.structure,
            "distinct_values": e.distinct_values,
            "whole_numbers": e.whole_numbers,
            "held_at": {
                other: {"reference_level": at} if isinstance(at, str) else {"mean": at}
                for other, at in e.held_at.items()
            },
            **_covariate_effects(e),
            "shape": e.shape,
            "time_interaction": e.time_interaction,
            "main_effect_time": e.main_effect_time,
            **_level_cycles(e),
        }
    return out


def _level_cycles(e: CovariateEffect) -> dict[str, Any]:
    """A cyclic trend's cycle at each level of a covariate (since 1.6; absent otherwise)."""
    return {} if e.cycles is None else {"cycles": level_cycles_document(e.cycles)}


def level_cycles_document(c: LevelCycles) -> dict[str, Any]:
    """Each level's cycle and the amplitude and mean-level differences from the reference level
    (``covariates.<column>.cycles``; the cohorts' ``comparison.json`` ``cycles``)."""
    return {
        "reference": c.reference,
        "by_level": {
            level: {
                "mean_level": _coefficient(cycle.mean_level),
                "amplitude": _coefficient(cycle.amplitude),
                "peak_time": cycle.peak_time,
                "trough_time": cycle.trough_time,
            }
            for level, cycle in c.by_level.items()
        },
        "amplitude_difference": {lv: _coefficient(d) for lv, d in c.amplitude_difference.items()},
        "mean_level_difference": {lv: _coefficient(d) for lv, d in c.mean_level_difference.items()},
    }


def _slopes(e: CovariateEffect) -> dict[str, Any]:
    """Each level's average slope (``slope_by_level``); none on a cycle (since 1.7)."""
    if e.cycles is not None:
        return {}
    return {"slope_by_level": {level: _coefficient(c) for level, c in e.slope_by_level.items()}}


def _differences(d: Differences, cycle: bool = False) -> dict[str, Any]:
    """Differences from the reference level; on a cycle without their first-to-last ``change``
    (the same phase comes back every period: since 1.7 absent there)."""
    out = {
        "reference": d.reference,
        "times": dict(d.times),
        "at": {lv: {w: _coefficient(c) for w, c in by.items()} for lv, by in d.at.items()},
    }
    if not cycle:
        out["change"] = {lv: _coefficient(c) for lv, c in d.change.items()}
    return out


def _covariate_effects(e: CovariateEffect) -> dict[str, Any]:
    """A covariate's differences, its interactions with the others and its model's random part."""
    d, part = e.differences, e.random_part
    other = lambda pair: pair[1] if pair[0] == e.column else pair[0]  # noqa: E731
    return {
        "differences": None if d is None else _differences(d, e.cycles is not None),
        "differences_by": {
            other: {level: _differences(at, e.cycles is not None) for level, at in by.items()}
            for other, by in e.differences_by.items()
        },
        "interactions": {
            other(i.pair): {
                "level": asdict(i.level),
                "slope": asdict(i.slope),
                "joint": asdict(i.joint),
                "kept": i.kept,
            }
            for i in e.interactions
        },
        "random_part": None if part is None else asdict(part),
    }


def _model(fit: MixedFit) -> dict[str, Any]:
    """Estimates and fit quality shared by both mixed models."""
    out: dict[str, Any] = {
        **_coefficients("intercept", fit.intercept, "t"),
        **_coefficients("slope", fit.slope, "t"),
        "group_var": fit.group_var,
        "group_sd": math.sqrt(fit.group_var),
    }
    if fit.random_slope:
        out |= {
            "slope_var": fit.slope_var,
            "slope_sd": math.sqrt(fit.re_cov[1, 1]),
            "covariance": float(fit.re_cov[0, 1]),
            "corr": fit.corr,
        }
    return out | {
        "residual_var": fit.residual_var,
        "residual_sd": math.sqrt(fit.residual_var),
        "reml_loglik": fit.loglik,
        "reml_criterion": fit.criterion,
        "converged": fit.converged,
        "singular": fit.singular,
        "engine": fit.engine,
        "optimizer": fit.optimizer,
        "optimizers_agree": fit.optimizers_agree,
        "scaled_gradient": fit.gradient_norm,
        "warnings": list(fit.warnings),
        "n_obs": fit.n_obs,
        "n_groups": len(fit.groups),
    }


def _family(a: Analysis) -> dict[str, Any]:
    """The response's family, decided once, and why (a rule code)."""
    f = a.family
    if f is None:
        return {"name": "gaussian", "reason": "user_gaussian", "kind": "continuous", "coded_from": None}
    coded = list(f.coded_from) if f.coded_from is not None else None
    return {"name": f.family, "reason": f.reason, "kind": f.kind, "coded_from": coded}


def _glmm(a: Analysis) -> dict[str, Any] | None:
    """A binomial or Poisson response's GLMMs, as the family section's result puts them (the
    questions' words read them too, so they are here whether or not that section is shown)."""
    from reportgen.sections import result_fields

    return result_fields(a.glmm) if a.glmm is not None else None


def _influence(influence: Influence) -> dict[str, Any]:
    """``asdict`` of the influence check, its 100,000-entry slope changes as a subject table."""
    out = {f.name: getattr(influence, f.name) for f in fields(influence)}
    changes = influence.slope_changes
    return out | {"slope_changes": subject_table(changes, list(changes.values()))}


def _outer_influence(a: Analysis) -> dict[str, Any]:
    """``influence.outer`` with an outer level: each outer group left out of the line with every
    level; no key with one grouping."""
    outer = a.outer_influence
    if outer is None:
        return {}
    extra = {
        "slope_without": asdict(outer.without[outer.most_influential]),
        "changes_conclusion": outer.changes_conclusion,
    }
    return {"outer": asdict(outer) | extra}


def build_results(
    data: CleanData, analysis: Analysis, config: BuildConfig, source: Mapping[str, Any]
) -> dict[str, Any]:
    """Assemble the results document; ``source`` describes the input file (name, sha256)."""
    from reportgen.analysis.models import stands_on as linear_model
    from reportgen.glmm_results import diagnostics_source, glmm_headline, with_linear_headline

    a = analysis
    first = [a.subject_lines[s] for s in a.first_subjects]
    mixed, rs = a.random_intercept, a.random_slope
    group_sd, residual_sd = math.sqrt(mixed.group_var), math.sqrt(mixed.residual_var)
    effects = mixed.intercept_effects()
    return {
        "schema_version": VERSIONS["results"],
        "report": {
            "title": config.title,
            "author": config.author,
            "decimals": config.decimals,
            "engine": config.engine,
            "labels": asdict(config.labels),
            "columns": {"response": config.response, "time": config.time, "group": config.group},
            "covariates": list(config.covariates),
            "profile": config.profile or "seminar",
        },
        "data": {
            **source,
            "rows": data.raw_rows,
            "columns": len(data.columns),
            "column_names": list(data.columns),
            "head": [dict(row) for row in data.head],
            "na_counts": dict(data.na_counts),
            "zero_counts": dict(data.zero_counts),
            "removed_rows": len(data.removed),
            "removed": [asdict(r) for r in data.removed],
            "duplicate_rows": data.duplicate_rows,
            "response_coding": list(data.response_coding) if data.response_coding else None,
            "id_spellings": [list(names) for names in data.id_spellings],
            "clean_rows": a.relationship.rows,
            "groups": a.relationship.groups,
        },
        "describe": {
            **asdict(a.overview),
            "correlation": a.relationship.correlation,
            # Repeated-measures correlation (Bakdash & Marusich 2017): within subjects only.
            "within_correlation": a.within.r,
            "within_correlation_df": a.within.df,
            "within_correlation_p": a.within.p,
            "design": {
                **{k: v for k, v in asdict(a.design).items() if k != "series"},
                "balanced": a.design.balanced,
                **series_keys(a.design.series),  # since 1.7, only when set
            },
        },
        "ols": {
            **_coefficients("intercept", a.ols.intercept, "t"),
            **_coefficients("slope", a.ols.slope, "t"),
            "r_squared": a.ols.r_squared,
            "n": a.ols.n,
            "residual_sd": a.ols.residual_sd,
            "between_subject_share": a.ols.between_subject_share,
        },
        "first_subjects": {
            "ids": list(a.first_subjects),
            "count": len(first),
            "slope_min": min(line.slope for line in first),
            "slope_max": max(line.slope for line in first),
            "intercept_min": min(line.intercept for line in first),
            "intercept_max": max(line.intercept for line in first),
            "level_min": min(line.at(a.choice.reference_time) for line in first),
            "level_max": max(line.at(a.choice.reference_time) for line in first),
        },
        "subject_fits": subject_table(
            a.subject_lines,
            intercept=[line.intercept for line in a.subject_lines.values()],
            slope=[line.slope for line in a.subject_lines.values()],
            n=[line.n for line in a.subject_lines.values()],
        ),
        "subject_pair": {**asdict(a.subject_pair), **asdict(a.subject_pair_lines)},
        "random_intercept": {
            **_model(mixed),
            "sd_ratio": group_sd / residual_sd if residual_sd > 0 else math.inf,
            "icc": a.icc,
            "r2_marginal": a.explained_ri.marginal,
            "r2_conditional": a.explained_ri.conditional,
            "random_effects": subject_table(mixed.groups, mixed.random_effects[:, 0]),
            "random_effect_min": min(effects.values()),
            "random_effect_max": max(effects.values()),
            "lowest_subject": extremes(effects)[0],
            # What the data say about where those two start: their first observed response.
            "lowest_first_value": a.first_observations[extremes(effects)[0]][1],
            "highest_first_value": a.first_observations[extremes(effects)[1]][1],
            "highest_subject": extremes(effects)[1],
            "subject_lines": subject_table(
                mixed.groups,
                intercept=mixed.intercept.estimate + mixed.random_effects[:, 0],
                slope=np.full(len(mixed.groups), mixed.slope.estimate),
            ),
        },
        "mixed_pair": {**asdict(a.mixed_pair), **asdict(a.mixed_pair_lines)},
        "random_slope": {
            **_model(a.random_slope),
            **levels_at_reference(a.random_slope, a.choice.reference_time),
            "r2_marginal": a.explained_rs.marginal,
            "r2_conditional": a.explained_rs.conditional,
            "correlation_lrt": _lrt(a.correlation_lrt),  # since 1.5
            # Where about 95% of subjects' own slopes are expected: slope +- 1.96 SD.
            "slope_range_low": rs.slope.estimate - Z95 * math.sqrt(rs.re_cov[1, 1]),
            "slope_range_high": rs.slope.estimate + Z95 * math.sqrt(rs.re_cov[1, 1]),
            "random_effects": subject_table(
                rs.groups,
                intercept=rs.random_effects[:, 0],
                slope=rs.random_effects[:, 1],
                intercept_sd=np.sqrt(rs.random_effects_cov[:, 0, 0]),
                slope_sd=np.sqrt(rs.random_effects_cov[:, 1, 1]),
            ),
            "subject_lines": subject_table(
                rs.groups,
                intercept=rs.intercept.estimate + rs.random_effects[:, 0],
                slope=rs.slope.estimate + rs.random_effects[:, 1],
            ),
        },
        "comparison": asdict(a.comparison),
        "diagnostics": {
            "model": a.choice.model,
            **diagnostics_source(
                linear_model(a.choice) if a.checked_fit is None else "multilevel", stands_on(a)
            ),  # since 1.6
            **asdict(a.diagnostics),
        },
        "influence": {
            "model": a.choice.model,
            **_influence(a.influence),
            "changes_conclusion": a.influence.changes_conclusion,
            "curve": None
            if a.curve_influence is None
            else {**asdict(a.curve_influence), "changes_conclusion": a.curve_influence.changes_conclusion},
            **_outer_influence(a),
        },
        "model_choice": _choice(a) if a.glmm is None else with_linear_headline(_choice(a), _headline(a)),
        "models": _models(a, config),
        "headline": _headline(a) if a.glmm is None else glmm_headline(a.glmm, stands_on(a)),
        "fits": _fits(a),
        "trend": _trend(a, config.time),
        "waves": None if a.waves is None else {**asdict(a.waves), "cyclic": a.waves.cyclic},
        "residual_waves": None
        if a.residual_waves is None
        else {**asdict(a.residual_waves), "cyclic": a.residual_waves.cyclic},
        "covariates": _covariates(a, config.time),
        "pooling": {
            "model": a.choice.model,
            **asdict(a.pooling),
            "intercept_shrinkage": a.pooling.intercept_shrinkage,
            "slope_shrinkage": a.pooling.slope_shrinkage,
        },
        "family": _family(a),
        "glmm": _glmm(a),
    }


def lookup(results: Mapping[str, Any], path: str | Sequence[str]) -> Any:
    """Value at ``path``: a dotted string (``"ols.slope"``) or a sequence of keys.

    Use a sequence when a key may itself contain a dot (subject ids come from data).
    """
    keys = path.split(".") if isinstance(path, str) else list(path)
    node: Any = results
    for key in keys:
        if isinstance(node, Mapping) and str(key) in node:
            node = node[str(key)]
        elif isinstance(node, list) and str(key).isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise MissingResult(f"no result at {'.'.join(map(str, keys))!r}")
    return node


_PLAIN = (str, int, bool, type(None))


def to_json_ready(value: Any) -> Any:
    """Replace non-finite floats (not valid JSON) with None, recursively."""
    # Exact types first: a results document holds a million of them at 100,000 subjects, and
    # isinstance against the abstract Mapping is what made this slow.
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind in _PLAIN:
        return value
    if kind is dict:
        return {str(k): to_json_ready(v) for k, v in value.items()}
    if kind is SubjectTable:  # built JSON-ready
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): to_json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_ready(v) for v in value]
    return value


def results_json(results: Mapping[str, Any]) -> bytes:
    """``results.json``: exactly ``json.dumps(results, indent=2, allow_nan=False)`` and a newline.

    The standard library indents only in pure Python, one small string per token (seconds and
    hundreds of megabytes at 100,000 subjects). Here a dict of plain values, and a dict of such
    dicts (a per-subject table), go through the C encoder in one call with control characters as
    its separators (never found raw in its output: it escapes them inside strings), which are then
    replaced by the indented ones; a per-subject table (:class:`SubjectTable`) is written by
    :func:`reportgen.subject_tables.table_json`. Anything else is written level by level, as
    ``json.dumps`` does.
    """
    import io
    import json

    # Written into one buffer as it goes (the text is ASCII): the document is held once, not as
    # its pieces, its text and its bytes.
    out = io.BytesIO()
    _write_json(results, 0, lambda text: out.write(text.encode()), json)
    out.write(b"\n")
    return out.getvalue()


_SCALARS = (float, int, str, bool, type(None))


def _first(value: dict[Any, Any]) -> Any:
    return next(iter(value.values()))


def _write_json(value: Any, level: int, write: Callable[[str], object], json: Any) -> None:
    kind = type(value)
    pad, inner = "\n" + "  " * level, "\n" + "  " * (level + 1)
    if kind in _SCALARS:
        write(json.dumps(value, allow_nan=False))
        return
    if kind is SubjectTable:
        for text in table_json(value, level):
            write(text)
        return
    if kind is dict and value:
        first = _first(value)
        flat = all(type(v) in _SCALARS for v in value.values())
        table = (
            not flat
            and type(first) is dict
            and bool(first)
            and type(_first(first)) in _SCALARS
            and all(type(v) is dict for v in value.values())
        )
        if flat or table:  # a table's records are checked on the encoded text, not one by one
            # A container value follows a key separator: "\x01{" or "\x01[".
            text = json.dumps(value, allow_nan=False, separators=("\x00", "\x01"))
            nested = text.count("\x01{")
            if "\x01[" in text or "\x01{}" in text:
                pass
            elif flat and nested == 0:
                body = text[1:-1].replace("\x00", "," + inner).replace("\x01", ": ")
                write("{" + inner + body + pad + "}")
                return
            elif table and nested == len(value):
                # "a"\x01{"x"\x011\x00"y"\x012}\x00"b"\x01{...}: only a record ends "}\x00" (no
                # plain value ends in "}"), only a record follows a key separator with "{".
                deeper = "\n" + "  " * (level + 2)
                text = text[1:-2].replace("}\x00", inner + "}," + inner).replace("\x01{", ": {" + deeper)
                text = text.replace("\x00", "," + deeper).replace("\x01", ": ")
                write("{" + inner + text + inner + "}" + pad + "}")
                return
        write("{")
        for i, (key, item) in enumerate(value.items()):
            write(("," if i else "") + inner + json.dumps({key: 0})[1:-4] + ": ")
            _write_json(item, level + 1, write, json)
        write(pad + "}")
    elif kind is list and value:
        write("[")
        for i, item in enumerate(value):
            write(("," if i else "") + inner)
            _write_json(item, level + 1, write, json)
        write(pad + "]")
    else:  # {}, [], tuples, subclasses of the plain types: the standard rules
        write(json.dumps(value, indent=2, allow_nan=False).replace("\n", pad))
