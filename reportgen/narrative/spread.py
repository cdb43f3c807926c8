"""The residual spread in words: over time, with the level, across covariate levels, the remedy.

Small named rules (each flips its words when its input flips) and the sentences of the
diagnostics section that use them. The numbers and the rule codes come from
:mod:`reportgen.analysis.spread`; words for the data come from its labels.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from reportgen.analysis.spread import (
    CONSTANT,
    DIFFERS_BETWEEN_GROUPS,
    GROWS_WITH_LEVEL,
    GROWS_WITH_TIME,
    LOG,
    LOG_APPLIED,
    LOGISTIC,
    SHRINKS,
    SPREAD_ALPHA,
    UNRELIABLE_SE,
)
from reportgen.i18n import number_text
from reportgen.narrative.rules import HINT_ALPHA, STRICTER, funnel_shape, is_hint, spread_remedy
from reportgen.narrative.sentence import Sentence, num
from reportgen.words import capitalized, noun, p_equals

if TYPE_CHECKING:
    from reportgen.analysis.diagnostics import Diagnostics
    from reportgen.analysis.spread import LogScale
    from reportgen.config import Labels


# A p from 0.05 up to this is weak evidence of a change, never "about the same" (SD 1.35 -> 2.00
# at p = 0.069 is not a steady spread); above it, "about the same" only while the last bin's SD is
# within SAME_SPREAD times the first's, else "no clear change".
WEAK_SPREAD_P = 0.10
SAME_SPREAD = (0.8, 1.25)


def spread_weak(p: float) -> bool:
    """Is a spread change not clear (p >= 0.05) but near it (p < 0.10): weak evidence, said with
    the last-to-first SD ratio?"""
    return HINT_ALPHA <= p < WEAK_SPREAD_P


def spread_same_size(ratio: float) -> bool:
    """Is the last bin's residual SD within 0.8 to 1.25 times the first's (no ratio: nan, yes)?"""
    return math.isnan(ratio) or SAME_SPREAD[0] <= ratio <= SAME_SPREAD[1]


def time_spread_phrase(direction: str, p: float, time: str = "time", ratio: float = 1.0) -> str:
    """The residual spread over time (Brown-Forsythe p, the bins' direction and last-to-first SD
    ratio), in words; a weak change is said as weak, with the ratio the caller gives after it."""
    if p < SPREAD_ALPHA:
        if direction == "grows":
            return f"the residual spread grows with {time}"
        if direction == "shrinks":
            return f"the residual spread shrinks with {time}"
        return f"the residual spread changes between values of {time}, {unsteady_direction(ratio)}"
    if is_hint(p):
        return f"the residual spread shows at most a hint of a change, {STRICTER}"
    if spread_weak(p):
        return "the evidence that the residual spread changes is weak, but it is not shown to stay the same"
    if not spread_same_size(ratio):
        return "the residual spread shows no clear change"
    return "the residual spread stays about the same"


def unsteady_direction(ratio: float) -> str:
    """A spread that changes but not steadily, by its last-to-first SD ratio: larger or smaller at
    the last time when the ratio is outside ``SAME_SPREAD`` (Rabbit: 0.69 first, 3.07 last, peaking
    at 7.74 in between, is not "without a steady direction"), else without a steady direction."""
    if spread_same_size(ratio):
        return "without a steady direction"
    return f"{'larger' if ratio > 1 else 'smaller'} at the last than at the first, though not steadily"


def group_spread_phrase(p: float) -> str:
    """The residual spread across a covariate's levels (Brown-Forsythe p), in words."""
    if p < SPREAD_ALPHA:
        return "the residual spread differs between them"
    if is_hint(p):
        return "the residual spread shows at most a hint of a difference between them"
    return "the residual spread is about the same in each"


def log_stabilised(pattern: str) -> bool:
    """Did the log scale even out the spread (no change with time or level left)?"""
    return pattern in (CONSTANT, DIFFERS_BETWEEN_GROUPS)


def log_check_phrase(pattern: str, p: float = 1.0) -> str:
    """What the log scale did to the spread, by the pattern found on it (and its test over time's p:
    below 0.05 a steady spread keeps a hint of change)."""
    if log_stabilised(pattern):
        if is_hint(p):
            return (
                "the spread no longer changes clearly, though a hint of a change over time remains, "
                + STRICTER
            )
        return "the spread is steady: it changes with neither time nor the level"
    if pattern == GROWS_WITH_LEVEL and p >= SPREAD_ALPHA:
        # Found by the residuals' size against the fitted level, not by the test over time cited
        # after it (Pixel: p = 0.185 over time): worded by what was tested.
        return (
            "the residuals' size still rises with the fitted level (the log scale has not evened that "
            "out), though the spread shows no clear change over time"
        )
    if pattern == GROWS_WITH_LEVEL:
        return "the spread still grows with the level: the log scale has not evened it out"
    if pattern == GROWS_WITH_TIME:
        return "the spread still grows over time: the log scale has not evened it out"
    if pattern == SHRINKS:
        return "the spread now shrinks: the log scale over-corrects it"
    return "the spread still changes over time, though without a steady direction"


