"""How an unbalanced design's series end: together, or at different times.

Subjects measured at different times with none short of the common count were said to have "no
plot drops out". Soybean's plots follow each year's schedule: 32 of 48 are last measured before
day 84, and one (1988F5) stops at day 70 where the other 1988 plots run to 77 (statistician M,
session 7). Whether that is dropout is a judgement; that the series end at different times is a
fact, and the sentence says it with the count (``describe.design.ends_early``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.sentence import Sentence, num
from reportgen.words import noun, plural, verb_for

if TYPE_CHECKING:
    from reportgen.config import Labels


def different_times_ending(ends_early: int, labels: Labels) -> Sentence:
    """The end of "the {subjects} are measured at different values of {time} (...": no subject
    drops out when every series runs to the latest time, else how many end before it."""
    g, gs = noun(labels.group), plural(labels.group)
    if ends_early == 0:
        return (
            f"): the design is unbalanced, but no {g} drops out, and the mixed models need no "
            "common time grid.",
        )
    design = ("describe", "design")
    ended: Sentence = (
        num(*design, "ends_early", style="int"),
        " of the ",
        num(*design, "subjects", style="int"),
    )
    last = f" {gs} {verb_for(ends_early, 'is', 'are')} last measured before {noun(labels.time)} "
    return (
        "): the design is unbalanced and their series end at different times (",
        *ended,
        last,
        num("describe", "time_max", style="auto"),
        "); the mixed models need no common time grid, and they assume the series that end early do "
        "so for reasons unrelated to the values that were not seen.",
    )
