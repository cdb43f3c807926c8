"""Sentences for the supported model, the trend test and the covariate sections."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportgen.analysis.coded_covariate import looks_coded
from reportgen.analysis.time_basis import LOG
from reportgen.i18n import number_text
from reportgen.narrative.condition_term_words import condition_term_caveat
from reportgen.narrative.correlation_sign import correlation_supported, correlation_test_parts
from reportgen.narrative.covariate_effects import (
    covariate_rate_lead,
    curve_interaction_verdict,
    difference_sentences,
    estimate_with_ci,
    interaction_sentences,
    kept_partners,
    lrt_scope,
    mean_time_style,
    random_part_sentences,
)
from reportgen.narrative.covariate_effects import (
    f_test_words as _f_test,
)
from reportgen.narrative.gap_change import gap_change_p
from reportgen.narrative.model_rules import (
    ALPHA,
    choice_reason,
    covariate_reading,
    covariate_structure_note,
    curvature_connector,
    curve_bend,
    curve_differs_note,
    evidence,
    explained_away,
    few_at_start_words,
    interaction_verdict,
    levels_agree,
    lines_misplace_start,
    lines_start_verdict,
    mean_time_verdict,
    measured_start_verdict,
    narrow_interval_note,
    not_stood_on,
    numbers_or_codes,
    origin_note,
    paired_verdict,
    pairing_caveat,
    quantile_name,
    refit_role,
    residual_bin_words,
    residual_pattern,
    singular_line_words,
    start_correlation,
    start_narrow_cause,
    start_spread_departs,
    starts_narrower,
    straight_line_caveat,
    too_few_to_compare_spread,
    trend_shape,
    trend_verdict,
    turning_point,
)
from reportgen.narrative.multilevel import interaction_pairing
from reportgen.narrative.outer_level import every_level_slope_lead, line_formula
from reportgen.narrative.response_words import average_response
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.setting_words import log_shape_prompt
from reportgen.narrative.shape import (
    bend_found,
    chosen_curve_words,
    headline_fault,
    headline_source,
    parabola_misses_shape,
    shape_sentences,
    slope_lead,
    slope_use_note,
)
from reportgen.narrative.subject_slope_choice import every_level_slopes
from reportgen.numbers import decimals_to_tell_apart
from reportgen.words import capitalized, model_name, noun, noun_for, verb_for

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from reportgen.analysis import Analysis
    from reportgen.analysis.covariates import CovariateEffect
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.trend import Trend
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels

METHOD_NOTE = (
    "Fixed effects of mixed models are tested with t statistics whose degrees of freedom come from "
    "Satterthwaite's approximation (as lmerTest reports them); their 95% intervals use the same t "
    "distributions."
)


def _plural(labels: Labels) -> str:
    from reportgen.words import plural

    return plural(labels.group)


def q5_note(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    source = headline_source(a)
    curve = source in ("curve", "cycle")  # the line "there" is singular: point at the curve's rate
    note = narrow_interval_note(
        a.choice.model, noun(labels.group), further_shown=a.glmm is None, curve=curve, cycle=source == "cycle"
    )
    if not note:
        return []
    if a.multilevel is not None and a.headline_multilevel is not None and not curve:
        return [_every_level_interval(a, labels, decimals)]  # the summaries' interval (statP 5)
    there_key = q5_interval_key(a.multilevel is not None, a.choice.model)
    if curve or line_caveat(a) or not there_key:  # no interval of a singular line is given
        return [(note,)]
    there, here = a.choice.straight.slope, a.random_intercept.slope
    k = decimals_to_tell_apart([there.ci_low, there.ci_high], [here.ci_low, here.ci_high], decimals)
    d = "fixed" if k == decimals else f"d{k}"
    return [
        (
            note.rstrip(".") + ": ",
            num(there_key, "slope_ci_low", style=d),
            " to ",
            num(there_key, "slope_ci_high", style=d),
            " there, against ",
            num("random_intercept", "slope_ci_low", style=d),
            " to ",
            num("random_intercept", "slope_ci_high", style=d),
            " here.",
        )
    ]


def _every_level_interval(a: Analysis, labels: Labels, decimals: int) -> Sentence:
    """Question 5's note with an outer level: the interval of the model with every level."""
    from reportgen.analysis.headline import analysis_headline
    from reportgen.narrative.every_level_interval import every_level_interval_note, wider_interval

    assert a.headline_multilevel is not None
    ci, here = analysis_headline(a).slope, a.random_intercept.slope
    k = decimals_to_tell_apart([ci.ci_low, ci.ci_high], [here.ci_low, here.ci_high], decimals)
    style = "fixed" if k == decimals else f"d{k}"
    wider = wider_interval((ci.ci_low, ci.ci_high), (here.ci_low, here.ci_high))
    return every_level_interval_note(labels.group, a.headline_multilevel.levels[0], style, wider)


def q5_interval_key(nested: bool, model: str) -> str:
    """Where Question 5's note reads the interval of the section it points at: the headline (the
    chosen model's line) with one grouping; with an outer level the headline is the model with
    every level's, so the random-slope section's own table (``random_slope``, statistician N 4: the
    note printed the headline's -1.71 beside that table's -1.72); "" when that section is not the
    one pointed at (uncorrelated slopes: no interval given)."""
    if not nested:
        return "headline"
    return "random_slope" if model == "random_slope" else ""


def line_caveat(a: Analysis) -> str:
    """:func:`singular_line_words` of the chosen curve's straight line ("" for a straight trend)."""
    return singular_line_words(a.choice.straight.singular, a.choice.fit.singular)


