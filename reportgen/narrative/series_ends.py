"""How an unbalanced design's series end: together, or at different times.

Subjects measured at different times with none short of the common count were said to have "no
plot drops out". Soybean's plots follow each year's schedule: 32 of 48 are last measured before
day 84, and one (1988F5) stops at day 70 where the other 1988 plots run to 77 (statistician M,
session 7). Whether that is dropout is a judgement; that the series end at different times is a
fact, and the sentence says it with the count (``describe.design.ends_early``).

Statistician Q (session 8): a few common ends, each shared by many subjects, are a schedule, and the
sentence names it (with the column that sets it, when one does) instead of the dropout assumption,
which it keeps for the subjects off the schedule; times that vary slightly around design values
(Dialyzer's last pressures, 2.97 to 3.03) are read as one design value, and no series ends early
(``analysis.series_schedule``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import ngettext
from reportgen.narrative.sentence import Num, Sentence, filled, num

if TYPE_CHECKING:
    from reportgen.analysis.series_schedule import SeriesEnds


def different_times_message(most: bool, ends_early: int) -> str:
    """The whole message for subjects measured at different values of time: how many times ``most``
    subjects have (else the most common count), and no subject dropping out when every series runs
    to the latest time, else how many (``ends_early``) end before it."""
    if ends_early == 0:
        if most:
            return _(
                "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct "
                "values in all, most %(groups)s %(planned)s times): the design is unbalanced, but no "
                "%(group)s drops out, and the mixed models need no common time grid."
            )
        return _(
            "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct "
            "values in all, the most common count %(planned)s times, for %(common)s %(common_groups)s): "
            "the design is unbalanced, but no %(group)s drops out, and the mixed models need no common "
            "time grid."
        )
    if most:
        return ngettext(
            "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct values "
            "in all, most %(groups)s %(planned)s times): the design is unbalanced and their series end at "
            "different times (%(ended)s of the %(subjects)s %(groups)s is last measured before %(time)s "
            "%(time_max)s); the mixed models need no common time grid, and they assume the series that "
            "end early do so for reasons unrelated to the values that were not seen.",
            "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct values "
            "in all, most %(groups)s %(planned)s times): the design is unbalanced and their series end at "
            "different times (%(ended)s of the %(subjects)s %(groups)s are last measured before %(time)s "
            "%(time_max)s); the mixed models need no common time grid, and they assume the series that "
            "end early do so for reasons unrelated to the values that were not seen.",
            ends_early,
        )
    return ngettext(
        "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct values in "
        "all, the most common count %(planned)s times, for %(common)s %(common_groups)s): the design is "
        "unbalanced and their series end at different times (%(ended)s of the %(subjects)s %(groups)s is "
        "last measured before %(time)s %(time_max)s); the mixed models need no common time grid, and "
        "they assume the series that end early do so for reasons unrelated to the values that were not "
        "seen.",
        "The %(groups)s are measured at different values of %(time)s (%(time_points)s distinct values in "
        "all, the most common count %(planned)s times, for %(common)s %(common_groups)s): the design is "
        "unbalanced and their series end at different times (%(ended)s of the %(subjects)s %(groups)s are "
        "last measured before %(time)s %(time_max)s); the mixed models need no common time grid, and "
        "they assume the series that end early do so for reasons unrelated to the values that were not "
        "seen.",
        ends_early,
    )


def different_times(most: bool, ends_early: int, words: dict[str, str | Num]) -> Sentence:
    """The sentence of :func:`different_times_message`, filled with the design's counts (``words``:
    the nouns and counts the seminar's design sentences share)."""
    design = ("describe", "design")
    return filled(
        different_times_message(most, ends_early),
        ended=num(*design, "ends_early", style="int"),
        time_max=num("describe", "time_max", style="auto"),
        **words,
    )


def design_counts_clause(most: bool) -> str:
    """The parenthesis of the unbalanced-design sentences: how many distinct times, and how many
    times most subjects (``most``) or the most common count's subjects have."""
    if most:
        return _("%(time_points)s distinct values in all, most %(groups)s %(planned)s times")
    return _(
        "%(time_points)s distinct values in all, the most common count %(planned)s times, for "
        "%(common)s %(common_groups)s"
    )


def design_values_message() -> str:
    """Times that vary slightly around common design values, every series reaching the last."""
    return _(
        "The %(groups)s are measured at different values of %(time)s (%(counted)s), which vary slightly "
        "around common design values: the report reads values no more than %(tolerance)s apart as one "
        "design value, so every series ends at the last one (%(time)s %(low)s to %(high)s); no "
        "%(group)s drops out, and the mixed models need no common time grid."
    )


def schedule_message(named: bool) -> str:
    """The series end at a few common times (a schedule), set by a column (``named``) or not."""
    if named:
        return _(
            "The %(groups)s are measured at different values of %(time)s (%(counted)s): the design is "
            "unbalanced and the series end where their %(column)s's schedule ends (%(time)s %(ends)s), "
            "not by dropping out; the mixed models need no common time grid."
        )
    return _(
        "The %(groups)s are measured at different values of %(time)s (%(counted)s): the design is "
        "unbalanced and the series follow a few schedules that end at common values of %(time)s "
        "(%(ends)s, each shared by many %(groups)s), not by dropping out; the mixed models need no "
        "common time grid."
    )


def off_schedule_message(off: int) -> str:
    """The subjects whose series end at none of the schedule's ends: the dropout assumption is theirs."""
    return ngettext(
        "%(off)s %(who)s ends at none of these values; the mixed models assume that its series ends "
        "for reasons unrelated to the values that were not seen.",
        "%(off)s %(who)s end at none of these values; the mixed models assume that their series end "
        "for reasons unrelated to the values that were not seen.",
        off,
    )


def series_end_sentences(most: bool, series: SeriesEnds, words: dict[str, str | Num]) -> list[Sentence]:
    """The unbalanced design's sentences when its times are read by design value (every series
    reaching the last) or its series end on a schedule; [] when neither (:func:`different_times`)."""
    design = ("describe", "design")
    counted = filled(design_counts_clause(most), **words)
    if series.visits and series.ends_early == 0:
        return [
            filled(
                design_values_message(),
                counted=counted,
                tolerance=num(*design, "visit_tolerance", style="auto"),
                low=num(*design, "last_visit", "low", style="auto"),
                high=num(*design, "last_visit", "high", style="auto"),
                **words,
            )
        ]
    if not series.schedule:
        return []
    ends = [num(*design, "schedule", "ends", str(i), style="auto") for i in range(len(series.schedule))]
    listed: Sentence = filled(_("%(first)s or %(last)s"), first=_comma_list(ends[:-1]), last=ends[-1])
    sentences = [
        filled(
            schedule_message(bool(series.schedule_column)),
            counted=counted,
            column=series.schedule_column,
            ends=listed,
            **words,
        )
    ]
    if series.off_schedule:
        sentences.append(
            filled(
                off_schedule_message(series.off_schedule),
                off=num(*design, "schedule", "off_schedule", style="int"),
                who=words["group"] if series.off_schedule == 1 else words["groups"],
                **words,
            )
        )
    return sentences


def _comma_list(parts: list[Num]) -> Sentence:
    """Numbers joined by commas."""
    joined: list[str | Num] = []
    for i, part in enumerate(parts):
        joined += [", ", part] if i else [part]
    return tuple(joined)
