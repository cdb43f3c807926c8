"""Interpretation text: small named rules over the numbers, composed into sentences.

Rules (the functions that return words) are pure and unit-tested, flipped cases included.
A sentence is a tuple of plain text and :class:`Num` references into the results, so
every number in it is rendered by the same filter as the tables (and carries its key).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER
from reportgen.numbers import format_number

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels


@dataclass(frozen=True)
class Num:
    """A number in a sentence: where it lives in the results, and how to write it."""

    path: tuple[str, ...]
    style: str = "fixed"


Sentence = tuple["str | Num", ...]


def num(*path: str, style: str = "fixed") -> Num:
    return Num(tuple(path), style)


# --- rules: numbers -> words ---------------------------------------------------------


def correlation_strength(r: float) -> str:
    """Conventional bands of |r|: negligible < 0.1 <= weak < 0.3 <= moderate < 0.7 <= strong."""
    size = abs(r)
    if size < 0.1:
        return "negligible"
    if size < 0.3:
        return "weak"
    if size < 0.7:
        return "moderate"
    return "strong"


def direction(value: float) -> str:
    """'positive', 'negative' or 'no' (exactly zero)."""
    return "positive" if value > 0 else "negative" if value < 0 else "no"


def trend_verb(value: float) -> str:
    """What the response does as time goes on, for a slope or correlation of this sign."""
    return "rise" if value > 0 else "fall" if value < 0 else "stay level"


def skew_shape(skew: float) -> str:
    """Bulmer's rule of thumb: |skew| < 0.5 symmetric, < 1 moderate, otherwise strong."""
    if abs(skew) < 0.5:
        return "roughly symmetric"
    side = "right" if skew > 0 else "left"
    return f"{'moderately' if abs(skew) < 1 else 'strongly'} {side}-skewed"


def tail_note(skew: float) -> str:
    """Which tail is long, in words, or that neither stands out."""
    if abs(skew) < 0.5:
        return "neither tail stands out"
    return "a longer tail of high values" if skew > 0 else "a longer tail of low values"


def significance(p: float, alpha: float = 0.05) -> str:
    return "statistically significant" if p < alpha else "not statistically significant"


def share_words(share: float) -> str:
    """How big a share (0..1) is, in words."""
    if share >= 0.5:
        return "most"
    if share >= 0.25:
        return "a large part"
    if share >= 0.1:
        return "some"
    return "little"


def explained_words(r_squared: float) -> str:
    """How much of the variation a fit explains, from R²."""
    if r_squared >= 0.6:
        return "most"
    if r_squared >= 0.3:
        return "a good part"
    if r_squared >= 0.1:
        return "a modest part"
    return "very little"


def single_line_verdict(between_share: float) -> str:
    """Whether one line for everybody is adequate, judged by the between-subject share."""
    if between_share >= 0.25:
        return (
            "so one line for everybody leaves much of the structure unexplained: "
            "subjects differ systematically from it"
        )
    return "so a single line describes these data reasonably well"


def spread_words(value_range: float, scale: float) -> str:
    """How much a set of values differ, relative to a meaningful scale."""
    if scale <= 0:
        return "vary"
    ratio = value_range / scale
    if ratio >= 1:
        return "vary widely"
    if ratio >= 0.5:
        return "vary noticeably"
    return "are similar"


def individual_differences(slopes_vary: bool, intercepts_vary: bool) -> str:
    """Name what differs between individuals' own lines."""
    if slopes_vary and intercepts_vary:
        return "Individuals differ both in where they start and in how fast they change"
    if intercepts_vary:
        return "Individuals differ mainly in where they start"
    if slopes_vary:
        return "Individuals differ mainly in how fast they change"
    return "These individuals behave much alike"


def start_comparison(steeper: str, higher: str, higher_name: str) -> str:
    """Whether the steeper line also starts higher, or the other one does."""
    if steeper == higher:
        return "it also starts higher"
    return f"{higher_name} starts higher"


