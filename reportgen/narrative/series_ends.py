"""How an unbalanced design's series end: together, or at different times.

Subjects measured at different times with none short of the common count were said to have "no
plot drops out". Soybean's plots follow each year's schedule: 32 of 48 are last measured before
day 84, and one (1988F5) stops at day 70 where the other 1988 plots run to 77 (statistician M,
session 7). Whether that is dropout is a judgement; that the series end at different times is a
fact, and the sentence says it with the count (``describe.design.ends_early``).
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.i18n import ngettext
from reportgen.narrative.sentence import Num, Sentence, filled, num


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