def no_log_reason(positive: bool) -> str:
    """Why a log scale is not offered for a spread that grows with the level."""
    if not positive:
        return "a log scale is not an option, as some values are 0 or below"
    return "a log scale is not offered, as the values are logarithms already"


def unreliable_se_words(pattern: str, time: str = "time", covariates: tuple[str, ...] = ()) -> str:
    """Which standard errors a changing spread makes unreliable, and what would account for it."""
    if pattern == DIFFERS_BETWEEN_GROUPS:
        levels = " and ".join(covariates) or "the covariate"
        return (
            f"the model assumes one residual variance in every level of {levels}, so the standard errors "
            f"of the differences between those levels are unreliable; a residual variance per level (nlme's "
            "varIdent weights) would account for it"
        )
    if pattern == GROWS_WITH_LEVEL:
        return (
            "the model assumes one residual variance whatever the level, so the standard errors of the "
            "slope and of predicted levels are unreliable (too small where the level is high and too large "
            "where it is low); a residual variance that grows with the fitted value (nlme's varPower "
            "weights) or robust standard errors would account for it"
        )
    where = {
        GROWS_WITH_TIME: "too small for late times and too large for early ones",
        SHRINKS: "too small for early times and too large for late ones",
    }.get(pattern, "wrong where the spread departs from its average")
    return (
        f"the model assumes one residual variance at every {time}, so the standard errors of the "
        f"slope and of predicted levels are unreliable ({where}); a residual variance that changes with "
        f"{time} (nlme's varIdent or varPower weights) or robust standard errors would account for it"
    )


def shows_as_percent(change: float) -> bool:
    """Is a relative change large enough to print as a percentage with one decimal (0.05% or more)?"""
    return abs(change) >= 0.0005


def _per(labels: Labels) -> str:
    """ "per day", or "per unit of time" when time has no unit."""
    return f"per {labels.time_unit}" if labels.time_unit else f"per unit of {noun(labels.time)}"


def _test_and_sds(key: str, p: float) -> Sentence:
    """ "p = 0.925; residual SD 21.64 in the first and 30.44" of ``diagnostics.<key>``."""
    return (
        p_equals(p),
        num("diagnostics", key, "p", style="p"),
        "; residual SD ",
        num("diagnostics", key, "sd_first"),
        " in the first and ",
        num("diagnostics", key, "sd_last"),
    )


def spread_sentences(d: Diagnostics, labels: Labels) -> list[Sentence]:
    """Spread over time, with the fitted level, across covariate levels, then the remedy."""
    by_time = d.spread_by_time
    if by_time is None:
        return []
    time = noun(labels.time)
    unit = f"values of {time}" if by_time.distinct_times else f"bins of {time}"
    what = "value" if by_time.distinct_times else "bin"
    growing = by_time.p < SPREAD_ALPHA and by_time.direction == "grows"
    sentences: list[Sentence] = [
        (
            "Across the ",
            num("diagnostics", "spread_by_time", "bins", style="int"),
            f" {unit}, {time_spread_phrase(by_time.direction, by_time.p, time, by_time.sd_ratio)} "
            "(Brown-Forsythe test, F = ",
            num("diagnostics", "spread_by_time", "statistic"),
            ", ",
            *_test_and_sds("spread_by_time", by_time.p),
            f" in the last {what}",
            *(
                (", ", num("diagnostics", "spread_by_time", "sd_ratio"), " times as large")
                if spread_weak(by_time.p)
                else ()
            ),
            ").",
        ),
        (
            f"Against the fitted level, the residuals show {funnel_shape(d.funnel_rho, d.funnel_p)} "
            "(rank correlation of their size with the fitted value ",
            num("diagnostics", "funnel_rho"),
            ", ",
            p_equals(d.funnel_p),
            num("diagnostics", "funnel_p", style="p"),
            ")",
            *(
                (
                    f"; across the {what}s the residual SD rises with the mean {noun(labels.response)} "
                    "(slope of log SD on log mean ",
                    num("diagnostics", "spread_by_time", "level_power"),
                    ", where 1 is a spread in proportion to the level)",
                )
                if growing and by_time.level_power is not None and by_time.level_power > 0
                else ()
            ),
            ".",
        ),
    ]
    for column, test in d.spread_by_covariate.items():
        sentences.append(
            (
                f"Across the levels of {column}, {group_spread_phrase(test.p)} (Brown-Forsythe test, F = ",
                num("diagnostics", "spread_by_covariate", column, "statistic"),
                ", ",
                p_equals(test.p),
                num("diagnostics", "spread_by_covariate", column, "p", style="p"),
                ").",
            )
        )
    remedy = remedy_sentence(d, labels)
    return [*sentences, *([remedy] if remedy else [])]