def _on_curve(shape: str, labels: Labels) -> str:
    """Where the random effects were tested, when not on a straight line: " on the chosen curve, ..."."""
    if shape == "linear":
        return ""
    from reportgen.narrative.shape import shape_name

    return f" on the chosen curve, {shape_name(shape, noun(labels.time))},"


def model_choice(a: Analysis, labels: Labels) -> list[Sentence]:
    """Which structure the tests support, the uncorrelated refit when one was made, the headline.

    Every verdict here is ``a.choice``'s: the random-slope test decides, the refit describes.
    """
    choice = a.choice
    sentences: list[Sentence] = []
    if choice.uncorrelated is not None and choice.uncorrelated_lrt is not None:
        t0 = number_text(choice.reference_time, "auto")
        sentences.append(
            (
                f"The random-slope fit{_on_curve(choice.shape, labels)} is degenerate: the correlation of "
                "intercepts and slopes is estimated at ",
                num("model_choice", "random_slope_corr"),
                ", the edge of its range. Its likelihood-ratio test (boundary-corrected p ",
                num("comparison", "lrt_p_boundary", style="p_eq"),
                f"), which is the same wherever {noun(labels.time)} is counted from, decides that "
                "slopes differ; the usual remedy for the degenerate correlation is a simpler covariance: "
                f"refitted with uncorrelated starting levels and slopes ({noun(labels.time)} counted "
                f"from {t0}), the slope standard deviation is ",
                num("model_choice", "uncorrelated", "slope_sd"),
                f" {labels.rate()} (against the random intercept alone χ² = ",
                num("model_choice", "uncorrelated_lrt", "chisq"),
                " on 1 degree of freedom, boundary-corrected p ",
                num("model_choice", "uncorrelated_lrt", "p_boundary", style="p_eq"),
                f"): {refit_role(choice.reason)}.",
            )
        )
    other_choice = every_level_slopes(a, labels)  # the model with every level chose otherwise
    from reportgen.narrative.subject_slope_choice import one_grouping_named

    lead = (
        ""
        if other_choice or a.multilevel is None
        else one_grouping_named(a.multilevel.levels, a.multilevel.crossed, labels.group)
    )
    sentences.append(
        (
            capitalized(f"{lead}the data support the {model_name(choice.model, choice.shape)}: ")
            + f"{_choice_reason(choice.reason, choice.shape, _plural(labels))}.",
        )
    )
    sentences += other_choice
    sentences += chosen_random_effects(a, labels)
    source = headline_source(a)
    if source == "cycle":  # a cycle's headline is its amplitude and peak time, not a rate
        from reportgen.narrative.cycle import cycle_headline_sentence

        return [*sentences, cycle_headline_sentence(labels)]
    sentences.append(
        (
            slope_lead(choice.shape, source) if a.multilevel is None else _every_level_lead(a),
            num("headline", "slope"),
            f" {labels.rate()} (95% CI ",
            num("headline", "slope_ci_low"),
            " to ",
            num("headline", "slope_ci_high"),
            "; t = ",
            num("headline", "slope_t"),
            " on ",
            num("headline", "slope_df", style="df"),
            " df, p ",
            num("headline", "slope_p", style="p_eq"),
            f"); {slope_use_note(choice.shape, source, headline_fault(a))}.",
        )
    )
    if a.multilevel is not None:  # the outer groups' own slopes in that model (statistician P 4)
        from reportgen.narrative.headline_top_slopes import headline_top_slopes

        sentences += headline_top_slopes(a, labels)
    singular = line_caveat(a)
    if singular and source != "curve":  # the curve's rate: the sentence above says why
        sentences.append((singular[0].upper() + singular[1:] + ".",))
    return sentences


def _curve_slope_spread(fit: MixedFit, key: tuple[str, ...], labels: Labels) -> tuple[str | Num, ...]:
    """How far a curve's subjects' slopes spread around its own rate, or why no range is given."""
    from reportgen.analysis.selection import level_at_boundary

    group, gs, time = noun(labels.group), _plural(labels), noun(labels.time)
    if level_at_boundary(fit):  # the slopes' SD is an estimate, not a boundary value
        return (
            f". The fit is singular only because the levels' variance is estimated at 0 (every {group} "
            "starts from one shared level); the slopes' standard deviation is not at its boundary, so "
            f"about 95% of {gs}' slopes lie within ",
            num(*key, "slope_range_halfwidth"),
            f" of the curve's own rate at each {time}.",
        )
    if fit.singular:
        return (
            f". The fit is singular, so these are no finding and no range of {gs}' slopes is drawn "
            "from them.",
        )
    # A curve has no one average slope to centre a range on (the straight line's is another
    # model's): the spread is said around the curve's own rate.
    return (
        f". About 95% of {gs}' slopes lie within two of these standard deviations of the curve's own "
        f"rate at each {time}.",
    )