def ratio_phrase(ratio: float | None) -> str:
    """Describe how many times steeper a line is; empty when a ratio means nothing."""
    if ratio is None:
        return ""
    if ratio >= 1.5:
        return f", about {ratio:.1f} times as steep"
    return ", only slightly steeper"


def variance_comparison(group_sd: float, residual_sd: float) -> str:
    """Compare between- and within-subject standard deviations (within 10% is "about the same")."""
    if residual_sd <= 0 or group_sd > 1.1 * residual_sd:
        return "larger than"
    if group_sd < 0.9 * residual_sd:
        return "smaller than"
    return "about the same as"


def pair_reason(reason: str, automatic_rule: str) -> str:
    """Why the report compares these two subjects."""
    if reason == FROM_USER:
        return "They were chosen on the command line."
    if reason == FROM_PRESET:
        return "They are the two subjects the seminar compares."
    if reason == AUTOMATIC:
        return f"They were picked automatically: {automatic_rule}."
    raise ValueError(f"unknown pair reason {reason!r}")


def convergence_note(converged: bool, warnings: list[str] | tuple[str, ...]) -> str:
    if not converged:
        return (
            "The optimizer did not report convergence: treat these estimates with caution "
            "and check the warnings below."
        )
    if warnings:
        return "The fit converged, with the warnings listed below."
    return "The fit converged without warnings."


# --- sentences per question ------------------------------------------------------------


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


def interpret(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, Any]:
    """All interpretation sentences, keyed by the part of the report they belong to."""
    labels = config.labels
    return {
        "q1": q1_overview(analysis, labels),
        "q2": q2_relationship(analysis, data, config),
        "q3": q3_regression(analysis, labels),
        "q3_reflection": q3_reflection(analysis, labels),
        "q3_subjects": q3_subject_lines(analysis, labels),
        "q4": q4_pair(analysis, labels),
        "q5": q5_mixed(analysis, labels),
        "q5_effects": q5_random_effects(analysis, labels),
        "q6": q6_mixed_pair(analysis, labels),
    }


def figure_alt_texts(analysis: Analysis, config: BuildConfig) -> dict[str, str]:
    """Alt text for each figure, saying what it shows (plain text, formatted numbers)."""
    labels, d = config.labels, config.decimals
    unit = _unit(labels)
    o, r = analysis.overview, analysis.relationship.correlation
    resp, time, g = labels.response.lower(), labels.time.lower(), labels.group.lower()
    n = analysis.relationship.rows

    def f(value: float) -> str:
        return format_number(value, "fixed", d)

    def line_text(intercept: float, slope: float) -> str:
        return f"{resp} = {f(intercept)} + {f(slope)} × {time}"

    first = [analysis.subject_lines[s] for s in analysis.first_subjects]
    mc = analysis.mixed_comparison
    texts = {
        "histogram": f"Histogram of {resp} for {n} observations in 20 bins; "
        f"{skew_shape(o.response_skew)}, the middle 90% between {f(o.response_p05)} "
        f"and {f(o.response_p95)}{unit}.",
        "scatter": f"Scatter of {resp} against {time} for {n} observations; {resp} tends to "
        f"{trend_verb(r)} with {time} (correlation {f(r)}).",
        "ols_fit": f"The same scatter with the least-squares line "
        f"{line_text(analysis.ols.intercept.estimate, analysis.ols.slope.estimate)}.",
        "subject_lines": f"{len(first)} straight lines, one per {g} "
        f"({', '.join(analysis.first_subjects)}), with slopes from "
        f"{f(min(x.slope for x in first))} to {f(max(x.slope for x in first))}.",
        "mixed_pair": f"Two parallel lines with slope {f(analysis.mixed.slope.estimate)}, for "
        f"{g}s {mc.higher} and {mc.lower}; {g} {mc.higher}'s line is "
        f"{f(mc.intercept_difference)}{unit} higher.",
    }
    for name, subject in (("pair_first", analysis.pair.first), ("pair_second", analysis.pair.second)):
        line = analysis.subject_lines[subject]
        texts[name] = (
            f"Scatter of {line.n} observations of {g} {subject} with its own line, "
            f"{line_text(line.intercept, line.slope)}."
        )
    return texts
