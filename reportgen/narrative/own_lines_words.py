"""Question 3c's first sentence, how far the first subjects' own lines lie apart, in the language
spoken (:func:`reportgen.i18n.speaking`).

The bands stay the rules' (:func:`~reportgen.narrative.slope_spread.slope_spread_words` for the
slopes, :func:`~reportgen.narrative.rules.spread_words` for the levels); each band picks a whole
clause here, so a translation never glues an English band word ("vary widely") into its sentence.
"""

from __future__ import annotations

from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.sentence import Num, Sentence, filled

# How far the own slopes lie apart (slope_spread_words) -> clause.
SLOPES = {
    "vary widely": N_("the slopes vary widely, from %(low)s to %(high)s %(rate)s"),
    "vary noticeably": N_("the slopes vary noticeably, from %(low)s to %(high)s %(rate)s"),
    "vary moderately": N_("the slopes vary moderately, from %(low)s to %(high)s %(rate)s"),
    "are similar": N_("the slopes are similar, from %(low)s to %(high)s %(rate)s"),
    "vary": N_("the slopes vary, from %(low)s to %(high)s %(rate)s"),
}

# How far the intercepts (time 0 observed) lie apart (spread_words), or None: the lines misplace
# the start, so their intercepts are given without a verdict.
INTERCEPTS = {
    "vary widely": N_("and the intercepts vary widely, from %(low)s to %(high)s%(unit)s"),
    "vary noticeably": N_("and the intercepts vary noticeably, from %(low)s to %(high)s%(unit)s"),
    "are similar": N_("and the intercepts are similar, from %(low)s to %(high)s%(unit)s"),
    "vary": N_("and the intercepts vary, from %(low)s to %(high)s%(unit)s"),
    None: N_("and the intercepts run from %(low)s to %(high)s%(unit)s"),
}

# The same for the levels at the first observed time (%(at)s: " at day 14, the first observed time").
LEVELS = {
    "vary widely": N_("and their levels%(at)s, vary widely, from %(low)s to %(high)s%(unit)s"),
    "vary noticeably": N_("and their levels%(at)s, vary noticeably, from %(low)s to %(high)s%(unit)s"),
    "are similar": N_("and their levels%(at)s, are similar, from %(low)s to %(high)s%(unit)s"),
    "vary": N_("and their levels%(at)s, vary, from %(low)s to %(high)s%(unit)s"),
    None: N_("and their lines' levels%(at)s, run from %(low)s to %(high)s%(unit)s"),
}


# A spread: its band (None: no verdict), its lowest and highest values, and what follows them.
Spread = tuple[str | None, Num, Num, str]


def own_lines_sentence(n: Num, groups: str, slopes: Spread, levels: Spread, at: str | None) -> Sentence:
    """ "Across these 10 subjects the slopes vary widely, from a to b ms/day, and the intercepts
    ...": ``slopes`` (band, lowest, highest, rate), ``levels`` (band or None when the lines misplace
    the start, lowest, highest, unit) and ``at``: where the levels are read, None for the intercepts
    at time 0."""
    words, low, high, rate = slopes
    level_words, level_low, level_high, unit = levels
    table = INTERCEPTS if at is None else LEVELS
    return filled(
        _("Across these %(n)s %(groups)s %(slopes)s, %(levels)s."),
        n=n,
        groups=groups,
        slopes=filled(_(SLOPES[str(words)]), low=low, high=high, rate=rate),
        levels=filled(_(table[level_words]), low=level_low, high=level_high, unit=unit, at=at or ""),
    )