def chosen_random_effects(a: Analysis, labels: Labels) -> list[Sentence]:
    """A curve's model's own random effects (the sections before describe straight-line fits):
    intercept and slope SDs and their correlation, the levels' SD at the first observed time and,
    for a regular fit, the range of 95% of the subjects' slopes."""
    from reportgen.analysis.selection import effects_at

    choice = a.choice
    fit = choice.fit
    if choice.shape == "linear" or not fit.random_slope:
        return []
    gs, time = _plural(labels), noun(labels.time)
    key = ("model_choice", "linear") if a.glmm is not None else ("model_choice",)
    if a.multilevel is not None:  # the top keys are the model's with every level (multilevel_results)
        key = ("model_choice", "one_grouping")
    at_start: tuple[str | Num, ...] = (
        ()
        if choice.reference_time == 0
        else (
            f"; read at {time} {number_text(choice.reference_time, 'auto')}, the first observed time, "
            "their levels vary with a standard deviation of ",
            num(*key, "level_sd_at_reference"),
        )
    )
    spread = _curve_slope_spread(fit, key, labels)
    corr: tuple[str | Num, ...] = (
        () if effects_at(fit, 0.0)[1] is None else (", correlated at ", num(*key, "corr"))
    )
    name = model_name(choice.model, choice.shape)
    caveat = [] if a.glmm is not None else _start_spread_caveat(a, labels)
    if fit.covariance == "diagonal":  # its levels are counted from the first time: read them there
        return [
            (
                f"In the {name}, {gs}' levels at {time} {number_text(choice.reference_time, 'auto')}, "
                "the first observed time, vary with a standard deviation of ",
                num(*key, "level_sd_at_reference"),
                " and their slopes, uncorrelated with them, with ",
                num(*key, "slope_sd"),
                f" {labels.rate()}",
                *spread,
            ),
            *caveat,
        ]
    return [
        (
            f"In the {name}, {gs}' intercepts (levels at {time} 0"
            + origin_note(*choice.time_range)
            + ") vary with a standard deviation of ",
            num(*key, "intercept_sd"),
            " and their slopes with ",
            num(*key, "slope_sd"),
            f" {labels.rate()}",
            *corr,
            *at_start,
            *spread,
        ),
        *caveat,
    ]


# How the chosen model's caveat on its starting levels opens (the study report's summary keeps it
# beside the levels' spread: ChickWeight's 12.01 at day 0 where the weights measured there spread 1.13).
START_SPREAD_LEAD = "The values measured at the first observed time"


def _narrow_cause(a: Analysis, level_sd: float, residual_var: float) -> str:
    """Why the start spreads less than a model with these parts says (model_rules.start_narrow_cause)."""
    from reportgen.analysis.spread import GROWS_WITH_LEVEL, GROWS_WITH_TIME

    grows = a.diagnostics.spread_pattern in (GROWS_WITH_LEVEL, GROWS_WITH_TIME)
    return start_narrow_cause(level_sd, math.sqrt(max(residual_var, 0.0)), grows)


def _start_spread_caveat(a: Analysis, labels: Labels) -> list[Sentence]:
    """The values measured at the first observed time beside the chosen model's SD of a measurement
    there, when they spread more or less than sampling explains (eighth read, ChickWeight)."""
    from reportgen.analysis.selection import effects_at

    choice = a.choice
    level_sd, _ = effects_at(choice.fit, choice.reference_time)
    model_sd = math.sqrt(level_sd**2 + choice.fit.residual_var)  # as model_choice.model_sd_at_reference
    observed, subjects = choice.observed_sd_at_reference, choice.observed_groups_at_reference
    if not start_spread_departs(model_sd, observed, subjects):
        return []
    cause = _narrow_cause(a, level_sd, choice.fit.residual_var)
    return [
        (
            f"{START_SPREAD_LEAD}, {noun(labels.time)} {number_text(choice.reference_time, 'auto')}, "
            "have a standard deviation of ",
            num("model_choice", "observed_sd_at_reference"),
            "; this model expects ",
            num("model_choice", "model_sd_at_reference"),
            " for a measurement there (the levels' spread together with the residual spread), "
            f"{levels_agree(model_sd, observed, subjects, cause)}.",
        )
    ]


def start_levels(a: Analysis, labels: Labels) -> list[Sentence]:
    """Random slopes: starting levels and their correlation with slopes, read inside the data."""
    rs, choice = a.random_slope, a.choice
    if not rs.random_slope:
        return []
    t0 = number_text(choice.reference_time, "auto")
    from reportgen.analysis.selection import effects_at

    _, corr = effects_at(rs, choice.reference_time)
    where = (
        f"at {noun(labels.time)} {t0}, the first observed time,"
        if choice.reference_time != 0
        else f"at {noun(labels.time)} 0, the first observed time,"
    )
    level_sd, _ = effects_at(rs, choice.reference_time)
    outer = a.multilevel.levels[:-1] if a.multilevel is not None else ()  # nested: named, never stood on
    clear = rs.slope.p < ALPHA  # an average direction to change faster or more slowly in
    sentences: list[Sentence] = [
        (
            f"Read {where} {_plural(labels)}' levels vary with a standard deviation of ",
            num("random_slope", "level_sd_at_reference"),
            " and correlate with their slopes at ",
            num("random_slope", "corr_at_reference"),
            *correlation_test_parts(a.correlation_lrt),
            # G1's fit: named when the report stands on another model.
            f": in {not_stood_on(choice.model, choice.shape, outer)}, "
            + start_correlation(
                corr,
                _plural(labels),
                rs.slope.estimate,
                clear,
                rs.singular,
                lines=start_misplaced(a),
                sign_clear=correlation_supported(a.correlation_lrt),
            )
            + ".",
        )
    ]
    subjects = choice.observed_groups_at_reference
    model_sd = math.sqrt(level_sd**2 + rs.residual_var)  # a measurement: level and residual
    cause = _narrow_cause(a, level_sd, rs.residual_var)
    agree = levels_agree(model_sd, choice.observed_sd_at_reference, subjects, cause)
    if agree:
        sentences.append(
            (
                "The values measured at that time have a standard deviation of ",
                num("model_choice", "observed_sd_at_reference"),
                "; the model expects ",
                num("random_slope", "model_sd_at_reference"),
                f" for a measurement there (the levels' spread together with the residual spread), {agree}.",
            )
        )
    elif too_few_to_compare_spread(choice.observed_sd_at_reference, subjects):
        values = choice.observed_n_at_reference
        sentences.append(
            (
                "Only ",
                num("model_choice", "observed_n_at_reference", style="int"),
                f" {noun_for(values, 'value')} {verb_for(values, 'was', 'were')} measured at that "
                "time, from ",
                num("model_choice", "observed_groups_at_reference", style="int"),
                f" {noun_for(subjects, labels.group)}: too few to tell whether they spread as the model "
                "expects.",
            )
        )
    caveat = straight_line_caveat("curved" if trend_curved(a) else "linear")
    if caveat:
        sentences.append((caveat + ".",))
    return sentences


