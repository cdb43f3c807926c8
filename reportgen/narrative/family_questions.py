"""The seminar's questions for a binary or count response: what each adds on the GLMM's scale.

Question 1 describes proportions (a binary response) or counts (mean, variance, zeros); question 3
gives the pooled logistic or Poisson regression beside the straight line; questions 5 and 6 the
random-intercept GLMM's ratio and the subjects' multipliers. Each returns no sentence for a
gaussian response, so the questions read as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.family import (
    SEPARATED,
    count_considered,
    family_label,
    interval_style,
    kept_normal_words,
    measure_words,
    per_unit,
    ratio_change_words,
    ratio_direction,
    ratio_with_interval,
    ri_intercept_sd,
    subjects_differ,
)
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.words import is_plural, noun, plural

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import Labels

MORE, ABOUT, LESS = "more", "about", "less"
# The variance-to-mean ratio of a Poisson count is 1; this far from it (either way) is said.
DISPERSION_MARGIN = 0.2


def variance_to_mean(variance: float, mean: float) -> str:
    """MORE, ABOUT or LESS: how the counts' variance compares with their mean (a Poisson's ratio 1)."""
    ratio = variance / mean if mean > 0 else float("inf")
    if ratio > 1 + DISPERSION_MARGIN:
        return MORE
    if ratio < 1 - DISPERSION_MARGIN:
        return LESS
    return ABOUT


def dispersion_words(verdict: str) -> str:
    """What the variance-to-mean comparison says before any model."""
    return {
        MORE: "larger than the mean, more spread than a single Poisson count has (part of it is "
        "differences between subjects, which the GLMM's random effects take up)",
        ABOUT: "close to the mean, as a Poisson count's",
        LESS: "smaller than the mean, less spread than a Poisson count has",
    }[verdict]


def q1_family(a: Analysis, labels: Labels) -> list[Sentence]:
    """Question 1: the share of 1s over time, or the counts' mean, variance and zeros."""
    g = a.glmm
    if g is None:
        return _kept_normal(a, labels)
    t = noun(labels.time)
    if g.family == "binomial":
        return [
            (
                "As a binary response it is described by its share of 1s: ",
                num("glmm", "observed_first", style="pct"),
                f" at {t} ",
                num("glmm", "first", "time", style="auto"),
                " and ",
                num("glmm", "observed_last", style="pct"),
                f" at {t} ",
                num("glmm", "last", "time", style="auto"),
                ".",
            )
        ]
    verdict = variance_to_mean(g.response_variance, g.response_mean)
    return [
        (
            "As counts: mean ",
            num("glmm", "response_mean"),
            ", variance ",
            num("glmm", "response_variance"),
            f", {dispersion_words(verdict)}; ",
            num("glmm", "zero_share", style="pct"),
            " of the counts are 0.",
        )
    ]


def q3_family(a: Analysis, labels: Labels) -> list[Sentence]:
    """Question 3: the pooled logistic or Poisson regression, the line's counterpart."""
    g = a.glmm
    if g is None:
        return []
    measure, name = measure_words(g.family)
    model = "logistic" if g.family == "binomial" else "Poisson"
    per = per_unit(labels)
    direction = ratio_direction(
        g.pooled.time_ratio.ratio, g.pooled.time_ratio.ci_low, g.pooled.time_ratio.ci_high
    )
    return [
        (
            f"The straight line is a linear approximation for this response; the pooled model that suits it "
            f"is a {model} regression, one for every row alike: its {name} per {per} is ",
            *ratio_with_interval(
                direction, "glmm", "pooled", "time_ratio", style=interval_style(g.pooled.time_ratio)
            ),
            f"{_ratio_clause(a, direction, ': ', measure, per)}. Like the line, it ignores that rows of one "
            f"{noun(labels.group)} belong together.",
        )
    ]


def _ratio_clause(a: Analysis, direction: str, joint: str, measure: str, per: str) -> str:
    """What a straight line's ratio per unit of time says, after ``joint``; on a curved GLMM
    (``glmm.curve``) that it is a straight line's summary, not a change "with each" unit
    (narrative/straight_ratio_words.py)."""
    from reportgen.narrative.straight_ratio_words import curve_ratio_words

    g = a.glmm
    if g is None or g.curve is None or direction == SEPARATED:
        return f"{joint}{ratio_change_words(direction, measure, per)}"
    return ", " + curve_ratio_words(measure_words(g.family)[1], per, g.curve.extreme_kind)


def q5_family(a: Analysis, labels: Labels) -> list[Sentence]:
    """Question 5: the random-intercept GLMM, with the subjects' multipliers."""
    g = a.glmm
    if g is None:
        return []
    measure, name = measure_words(g.family)
    per = per_unit(labels)
    r = g.ri_time_ratio
    direction = ratio_direction(r.ratio, r.ci_low, r.ci_high)
    joint = ": " if direction == SEPARATED else ", so "
    said = _ratio_clause(a, direction, joint, measure, per)
    groups = plural(labels.group)
    own = measure if measure == "odds" else measure + "s"
    if subjects_differ(ri_intercept_sd(g), g.subject_multiplier_min, g.subject_multiplier_max):
        spread: tuple[str | Num, ...] = (
            f", and the {groups}' own {own} range from ",
            num("glmm", "subject_multiplier_min"),
            " to ",
            num("glmm", "subject_multiplier_max"),
            " times a typical one's.",
        )
    else:
        spread = (f"; its {groups} do not differ (their intercepts' standard deviation is zero or near it).",)
    return [
        (
            "For this response the random-intercept model that suits it is a GLMM "
            f"({family_label(g.family)} family; going further shows it in full): its {name} per {per} is ",
            *ratio_with_interval(direction, "glmm", "ri_time_ratio", style=interval_style(r)),
            said,
            *spread,
        )
    ]


def q6_family(a: Analysis, labels: Labels) -> list[Sentence]:
    """Question 6: the pair's odds or rates compared in the random-intercept GLMM."""
    g = a.glmm
    if g is None or g.pair_multiplier is None:
        return []
    from reportgen.analysis.glmm_fit import OBSERVATION_LEVEL
    from reportgen.analysis.selection import RANDOM_INTERCEPT
    from reportgen.narrative.finding_model import pair_ratio_message

    # The subjects' effects come from the fit with (1 | obs) when overdispersion put it in (analysis.glmm).
    observation_level = g.chosen != g.model and f"{RANDOM_INTERCEPT}_{OBSERVATION_LEVEL}" in g.fits
    message = pair_ratio_message(g.family == "binomial", observation_level)
    return [
        filled(
            message,
            group=noun(labels.group),
            first=a.mixed_pair.first,
            second=a.mixed_pair.second,
            ratio=num("glmm", "pair_multiplier"),
            time=noun(labels.time),
        )
    ]


def _kept_normal(a: Analysis, labels: Labels) -> list[Sentence]:
    """Question 1 of whole-number counts read as continuous (Ovary's follicles): why normal."""
    o, kind = a.overview, a.family.kind if a.family is not None else "continuous"
    if not count_considered(o.response_whole, o.response_min, o.response_median, kind, labels.response_unit):
        return []
    values = noun(labels.response) if is_plural(labels.response) else f"values of {noun(labels.response)}"
    before, after = kept_normal_words(values, o.response_median)
    return [(before, num("describe", "response_skew"), after)]
