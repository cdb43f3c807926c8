"""Interpretation sentences of the "going further" sections."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportgen.analysis.slope_identifiability import NOT_IDENTIFIABLE
from reportgen.i18n import number_text
from reportgen.narrative.crossed import crossed_checked_line
from reportgen.narrative.crossed_pooling import crossed_pooling_why
from reportgen.narrative.level_checks import every_level_checks_line, residuals_named
from reportgen.narrative.level_shares import (
    STOOD_ON_SHARES,
    between_every_level,
    next_share_lead,
    without_outer_level,
)
from reportgen.narrative.model_rules import origin_note
from reportgen.narrative.multilevel import level_shares
from reportgen.narrative.omitted_covariate import omitted_covariate_remedy
from reportgen.narrative.outer_influence import outer_influence_sentences
from reportgen.narrative.outer_level import checks_model_line, pooling_model_line, slopes_model_line
from reportgen.narrative.pull import pull_driver
from reportgen.narrative.rules import (
    ABOVE,
    BELOW,
    CONSTANT,
    HINT_ALPHA,
    SERIAL_MIN,
    clear_differences,
    clear_differences_by,
    convergence_note,
    criteria_verdict,
    curvature_agreement,
    curvature_verdict,
    curvature_words,
    curve_misses,
    curve_residual_words,
    diagnostic_problems,
    diagnostic_verdict,
    effect_tails,
    evidence_strength,
    funnel_shape,
    icc_words,
    influence_verdict,
    is_hint,
    levels_differ,
    outlier_lead,
    outlier_verdict,
    outlier_words,
    own_effects,
    pooling_lead,
    pooling_words,
    quiet_flip,
    same_shown,
    se_change,
    second_shrinkage_phrase,
    serial_verdict,
    serial_words,
    shrinkage_phrase,
    singular_note,
    slope_variation_words,
    slopes_prompt,
    spread_breaks_intervals,
    subject_vs_time,
    tail_weight,
    wave_remedy,
    wave_words,
)
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.serial_problem import serial_problem
from reportgen.narrative.shape import headline_opposed, line_level_note, shape_name
from reportgen.narrative.shared_trend import none_differ, on_cycle, shared_trend
from reportgen.narrative.slope_spread import slope_spread_words
from reportgen.narrative.spread import spread_alt, spread_sentences
from reportgen.narrative.stood_on import stood_on_words
from reportgen.numbers import average_time_style
from reportgen.words import (
    capitalized,
    decimals_to_separate,
    model_line_name,
    model_name,
    noun,
    noun_for,
    p_equals,
    plural,
    possessive,
    r2_decimals,
    verb_for,
    with_article,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from reportgen.analysis import Analysis
    from reportgen.analysis.diagnostics import Diagnostics
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels


# How the random-slope section opens when the report stands on another model (the study report,
# which shows only the model it stands on, leaves that section's sentences out).
SLOPES_NOT_STOOD_ON = "This section fits the random-slope model to show what individual slopes add"


def random_slopes(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    rs, ri = a.random_slope, a.random_intercept
    d = f"d{decimals_to_separate([rs.slope.estimate, rs.slope.ci_low, rs.slope.ci_high], decimals)}"
    d_se = f"d{decimals_to_separate([ri.slope.se, rs.slope.se], decimals)}"
    g = noun(labels.group)
    supported = a.comparison.lrt_p_boundary < 0.05  # the test of the slope variance, below
    identifiable = a.choice.reason != NOT_IDENTIFIABLE  # some subject has 3 or more times
    shown: list[Sentence] = []
    if a.multilevel is not None:  # nested: the report stands on the model with every level
        shown = _checked_model(a, labels, slopes_model_line, "random_slope", "linear")
    elif (
        a.choice.model != "random_slope" or a.choice.shape != "linear"
    ):  # shows what slopes add, not stood on
        shown.append(
            (
                f"{SLOPES_NOT_STOOD_ON}; the report "
                f"stands on the {model_name(a.choice.model, a.choice.shape)}, "
                f"{stood_on_words(a.choice.model, a.comparison.aic_ri, a.comparison.aic_rs)} (next section).",
            )
        )
    sentences: list[Sentence] = [
        *shown,
        (
            "The average slope is ",
            num("random_slope", "slope", style=d),
            f" {labels.rate()} (95% CI ",
            num("random_slope", "slope_ci_low", style=d),
            " to ",
            num("random_slope", "slope_ci_high", style=d),
            "); its standard error ",
            *(
                ("stays at ", num("random_slope", "slope_se", style=d_se))
                if same_shown(ri.slope.se, rs.slope.se, d_se)
                else (
                    se_change(ri.slope.se, rs.slope.se) + " from ",
                    num("random_intercept", "slope_se", style=d_se),
                    " to ",
                    num("random_slope", "slope_se", style=d_se),
                )
            ),
            f" once each {g} may have its own rate.",
        ),
        (
            f"{capitalized(possessive(plural(labels.group)))} slopes vary around the average with a standard "
            "deviation of ",
            num("random_slope", "slope_sd"),
            f" {labels.rate()}: "
            + slope_variation_words(
                rs.re_cov[1, 1] ** 0.5,
                rs.slope.estimate,
                supported,
                rs.singular,
                [line.slope for line in a.subject_lines.values()],
                identifiable,
            ),
            *(
                ()
                if rs.singular or not identifiable  # no finding, no range (slope_variation_words)
                else (
                    f"; about 95% of {plural(labels.group)} are expected between ",
                    num("random_slope", "slope_range_low"),
                    " and ",
                    num("random_slope", "slope_range_high"),
                )
            ),
            ".",
        ),
        _slope_correlation(a, labels),
        # The section shows the fit's warnings only for a singular or unverified fit.
        (convergence_note(rs.converged, rs.warnings, rs.optimizers_agree, rs.singular or not rs.converged),),
    ]
    if rs.singular:
        chosen = a.choice.fit
        also = chosen is not rs and chosen.singular
        sentences.append((singular_note(True, a.choice.model, also, a.choice.shape),))
    return sentences


def model_comparison(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    c = a.comparison
    evidence = evidence_strength(c.lrt_p_boundary, c.aic_rs < c.aic_ri, c.bic_rs < c.bic_ri)
    loglik: tuple[str | Num, ...] = (
        ("leave the log-likelihood at ", num("comparison", "loglik_rs"))
        if same_shown(c.loglik_ri, c.loglik_rs, f"d{decimals}")
        else (
            "raise the log-likelihood from ",
            num("comparison", "loglik_ri"),
            " to ",
            num("comparison", "loglik_rs"),
        )
    )
    shape = a.choice.shape
    # A curve's random effects are chosen on the curve: the test compares its two models.
    time = noun(labels.time)
    on = "" if shape == "linear" else f"With the trend's chosen shape, {shape_name(shape, time)}, "
    return [
        (
            f"{on}{'r' if on else 'R'}efitted by maximum likelihood, random slopes ",
            *loglik,
            "; the likelihood-ratio statistic is ",
            num("comparison", "lrt_chisq"),
            " on ",
            num("comparison", "lrt_df", style="int"),
            " degrees of freedom (",
            p_equals(c.lrt_p),
            num("comparison", "lrt_p", style="p"),
            ").",
        ),
        (criteria_verdict(c.aic_ri, c.aic_rs, c.bic_ri, c.bic_rs, shape) + " (lower is better).",),
        (
            "The test is conservative: the slope variance is tested at its boundary, zero, where the "
            "statistic follows a 50:50 mixture of χ²(1) and χ²(2); that mixture gives ",
            p_equals(c.lrt_p_boundary),
            num("comparison", "lrt_p_boundary", style="p"),
            f". Taken with AIC and BIC, that is {evidence} evidence for random slopes.",
        ),
    ]


def between_subjects(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    g, gs = noun(labels.group), plural(labels.group)
    r2 = [a.explained_rs.marginal, a.explained_ri.conditional, a.explained_rs.conditional]
    # Enough digits to tell apart values that round alike (0.996 and 0.999 are not both "1.00").
    style = f"d{r2_decimals(r2, decimals)}"
    # With an outer level, each one-grouping share says that it leaves that level out.
    model = (
        "In the random-intercept model"
        if a.multilevel is None
        else (without_outer_level(a.multilevel.levels[0], labels.group) + "in the random-intercept model")
    )
    r2_lead = next_share_lead(None if a.multilevel is None else a.multilevel.levels[0])
    return [
        *([] if a.multilevel is None else [level_shares(a.multilevel, labels, STOOD_ON_SHARES)]),
        (
            f"{model}, {gs} account for ",
            num("random_intercept", "icc", style="pct"),
            " of the variance that the fixed effects leave unexplained (the intraclass correlation): "
            f"{icc_words(a.icc, g, gs)}.",
        ),
        # Each model's own pair: the two models estimate the fixed effects' share differently.
        (
            f"{r2_lead} the fixed effects alone explain ",
            num("random_intercept", "r2_marginal", style=style),
            f" of the variance (marginal R²), and with each {g}'s intercept ",
            num("random_intercept", "r2_conditional", style=style),
            " (conditional R²); in the random-slope model, ",
            num("random_slope", "r2_marginal", style=style),
            f" and, with each {g}'s intercept and slope, ",
            num("random_slope", "r2_conditional", style=style),
            ".",
        ),
        *_uncorrelated_r2(a, g, decimals),
        _subjects_or_time(a, gs, labels.group),
    ]


def _uncorrelated_r2(a: Analysis, g: str, decimals: int) -> list[Sentence]:
    """The R² of the chosen one-grouping model, by name, when it is neither model above (the
    uncorrelated one, or a curve's); with an outer level, then that of the model with every level,
    the one the report stands on."""
    every_level = [] if a.multilevel is None else [_every_level_r2(a.multilevel, decimals)]
    if a.choice.model != "uncorrelated_slope" and a.choice.shape == "linear":
        return every_level
    r2 = [a.explained.marginal, a.explained.conditional]
    style = f"d{r2_decimals(r2, decimals)}"  # its own pair, as each model's
    why = " (the random-slope fit above is singular)" if a.choice.model == "uncorrelated_slope" else ""
    name = model_name(a.choice.model, a.choice.shape)
    key = ("model_choice",) if a.multilevel is None else ("model_choice", "one_grouping")
    return [
        (
            (
                f"The report stands on the {name}{why}; in it"
                if a.multilevel is None
                else f"In the {name}{why},"
            )
            + " the fixed effects alone explain ",
            num(*key, "r2_marginal", style=style),
            f" and, {own_effects(g, *_effect_sds(a))}, ",
            num(*key, "r2_conditional", style=style),
            ".",
        ),
        *every_level,
    ]


def _every_level_r2(multilevel: MultilevelFit, decimals: int) -> Sentence:
    """The R² of the model with every level (model_choice.r2_*), the one the report stands on."""
    r2 = [multilevel.r2_marginal or 0.0, multilevel.r2_conditional or 0.0]
    style = f"d{r2_decimals(r2, decimals)}"
    return (
        "The report stands on the model with every level; in it the fixed effects alone explain ",
        num("model_choice", "r2_marginal", style=style),
        " and, with the random effects of every level, ",
        num("model_choice", "r2_conditional", style=style),
        ".",
    )


def _subjects_or_time(a: Analysis, gs: str, group: str) -> Sentence:
    """What explains more, read off the model the report stands on (or the random-slope model, named)."""
    explained = a.explained  # the model the report stands on, the uncorrelated one included
    marginal, conditional = explained.marginal, explained.conditional
    if a.multilevel is not None and a.multilevel.r2_conditional is not None:  # with every level
        marginal, conditional = a.multilevel.r2_marginal or 0.0, a.multilevel.r2_conditional
        gs = between_every_level(a.multilevel.levels, group, a.multilevel.crossed)
    return (capitalized(subject_vs_time(marginal, conditional, gs)) + ".",)


def _slope_correlation(a: Analysis, labels: Labels) -> Sentence:
    """The random-slope fit's intercept-slope correlation, and where its intercepts are read."""
    time, t0 = noun(labels.time), a.choice.reference_time
    if t0 == 0:
        return (
            f"The correlation of random intercepts (levels at {time} 0) and slopes is ",
            num("random_slope", "corr"),
            ".",
        )
    from reportgen.analysis.selection import effects_at

    _, at_start = effects_at(a.random_slope, t0)
    return (
        "The correlation of random intercepts and slopes is ",
        num("random_slope", "corr"),
        f" with the intercepts read at {time} 0" + origin_note(*a.choice.time_range),
        *(
            (
                f"; read at {time} {number_text(t0, 'auto')}, the first observed time, levels and slopes "
                "correlate at ",
                num("random_slope", "corr_at_reference"),
            )
            if at_start is not None
            else ()
        ),
        ".",
    )


def _effect_sds(a: Analysis) -> tuple[float, float]:
    """SDs of the chosen model's levels (at the first observed time) and slopes (0 without slopes)."""
    from reportgen.analysis.selection import effects_at

    fit = a.choice.fit
    return effects_at(fit, a.choice.reference_time)[0], math.sqrt(max(fit.slope_var or 0.0, 0.0))


def _levels_at(a: Analysis, labels: Labels) -> tuple[str, str]:
    """("intercepts", "") when levels are read at time 0, else ("levels", " at day 14")."""
    t0 = a.choice.reference_time
    if t0 == 0:
        return "intercepts", ""
    return "levels", f" at {noun(labels.time)} {number_text(t0, 'auto')} (the first observed time)"


def partial_pooling(a: Analysis, labels: Labels) -> list[Sentence]:
    p = a.pooling
    g, gs = noun(labels.group), plural(labels.group)
    model = model_name(a.choice.model, a.choice.shape)  # its random effects are the curve's (statT 1)
    levels, at = _levels_at(a, labels)
    before, after = shrinkage_phrase(p.intercept_shrinkage)
    from reportgen.analysis.selection import effects_at

    fit = a.choice.fit
    vary = levels_differ(effects_at(fit, a.choice.reference_time)[0] ** 2, fit.residual_var)
    slope_shrinkage = p.slope_shrinkage if fit.random_slope else None
    cycle = on_cycle(a)  # no random slopes: every subject shares the cycle, not a slope
    slope_before, slope_after = second_shrinkage_phrase(p.intercept_shrinkage, p.slope_shrinkage)
    slopes: tuple[str | Num, ...] = (
        (
            slope_before,
            num("pooling", "slope_shrinkage", style="pct"),
            *((slope_after,) if slope_after else ()),
        )
        if fit.random_slope
        else (f"; it gives every {g} {shared_trend(cycle, g)}, so the slopes are pooled completely",)
    )
    return [
        (
            pooling_lead(p.intercept_shrinkage, model, g, gs)
            + f"each {g}'s own least-squares line, the spread of {levels}{at} {before}",
            num("pooling", "intercept_shrinkage", style="pct"),
            *((after,) if after else ()),
            *slopes,
            f" ({pooling_words(p.intercept_shrinkage, slope_shrinkage, vary)}).",
        ),
        # What sets the pull, only where there is one (a spread that grows is no pull).
        *(
            [(pull_driver(a.design.balanced, a.choice.model, g, plural(labels.group)),)]
            if p.intercept_shrinkage >= 0
            else []
        ),
    ]


def caterpillar(a: Analysis, labels: Labels) -> list[Sentence]:
    p = a.pooling
    g, gs = noun(labels.group), plural(labels.group)
    levels, at = _levels_at(a, labels)
    level = levels[:-1]
    model = model_name(a.choice.model, a.choice.shape)  # its random effects are the curve's (statT 1)
    count: tuple[str | Num, ...] = (
        f"In the {model}, ",
        num("pooling", "intercepts_away_from_zero", style="int"),
        " of ",
        num("pooling", "subjects", style="int"),
        f" {noun_for(p.subjects, labels.group)} {verb_for(p.intercepts_away_from_zero, 'has', 'have')} "
        f"a random {level}{at} whose 95% prediction interval excludes zero",
    )
    away = p.intercepts_away_from_zero
    by_levels = f"by their {levels}, {clear_differences(away, p.subjects, g, gs)}"
    if not a.choice.fit.random_slope:
        return [
            (
                *count,
                f": {by_levels}; the model gives every {g} {shared_trend(on_cycle(a), g)}, so none "
                f"differs from it in {none_differ(on_cycle(a))}.",
            )
        ]
    return [
        (
            *count,
            ", and ",
            num("pooling", "slopes_away_from_zero", style="int"),
            # Levels and slopes are judged apart: all levels may differ while few slopes do.
            " a random slope whose interval does: "
            f"{clear_differences_by(levels, away, p.slopes_away_from_zero, p.subjects, g, gs)}.",
        ),
    ]


def _wave_sentence(a: Analysis, labels: Labels) -> list[Sentence]:
    """Turns in the chosen model's residual means (a clear trough and a clear peak that its shape
    does not follow), said with their times as the data write them. A cycle only when they repeat
    regularly (:attr:`Waves.regular_cycle`); otherwise the times the curve misses, and no cycle."""
    w = a.residual_waves
    if w is None or not w.cyclic or w.peak is None or w.trough is None:
        return []
    t, curved = noun(labels.time), a.choice.shape != "linear"
    fitted = f"fitted {'curve' if curved else 'line'}"

    def at(kind: str, index: int | None = None) -> Num:
        value = getattr(w, kind) if index is None else getattr(w, kind + "s")[index]
        style = average_time_style(value, [a.overview.time_min, a.overview.time_max])
        return (
            num("residual_waves", kind, style=style)
            if index is None
            else num("residual_waves", kind + "s", str(index), style=style)
        )

    if not w.regular_cycle:  # Soybean: dips near days 20.5 and 29, a rise near 39
        return [
            (
                f"Around the {fitted}, the residual means turn without a regular rhythm: lower than an "
                f"earlier and a later mean near {t} ",
                *_joined([at("trough", i) for i in range(len(w.troughs))]),
                f", higher near {t} ",
                *_joined([at("peak", i) for i in range(len(w.peaks))]),
                f". {capitalized(wave_remedy(curved, repeats=False))}.",
            )
        ]
    (_, first), (_, second) = sorted([(w.peak, "peak"), (w.trough, "trough")])
    return [
        (
            f"Around the {fitted}, the residual mean {wave_words(first == 'peak')}: "
            f"a clear {first} near {t} ",
            at(first),
            f" and a clear {second} near {t} ",
            at(second),
            " (each mean clearly beyond an earlier and a later one). "
            f"{capitalized(wave_remedy(curved, repeats=True))}.",
        )
    ]


def _joined(parts: list[Num]) -> tuple[str | Num, ...]:
    """Numbers as a list in words: "a", "a and b", "a, b and c"."""
    out: list[str | Num] = []
    for i, part in enumerate(parts):
        if i:
            out.append(" and " if i == len(parts) - 1 else ", ")
        out.append(part)
    return tuple(out)


def _missed_counts(a: Analysis, misses_curve: bool) -> tuple[int, int, str] | None:
    """How many residual means miss zero, of how many times (or groups of neighbouring times):
    the curve's, else the line's."""
    d = a.diagnostics
    if misses_curve:
        off, bins = d.smooth_off_zero, d.smooth_bins
    elif a.trend is not None and a.trend.residual_bins:
        off, bins = a.trend.bins_off_zero, len(a.trend.residual_bins)
    else:
        return None
    return off, bins, "observed times" if bins == a.design.time_points else "groups of neighbouring times"


def _omitted_covariates(a: Analysis, *, serial: bool, uneven_spread: bool) -> list[Sentence]:
    """The given covariates that vary within subjects, left out of the diagnosed model, named as
    the first remedy."""
    varying = tuple(column for column, e in a.covariates.items() if e.within_subject != "constant")
    remedy = omitted_covariate_remedy(varying, serial=serial, uneven_spread=uneven_spread)
    return [(remedy,)] if remedy else []


def diagnostics(a: Analysis, labels: Labels) -> list[Sentence]:
    d = a.diagnostics
    g = noun(labels.group)
    tails = tail_weight(d.residual_excess_kurtosis, d.kurtosis_se)
    excess = outlier_verdict(d.outliers, d.outliers_p)
    # A chosen curve: these residuals are the curve's, not the straight line's the trend test read;
    # a quadratic in time is fitted already, so the binned test of their means replaces the
    # quadratic one (which is zero by construction).
    line = a.choice.shape == "linear"
    binned = d.residual_means_test == "binned"
    misses_curve = curve_misses(d.residual_means_test, d.smooth_off_zero_p)
    curved = not binned and curvature_verdict(d.curvature_p, d.curvature_size)
    trend_curved = None if a.trend is None or not line else a.trend.supported != "linear"
    misses = a.trend is not None and a.trend.line_misses and line
    agreement = curvature_agreement(curved, trend_curved)
    serial = serial_verdict(d.serial_corr, d.serial_p, d.serial_expected, d.serial_expected_p)
    checked = residuals_named(a.checked_fit is not None, model_name(a.choice.model, a.choice.shape))
    sentences: list[Sentence] = [
        (
            f"The residuals of the {checked} have {tails} (excess kurtosis ",
            num("diagnostics", "residual_excess_kurtosis"),
            ", standard error about ",
            num("diagnostics", "kurtosis_se"),
            " under normality).",
        ),
        (
            *((num("diagnostics", "outliers", style="int"),) if d.outliers else ()),
            f"{outlier_lead(d.outliers)} beyond ±3, where normal errors would give about ",
            num("diagnostics", "outliers_expected", style="d1"),
            f"; {outlier_words(excess, d.outliers)}.",
        ),
        *spread_sentences(d, labels),
        _binned_means_sentence(misses_curve, d.smooth_off_zero_p)
        if binned
        else (
            "Averaged at each time, "
            + curvature_words(curved, d.curvature_p, misses, curve=not line)
            + " (quadratic trend of the residuals, ",
            p_equals(d.curvature_p),
            num("diagnostics", "curvature_p", style="p"),
            ", a bend of ",
            num("diagnostics", "curvature_size"),
            " residual standard deviations).",
        ),
        *([(agreement,)] if agreement else []),
        *_wave_sentence(a, labels),
        # A straight line the trend tests and the residual means both find adequate: no curve to offer.
        _serial_sentence(d, g, serial, curved=not line, straight=trend_curved is False and not curved),
        (
            f"The predicted random {_levels_at(a, labels)[0]} "
            + effect_tails(d.intercept_excess_kurtosis, _effect_sds(a)[0])
            + (
                f", the slopes {effect_tails(d.slope_excess_kurtosis, _effect_sds(a)[1])}"
                if d.slope_excess_kurtosis is not None
                else ""
            )
            + ".",
        ),
        (
            diagnostic_verdict(
                diagnostic_problems(
                    heavy_tails=tails.startswith("heavier"),
                    excess_outliers=excess,
                    spread=d.spread_pattern,
                    curved=curved,
                    serial=serial_problem(serial, d.serial_corr, d.serial_p),
                    line_misses=misses,
                    curve_misses=misses_curve,
                    missed=_missed_counts(a, misses_curve),
                    time=noun(labels.time),
                    cyclic=a.residual_waves is not None and a.residual_waves.regular_cycle,
                ),
                "a straight trend" if line else "the fitted curve",
                spread_breaks_intervals(None if d.spread_by_time is None else d.spread_by_time.sd_ratio),
            ),
        ),
        *_omitted_covariates(a, serial=bool(serial), uneven_spread=d.spread_pattern != CONSTANT),
    ]
    return sentences


def _binned_means_sentence(misses: bool, p: float) -> Sentence:
    """A fitted curve's residual means: how many miss zero, of how many, and the binomial p."""
    return (
        "Averaged at each time, " + curve_residual_words(misses) + " (the 95% band excludes zero for ",
        num("diagnostics", "smooth_off_zero", style="int"),
        " of the ",
        num("diagnostics", "smooth_bins", style="int"),
        " residual means, where chance would put 5% of them: binomial ",
        p_equals(p),
        num("diagnostics", "smooth_off_zero_p", style="p"),
        ").",
    )


def influence(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    inf = a.influence
    cycle = a.curve_influence.cycle if a.curve_influence is not None else None
    if cycle is not None:  # a cycle gives no rate: only its amplitude and peak are read (statP 7)
        from reportgen.narrative.cycle import amplitude_decimals, cycle_influence_sentence

        style = amplitude_decimals(cycle.amplitude, cycle.amplitude_without, decimals)
        return [cycle_influence_sentence(cycle.clarity_changers, cycle.most_influential, labels, style)]
    d = f"d{decimals_to_separate([inf.slope, inf.slope_without], decimals)}"
    g, gs = noun(labels.group), plural(labels.group)
    model = model_name(a.choice.model, a.choice.shape, line=True)
    how = (
        f"Refitting the {model} with each {g} left out in turn"
        if inf.method == "exact"
        else f"Leaving out each {g} in turn from the {model} (with so many {gs}, by a one-step "
        "deletion formula that holds the variance components fixed; the most influential few are refitted "
        "exactly)"
    )
    sentences: list[Sentence] = [
        (
            f"{how}, the fixed slope moves most without {g} {inf.most_influential}: from ",
            num("influence", "slope", style=d),
            " to ",
            num("influence", "slope_without", style=d),
            f" {labels.rate()}, a change of ",
            num("influence", "slope_change", style=d),
            " (",
            num("influence", "change_in_se"),
            " standard errors).",
        ),
    ]
    changes = []
    if inf.sign_changers:
        changes.append(f"leaving out {g} {inf.sign_changers[0]} flips the slope's sign")
    if inf.significance_changers:
        changes.append(
            f"leaving out {g} {inf.significance_changers[0]} changes whether the slope is significant"
        )
    if inf.random_slope_changers:
        changes.append(
            f"leaving out {g} {inf.random_slope_changers[0]} changes the verdict of the random-slope test"
        )
    verdict = influence_verdict(inf.changes_conclusion, inf.change_in_se)
    if changes:
        sentences.append(
            (capitalized("; ".join(changes)) + f": a single {g} {verdict}, so read it with care.",)
        )
    else:
        retested = (
            f", nor (for the {len(inf.retested)} most influential) the random-slope test"
            if inf.retested
            else ""
        )
        what = (
            "changes whether the slope is significant"
            if inf.quiet_sign_changers
            else ("flips the slope's sign or its significance")
        )
        sentences.append((f"No single {g} {what}{retested}: the most influential {g} {verdict}.",))
    if inf.quiet_sign_changers:
        sentences.append((quiet_flip(inf.quiet_sign_changers[0], g),))
    from reportgen.narrative.model import line_caveat

    singular = line_caveat(a)
    if singular:  # these refits are of that line
        sentences.append((capitalized(singular) + ".",))
    return sentences + curve_influence_sentences(a, labels)


def curve_influence_sentences(a: Analysis, labels: Labels) -> list[Sentence]:
    """The curve itself refitted without each subject: what moves its change over the range."""
    c = a.curve_influence
    if c is None:
        return []
    if c.cycle is not None:  # read by influence() alone
        return []
    g = noun(labels.group)
    if c.sign_changers:
        verdict = f"leaving out {g} {c.sign_changers[0]} flips its sign, so read it with care"
    elif c.significance_changers:
        verdict = (
            f"leaving out {g} {c.significance_changers[0]} changes whether its interval excludes 0, "
            "so read it with care"
        )
    else:
        verdict = f"no single {g} flips its sign or whether its interval excludes 0"
    return [
        (
            f"The model the report stands on is a curve, so these slopes are its straight-line summary's; "
            f"refitting the curve itself with each {g} left out in turn, its change over the observed "
            f"times moves most without {g} {c.most_influential}: from ",
            num("influence", "curve", "change"),
            " to ",
            num("influence", "curve", "change_without"),
            " (",
            num("influence", "curve", "shift_in_se"),
            f" standard errors); {verdict}.",
        )
    ]


def _serial_sentence(
    d: Diagnostics, g: str, serial: str, *, curved: bool = False, straight: bool = False
) -> Sentence:
    """The lag-1 correlation, within each subject or each subject x covariate-level series, tested
    against the value independent errors give these residuals (not against 0)."""
    if d.serial_series == "skipped":
        return (
            f"The lag-1 correlation of consecutive residuals is not computed: {with_article(g)} has several "
            "observations at the same time, and no covariate separates them into series over time, so "
            "consecutive residuals would pair observations made at the same time.",
        )
    unit = f"{g} × {d.serial_series} series" if d.serial_series else g
    if not (math.isfinite(d.serial_expected) and math.isfinite(d.serial_expected_p)):
        against: Sentence = (" (", p_equals(d.serial_p), num("diagnostics", "serial_p", style="p"), ")")
        hint = ABOVE if d.serial_corr > 0 and is_hint(d.serial_p) else ""
    else:
        against = (
            " (",
            p_equals(d.serial_p),
            num("diagnostics", "serial_p", style="p"),
            " against 0); independent errors would give about ",
            num("diagnostics", "serial_expected"),
            f" here, as each {'curve' if curved else 'line'} is fitted to the same points (",
            p_equals(d.serial_expected_p),
            num("diagnostics", "serial_expected_p", style="p"),
            " against that)",
        )
        side = ABOVE if d.serial_corr > d.serial_expected else BELOW
        hint = side if is_hint(d.serial_expected_p) else ""
    relative = math.isfinite(d.serial_expected) and d.serial_corr < SERIAL_MIN  # above -0.27, not > 0
    return (
        f"The lag-1 correlation of residuals within each {unit} is ",
        num("diagnostics", "serial_corr"),
        *against,
        f": {serial_words(serial, unit, hint, curved, relative, straight_adequate=straight)}.",
    )


# --- each section's sentences and alt texts, as the section registry asks for them ----------------


def drawn_slopes(a: Analysis) -> list[float]:
    """The own slopes questions 3 and 4 draw: Q3's first subjects' and Q4's pair's.

    Going further 1's prompt speaks of both, so it reads both: Q4's pair (the steepest and the
    flattest own line of all subjects) can lie outside Q3's few lines, which then look alike
    while Q4 finds one line 3.2 times as steep as the other (Soybean, Sitka, Dialyzer).
    """
    pair = a.subject_pair
    ids = dict.fromkeys((*a.first_subjects, pair.first, pair.second))
    return [a.subject_lines[s].slope for s in ids if s in a.subject_lines]


def slopes_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.model import start_levels

    scale = a.ols.slope.estimate
    slopes = drawn_slopes(a)
    vary = slope_spread_words(max(slopes) - min(slopes), scale) != "are similar"
    # Question 3's own verdict on its lines alone (seminar.q3_subject_lines, the same rule).
    q3 = [a.subject_lines[s].slope for s in a.first_subjects if s in a.subject_lines]
    q3_vary = not q3 or slope_spread_words(max(q3) - min(q3), scale) != "are similar"
    labels = config.labels
    return {
        "g_slopes_prompt": [(slopes_prompt(vary, noun(labels.group), plural(labels.group), q3_vary),)],
        "g_slopes": random_slopes(a, config.labels, config.decimals),
        "g_start": start_levels(a, config.labels),
    }


def comparison_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.model import model_choice

    return {
        "g_compare": model_comparison(a, config.labels, config.decimals),
        "g_choice": model_choice(a, config.labels),
    }


def between_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    return {"g_between": between_subjects(a, config.labels, config.decimals)}


def pooling_sentences(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    crossed = a.multilevel.levels[:-1] if a.multilevel is not None and a.multilevel.crossed else ()
    pooling = [
        *_checked_model(a, config.labels, pooling_model_line),
        *crossed_pooling_why(crossed, config.labels.group),
        *partial_pooling(a, config.labels),
    ]
    return {"g_pooling": pooling, "g_caterpillar": caterpillar(a, config.labels)}


def diagnostics_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    labels = config.labels
    checks = [*_checks_read(a, labels), *diagnostics(a, labels)]
    every = outer_influence_sentences(a, labels, config.decimals)
    return {"g_diagnostics": checks, "g_influence": [*influence(a, labels, config.decimals), *every]}


def _checks_read(a: Analysis, labels: Labels) -> list[Sentence]:
    """With an outer or crossed grouping, which models the checks read ([] without): the residuals
    the model with every level's when the analysis read them, else every check the one-grouping
    model's."""
    if a.multilevel is None or a.checked_fit is None:
        return _checked_model(a, labels, checks_model_line)
    named = model_name(a.choice.model, a.choice.shape)
    levels, crossed = a.multilevel.levels, a.multilevel.crossed
    return [every_level_checks_line(a.multilevel.formula, named, levels, labels.group, crossed=crossed)]


def _checked_model(
    a: Analysis,
    labels: Labels,
    line: Callable[[str, tuple[str, ...], str], str],
    model: str = "",
    shape: str = "",
) -> list[Sentence]:
    """With an outer level, the line saying which one-grouping model a section checks ([] without):
    the chosen one unless ``model`` and ``shape`` name another."""
    if a.multilevel is None:
        return []
    said = crossed_checked_line if a.multilevel.crossed else line  # crossed: no "site:patient"
    named = model_name(model or a.choice.model, shape or a.choice.shape)
    return [(said(named, a.multilevel.levels, labels.group),)]


def _chosen_levels(a: Analysis, labels: Labels, line: bool = False) -> tuple[str, str, str]:
    """The chosen model's name ("random-intercept model"; ``line``: a curve's straight-line version,
    which pooling reads), and where its levels are read: ("intercept", "") at time 0, else
    ("level", " at day 14")."""
    t0 = a.choice.reference_time
    at = "" if t0 == 0 else f" at {noun(labels.time)} {number_text(t0, 'auto')}"
    return model_name(a.choice.model, a.choice.shape, line=line), "intercept" if not at else "level", at


def _curve_level_at(a: Analysis, t: float) -> float | None:
    """The chosen curve's level at time ``t``, one of its named times (None for a straight line)."""
    curve = None if a.trend is None else a.trend.curve
    if curve is None or t not in curve.times:
        return None
    return curve.levels[curve.times.index(t)].estimate


def panels_shown(shown: int, total: int, group: str) -> str:
    """The small multiples' panels: "18 small panels, one per subject" when every group has one,
    "24 small panels, for 24 of the 48 plots" when the figure shows some (as its caption says)."""
    if shown >= total:
        return f"{shown} small panels, one per {noun(group)}"
    return f"{shown} small panels, for {shown} of the {total} {plural(group)}"


def pooling_alt(a: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    """Alt texts of the shrinkage, small-multiples and caterpillar figures."""
    choice, pool = a.choice, a.pooling
    fit = choice.straight  # pooling compares lines
    model, level, at = _chosen_levels(a, labels)  # the dots: the curve model's random effects
    g, gs, slopes = noun(labels.group), plural(labels.group), fit.random_slope

    def f(value: float) -> str:
        return number_text(value, "fixed", decimals)

    # a curve's straight-line version in plain words (words.model_line_name)
    its_line = (
        f"its {model} line" if choice.shape == "linear" else model_line_name(choice.model, choice.shape)
    )
    line_level = fit.intercept.estimate + fit.slope.estimate * choice.reference_time
    curve = _curve_level_at(a, choice.reference_time)
    note = line_level_note(line_level, curve, a.overview.response_min, "" if curve is None else f(curve))
    cycle = a.trend is not None and a.trend.curve is not None and a.trend.curve.cycle is not None
    rate = (
        ""
        if curve is None
        else " (a straight line's slope; a cycle has no single slope)"
        if cycle  # a cycle's first-to-last change is no finding: no sign to compare with
        else " (a straight line's slope, of the other sign than the curve's change, which it hides)"
        if headline_opposed(a)
        else " (a straight line's slope, not the curve's average rate)"
    )
    return {
        "shrinkage": f"Each {g}'s own {level}{at} and slope (open circles) joined by an arrow to its "
        f"values in the {model} (dots), around the population values "
        f"{f(line_level)}{note} "
        f"and {f(fit.slope.estimate)}{rate}; slopes spread {f(pool.own_slope_sd)} before and "
        f"{f(pool.mixed_slope_sd)} after pooling"
        + ("." if slopes else f" (the {model} gives every {g} {shared_trend(cycle, g)})."),
        "small_multiples": f"{panels_shown(len(a.panel_subjects), len(fit.groups), labels.group)}, each with "
        f"its data, its own least-squares line, {its_line} and the population line.",
        "caterpillar": f"Predicted random {level}s{at}"
        + (" and slopes" if slopes else "")
        + f" of {pool.subjects} {gs} in the {model_name(choice.model, choice.shape)}, sorted, with 95% "
        f"prediction intervals; the intervals of {pool.intercepts_away_from_zero} "
        f"{noun_for(pool.intercepts_away_from_zero, level)}"
        + (
            f" and {pool.slopes_away_from_zero} {noun_for(pool.slopes_away_from_zero, 'slope')} exclude zero."
            if slopes
            else f" {verb_for(pool.intercepts_away_from_zero, 'excludes', 'exclude')} zero."
        ),
    }


def diagnostics_alt(a: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    """Alt texts of the residual figures and of the random effects' QQ plots."""
    diag, slopes = a.diagnostics, a.choice.fit.random_slope
    model, level, _ = _chosen_levels(a, labels)
    level_sd, slope_sd = _effect_sds(a)
    residual_model = model if a.checked_fit is None else residuals_named(True, model)
    return {
        "residuals": f"Residuals of the {residual_model} against fitted values, showing "
        f"{funnel_shape(diag.funnel_rho, diag.funnel_p)}, and a "
        "normal QQ plot of standardized residuals with "
        f"{tail_weight(diag.residual_excess_kurtosis, diag.kurtosis_se)}.",
        "residual_checks": "Left: square root of the absolute standardized residuals against fitted values "
        f"with a binned mean, showing {funnel_shape(diag.funnel_rho, diag.funnel_p)}. Right: residuals "
        f"against {noun(labels.time)} with their mean at each time and a 95% band"
        + (
            (
                ", which misses zero at more times than chance allows."
                if curve_misses(diag.residual_means_test, diag.smooth_off_zero_p)
                else ", which stays level."
            )
            if diag.residual_means_test == "binned"  # a curve's residuals: the text's binned test
            else ", which bends."
            if curvature_verdict(diag.curvature_p, diag.curvature_size)
            else ", which misses zero at more times than chance allows."
            if a.trend is not None and a.trend.line_misses
            else ", with at most a hint of a bend."
            if diag.curvature_p < HINT_ALPHA
            else ", which stays level."
        ),
        "spread": spread_alt(diag, labels, decimals),
        "effects_qq": f"Normal QQ plots of the predicted random {level}s"
        + (" and slopes" if slopes else "")
        + f" of the {model}: random {level}s {effect_tails(diag.intercept_excess_kurtosis, level_sd)}"
        + (
            f", the slopes {effect_tails(diag.slope_excess_kurtosis, slope_sd)}"
            if slopes and diag.slope_excess_kurtosis is not None
            else ""
        )
        + ".",
    }