def remedy_sentence(d: Diagnostics, labels: Labels) -> Sentence | None:
    """The remedy the data support (rule code ``d.spread_remedy``), with the log scale's check."""
    response, time = noun(labels.response), noun(labels.time)
    log = d.spread_log
    if d.spread_remedy == LOGISTIC:
        return (capitalized(spread_remedy("grows", True, response, binary=True)) + ".",)
    if d.spread_remedy == UNRELIABLE_SE:
        differing = tuple(c for c, t in d.spread_by_covariate.items() if t.p < SPREAD_ALPHA)
        why = f"; {no_log_reason(d.positive_response)}" if d.spread_pattern == GROWS_WITH_LEVEL else ""
        text = unreliable_se_words(d.spread_pattern, time, differing)
        return (capitalized(text) + why + ".",)
    if d.spread_remedy not in (LOG, LOG_APPLIED) or log is None:
        return None
    steady = log_check_phrase(log.pattern, log.p)
    check: Sentence = (
        steady + " (Brown-Forsythe test over time, ",
        *_test_and_sds("spread_log", log.p),
        " in the last)",
    )
    ratio = log_ratio_sentence(log, labels)
    if d.spread_remedy == LOG_APPLIED:  # its test over time is the first sentence's: not repeated
        return (f"The model is fitted to {response} (--log-response); on this scale ", steady, *ratio)
    return (
        f"The spread grows with the level and every value of {response} is above 0, the case for a log "
        f"scale: refitted to log({response}) (rebuild with --log-response), ",
        *check,
        *ratio,
    )


def per_unit_ratio_holds(shape: str, range_ratio: float | None) -> bool:
    """Is a ratio per time unit the log model's own (its trend on the log scale is straight)?

    A curved log model multiplies the response by a different factor at each time, so one ratio
    per unit is not the model's; it is then said over the observed range.
    """
    return shape == "linear" or range_ratio is None


def log_ratio_sentence(log: LogScale, labels: Labels) -> Sentence:
    """The log model's change as a ratio: per time unit for a straight trend, else over the
    observed range with the curve's shape named (a curve has no one ratio per unit)."""
    from reportgen.narrative.shape import shape_name

    response, time = noun(labels.response).removeprefix("log "), noun(labels.time)
    per = _per(labels)
    if not per_unit_ratio_holds(log.shape, log.range_ratio):
        return (
            f"; on the log scale the trend is {shape_name(log.shape, time)}, so no single ratio "
            f"{per} describes it: over the observed range of {time}, from its lowest to its highest "
            f"value, the fitted curve multiplies {response} by ",
            num("diagnostics", "spread_log", "range_ratio", style="d2"),
            ".",
        )
    return (
        f"; the slope reads as a ratio: {response} is multiplied by ",
        num("diagnostics", "spread_log", "slope_ratio", style="d3"),
        f" {per} on average",
        *(
            (" (a change of ", num("diagnostics", "spread_log", "relative_change", style="pct"), f" {per})")
            if shows_as_percent(log.relative_change)
            else ()
        ),
        ".",
    )


def spread_alt(d: Diagnostics, labels: Labels, decimals: int = 2) -> str:
    """Alt text of the residual SD figure: what it shows and the verdict over time."""
    by_time = d.spread_by_time
    time = noun(labels.time)
    if by_time is None:
        return f"Residual standard deviation against {time}."
    where = f"each of {by_time.bins} values" if by_time.distinct_times else f"{by_time.bins} bins"
    first, last = (number_text(v, "fixed", decimals) for v in (by_time.sd_first, by_time.sd_last))
    return (
        f"Residual standard deviation of the model at {where} of {time}, from {first} in the first to "
        f"{last} in the last: {time_spread_phrase(by_time.direction, by_time.p, time, by_time.sd_ratio)}."
    )
