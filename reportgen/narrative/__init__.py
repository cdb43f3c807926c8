"""Interpretation text: named rules over the numbers, composed into sentences.

A sentence is a tuple of plain text and :class:`Num` references into the results, so every
number in it is rendered by the same filter as the tables (and carries its key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.narrative.design import design_alt_texts, design_sentences
from reportgen.narrative.further import further_sentences
from reportgen.narrative.rules import *  # noqa: F403 (the rules are this package's vocabulary)
from reportgen.narrative.rules import (
    HINT_ALPHA,
    correlation_clear,
    curvature_verdict,
    funnel_shape,
    levels_differ,
    skew_shape,
    tail_weight,
    trend_verb,
)
from reportgen.narrative.seminar import (
    _unit,
    q1_overview,
    q2_relationship,
    q3_reflection,
    q3_regression,
    q3_subject_lines,
    q4_pair,
    q5_mixed,
    q5_random_effects,
    q6_mixed_pair,
)
from reportgen.narrative.sentence import Num, Sentence, num, sentence_from_json, sentence_to_json
from reportgen.numbers import format_number
from reportgen.words import (
    agreeing,
    capitalize_sentence,
    model_words,
    noun,
    noun_for,
    plural,
    possessive,
    verb_for,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

__all__ = [
    "Num",
    "Sentence",
    "figure_alt_texts",
    "interpret",
    "num",
    "sentence_from_json",
    "sentence_to_json",
]


def interpret(
    analysis: Analysis, data: CleanData, config: BuildConfig, sections: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """All interpretation sentences, keyed by the part of the report they belong to.

    ``sections`` are the results of the sections built through the registry that this report
    shows (see :func:`reportgen.sections.shown_results`); their words are theirs.
    """
    from reportgen.sections import section_sentences

    labels = config.labels
    sentences = {
        "q1": q1_overview(analysis, labels),
        "q2": q2_relationship(analysis, data, config),
        "q3": q3_regression(analysis, labels, config.decimals),
        "q3_reflection": q3_reflection(analysis, labels),
        "q3_subjects": q3_subject_lines(analysis, labels),
        "q4": q4_pair(analysis, labels),
        "q5": q5_mixed(analysis, labels, config.decimals),
        "q5_effects": q5_random_effects(analysis, labels),
        "q6": q6_mixed_pair(analysis, labels),
        **further_sentences(analysis, labels, config.decimals),
        **design_sentences(analysis, labels, config.decimals),
        **section_sentences(sections or {}, labels, config.decimals),
    }
    # Every sentence starts with a capital, whatever label or rule begins it.
    return {key: [capitalize_sentence(s) for s in group] for key, group in sentences.items()}


def figure_alt_texts(
    analysis: Analysis, config: BuildConfig, sections: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Alt text for each figure, saying what it shows (plain text, formatted numbers)."""
    from reportgen.sections import section_alt_texts

    labels, d = config.labels, config.decimals
    unit = _unit(labels)
    o, r = analysis.overview, analysis.relationship.correlation
    resp, time, g, gs = noun(labels.response), noun(labels.time), noun(labels.group), plural(labels.group)
    n = analysis.relationship.rows

    def f(value: float) -> str:
        return format_number(value, "fixed", d)

    def line_text(intercept: float, slope: float) -> str:
        sign = "-" if slope < 0 else "+"
        return f"{resp} = {f(intercept)} {sign} {f(abs(slope))} × {time}"

    first = [analysis.subject_lines[s] for s in analysis.first_subjects]
    mc = analysis.mixed_comparison
    texts = {
        "histogram": f"Histogram of {resp} for {n} observations in 20 bins; "
        + (
            f"two values only, {format_number(o.response_upper_share, 'pct')} of them "
            f"{format_number(o.response_max, 'auto')}."
            if o.response_upper_share is not None
            else f"{skew_shape(o.response_skew)}, the middle 90% between {f(o.response_p05)} "
            f"and {f(o.response_p95)}{unit}."
        ),
        "scatter": f"Scatter of {resp} against {time} for {n} observations; "
        + (
            f"{resp} {agreeing(labels.response, 'tends')} to {trend_verb(r)} with {time}"
            if correlation_clear(r)
            else "hardly any linear relationship"
        )
        + f" (correlation {f(r)}).",
        "ols_fit": f"The same scatter with the least-squares line "
        f"{line_text(analysis.ols.intercept.estimate, analysis.ols.slope.estimate)}.",
        "subject_lines": f"{len(first)} straight lines, one per {g} "
        f"({', '.join(analysis.first_subjects)}), with slopes from "
        f"{f(min(x.slope for x in first))} to {f(max(x.slope for x in first))}.",
        "mixed_pair": f"Two parallel lines with slope {f(analysis.mixed.slope.estimate)}, for "
        f"{gs} {mc.higher} and {mc.lower}; {g} {mc.higher}'s line is "
        f"{f(mc.intercept_difference)}{unit} higher."
        if levels_differ(analysis.mixed.group_var, analysis.mixed.residual_var)
        else f"One line with slope {f(analysis.mixed.slope.estimate)}, shared by {gs} {mc.higher} and "
        f"{mc.lower}: the model estimates no differences between {possessive(gs)} levels.",
    }
    for name, subject in (("pair_first", analysis.pair.first), ("pair_second", analysis.pair.second)):
        line = analysis.subject_lines[subject]
        texts[name] = (
            f"Scatter of {line.n} observations of {g} {subject} with its own line, "
            f"{line_text(line.intercept, line.slope)}."
        )
    choice, pool, diag = analysis.choice, analysis.pooling, analysis.diagnostics
    fit, model = choice.fit, model_words(choice.model)
    shown = len(analysis.panel_subjects)
    # Levels are read at the first observed time: "intercept" only when that time is 0.
    at = "" if choice.reference_time == 0 else f" at {time} {format_number(choice.reference_time, 'auto')}"
    level = "intercept" if not at else "level"
    slopes = fit.random_slope
    texts |= {
        "shrinkage": f"Each {g}'s own {level}{at} and slope (open circles) joined by an arrow to the "
        f"{model} model's values (dots), around the population values "
        f"{f(fit.intercept.estimate + fit.slope.estimate * choice.reference_time)} "
        f"and {f(fit.slope.estimate)}; slopes spread {f(pool.own_slope_sd)} before and "
        f"{f(pool.mixed_slope_sd)} after pooling"
        + ("." if slopes else f" (the {model} model gives every {g} the average slope)."),
        "small_multiples": f"{shown} small panels, one per {g}, each with its data, its own "
        f"least-squares line, its {model} model line and the population line.",
        "caterpillar": f"Predicted random {level}s{at}"
        + (" and slopes" if slopes else "")
        + f" of {pool.subjects} {gs} in the {model} model, sorted, with 95% "
        f"prediction intervals; the intervals of {pool.intercepts_away_from_zero} "
        f"{noun_for(pool.intercepts_away_from_zero, level)}"
        + (
            f" and {pool.slopes_away_from_zero} {noun_for(pool.slopes_away_from_zero, 'slope')} exclude zero."
            if slopes
            else f" {verb_for(pool.intercepts_away_from_zero, 'excludes', 'exclude')} zero."
        ),
        "residuals": f"Residuals of the {model} model against fitted values, showing "
        f"{funnel_shape(diag.funnel_rho, diag.funnel_p)}, and a "
        "normal QQ plot of standardized residuals with "
        f"{tail_weight(diag.residual_excess_kurtosis, diag.kurtosis_se)}.",
        "residual_checks": "Left: square root of the absolute standardized residuals against fitted values "
        f"with a binned mean, showing {funnel_shape(diag.funnel_rho, diag.funnel_p)}. Right: residuals "
        f"against {time} with their mean at each time and a 95% band"
        + (
            ", which bends."
            if curvature_verdict(diag.curvature_p, diag.curvature_size)
            else ", which misses zero at more times than chance allows."
            if analysis.trend is not None and analysis.trend.line_misses
            else ", with at most a hint of a bend."
            if diag.curvature_p < HINT_ALPHA
            else ", which stays level."
        ),
        **design_alt_texts(analysis, labels, d),
        "effects_qq": f"Normal QQ plots of the predicted random {level}s"
        + (" and slopes" if slopes else "")
        + f" of the {model} model: random {level}s have {tail_weight(diag.intercept_excess_kurtosis)}"
        + (
            f", the slopes {tail_weight(diag.slope_excess_kurtosis)}"
            if slopes and diag.slope_excess_kurtosis is not None
            else ""
        )
        + ".",
    }
    return texts | section_alt_texts(sections or {}, labels, d)