def _times(t: Trend, labels: Labels) -> str:
    """The times of the residual means away from zero, as text ("age 8, 10")."""
    times = t.off_zero_times
    if not times or len(times) > 6 or t.binned:  # a bin's mean time was never observed
        return ""
    return f"{noun(labels.time)} " + ", ".join(number_text(v, "auto") for v in times)


def _other_curve(a: Analysis) -> bool:
    """The shape comparison picks a curve the quadratic test did not find."""
    t = a.trend
    return t is not None and parabola_misses_shape(t.supported, a.choice.shape, t.line_misses)


def _choice_reason(reason: str, shape: str, group_plural: str) -> str:
    """Why the tests support the structure, in a cycle's words when the trend is one."""
    from reportgen.analysis.time_basis import HARMONIC
    from reportgen.narrative.cycle import cycle_choice_reason

    return (cycle_choice_reason if shape == HARMONIC else choice_reason)(reason, group_plural)


def _shape(a: Analysis) -> str:
    """The trend's shape in words, relative to its direction and to where the data turn."""
    t = a.trend
    assert t is not None
    curve = t.curve
    if curve is not None and curve.cycle is not None:  # a cycle does not bend: it rises and falls
        from reportgen.narrative.cycle import cycle_shape_words

        return cycle_shape_words(curvature_connector(t.supported, t.line_misses or _other_curve(a)) == "but")
    if curve is not None and curve.bend:
        # The report stands on a curve: its own rate, not the parabola's sign, says how it bends.
        words = curve_bend(curve.bend, curve.change.estimate > 0, curve.extreme_kind if curve.turns else "")
        if _other_curve(a):
            return f"the shape comparison below finds a curve that is not a parabola: on it, {words}"
        if t.supported == "linear" and t.line_misses:  # the residual means, not the parabola, found it
            return (
                "a straight line is nevertheless inadequate (its residual means miss zero at more times "
                f"than chance allows): on the chosen curve, {words}"
            )
        return f"the average trajectory is curved: on the chosen curve, {words}"
    if _other_curve(a):
        return "the shape comparison below finds a curve that is not a parabola"
    # The chosen curve turns the way the parabola bends, clearly (None: the report stands on a line).
    curve_turns = (
        None if curve is None else curve.turns and (curve.extreme_kind == "peak") == (t.curvature < 0)
    )
    return trend_shape(
        t.supported,
        t.curvature,
        a.choice.straight.slope.estimate,
        t.observed_turn is not None,
        t.line_misses,
        curve_turns,
    )


def trend(a: Analysis, labels: Labels) -> list[Sentence]:
    t = a.trend
    if t is None:
        return []
    time = noun(labels.time)
    sentences: list[Sentence] = [
        (
            f"Adding {noun(labels.time)} squared to the model (with the same random effects, both fitted "
            "by maximum likelihood) changes the fit by χ² = ",
            num("trend", "quadratic_lrt", "chisq"),
            " on 1 degree of freedom (p ",
            num("trend", "quadratic_lrt", "p", style="p_eq"),
            f"): {evidence(t.quadratic_lrt.p)} of curvature, "
            f"{curvature_connector(t.supported, t.line_misses or _other_curve(a))} {_shape(a)}.",
        ),
        (
            "The residuals of the straight-line model, averaged over time: "
            + residual_pattern(
                # A chosen curve is the smooth bend that explains them.
                t.bins_off_zero,
                len(t.residual_bins),
                bend_found(t.supported, a.choice.shape),
                _times(t, labels),
                t.binned,
            )
            + ".",
        ),
    ]
    if t.supported == "quadratic" and t.turning_time is not None and t.turns_inside:
        seen = None if t.observed_turn is None else f"{time} {number_text(round(t.observed_turn, 2), 'auto')}"
        sentences.append(
            (
                f"The fitted parabola turns at {time} ",
                num("trend", "turning_time"),
                f", inside the observed times; {turning_point(t.curvature, seen, t.turn_agrees)}.",
            )
        )
    elif t.supported == "quadratic":
        sentences.append(
            (
                "The average slope of the straight-line model is then the slope of a straight line "
                "laid over a curve: neither a constant rate nor the curve's average rate over the "
                "observed times.",
            )
        )
    return sentences + shape_sentences(a, labels)


def held_words(held: Mapping[str, str | float], f: Callable[[float], str]) -> str:
    """ " (with Treatment at its reference level, chilled)": :func:`_held_at` as plain text (alt texts)."""
    parts = [
        f"{other} at its reference level, {at}" if isinstance(at, str) else f"{other} at its mean, {f(at)}"
        for other, at in held.items()
    ]
    return f" (with {' and '.join(parts)})" if parts else ""


