"""Interpretation sentences of the seminar's six questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.rules import (
    convergence_note,
    correlation_strength,
    direction,
    explained_words,
    individual_differences,
    pair_reason,
    ratio_phrase,
    share_words,
    significance,
    single_line_verdict,
    skew_shape,
    spread_words,
    start_comparison,
    tail_note,
    trend_verb,
    variance_comparison,
)
from reportgen.narrative.sentence import Sentence, num

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels


def _unit(labels: Labels) -> str:
    return f" {labels.response_unit}" if labels.response_unit else ""


def q1_overview(analysis: Analysis, labels: Labels) -> list[Sentence]:
    o = analysis.overview
    unit = _unit(labels)
    return [
        (
            "The file has ",
            num("data", "rows", style="int"),
            " rows and ",
            num("data", "columns", style="int"),
            " columns.",
        ),
        (
            f"The distribution of {labels.response.lower()} is {skew_shape(o.response_skew)} (skewness ",
            num("describe", "response_skew"),
            f"), with {tail_note(o.response_skew)}; the middle 90% of values lie between ",
            num("describe", "response_p05"),
            " and ",
            num("describe", "response_p95"),
            f"{unit}, around a median of ",
            num("describe", "response_median"),
            f"{unit}.",
        ),
        (
            f"{labels.time} runs from ",
            num("describe", "time_min", style="auto"),
            " to ",
            num("describe", "time_max", style="auto"),
            f"; {labels.response.lower()} from ",
            num("describe", "response_min"),
            " to ",
            num("describe", "response_max"),
            f"{unit}.",
        ),
    ]


def q2_relationship(analysis: Analysis, data: CleanData, config: BuildConfig) -> list[Sentence]:
    labels = config.labels
    r = analysis.relationship.correlation
    checked = "missing values" + (" or a zero value" if config.zero_is_missing else "")
    cleaning: Sentence
    if data.removed:
        cleaning = (
            num("data", "removed_rows", style="int"),
            f" rows had {checked} and were removed (listed below); ",
            num("data", "clean_rows", style="int"),
            " rows remain.",
        )
    else:
        cleaning = (
            f"No row has {checked}, so all ",
            num("data", "clean_rows", style="int"),
            " rows are kept.",
        )
    strength = correlation_strength(r)
    meaning = (
        "there is hardly any linear relationship"
        if strength == "negligible"
        else f"as {labels.time.lower()} increases, {labels.response.lower()} tends to {trend_verb(r)}"
    )
    return [
        cleaning,
        (
            f"The Pearson correlation between {labels.time.lower()} and {labels.response.lower()} is ",
            num("describe", "correlation", style="fixed"),
            f": a {strength} {direction(r)} relationship; {meaning}.",
        ),
    ]


def q3_regression(analysis: Analysis, labels: Labels) -> list[Sentence]:
    ols = analysis.ols
    unit = _unit(labels)
    return [
        (
            "The fitted line starts at ",
            num("ols", "intercept"),
            f"{unit} when {labels.time.lower()} is 0, and {labels.response.lower()} changes by ",
            num("ols", "slope"),
            f" {labels.rate()} (95% CI ",
            num("ols", "slope_ci_low"),
            " to ",
            num("ols", "slope_ci_high"),
            "; p ",
            num("ols", "slope_p", style="p"),
            f"), a {significance(ols.slope.p)} {direction(ols.slope.estimate)} slope.",
        ),
        (
            f"The line explains {explained_words(ols.r_squared)} of the variation in "
            f"{labels.response.lower()} (R² = ",
            num("ols", "r_squared"),
            ").",
        ),
    ]


def q3_reflection(analysis: Analysis, labels: Labels) -> list[Sentence]:
    share = analysis.ols.between_subject_share
    return [
        (
            f"Differences between {labels.group.lower()}s account for ",
            num("ols", "between_subject_share", style="pct"),
            f" of the scatter around the single line ({share_words(share)} of it), "
            f"{single_line_verdict(share)}.",
        ),
    ]


def q3_subject_lines(analysis: Analysis, labels: Labels) -> list[Sentence]:
    lines = [analysis.subject_lines[s] for s in analysis.first_subjects]
    slopes = [line.slope for line in lines]
    intercepts = [line.intercept for line in lines]
    slope_words = spread_words(max(slopes) - min(slopes), abs(analysis.ols.slope.estimate))
    intercept_words = spread_words(max(intercepts) - min(intercepts), analysis.ols.residual_sd)
    return [
        (
            "Across these ",
            num("first_subjects", "count", style="int"),
            f" {labels.group.lower()}s the slopes {slope_words}, from ",
            num("first_subjects", "slope_min"),
            " to ",
            num("first_subjects", "slope_max"),
            f" {labels.rate()}, and the intercepts {intercept_words}, from ",
            num("first_subjects", "intercept_min"),
            " to ",
            num("first_subjects", "intercept_max"),
            f"{_unit(labels)}.",
        ),
        (
            individual_differences(slope_words != "are similar", intercept_words != "are similar"),
            ", which is the structure a mixed model is built to describe.",
        ),
    ]


def q4_pair(analysis: Analysis, labels: Labels) -> list[Sentence]:
    c = analysis.pair_comparison
    g = labels.group
    return [
        (
            f"{g} {c.steeper}'s line is steeper than {g.lower()} {c.flatter}'s by ",
            num("subject_pair", "slope_difference"),
            f" {labels.rate()}",
            ratio_phrase(c.slope_ratio),
            f"; {start_comparison(c.steeper, c.higher, f'{g.lower()} {c.higher}')}, by ",
            num("subject_pair", "intercept_difference"),
            f"{_unit(labels)}.",
        ),
        (
            "People react to the same conditions at different rates and from different baselines, "
            "so one shared line would misdescribe both."
            if c.slope_ratio is None or c.slope_ratio >= 1.5
            else "Their rates of change are close; they differ mostly in baseline.",
        ),
        (pair_reason(analysis.pair.reason, "the steepest and the flattest per-subject slope"),),
    ]


def q5_mixed(analysis: Analysis, labels: Labels) -> list[Sentence]:
    m = analysis.mixed
    unit = _unit(labels)
    g = labels.group.lower()
    group_sd, residual_sd = m.group_var**0.5, m.residual_var**0.5
    return [
        (
            "The average intercept is ",
            num("random_intercept", "intercept"),
            f"{unit} and the average slope ",
            num("random_intercept", "slope"),
            f" {labels.rate()} (95% CI ",
            num("random_intercept", "slope_ci_low"),
            " to ",
            num("random_intercept", "slope_ci_high"),
            ").",
        ),
        (
            f"{labels.group}s' intercepts vary around the average with a standard deviation of ",
            num("random_intercept", "group_sd"),
            f"{unit} (variance ",
            num("random_intercept", "group_var"),
            f"), {variance_comparison(group_sd, residual_sd)} the residual standard deviation of ",
            num("random_intercept", "residual_sd"),
            f"{unit}; ",
            num("random_intercept", "icc", style="pct"),
            f" of the variance left after the fixed effects lies between {g}s.",
        ),
        (convergence_note(m.converged, m.warnings),),
    ]


def q5_random_effects(analysis: Analysis, labels: Labels) -> list[Sentence]:
    m = analysis.mixed
    effects = m.intercept_effects()
    low = min(effects, key=effects.__getitem__)
    high = max(effects, key=effects.__getitem__)
    g = labels.group.lower()
    return [
        (
            f"Each value is how far a {g}'s own intercept sits from the average intercept; "
            "adding it to the average gives that person's baseline.",
        ),
        (
            "They range from ",
            num("random_intercept", "random_effect_min"),
            f" ({g} {low}) to ",
            num("random_intercept", "random_effect_max"),
            f" ({g} {high}){_unit(labels)}: "
            f"{g} {high} starts highest and {g} {low} lowest, all changing at the same rate.",
        ),
    ]


def q6_mixed_pair(analysis: Analysis, labels: Labels) -> list[Sentence]:
    c = analysis.mixed_comparison
    g = labels.group
    return [
        (
            "Both lines have the fixed slope of ",
            num("random_intercept", "slope"),
            f" {labels.rate()}, so they are parallel; {g.lower()} {c.higher}'s line sits ",
            num("mixed_pair", "intercept_difference"),
            f"{_unit(labels)} above {g.lower()} {c.lower}'s at every value of {labels.time.lower()}.",
        ),
        ("In this model subjects differ only in their baseline, not in how fast they change.",),
        (pair_reason(analysis.mixed_pair.reason, "the highest and the lowest predicted random intercept"),),
    ]
