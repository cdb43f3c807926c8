"""The curve's level beside what was measured at its named times, where the two disagree.

A level (or its 95% interval) below zero for a response never measured below zero is said to be
the curve's, with the values measured at that time beside it; a level whose interval misses the
mean measured at its time is said to miss the data there (Soybean, seventh read: -0.042 at day 14,
95% CI -0.44 to 0.36, beside day-14 weights averaging 0.091; 18.36 at day 84 beside 14.75).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.measured_levels import below_possible, explained_by_who_was_measured, misses_measured
from reportgen.narrative.covariate_effects import estimate_with_ci
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.words import agreeing, plural

if TYPE_CHECKING:
    from reportgen.analysis.measured_levels import MeasuredAt
    from reportgen.analysis.shape import CurveSummary

NAMES = ("first", "middle", "last")
# The caveats' openings: the study report's summary keeps them beside the curve's levels.
LEVEL_BELOW_LEAD = "A fitted level below zero"
INTERVAL_BELOW_LEAD = "A fitted level whose 95% interval reaches below zero"
BELOW_ZERO_LEADS = (LEVEL_BELOW_LEAD, INTERVAL_BELOW_LEAD)
MISSES_LEAD = "The curve misses the values measured at"
WHO_LEAD = "The values measured at"


def below_zero_lead(estimate: float) -> str:
    """The caveat's opening as the case is: the level itself below zero, or only its interval
    (final read, Soybean: 0.13 at day 14 was "a fitted level or its 95% interval below zero")."""
    return LEVEL_BELOW_LEAD if estimate < 0 else INTERVAL_BELOW_LEAD


def _level(name: str) -> tuple[str | Num, ...]:
    """ "-0.042 (95% CI -0.44 to 0.36)": the curve's level at a named time."""
    return (*estimate_with_ci(("trend", "curve", name)), ")")


def measured_parts(name: str, seen: MeasuredAt | None, response: str, lead: str) -> tuple[str | Num, ...]:
    """ ", while the weight measured there averages 0.091 (SD 0.038, n = 32)" (nothing unmeasured)."""
    if seen is None:
        return ()
    key = ("trend", "curve", name, "measured")
    spread: tuple[str | Num, ...] = (
        ("SD ", num(*key, "sd"), ", ") if seen.sd is not None else ("one value, ",)
    )
    return (
        f"{lead} the {response} measured there {agreeing(response, 'averages')} ",
        num(*key, "mean"),
        " (",
        *spread,
        "n = ",
        num(*key, "n", style="int"),
        ")",
    )


def level_caveats(
    curve: CurveSummary, lowest_response: float, response: str, time: str, group: str = "subject"
) -> list[Sentence]:
    """The caveats of the curve's named levels: below zero where nothing measured is (the first
    such time), and each level whose interval misses the mean measured at its time."""
    sentences: list[Sentence] = []
    measured = curve.measured or (None, None, None)
    below = [i for i, level in enumerate(curve.levels) if below_possible(level, lowest_response)]
    if below:
        name = NAMES[below[0]]
        sentences.append(
            (
                f"{below_zero_lead(curve.levels[below[0]].estimate)}, where no measured "
                f"{response} lies, is the curve's summary near the edge of the data, not a measured "
                f"value: at {time} ",
                num("trend", "curve", name, "time", style="auto"),
                " the curve gives ",
                *_level(name),
                *measured_parts(name, measured[below[0]], response, ", while"),
                ".",
            )
        )
    for i, level in enumerate(curve.levels):
        if i in below or not misses_measured(level, measured[i]):
            continue
        name = NAMES[i]
        if explained_by_who_was_measured(level, measured[i]):
            sentences.append(who_was_measured(name, time, group))
            continue
        sentences.append(
            (
                f"{MISSES_LEAD} {time} ",
                num("trend", "curve", name, "time", style="auto"),
                ": the curve gives ",
                *_level(name),
                *measured_parts(name, measured[i], response, ", but"),
                "; there the measured values, not the curve, describe the data.",
            )
        )
    return sentences


def who_was_measured(name: str, time: str, group: str) -> Sentence:
    """The curve "misses" a time's mean because only some subjects were measured there, and the
    model's fitted values for them agree with what was measured (Soybean at day 84: 16 of 48 plots,
    the smallest, fitted 15.58 beside the measured 14.75; the curve's 18.36 is an average plot's)."""
    key = ("trend", "curve", name, "measured")
    groups = plural(group)
    return (
        f"{WHO_LEAD} {time} ",
        num("trend", "curve", name, "time", style="auto"),
        " come from ",
        num(*key, "subjects", style="int"),
        " of the ",
        num(*key, "of_subjects", style="int"),
        f" {groups} only; the model's fitted values for those {groups} average ",
        num(*key, "fitted_mean"),
        ", close to their measured mean of ",
        num(*key, "mean"),
        ", while the curve gives ",
        *_level(name),
        f" for an average {group}: the gap comes from which {groups} were measured "
        "there, not from the curve.",
    )