def _held_at(held: dict[str, str | float], key: tuple[str, ...]) -> tuple[str | Num, ...]:
    """ " (with Evit at its reference level, Evit000)": the slopes are conditional on the others."""
    parts: list[str | Num] = []
    for other, at in held.items():
        parts.append(" and " if parts else " (with ")
        if isinstance(at, str):
            parts.append(f"{other} at its reference level, {at}")
        else:
            parts += [f"{other} at its mean, ", num(*key, "held_at", other, "mean", style="auto")]
    return (*parts, ")") if parts else ()


def _curve_word(e: CovariateEffect) -> str:
    """What the covariate model carries in time: a cycle, or another curve."""
    return "the cycle in " if e.cycles is not None else "the curve in "


def mean_time_sentence(e: CovariateEffect, labels: Labels, key: tuple[str, ...]) -> Sentence:
    """The lines of the covariate's levels compared at the average observed time."""
    assert e.difference_at_mean_time is not None
    carried = e.shape != "linear"  # the model's curves (the chosen shape), decided by their LRT
    drawn = "curves" if carried else "lines"
    p_interaction = e.lrt_interaction.p if carried else e.interaction_test.p
    changes = {} if e.differences is None else {k: c.p for k, c in e.differences.change.items()}
    verdict = mean_time_verdict(
        e.difference_at_mean_time.p, p_interaction, e.column, e.kind, drawn, gap_change_p(changes)
    )
    if e.cycles is not None:  # on a cycle the gap recurs every period; it does not drift
        from reportgen.narrative.covariate_cycle import cycle_gap_verdict

        verdict = cycle_gap_verdict(e.difference_at_mean_time.p, p_interaction, e.column)
    return (
        f"At {noun(labels.time)} ",
        num(*key, "mean_time", style=mean_time_style(e.differences.times) if e.differences else "trim"),
        f", the average observed time, the model's {drawn} for the "
        f"{'levels' if e.kind == 'categorical' else 'values'} of {e.column}",
        *(_held_at(e.held_at, key) if e.interactions else ()),  # at the others' reference levels
        " differ by ",
        *_f_test(*key, "difference_at_mean_time"),
        # the pairing term's model when it was fitted (analysis.covariates: differences_paired)
        ": " + paired_verdict(verdict, "" if e.differences_paired else e.within_subject) + ".",
    )


def trend_curved(a: Analysis) -> bool:
    """Does the trend test find a curved average trend, or the shape comparison pick a curve?"""
    return a.trend is not None and (a.trend.supported != "linear" or a.choice.shape != "linear")


def _start_narrower(a: Analysis) -> bool:
    """The inputs of :func:`starts_narrower`, read off the analysis (as start_levels reads them)."""
    from reportgen.analysis.selection import effects_at

    choice = a.choice
    level_sd, _ = effects_at(a.random_slope, choice.reference_time)
    model_sd = math.sqrt(level_sd**2 + a.random_slope.residual_var)  # results' model_sd_at_reference
    return starts_narrower(model_sd, choice.observed_sd_at_reference, choice.observed_groups_at_reference)


def few_at_start_sentence(a: Analysis, labels: Labels) -> list[Sentence]:
    """Too few subjects measured at the first observed time: its values are not compared (empty
    when they are enough)."""
    from reportgen.analysis.selection import few_at_start

    choice = a.choice
    time = f"{noun(labels.time)} {number_text(choice.reference_time, 'auto')}"
    words = few_at_start_words(
        few_at_start(choice.observed_groups_at_reference, a.relationship.groups), _plural(labels), time
    )
    if not words:
        return []
    return [
        (
            "Only ",
            num("model_choice", "observed_groups_at_reference", style="int"),
            " of ",
            num("data", "groups", style="int"),
            f" {words}.",
        )
    ]


def start_misplaced(a: Analysis) -> bool:
    """Do straight lines misplace the measured start (for every statement of where subjects start)?

    Read once here for Q3c, Q4 and the start-slope correlation of Going further 1: a curved trend,
    or lines that spread more at the first observed time than the values measured there.
    """
    return lines_misplace_start(trend_curved(a), _start_narrower(a), 1.0, None)


def _lines_misplace_start(a: Analysis, e: CovariateEffect) -> bool:
    """The inputs of :func:`lines_misplace_start` for a covariate, read off the analysis."""
    measured_p = e.measured_at_start.p if e.measured_at_start is not None else None
    if e.shape != "linear":  # the model carries the curve: only a verdict that disagrees misplaces it
        return lines_misplace_start(False, False, e.difference_at_start.p, measured_p)
    return lines_misplace_start(trend_curved(a), _start_narrower(a), e.difference_at_start.p, measured_p)


def measured_against_lines(
    lines: bool, held: dict[str, str | float], drawn: str = "line", measured_at: dict[str, str] | None = None
) -> str:
    """What the measured means are set beside: the lines sit at the other covariates' held values;
    the means (and their test) are taken at the same level of those in ``measured_at`` (a kept
    interaction: CO2's Type at Treatment chilled, analysis.start_subset) and pool over the rest,
    which is said."""
    if not lines:
        return "measured mean"
    measured_at = measured_at or {}
    at_level = " and ".join(f"{other} {at}" for other, at in measured_at.items())
    pooled = [other for other in held if other not in measured_at]
    if not pooled:
        return (
            f"measured mean at {at_level} against the {drawn} there"
            if at_level
            else (f"measured mean against the {drawn} there")
        )
    where = " and ".join(
        f"{other} {at}" if isinstance(at, str) else f"{other} at its mean" for other, at in held.items()
    )
    also = f", at {at_level}" if at_level else ""
    return f"measured mean, pooled over {' and '.join(pooled)}{also}, against the {drawn} there at {where}"


