"""Interpretation sentences of the seminar's six questions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.pairs import extremes
from reportgen.i18n import (
    N_,
    SOURCE_LANGUAGE,
    label_noun,
    label_plural,
    localized_number,
    ngettext,
    number_text,
    spoken_language,
)
from reportgen.i18n import gettext as _
from reportgen.narrative.caveats import few_groups, few_groups_words, intercept_caveat, intercept_outside
from reportgen.narrative.correlation_words import (
    pooled_meaning,
    pooled_sentence,
    relationship_words,
    within_meaning,
    within_sentence,
)
from reportgen.narrative.group_forms import group_forms
from reportgen.narrative.level_shares import subjects_with_outer, without_outer_clause
from reportgen.narrative.model_rules import lines_start_words, outside_observed, pair_start_misplaced
from reportgen.narrative.own_lines_words import own_lines_sentence
from reportgen.narrative.pair_words import lines_cross, reads_as_time
from reportgen.narrative.regression_words import (
    between_sentence,
    explained_sentence,
    line_sentence,
    slope_reading,
)
from reportgen.narrative.rules import (
    RANDOM_INTERCEPT,
    RANDOM_SLOPE,
    convergence_note,
    correlation_agreement,
    correlation_clear,
    correlation_disagreement,
    design_kind,
    extreme_lines_words,
    extreme_name,
    fan_out_words,
    fans_out,
    glmm_support,
    independence_note,
    individual_differences,
    levels_differ,
    levels_supported,
    measured_order_words,
    pair_difference,
    pair_reason,
    pick_note,
    ratio_phrase,
    sharing,
    skew_shape,
    slopes_supported,
    spread_words,
    start_comparison,
    start_gap_reading,
    steepness_lead,
    tail_note,
    two_humped,
    value_style,
    variance_comparison,
)
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.narrative.series_ends import different_times, series_end_sentences
from reportgen.narrative.slope_spread import slope_spread_words
from reportgen.words import (
    capitalized,
    decimals_to_separate,
    is_plural,
    noun,
    noun_for,
    p_equals,
    plural,
    possessive,
    the_response,
    verb_for,
    with_article,
)

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.describe import ObservationDesign, Overview
    from reportgen.analysis.line_pair import LineComparison
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels


def _unit(labels: Labels) -> str:
    return f" {labels.response_unit}" if labels.response_unit else ""


def _response_subject(label: str) -> str:
    """The response as a sentence's subject: English's "The weight" (:func:`the_response`); other
    languages the label as written (its article depends on a gender the label does not say)."""
    return the_response(label) if spoken_language() == SOURCE_LANGUAGE else label_noun(label)


def _distribution(o: Overview, labels: Labels) -> Sentence:
    """Q1's summary of the response: its shape, or for two values only, the share at the larger.

    Skewness, percentiles and a median of 0/1 values describe nothing ("roughly symmetric ...
    around a median of 1.00"); the share of 1s does.
    """
    resp, unit = label_noun(labels.response), _unit(labels)
    if o.response_upper_share is not None:
        return filled(
            _(
                "%(response)s take two values only, %(low)s and %(high)s: %(share)s of the values "
                "are %(high)s."
            )
            if is_plural(labels.response)
            else _(
                "%(response)s takes two values only, %(low)s and %(high)s: %(share)s of the values "
                "are %(high)s."
            ),
            response=_response_subject(labels.response),
            low=num("describe", "response_min", style="auto"),
            high=num("describe", "response_max", style="auto"),
            share=num("describe", "response_upper_share", style="pct"),
        )
    style = value_style(o.response_whole)
    values: dict[str, str | Num] = {
        "response": resp,
        "shape": skew_shape(o.response_skew, o.response_bimodality),
        "skew": num("describe", "response_skew"),
        "tail": tail_note(o.response_skew),
        "low": num("describe", "response_p05", style=style),
        "high": num("describe", "response_p95", style=style),
        "median": num("describe", "response_median", style=style),
        "unit": unit,
    }
    if two_humped(o.response_skew, o.response_bimodality):
        return filled(
            _(
                "The distribution of %(response)s is %(shape)s (skewness %(skew)s; bimodality coefficient "
                "%(bimodality)s, above the 5/9 of a flat distribution), %(tail)s; the middle 90%% of values "
                "lie between %(low)s and %(high)s%(unit)s, around a median of %(median)s%(unit)s."
            ),
            bimodality=num("describe", "response_bimodality"),
            **values,
        )
    return filled(
        _(
            "The distribution of %(response)s is %(shape)s (skewness %(skew)s), %(tail)s; the middle 90%% "
            "of values lie between %(low)s and %(high)s%(unit)s, around a median of %(median)s%(unit)s."
        ),
        **values,
    )


def q1_overview(analysis: Analysis, labels: Labels) -> list[Sentence]:
    o = analysis.overview
    time_style = "auto"  # each end with the decimals it needs, as Table 2 prints them (6.25 to 200)
    ranges = filled(
        _("%(time)s run from %(first)s to %(last)s; %(response)s from %(low)s to %(high)s%(unit)s.")
        if is_plural(labels.time)
        else _("%(time)s runs from %(first)s to %(last)s; %(response)s from %(low)s to %(high)s%(unit)s."),
        time=capitalized(label_noun(labels.time)),
        first=num("describe", "time_min", style=time_style),
        last=num("describe", "time_max", style=time_style),
        response=label_noun(labels.response),
        low=num("describe", "response_min", style=value_style(o.response_whole)),
        high=num("describe", "response_max", style=value_style(o.response_whole)),
        unit=_unit(labels),
    )
    return [
        filled(
            _("The file has %(rows)s rows and %(columns)s columns."),
            rows=num("data", "rows", style="int"),
            columns=num("data", "columns", style="int"),
        ),
        _distribution(o, labels),
        ranges,
        *observation_sentences(analysis, labels),
    ]


# Most leaving times listed in the overview (the rest are in results.json).
LISTED_TIMES = 6


def _listed(times: dict[str, int]) -> str:
    """Times with their counts in brackets: "8 (2), 10 (1)", the first LISTED_TIMES of them."""
    items = list(times.items())
    shown = ", ".join(
        f"{localized_number(time, spoken_language())} ({count})" for time, count in items[:LISTED_TIMES]
    )
    return shown + (", ..." if len(items) > LISTED_TIMES else "")


def _groups_for(n: int, labels: Labels) -> str:
    """The group's noun agreeing with ``n``: "subject" for 1, else "subjects" ("Probanden" when given)."""
    return label_noun(labels.group) if n == 1 else label_plural(labels.group, labels.group_plural)


def _fewer(d: ObservationDesign, labels: Labels) -> Sentence:
    """ "3 of 11 mares have fewer than the 14 observations most mares have", or than the most common
    count when it is no majority: "... fewer than 29 observations, the most common count, which 5
    other mares have" (Ovary, eighth read: not "the most common count (5 of 11 mares)" right after
    "5 of 11 mares have fewer")."""
    values: dict[str, str | Num] = {
        "shorter": num("describe", "design", "shorter", style="int"),
        "subjects": num("describe", "design", "subjects", style="int"),
        "groups": _groups_for(d.subjects, labels),
        "planned": num("describe", "design", "planned", style="int"),
    }
    if 2 * d.planned_subjects > d.subjects:
        return filled(
            ngettext(
                "%(shorter)s of %(subjects)s %(groups)s has fewer than the %(planned)s observations most "
                "%(all_groups)s have",
                "%(shorter)s of %(subjects)s %(groups)s have fewer than the %(planned)s observations most "
                "%(all_groups)s have",
                d.shorter,
            ),
            all_groups=label_plural(labels.group, labels.group_plural),
            **values,
        )
    message = {
        (True, True): _(
            "%(shorter)s of %(subjects)s %(groups)s has fewer than %(planned)s observations, the most "
            "common count, which %(common)s other %(common_groups)s has"
        ),
        (True, False): _(
            "%(shorter)s of %(subjects)s %(groups)s has fewer than %(planned)s observations, the most "
            "common count, which %(common)s other %(common_groups)s have"
        ),
        (False, True): _(
            "%(shorter)s of %(subjects)s %(groups)s have fewer than %(planned)s observations, the most "
            "common count, which %(common)s other %(common_groups)s has"
        ),
        (False, False): _(
            "%(shorter)s of %(subjects)s %(groups)s have fewer than %(planned)s observations, the most "
            "common count, which %(common)s other %(common_groups)s have"
        ),
    }[d.shorter == 1, d.planned_subjects == 1]
    return filled(
        message,
        common=num("describe", "design", "planned_subjects", style="int"),
        common_groups=_groups_for(d.planned_subjects, labels),
        **values,
    )


def repeated_times(observations: int, values: int) -> Sentence:
    """Each subject's observations when they outnumber its distinct times (rabbits: 12 at 6 doses).

    A balanced design's count of times is its distinct values; observations repeated at a time
    (two treatments at each dose) are said apart, not counted as more times.
    """
    if observations <= values:
        return ()
    return filled(
        _(", with %(planned)s observations each (more than one at a value)"),
        planned=num("describe", "design", "planned", style="int"),
    )


def _missing_at_random(labels: Labels) -> Sentence:
    """What the mixed models assume of the observations that are not there."""
    return filled(
        _(
            "The mixed models use every observation there is; they assume the missing ones are missing at "
            "random: whether %(a_group)s is measured may depend on its earlier measurements, but not on "
            "the values that were not seen."
        ),
        a_group=with_article(noun(labels.group))
        if spoken_language() == SOURCE_LANGUAGE
        else label_noun(labels.group),
    )


def _seen(message: str, count: str, time: str, times: dict[str, int]) -> Sentence:
    """How many enter late or leave early (``count``: the design's key) and at which times."""
    return filled(message, n=num("describe", "design", count, style="int"), time=time, times=_listed(times))


def observation_sentences(analysis: Analysis, labels: Labels) -> list[Sentence]:
    """Balanced, dropout, late entry, gaps or different times, and what the models assume about it."""
    d = analysis.design
    groups, time = label_plural(labels.group, labels.group_plural), label_noun(labels.time)
    kind = design_kind(d.shorter, d.dropouts + d.late_entries, d.shared_times)
    counts: dict[str, str | Num] = {
        "subjects": num("describe", "design", "subjects", style="int"),
        "time_points": num("describe", "design", "time_points", style="int"),
        "planned": num("describe", "design", "planned", style="int"),
        "time": time,
    }
    if kind == "balanced":
        return [
            filled(
                _(
                    "Every one of the %(subjects)s %(groups)s is measured at the same %(time_points)s values "
                    "of %(time)s%(repeated)s: the design is balanced."
                ),
                groups=_groups_for(d.subjects, labels),
                repeated=repeated_times(d.planned, d.time_points),
                **counts,
            )
        ]
    if kind == "different_times":
        words = {
            **counts,
            "groups": groups,
            "group": label_noun(labels.group),
            "common": num("describe", "design", "planned_subjects", style="int"),
            "common_groups": _groups_for(d.planned_subjects, labels),
        }
        most = 2 * d.planned_subjects > d.subjects
        # read by design value, or ending on a schedule (analysis.series_schedule): said so
        scheduled = series_end_sentences(most, d.series, words) if d.series is not None else []
        return scheduled or [different_times(most, d.ends_early, words)]
    shorter = _fewer(d, labels)
    if kind == "missing":
        if not d.shared_times:
            return [
                filled(
                    _(
                        "%(fewer)s; none starts late or leaves early: the %(groups)s are measured at "
                        "different values of %(time)s (%(time_points)s distinct values in all), so the "
                        "counts differ without any series being cut short, and the mixed models need no "
                        "common time grid."
                    ),
                    fewer=shorter,
                    groups=groups,
                    **counts,
                )
            ]
        return [
            filled(
                _("%(fewer)s; none starts late or leaves early, the gaps fall in the middle of the series."),
                fewer=shorter,
            ),
            _missing_at_random(labels),
        ]
    parts: list[Sentence] = []
    if d.late_entries:
        late = ngettext(
            "%(n)s enters late, first seen at %(time)s %(times)s",
            "%(n)s enter late, first seen at %(time)s %(times)s",
            d.late_entries,
        )
        parts.append(_seen(late, "late_entries", time, d.entry_times))
    if d.dropouts:
        early = ngettext(
            "%(n)s leaves early, last seen at %(time)s %(times)s",
            "%(n)s leave early, last seen at %(time)s %(times)s",
            d.dropouts,
        )
        parts.append(_seen(early, "dropouts", time, d.dropout_times))
    joined = (
        parts[0]
        if len(parts) == 1
        else filled(_("%(first)s, and %(second)s"), first=parts[0], second=parts[1])
    )
    return [
        filled(
            _(
                "%(fewer)s; measured against the most common series, from %(time)s %(first)s to %(last)s, "
                "%(changes)s (number of %(groups)s in brackets)."
            ),
            fewer=shorter,
            time=time,
            first=number_text(d.first_time, "auto"),
            last=number_text(d.last_time, "auto"),
            changes=joined,
            groups=groups,
        ),
        *([_missing_at_random(labels)] if d.dropouts or d.shared_times else []),
    ]


def _duplicates(data: CleanData, labels: Labels) -> list[Sentence]:
    """Rows entered twice are kept (each counts as a measurement): the report says how many."""
    n = data.duplicate_rows
    if not n:
        return []
    return [
        (
            num("data", "duplicate_rows", style="int"),
            f" kept {noun_for(n, 'row')} {verb_for(n, 'repeats', 'repeat')} an earlier row exactly "
            f"(same {noun(labels.group)}, {noun(labels.time)} and {noun(labels.response)}); "
            f"{verb_for(n, 'it counts', 'each counts')} as a measurement of its own, so check whether "
            f"{verb_for(n, 'it was', 'they were')} entered twice.",
        )
    ]


def response_coding_words(coding: tuple[str, str] | None, response: str) -> list[Sentence]:
    """A response written as words: which word is read as 0 and which as 1 (the models describe 1)."""
    if coding is None:
        return []
    zero, one = coding
    return [
        (
            f"The {response} is written as words: '{one}' is read as 1 and '{zero}' as 0, "
            f"so every model and number below describes '{one}'.",
        )
    ]


def _cleaning(data: CleanData, zero_is_missing: bool) -> Sentence:
    """Which rows the checks removed (missing values, and zeros when they mean missing), or none."""
    removed, kept = num("data", "removed_rows", style="int"), num("data", "clean_rows", style="int")
    n = len(data.removed)
    if zero_is_missing:
        if n:
            message = ngettext(
                "%(removed)s row had missing values or a zero value and was removed (listed below); "
                "%(kept)s rows remain.",
                "%(removed)s rows had missing values or a zero value and were removed (listed below); "
                "%(kept)s rows remain.",
                n,
            )
        else:
            message = _("No row has missing values or a zero value, so all %(kept)s rows are kept.")
    elif n:
        message = ngettext(
            "%(removed)s row had missing values and was removed (listed below); %(kept)s rows remain.",
            "%(removed)s rows had missing values and were removed (listed below); %(kept)s rows remain.",
            n,
        )
    else:
        message = _("No row has missing values, so all %(kept)s rows are kept.")
    return filled(message, removed=removed, kept=kept)


def q2_relationship(analysis: Analysis, data: CleanData, config: BuildConfig) -> list[Sentence]:
    labels = config.labels
    r = analysis.relationship.correlation
    within = analysis.within
    gs, g = label_plural(labels.group, labels.group_plural), label_noun(labels.group)
    response, time = label_noun(labels.response), label_noun(labels.time)
    plurals = (is_plural(labels.time), is_plural(labels.response))
    nouns = {"group": g, "time": time, "response": response, **group_forms(labels)}
    within_clear = correlation_clear(within.r, within.p)
    return [
        _cleaning(data, config.zero_is_missing),
        *_duplicates(data, labels),
        *response_coding_words(data.response_coding, noun(labels.response)),
        pooled_sentence(
            num("describe", "correlation", style="fixed"),
            pooled_meaning(r, time, response, *plurals),
            relationship_words(r),
            time,
            response,
        ),
        within_sentence(
            num("describe", "within_correlation", style="fixed"),
            (p_equals(within.p), num("describe", "within_correlation_p", style="p")),
            within_meaning(within.r, within.p, nouns, *plurals),
            relationship_words(within.r),
            g,
            gs,
        ),
        (
            correlation_disagreement(
                correlation_agreement(r, within.r), g, gs, within_clear, nouns["in_each_group"]
            ),
        ),
    ]


def q3_regression(analysis: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    ols = analysis.ols
    d = f"d{decimals_to_separate([ols.slope.estimate, ols.slope.ci_low, ols.slope.ci_high], decimals)}"
    o = analysis.overview
    response = label_noun(labels.response)
    return [
        line_sentence(
            {
                "intercept": num("ols", "intercept"),
                "slope": num("ols", "slope", style=d),
                "low": num("ols", "slope_ci_low", style=d),
                "high": num("ols", "slope_ci_high", style=d),
                "p": (p_equals(ols.slope.p), num("ols", "slope_p", style="p")),
            },
            {
                "unit": _unit(labels),
                "time": label_noun(labels.time),
                "response": response,
                "rate": labels.rate(),
                "reading": slope_reading(ols.slope.estimate, ols.slope.p),
            },
            (is_plural(labels.time), is_plural(labels.response)),
            outside=not (o.time_min <= 0 <= o.time_max),
        ),
        explained_sentence(ols.r_squared, response, num("ols", "r_squared")),
        (independence_note(label_plural(labels.group, labels.group_plural)),),
    ]


def q3_reflection(analysis: Analysis, labels: Labels) -> list[Sentence]:
    gs = label_plural(labels.group, labels.group_plural)
    return [
        between_sentence(
            analysis.ols.between_subject_share,
            subjects_with_outer(gs, _outer_levels(analysis)),
            gs,
            num("ols", "between_subject_share", style="pct"),
        )
    ]


def _mixed_support(analysis: Analysis) -> tuple[bool, bool]:
    """Does the model the report stands on find differences between subjects (slopes, levels)?

    Slopes: the chosen model has individual slopes (a slope variance above zero); levels: its level
    variance at the first observed time is above zero and some subject's level interval there
    excludes the average.
    """
    from reportgen.analysis.selection import effects_at

    glmm = analysis.glmm
    if glmm is not None:  # a binomial or Poisson report stands on its GLMM
        sds = glmm.fits[glmm.chosen].re_sd
        slope_sd = max((sd for name, sd in sds.items() if name not in ("(Intercept)", "obs")), default=0.0)
        return glmm_support(glmm.model, sds.get("(Intercept)", 0.0), slope_sd)
    choice = analysis.choice
    fit, (low, high) = choice.fit, choice.time_range
    level_sd, _ = effects_at(fit, choice.reference_time)
    slope_var = fit.slope_var or 0.0
    return (
        slopes_supported(choice.model, slope_var, high - low, fit.residual_var),
        levels_supported(level_sd**2, fit.residual_var, analysis.pooling.intercepts_away_from_zero),
    )


def _finds(analysis: Analysis) -> str:
    """Who finds the differences _mixed_support reads: the GLMMs, by name, or the mixed models."""
    from reportgen.narrative.finding_model import finding_model, observation_level_decides

    g = analysis.glmm
    if g is None:
        return finding_model(False)
    first = g.overdispersion.fit if g.overdispersion is not None else None
    return finding_model(True, observation_level_decides(first, g.model, g.chosen))


def _slopes_singular_only(analysis: Analysis) -> bool:
    """Does only the singular random-slope fit find slopes differing (its test below 0.05)?"""
    if analysis.glmm is not None:  # the GLMM's choice, not the linear fits'
        slopes = [f for name, f in analysis.glmm.fits.items() if name.startswith(RANDOM_SLOPE)]
        return (
            analysis.glmm.model == RANDOM_INTERCEPT
            and any(f.singular for f in slopes)
            and analysis.glmm.lrt_p_boundary < 0.05
        )
    return (
        analysis.choice.model == RANDOM_INTERCEPT
        and analysis.random_slope.singular
        and analysis.comparison.lrt_p_boundary < 0.05
    )


def q3_subject_lines(analysis: Analysis, labels: Labels) -> list[Sentence]:
    lines = [analysis.subject_lines[s] for s in analysis.first_subjects]
    slopes = [line.slope for line in lines]
    intercepts = [line.intercept for line in lines]
    slope_words = slope_spread_words(max(slopes) - min(slopes), analysis.ols.slope.estimate)
    intercept_words = spread_words(max(intercepts) - min(intercepts), analysis.ols.residual_sd)
    # Where they start is read at the first observed time, not at time 0 outside the data.
    t0 = analysis.choice.reference_time
    starts = [line.at(t0) for line in lines]
    start_words = spread_words(max(starts) - min(starts), analysis.ols.residual_sd)
    rate = labels.rate()
    o = analysis.overview
    impossible = outside_observed(min(starts), max(starts), o.response_min, o.response_max)
    misplaced = _start_misplaced(analysis) or impossible
    slopes_found, levels_found = _mixed_support(analysis)
    fanning = fans_out(analysis.design.sd_at_first, analysis.design.sd_at_last) and not slopes_found
    measured: list[Sentence] = []
    if misplaced:
        # The lines' levels are not the start: what differs there is read off the measured values.
        # Claimed only when the measured values vary there and the chosen model finds levels; the
        # lines' levels are then given without a verdict, so both sentences follow this one rule.
        start_vary, measured = _measured_start(analysis, labels, impossible, t0)
        levels_found = start_vary and levels_found

    first = "first_subjects"
    unit, level = _unit(labels), None if misplaced else intercept_words if t0 == 0 else start_words
    spread = own_lines_sentence(
        num(first, "count", style="int"),
        _groups_for(len(lines), labels),
        (slope_words, num(first, "slope_min"), num(first, "slope_max"), rate),
        (level, num(first, "intercept_min"), num(first, "intercept_max"), unit)
        if t0 == 0
        else (level, num(first, "level_min"), num(first, "level_max"), unit),
        None if t0 == 0 else _at_start(analysis, labels),
    )
    if misplaced:
        intercept_words = start_words = "vary" if levels_found else "are similar"
    return [
        spread,
        *measured,
        (
            individual_differences(
                slope_words != "are similar",
                (intercept_words if t0 == 0 else start_words) != "are similar",
                slopes_found,
                levels_found,
                _slopes_singular_only(analysis),
                fanning,
                # Too few values measured at the start to say whether the levels differ (Ovary: one mare).
                start_unread=misplaced and _start_unmeasured(analysis),
                finds=_finds(analysis),
            )
            + ".",
        ),
        *_fan_out(analysis, labels, fanning),
    ]


def _start_unmeasured(analysis: Analysis) -> bool:
    """No values, or too few subjects' (see few_at_start), measured at the first observed time."""
    from reportgen.analysis.selection import few_at_start

    choice = analysis.choice
    return choice.observed_sd_at_reference is None or few_at_start(
        choice.observed_groups_at_reference, analysis.relationship.groups
    )


def _fan_out(analysis: Analysis, labels: Labels, fanning: bool) -> list[Sentence]:
    """Q3c's measured spread at the first and last common times, when the subjects fan out."""
    if not fanning:
        return []
    d, t = analysis.design, label_noun(labels.time)
    groups = label_plural(labels.group, labels.group_plural)
    return [
        filled(
            _(
                "Measured at %(time)s %(last)s, the values have a standard deviation of %(sd_last)s "
                "against %(sd_first)s at %(time)s %(first)s: %(meaning)s."
            ),
            time=t,
            last=number_text(d.last_time, "auto"),
            first=number_text(d.first_time, "auto"),
            sd_last=num("describe", "design", "sd_at_last"),
            sd_first=num("describe", "design", "sd_at_first"),
            meaning=fan_out_words(groups, t, _mixed_support(analysis)[0] or _slopes_singular_only(analysis)),
        )
    ]


def _start_misplaced(analysis: Analysis) -> bool:
    """:func:`reportgen.narrative.model.start_misplaced` (read once there)."""
    from reportgen.narrative.model import start_misplaced

    return start_misplaced(analysis)


def _measured_start(
    analysis: Analysis, labels: Labels, impossible: bool, t0: float
) -> tuple[bool, list[Sentence]]:
    """Where the lines misplace the start: do the measured values there vary, and the sentence saying so."""
    from reportgen.narrative.model import few_at_start_sentence, trend_curved

    choice = analysis.choice
    what = lines_start_words(impossible, trend_curved(analysis))
    measured = [y for s in analysis.first_subjects for t, y in [analysis.first_observations[s]] if t == t0]
    vary = (
        bool(measured)
        and spread_words(max(measured) - min(measured), analysis.ols.residual_sd) != "are similar"
    )
    if choice.observed_sd_at_reference is None:
        return vary, [(f"The levels above are {what}.",)]
    few = few_at_start_sentence(analysis, labels)  # a few subjects' values there are no one's start
    if few:
        return False, [(f"The levels above are {what}.",), *few]
    return vary, [
        (
            f"The values measured at {noun(labels.time)} {number_text(t0, 'auto')} have a standard "
            "deviation of ",
            num("model_choice", "observed_sd_at_reference"),
            f"{_unit(labels)}: the levels above are {what}.",
        )
    ]


def _at_start(analysis: Analysis, labels: Labels, crosses: bool = False) -> str:
    """ " at day 14, the first observed time" (nothing when that time is 0, unless two lines
    ``crosses`` inside the observed range: :func:`start_named`)."""
    from reportgen.narrative.pair_words import start_named

    t0 = analysis.choice.reference_time
    if not start_named(t0, crosses):
        return ""
    return _(" at %(time)s %(value)s, the first observed time") % {
        "time": label_noun(labels.time),
        "value": number_text(t0, "auto"),
    }


def _seminar_model(analysis: Analysis) -> str:
    """How the seminar's random-intercept model is named: by name when the report stands on another."""
    return "this model" if analysis.choice.model == RANDOM_INTERCEPT else "the random-intercept model"


def _pair_start(analysis: Analysis) -> tuple[bool, bool]:
    """Do Q4's two lines misplace where the pair was measured at the first observed time, and do
    they put a level outside the observed response range there?"""
    c, o = analysis.subject_pair_lines, analysis.overview
    levels = [analysis.subject_lines[s].at(c.start_time) for s in (c.higher_at_start, c.lower_at_start)]
    impossible = outside_observed(min(levels), max(levels), o.response_min, o.response_max)
    return _pair_lines_misplace_start(analysis, c) or impossible, impossible


def measured_pair(
    group: str, high: str, low: str, high_value: Num, low_value: Num, several: bool, whole: bool = False
) -> tuple[str | Num, ...]:
    """Two subjects' values at the start: "g A was measured at x and g B at y", or, when either
    has several values there (Rabbit: one per treatment), their means said as means, so that no
    single value is read as the subject's start. A value that reads as a time (``whole``,
    :func:`~reportgen.narrative.pair_words.reads_as_time`) is said "g A's value there is 0"
    (statistician M, session 7: "id S25 was measured at 0 and id S47 at 0" at visit 0)."""
    if several:
        message = _(
            "%(group)s %(high)s's values there average %(high_value)s and %(group)s %(low)s's %(low_value)s"
        )
    elif whole:
        message = _(
            "%(group)s %(high)s's value there is %(high_value)s and %(group)s %(low)s's is %(low_value)s"
        )
    else:
        message = _(
            "%(group)s %(high)s was measured at %(high_value)s and %(group)s %(low)s at %(low_value)s"
        )
    return filled(message, group=group, high=high, low=low, high_value=high_value, low_value=low_value)


def _reads_as_time(analysis: Analysis, *values: float | None) -> bool:
    """:func:`reportgen.narrative.pair_words.reads_as_time` over the observed time range."""
    time_range = getattr(analysis.choice, "time_range", None)  # test doubles may leave it out
    return time_range is not None and reads_as_time(values, *time_range)


def _several_first(analysis: Analysis, *subjects: str) -> bool:
    """Has any of these subjects several values at its first time?"""
    counts = getattr(analysis, "first_counts", {})  # test doubles may leave it out
    return any(counts.get(s, 1) > 1 for s in subjects)


def _q6_measured_start(analysis: Analysis, labels: Labels) -> tuple[str | Num, ...]:
    """Q6's levels are the lines', not the measured start: the pair's measured values, when known."""
    c, g = analysis.mixed_pair_lines, label_noun(labels.group)
    if c.first_time is None:
        said = _(
            " These are the lines' levels, not the measured start: where %(groups)s start is read from the "
            "values measured there."
        )
        return (said % {"groups": label_plural(labels.group, labels.group_plural)},)
    return filled(
        _(" These are the lines' levels, not the measured start: at %(time)s %(first)s, %(measured)s."),
        time=label_noun(labels.time),
        first=num("mixed_pair", "first_time", style="auto"),
        measured=measured_pair(
            g,
            c.higher_at_start,
            c.lower_at_start,
            num("mixed_pair", "higher_first_value", style=value_style(analysis.overview.response_whole)),
            num("mixed_pair", "lower_first_value", style=value_style(analysis.overview.response_whole)),
            _several_first(analysis, c.higher_at_start, c.lower_at_start),
            _reads_as_time(
                analysis, getattr(c, "higher_first_value", None), getattr(c, "lower_first_value", None)
            ),
        ),
    )


def _pair_lines_misplace_start(analysis: Analysis, c: LineComparison) -> bool:
    """:func:`pair_start_misplaced` for a pair's lines (Q4's own lines, Q6's mixed-model lines)."""
    choice = analysis.choice
    measured_gap = (
        None
        if c.higher_first_value is None
        or c.lower_first_value is None
        or c.first_time != choice.reference_time
        else c.higher_first_value - c.lower_first_value
    )
    return pair_start_misplaced(
        _start_misplaced(analysis), c.start_difference, measured_gap, choice.observed_sd_at_reference
    )


def _pair_start_check(
    analysis: Analysis, labels: Labels, misplaced: bool, impossible: bool
) -> list[Sentence]:
    """Q4's lines against the data: the two first values, when the lines misplace them or disagree."""
    from reportgen.narrative.model import trend_curved

    c = analysis.subject_pair_lines
    what = lines_start_words(impossible, trend_curved(analysis))
    if c.first_time is None or c.higher_first_value is None or c.lower_first_value is None:
        return [(_("The gap above is between %(what)s.") % {"what": what},)] if misplaced else []
    choice = analysis.choice
    start_sd = choice.observed_sd_at_reference if c.first_time == choice.reference_time else None
    reading = start_gap_reading(c.higher_first_value - c.lower_first_value, c.start_difference, start_sd)
    if not (reading or misplaced):
        return []
    style = value_style(analysis.overview.response_whole)
    measured = measured_pair(
        label_noun(labels.group),
        c.higher_at_start,
        c.lower_at_start,
        num("subject_pair", "higher_first_value", style=style),
        num("subject_pair", "lower_first_value", style=style),
        _several_first(analysis, c.higher_at_start, c.lower_at_start),
        _reads_as_time(analysis, c.higher_first_value, c.lower_first_value),
    )
    message = PAIR_START_CHECK[reading or None, reading != "agree" or misplaced]
    return [
        filled(
            _(message),
            time=label_noun(labels.time),
            at=number_text(c.first_time, "auto"),
            measured=measured,
            unit=_unit(labels),
            what=what,
        )
    ]


# Q4's two first measured values against the lines (_pair_start_check), by (how the data read the
# lines' order at the start: start_gap_reading, whether the gap above is the lines' and not the data's).
PAIR_START_CHECK = {
    ("disagree", True): N_(
        "The data tell a different story at %(time)s %(at)s: %(measured)s%(unit)s: the gap above is "
        "between %(what)s."
    ),
    ("agree", True): N_(
        "The data agree with the lines' order at %(time)s %(at)s: %(measured)s%(unit)s: the gap above is "
        "between %(what)s."
    ),
    ("agree", False): N_("The data agree with the lines' order at %(time)s %(at)s: %(measured)s%(unit)s."),
    (None, True): N_("At %(time)s %(at)s, %(measured)s%(unit)s: the gap above is between %(what)s."),
}


def q4_pair(analysis: Analysis, labels: Labels) -> list[Sentence]:
    c = analysis.subject_pair_lines
    g, gs = label_noun(labels.group), label_plural(labels.group, labels.group_plural)
    steep, flat = analysis.subject_lines[c.steeper].slope, analysis.subject_lines[c.flatter].slope
    higher = c.higher_at_start
    misplaced, impossible = _pair_start(analysis)
    steeper_name = f"{g} {c.steeper}"  # named: "its" would follow the other subject (statistician Q)
    low, high = analysis.choice.time_range
    pair = [analysis.subject_lines[s] for s in (c.steeper, c.flatter)]
    gaps = (pair[0].at(t) - pair[1].at(t) for t in (low, high))
    at = _at_start(analysis, labels, lines_cross(*gaps))
    slopes_found, levels_found = _mixed_support(analysis)
    if misplaced:
        # Where the lines put the start is not where the pair was measured: no claim about starts.
        levels_found = False
    sentences: list[Sentence] = [
        filled(
            _("%(lead)s%(difference)s %(rate)s%(ratio)s; %(start)s, by %(gap)s%(unit)s."),
            lead=steepness_lead(steep, flat, f"{capitalized(g)} {c.steeper}", f"{g} {c.flatter}"),
            difference=num("subject_pair", "slope_difference"),
            rate=labels.rate(),
            ratio=ratio_phrase(c.slope_ratio),
            start=start_comparison(c.steeper, higher, f"{g} {higher}", at, misplaced, steeper_name),
            gap=num("subject_pair", "start_difference"),
            unit=_unit(labels),
        ),
        *_pair_start_check(analysis, labels, misplaced, impossible),
        *_intercept_caveat(
            [analysis.subject_lines[c.steeper].intercept, analysis.subject_lines[c.flatter].intercept],
            analysis,
            labels,
        ),
        (
            pair_difference(
                c.slope_ratio,
                slopes_found,
                levels_found,
                gs,
                misplaced,
                _slopes_singular_only(analysis),
                _finds(analysis),
            ),
        ),
        (
            pair_reason(
                analysis.subject_pair.reason,
                _("the highest and the lowest own slope among %(groups)s with at least 3 observations")
                % {"groups": gs},
            ),
        ),
    ]
    note = pick_note(
        analysis.subject_pair.rests_on_one, g, analysis.overview.response_upper_share is not None
    )
    if note:
        sentences.append((note,))
    return sentences


def q5_mixed(analysis: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    m = analysis.random_intercept
    d = f"d{decimals_to_separate([m.slope.estimate, m.slope.ci_low, m.slope.ci_high], decimals)}"
    unit = _unit(labels)
    gs = plural(labels.group)
    group_sd, residual_sd = m.group_var**0.5, m.residual_var**0.5
    spread: Sentence = (
        f"{capitalized(possessive(gs))} intercepts vary around the average with a standard deviation of ",
        num("random_intercept", "group_sd"),
        f"{unit} (variance ",
        num("random_intercept", "group_var"),
        f"), {variance_comparison(group_sd, residual_sd)} the residual standard deviation of ",
    )
    if not levels_differ(m.group_var, m.residual_var):
        spread = (
            f"The model estimates no differences between {possessive(gs)} intercepts: their standard "
            "deviation is ",
            num("random_intercept", "group_sd"),
            f"{unit} (variance ",
            num("random_intercept", "group_var"),
            ", a singular fit), against a residual standard deviation of ",
        )
    return [
        (
            "The average intercept is ",
            num("random_intercept", "intercept"),
            f"{unit} and the average slope ",
            num("random_intercept", "slope", style=d),
            f" {labels.rate()} (95% CI ",
            num("random_intercept", "slope_ci_low", style=d),
            " to ",
            num("random_intercept", "slope_ci_high", style=d),
            ").",
        ),
        (
            *spread,
            num("random_intercept", "residual_sd"),
            f"{unit}; {without_outer_clause(_outer_levels(analysis))}",
            num("random_intercept", "icc", style="pct"),
            f" of the variance left after the fixed effects lies between {gs}.",
        ),
        *_few_groups(analysis, labels),
        *_intercept_caveat([m.intercept.estimate], analysis, labels),
        (convergence_note(m.converged, m.warnings, m.optimizers_agree),),
    ]


def _outer_levels(analysis: Analysis) -> tuple[str, ...] | None:
    """The grouping columns above and of the subjects, outermost first (None without an outer level)."""
    return None if analysis.multilevel is None else analysis.multilevel.levels


def _few_groups(analysis: Analysis, labels: Labels) -> list[Sentence]:
    """Q5's warning when the subjects are too few for their variance (see narrative.caveats)."""
    if not few_groups(analysis.design.subjects):
        return []
    return [
        (
            "The data hold ",
            num("describe", "design", "subjects", style="int"),
            few_groups_words(plural(labels.group)),
        )
    ]


def _intercept_caveat(intercepts: list[float], analysis: Analysis, labels: Labels) -> list[Sentence]:
    """The caveat on lines whose intercepts, at a time 0 outside the data, no one measured."""
    o = analysis.overview
    if not intercept_outside(intercepts, o.response_min, o.response_max, o.time_min, o.time_max):
        return []
    time, response = label_noun(labels.time), label_noun(labels.response)
    return [(intercept_caveat(intercepts, o.response_min, time, response),)]


def q5_random_effects(analysis: Analysis, labels: Labels) -> list[Sentence]:
    m = analysis.random_intercept
    effects = m.intercept_effects()
    low, high = extremes(effects)  # ties broken as Q6's automatic pick breaks them
    n_low, n_high = sharing(effects, low), sharing(effects, high)
    g, gs = noun(labels.group), plural(labels.group)
    unit = _unit(labels)
    what: Sentence = (
        f"Each value is how far {possessive(with_article(g))} intercept sits from the average intercept in "
        f"{_seminar_model(analysis)}; "
        f"adding it to the average gives that {g}'s predicted intercept.",
    )
    if not levels_differ(m.group_var, m.residual_var):
        return [
            what,
            (
                f"The intercept variance is estimated at 0 (a singular fit), so every value is 0: the model "
                f"estimates no differences between {possessive(gs)} levels, and no {g} sits higher or "
                "lower than another.",
            ),
        ]
    sentences: list[Sentence] = [
        what,
        (
            "They range from ",
            num("random_intercept", "random_effect_min"),
            f" ({extreme_name(g, gs, low, n_low)}) to ",
            num("random_intercept", "random_effect_max"),
            f" ({extreme_name(g, gs, high, n_high)}){unit}: in {_seminar_model(analysis)}, where all {gs} "
            f"change at the same rate, {extreme_lines_words(g, gs, high, n_high, low, n_low)}.",
        ),
    ]
    (t_high, y_high), (t_low, y_low) = analysis.first_observations[high], analysis.first_observations[low]
    choice = analysis.choice
    # Like with like: first values measured at the same time (at the first observed time, against
    # the spread of all values measured there).
    # Q4's and Q6's rule (pair_start_misplaced): the parallel lines' gap against the measured one.
    start_sd = choice.observed_sd_at_reference if t_high == choice.reference_time else None
    line_gap = effects[high] - effects[low]
    misplaced = pair_start_misplaced(_start_misplaced(analysis), line_gap, y_high - y_low, start_sd)
    if t_high == t_low and misplaced:
        from reportgen.narrative.model import trend_curved

        lines = lines_start_words(False, trend_curved(analysis))
        style = value_style(analysis.overview.response_whole)
        measured = measured_pair(
            label_noun(labels.group),
            high,
            low,
            num("random_intercept", "highest_first_value", style=style),
            num("random_intercept", "lowest_first_value", style=style),
            _several_first(analysis, high, low),
            _reads_as_time(analysis, y_high, y_low),
        )
        sentences.append(
            filled(
                _("At the start (%(time)s %(at)s), %(measured)s%(unit)s: %(order)s."),
                time=label_noun(labels.time),
                at=number_text(t_high, "auto"),
                measured=measured,
                unit=unit,
                order=measured_order_words(y_high < y_low, lines, y_high == y_low),
            )
        )
    return sentences


def _mixed_pair_intercepts(analysis: Analysis) -> list[float]:
    """The intercepts of Q6's two lines in the random-intercept model."""
    m, pair = analysis.random_intercept, analysis.mixed_pair
    effects = m.intercept_effects()
    return [m.intercept.estimate + effects[s] for s in (pair.first, pair.second)]


def q6_mixed_pair(analysis: Analysis, labels: Labels) -> list[Sentence]:
    c = analysis.mixed_pair_lines
    g, gs = noun(labels.group), plural(labels.group)
    m = analysis.random_intercept
    if not levels_differ(m.group_var, m.residual_var):
        return [
            (
                "Both lines have the fixed slope of ",
                num("random_intercept", "slope"),
                f" {labels.rate()} and, with the intercept variance estimated at 0, the same intercept: "
                f"the model gives every {g} the same line.",
            ),
            (
                f"In {_seminar_model(analysis)} {gs} differ neither in where they start nor in how fast "
                "they change, so no pair stands out; the figure shows the one line.",
            ),
        ]
    return [
        (
            "Both lines have the fixed slope of ",
            num("random_intercept", "slope"),
            f" {labels.rate()}, so they are parallel; {g} {c.higher}'s line sits ",
            num("mixed_pair", "intercept_difference"),
            f"{_unit(labels)} above {g} {c.lower}'s at every value of {noun(labels.time)}.",
        ),
        (
            f"In {_seminar_model(analysis)} {gs} differ only in where they start, not in how fast they "
            "change.",
            # The same decision as Q4's: lines that misplace where the pair was measured at the start.
            *(_q6_measured_start(analysis, labels) if _pair_lines_misplace_start(analysis, c) else ()),
        ),
        *_intercept_caveat(_mixed_pair_intercepts(analysis), analysis, labels),
        (
            pair_reason(
                analysis.mixed_pair.reason,
                _(
                    "the highest and the lowest predicted random intercept among %(groups)s with at least "
                    "3 observations"
                )
                % {"groups": gs},
            ),
        ),
    ]


# --- each question's sentences and alt texts, as the section registry asks for them --------------


def q1_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.family_questions import q1_family

    return {"q1": q1_overview(analysis, config.labels) + q1_family(analysis, config.labels)}


def q2_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    coding = response_coding_words(data.response_coding, noun(config.labels.response))
    # The coding alone too: the study report shows it with its design, without the rest of q2.
    return {"q2": q2_relationship(analysis, data, config), "response_coding": coding}


def q3_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.family_questions import q3_family

    labels = config.labels
    return {
        "q3": q3_regression(analysis, labels, config.decimals) + q3_family(analysis, labels),
        "q3_reflection": q3_reflection(analysis, labels),
        "q3_subjects": q3_subject_lines(analysis, labels),
    }


def q4_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    return {"q4": q4_pair(analysis, config.labels)}


def q5_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.family_questions import q5_family
    from reportgen.narrative.model import q5_note

    labels = config.labels
    return {
        "q5": q5_mixed(analysis, labels, config.decimals) + q5_family(analysis, labels),
        "q5_effects": q5_random_effects(analysis, labels),
        "q5_note": q5_note(analysis, labels, config.decimals),
    }


def q6_words(analysis: Analysis, data: CleanData, config: BuildConfig) -> dict[str, list[Sentence]]:
    from reportgen.narrative.family_questions import q6_family

    return {"q6": q6_mixed_pair(analysis, config.labels) + q6_family(analysis, config.labels)}


def _value(value: float, o: Overview, decimals: int) -> str:
    """A value of the response as the interpretation writes it (whole-number data: no decimals)."""
    return number_text(value, value_style(o.response_whole), decimals)


def _fixed(value: float, decimals: int) -> str:
    return number_text(value, "fixed", decimals)


def _line_text(labels: Labels, intercept: float, slope: float, decimals: int) -> str:
    sign = "-" if slope < 0 else "+"
    response, time = label_noun(labels.response), label_noun(labels.time)
    return f"{response} = {_fixed(intercept, decimals)} {sign} {_fixed(abs(slope), decimals)} × {time}"


def q1_alt(analysis: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    o, n = analysis.overview, analysis.relationship.rows
    if o.response_upper_share is not None:
        text = _(
            "Histogram of %(response)s for %(n)s observations in 20 bins; two values only, %(share)s of "
            "them %(high)s."
        ) % {
            "response": label_noun(labels.response),
            "n": n,
            "share": number_text(o.response_upper_share, "pct"),
            "high": number_text(o.response_max, "auto"),
        }
    else:
        text = _(
            "Histogram of %(response)s for %(n)s observations in 20 bins; %(shape)s, the middle 90%% "
            "between %(low)s and %(high)s%(unit)s."
        ) % {
            "response": label_noun(labels.response),
            "n": n,
            "shape": skew_shape(o.response_skew, o.response_bimodality),
            "low": _value(o.response_p05, o, decimals),
            "high": _value(o.response_p95, o, decimals),
            "unit": _unit(labels),
        }
    return {"histogram": text}


def q2_alt(analysis: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    r, n = analysis.relationship.correlation, analysis.relationship.rows
    if not correlation_clear(r):
        message = _(
            "Scatter of %(response)s against %(time)s for %(n)s observations; hardly any linear "
            "relationship (correlation %(r)s)."
        )
    else:
        message = {
            (True, True): _(
                "Scatter of %(response)s against %(time)s for %(n)s observations; %(response)s tend to "
                "rise with %(time)s (correlation %(r)s)."
            ),
            (True, False): _(
                "Scatter of %(response)s against %(time)s for %(n)s observations; %(response)s tend to "
                "fall with %(time)s (correlation %(r)s)."
            ),
            (False, True): _(
                "Scatter of %(response)s against %(time)s for %(n)s observations; %(response)s tends to "
                "rise with %(time)s (correlation %(r)s)."
            ),
            (False, False): _(
                "Scatter of %(response)s against %(time)s for %(n)s observations; %(response)s tends to "
                "fall with %(time)s (correlation %(r)s)."
            ),
        }[is_plural(labels.response), r > 0]
    values = {"response": label_noun(labels.response), "time": label_noun(labels.time), "n": n}
    return {"scatter": message % (values | {"r": _fixed(r, decimals)})}


def q3_alt(analysis: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    slopes = [analysis.subject_lines[s].slope for s in analysis.first_subjects]
    ols = analysis.ols
    return {
        "ols_fit": _("The same scatter with the least-squares line %(line)s.")
        % {"line": _line_text(labels, ols.intercept.estimate, ols.slope.estimate, decimals)},
        "subject_lines": _(
            "%(n)s straight lines, one per %(group)s (%(names)s), with slopes from %(low)s to %(high)s."
        )
        % {
            "n": len(slopes),
            "group": label_noun(labels.group),
            "names": ", ".join(analysis.first_subjects),
            "low": _fixed(min(slopes), decimals),
            "high": _fixed(max(slopes), decimals),
        },
    }


def q4_alt(analysis: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    texts = {}
    for name, subject in (
        ("pair_first", analysis.subject_pair.first),
        ("pair_second", analysis.subject_pair.second),
    ):
        line = analysis.subject_lines[subject]
        texts[name] = _(
            "Scatter of %(n)s observations of %(group)s %(subject)s with its own line, %(line)s."
        ) % {
            "n": line.n,
            "group": label_noun(labels.group),
            "subject": subject,
            "line": _line_text(labels, line.intercept, line.slope, decimals),
        }
    return texts


def q6_alt(analysis: Analysis, labels: Labels, decimals: int) -> dict[str, str]:
    mc, ri = analysis.mixed_pair_lines, analysis.random_intercept
    groups = label_plural(labels.group, labels.group_plural)
    values = {
        "slope": _fixed(ri.slope.estimate, decimals),
        "group": label_noun(labels.group),
        "groups": groups,
        "higher": mc.higher,
        "lower": mc.lower,
    }
    if levels_differ(ri.group_var, ri.residual_var):
        text = _(
            "Two parallel lines with slope %(slope)s, for %(groups)s %(higher)s and %(lower)s; %(group)s "
            "%(higher)s's line is %(difference)s%(unit)s higher."
        ) % (values | {"difference": _fixed(mc.intercept_difference, decimals), "unit": _unit(labels)})
    else:
        # English writes the plural's possessive ("subjects'"); a translation says whose levels its own way.
        whose = possessive(groups) if spoken_language() == SOURCE_LANGUAGE else groups
        text = _(
            "One line with slope %(slope)s, shared by %(groups)s %(higher)s and %(lower)s: the model "
            "estimates no differences between %(groups_levels)s levels."
        ) % (values | {"groups_levels": whose})
    return {"mixed_pair": text}