def _start_disagreement(e: CovariateEffect) -> str:
    """What differs between the model's and the measured difference at the first time, for two
    levels with means and lines there (narrative.start_disagreement; SIZES otherwise)."""
    from reportgen.narrative.start_disagreement import SIZES, start_disagreement

    means, lines = e.measured_means_at_start, e.model_at_start
    if e.measured_at_start is None or len(means) != 2 or not all(level in lines for level in means):
        return SIZES
    first, second = means
    return start_disagreement(
        lines[second] - lines[first],
        means[second] - means[first],
        e.difference_at_start.F,
        e.measured_at_start.F,
    )


def measured_start_sentence(e: CovariateEffect, key: tuple[str, ...], misplaced: bool) -> Sentence:
    """The values measured at the first observed time, by level, beside the lines there, and their test."""
    parts: list[str | Num] = []
    if e.measured_means_at_start:
        lines = all(level in e.model_at_start for level in e.measured_means_at_start)
        drawn = "curve" if e.shape != "linear" else "line"
        parts.append(f" ({measured_against_lines(lines, e.held_at, drawn, e.measured_at_start_held)}: ")
        for i, level in enumerate(e.measured_means_at_start):
            if i:
                parts.append("; ")
            parts += [f"{e.column} {level} ", num(*key, "measured_means_at_start", level)]
            if lines:
                parts += [" against ", num(*key, "model_at_start", level)]
        parts.append(")")
    assert e.measured_at_start is not None
    by = e.measured_at_start_by
    # Tested with a random intercept per outer group (analysis.outer_start_test): said, with why.
    each = f"each {noun(by)}"
    by_means = (
        f", tested with a random intercept for {each} ({e.column} is constant within {each})," if by else ""
    )
    if by and e.measured_at_start_crossed:  # crossed, or varying within: their terms whatever it does
        from reportgen.narrative.crossed import crossed_start_words

        by_means = crossed_start_words(by, e.column)
    if by_means:  # its means are the model's, not the raw ones printed (statistician P 9)
        from reportgen.narrative.outer_start_means import adjusted_means_words

        by_means = by_means[:-2] + adjusted_means_words(by, bool(e.measured_means_at_start)) + "),"
    return (
        "The values measured at that time",
        *parts,
        by_means,
        " differ by ",
        *_f_test(*key, "measured_at_start"),
        ": "
        + paired_verdict(
            measured_start_verdict(
                e.measured_at_start.p,
                misplaced,
                e.column,
                "curves" if e.shape != "linear" else "lines",
                e.difference_at_start.p,
                _start_disagreement(e),
            ),
            e.within_subject,
        )
        + ".",
    )


def covariate(a: Analysis, labels: Labels, column: str) -> list[Sentence]:
    e = a.covariates[column]
    key = ("covariates", column)
    levels = e.levels
    sentences: list[Sentence] = []
    slope_parts: list[str | Num] = []
    what = "level" if e.kind == "categorical" else "value"
    # A numeric covariate with two values is read at those ("QB 200"), one that may be a code at
    # values it takes ("Diet = 2"), else at its quartiles.
    named = e.kind == "categorical" or e.distinct_values == 2
    codes = numbers_or_codes(column, e.kind, e.distinct_values, e.whole_numbers)
    for i, level in enumerate(levels):
        if i:
            slope_parts.append("; " if i < len(levels) - 1 else "; and ")
        name: tuple[str | Num, ...] = (
            (level,)
            if named
            else quantile_name(column, level, num(*key, "level_values", str(i), style="auto"), bool(codes))
        )
        slope_parts += [*name, ": ", *estimate_with_ci((*key, "slope_by_level", level)), ")"]
    if codes:
        sentences.append((codes + ".",))
    paired = pairing_caveat(e.within_subject, column, noun(labels.group), labels.group)
    if e.subject_condition_term:
        paired = condition_term_caveat(
            column,
            noun(labels.group),
            labels.group,
            noun(labels.time),
            len(levels) if e.kind == "categorical" else 0,
            e.differences_paired,
        )
    sentences += interaction_sentences(e, key, noun(labels.time))
    simplified = random_part_sentences(
        e.random_part, key, noun(labels.group), _plural(labels), a.glmm is not None
    )
    sentences += simplified or [
        (
            covariate_structure_note(
                e.structure,
                _plural(labels),
                bool(paired),
                a.choice.reason,
                a.glmm is not None,
                cycle=e.cycles is not None,
            ),
        )
    ]
    if paired:
        sentences.append((paired + ".",))
    carried = e.shape != "linear"  # the covariate model carries the chosen curve
    if e.cycles is not None:  # a cycle has no rate: each level's cycle instead
        from reportgen.narrative.covariate_cycle import cycle_level_sentences

        sentences += cycle_level_sentences(e, labels, key)
    else:
        sentences.append(
            (
                covariate_rate_lead(carried, labels.rate(), noun(labels.time), what, column),
                *_held_at(e.held_at, key),
                ": ",
                *slope_parts,
                ".",
            )
        )
    curved = a.choice.shape != "linear"
    curve_test = a.shape_by_covariate.get(column) if curved and not carried else None
    curve_p = curve_test.p if curve_test is not None else None
    verdict = (
        curve_interaction_verdict(e.lrt_interaction.p, column)
        if carried
        else interaction_verdict(e.interaction_test.p, column, curved)
    )
    if e.cycles is not None:  # a cycle's amplitude, mean level or peak differ, no gap along a curve
        from reportgen.narrative.covariate_cycle import cycle_interaction_verdict

        verdict = cycle_interaction_verdict(e.lrt_interaction.p, column)
    sentences.append(
        (
            f"The type-III F test of {_curve_word(e) if carried else ''}{noun(labels.time)} × {column} "
            "gives ",
            *_f_test(*key, "interaction_test"),
            f", and {lrt_scope(column, noun(labels.time), kept_partners(e))} χ² = ",
            num(*key, "lrt_interaction", "chisq"),
            *((" on ", num(*key, "lrt_interaction", "df", style="int"), " df") if kept_partners(e) else ()),
            " (p ",
            num(*key, "lrt_interaction", "p", style="p_eq"),
            "): "
            + interaction_pairing(verdict, e.within_subject, e.subject_condition_term, carried)
            + curve_differs_note(e.interaction_test.p, curve_p, column, noun(labels.time))
            + ".",
        )
    )
    low, high = a.choice.time_range
    start = number_text(a.choice.reference_time, "auto")
    # A cycle's main effect compares the levels' mean levels over a cycle, at no one time.
    outside = not low <= e.main_effect_time <= high and a.choice.shape != "harmonic"
    misplaced = _lines_misplace_start(a, e)
    sentences.append(
        (
            f"At {noun(labels.time)} {start}, the first observed time, the model's "
            f"{'curves' if carried else 'lines'} for the "
            f"{'levels' if e.kind == 'categorical' else 'values'} of {column}",
            *(_held_at(e.held_at, key) if e.interactions else ()),  # CO2: Type at Treatment = chilled
            " differ by ",
            *_f_test(*key, "difference_at_start"),
            ": "
            + paired_verdict(
                lines_start_verdict(e.difference_at_start.p, misplaced, "curves" if carried else "lines"),
                "" if e.differences_paired else e.within_subject,
            )
            + (
                f"; the type-III main effect in the table compares them at {noun(labels.time)} "
                f"{number_text(e.main_effect_time, 'auto')}, "
                "outside the observed times."
                if outside
                else "."
            ),
        )
    )
    if e.measured_at_start is not None:
        sentences.append(measured_start_sentence(e, key, misplaced))
    else:
        sentences += few_at_start_sentence(a, labels)
    if e.difference_at_mean_time is not None:
        sentences.append(mean_time_sentence(e, labels, key))
    sentences += difference_sentences(e, labels, key, _held_at(e.held_at, key) if e.interactions else ())
    caveat = straight_line_caveat("curved" if trend_curved(a) and not carried else "linear")
    if caveat:
        sentences.append(
            (
                caveat.replace("these come", "the slopes and levels above come")
                + "; the slopes are average rates.",
            )
        )
    if e.random_slope_lrt is not None:
        sentences.append(_slopes_with_covariates(a, e, key, labels.group))
    return sentences


def _slopes_with_covariates(a: Analysis, e: CovariateEffect, key: tuple[str, ...], group: str) -> Sentence:
    """The random-slope test in the model with every covariate (one test for all of them)."""
    from reportgen.analysis.covariates import slopes_supported_before

    assert e.random_slope_lrt is not None
    columns = list(a.covariates)
    together = len(columns) > 1
    before = slopes_supported_before(a.choice, e.random_slope_lrt.df)
    part = e.random_part
    singular = part is not None and part.singular
    boundary, simplified = ("slope", True) if part is None else (part.boundary, part.first != part.kept)
    note = explained_away(before, e.random_slope_lrt.p_boundary, together, singular, boundary, simplified)
    earlier: tuple[str | Num, ...] = ()
    if not before and e.random_slope_lrt.df == 1 and a.choice.uncorrelated_lrt is not None:
        earlier = (
            " (without covariates the uncorrelated refit gives χ² = ",
            num("model_choice", "uncorrelated_lrt", "chisq"),
            ", boundary-corrected p ",
            num("model_choice", "uncorrelated_lrt", "p_boundary", style="p_eq"),
            ")",
        )
    stood_on = _every_level_slope_test(a, column_list(columns) if together else e.column, together, group)
    if stood_on is not None:
        return stood_on
    which = f"With {column_list(columns)} in the model" if together else f"With {e.column} in the model"
    return (
        f"{which}, the random slopes give χ² = ",
        num(*key, "random_slope_lrt", "chisq"),
        " (boundary-corrected p ",
        num(*key, "random_slope_lrt", "p_boundary", style="p_eq"),
        f"): {note}",
        *earlier,
        ".",
    )


def _every_level_slope_test(a: Analysis, covariates: str, together: bool, group: str) -> Sentence | None:
    """With an outer level, the random-slope test of the model stood on (``multilevel.slope_tests``),
    not the covariate model's on the subjects alone; None without one, or when that model's rule did
    not test the subjects' slopes (a singular fit)."""
    from reportgen.analysis.subject_slope_choice import subject_slopes_kept
    from reportgen.multilevel_results import subject_term
    from reportgen.narrative.every_level_slope_test import every_level_slope_test
    from reportgen.words import plural

    fit, headline = a.multilevel, a.headline_multilevel
    if fit is None or subject_term(fit) not in fit.slope_tests:
        return None
    term = subject_term(fit)
    before = subject_slopes_kept(headline if headline is not None else fit)
    verdict = explained_away(before, fit.slope_tests[term].p, together)
    return every_level_slope_test(covariates, noun(fit.levels[0]), plural(group), term, verdict)


def column_list(columns: list[str]) -> str:
    """ "both covariates (Type and Treatment)", "all 3 covariates (A, B and C)"."""
    names = ", ".join(columns[:-1]) + f" and {columns[-1]}"
    return f"{'both' if len(columns) == 2 else f'all {len(columns)}'} covariates ({names})"


def trend_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    t = a.trend
    verdict = "" if t is None else trend_verdict(t.supported, t.line_misses)
    compared = a.choice.shapes is not None and LOG in a.choice.shapes.fits  # the log of time is a candidate
    return {
        "g_trend": trend(a, config.labels),
        "g_trend_verdict": [(verdict,)] if verdict else [],
        "g_trend_shapes_prompt": [(log_shape_prompt(noun(config.labels.time), compared),)],
    }


def covariate_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    """Every covariate section's sentences (one section per column)."""
    return {f"covariate:{column}": covariate(a, config.labels, column) for column in a.covariates}


# How each family's GLMM is named in the method sentence.
GLMM_FAMILY_WORDS = {"binomial": "logistic (binomial, logit link)", "poisson": "Poisson (log link)"}


def method_note(family: str) -> str:
    """How the fixed effects of the model the report stands on are tested, by its family: a linear
    mixed model's with Satterthwaite t tests (lmerTest), a binomial or Poisson GLMM's with Wald z
    tests (glmer), fitted by the Laplace approximation."""
    if family == "gaussian":
        return METHOD_NOTE
    return (
        f"The {GLMM_FAMILY_WORDS.get(family, family)} mixed models are fitted by the Laplace "
        "approximation, as lme4's glmer fits them; their fixed effects are tested with Wald z tests "
        "(the estimate over its standard error, against the standard normal distribution), as glmer "
        "reports them, and their 95% intervals are Wald intervals."
    )


def method_words(a: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    """``method``: the note beside the seminar's linear fits (Question 5); ``fit_method``: the
    appendix's note on the model the report stands on, which follows its family."""
    return {
        "method": [(METHOD_NOTE,)],
        "fit_method": [(method_note("gaussian" if a.glmm is None else a.glmm.family),)],
    }


def trend_alt(a: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    """Alt text of the trend figure (none without a trend test)."""
    t = a.trend
    if t is None:
        return {}
    return {
        "trend": (
            f"Left: mean residuals of the straight-line model at {len(t.residual_bins)} "
            f"{residual_bin_words(t.binned)[1]}, "
            f"{residual_pattern(t.bins_off_zero, len(t.residual_bins), t.supported, binned=t.binned)}. "
            f"Right: {average_response(labels.response, 'the')} over {noun(labels.time)} "
            "with the straight line and the quadratic "
            f"curve{chosen_curve_words(a.choice.shape, noun(labels.time))}; {_shape(a)}."
        )
    }


def covariate_alt(a: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    """Alt text of each covariate's figure."""
    from reportgen.sections import covariate_figure_names

    f = lambda value: number_text(value, "fixed", decimals)  # noqa: E731
    texts: dict[str, str] = {}
    for column, e in a.covariates.items():
        codes = looks_coded(e.kind, e.distinct_values, e.whole_numbers)
        values = [f"{column} = {number_text(v, 'auto')}" for v in e.level_values]
        names = values if codes else list(e.levels)
        slopes = "; ".join(
            f"{name}: {f(e.slope_by_level[lv].estimate)}" for name, lv in zip(names, e.levels, strict=True)
        )
        lines = (
            f"Each {noun(labels.group)}'s own line, coloured by {column},"
            if e.within_subject == "constant"
            else f"Each {noun(labels.group)}'s own line (all observations, in one colour),"
        )
        curve, rates = ("curve", "average rates over the range") if e.curves else ("line", "slopes")
        held = held_words(e.held_at, f) if e.interactions else ""  # as the text: CO2's Type at chilled
        if e.cycles is not None:  # a cycle: each level's amplitude and peak, no rate
            from reportgen.narrative.covariate_cycle import cycle_alt_words

            texts[covariate_figure_names(a.covariates)[column]] = (
                f"{lines} with the model's average curve for each "
                f"{covariate_reading(e.kind, e.distinct_values, codes)}{held}; "
                f"{cycle_alt_words(e, decimals, noun(labels.time))}."
            )
            continue
        texts[covariate_figure_names(a.covariates)[column]] = (
            f"{lines} with the model's average "
            f"{curve} for each {covariate_reading(e.kind, e.distinct_values, codes)}; {rates}{held} {slopes} "
            f"{labels.rate()}."
        )
    return texts


def _every_level_lead(a: Analysis) -> str:
    """The headline slope's lead with an outer level: its model named when covariates are left out
    (``analysis.headline_multilevel``, with the random part chosen without them)."""
    fit = a.headline_multilevel
    assert fit is not None
    over = any(c.time_interaction for c in a.covariates.values())
    source = headline_source(a)
    # The trend's first term in the fit's formula: time, or the curve's basis (splines::ns(t, 3)).
    trend = fit.formula.split(" ~ ", 1)[1].split(" + ", 1)[0] if source == "curve" else fit.time
    formula = line_formula(fit.formula, trend)
    return every_level_slope_lead(fit.levels[0], a.choice.shape, tuple(a.covariates), over, formula, source)
