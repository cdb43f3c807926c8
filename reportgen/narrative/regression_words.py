"""Question 3's single least-squares line in words, in the language spoken
(:func:`reportgen.i18n.speaking`).

The bands stay the rules' (:func:`~reportgen.narrative.rules.explained_words`,
:func:`~reportgen.narrative.rules.share_words`, :func:`~reportgen.narrative.rules.direction`,
:func:`~reportgen.narrative.rules.significance`); each band picks a whole message here, so a
translation never glues an English band word into its own sentence.
"""

from __future__ import annotations

from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.rules import direction, explained_words, share_words, significance
from reportgen.narrative.sentence import Num, Sentence, filled

# The fitted line, by whether the time label and the response label are plural (English's verbs
# agree with them: "when days are 0", "weight changes by").
LINE_STARTS = {
    (False, False): N_(
        "The fitted line starts at %(intercept)s%(unit)s when %(time)s is 0%(outside)s, and %(response)s "
        "changes by %(slope)s %(rate)s (95%% CI %(low)s to %(high)s; %(p)s): %(reading)s."
    ),
    (False, True): N_(
        "The fitted line starts at %(intercept)s%(unit)s when %(time)s is 0%(outside)s, and %(response)s "
        "change by %(slope)s %(rate)s (95%% CI %(low)s to %(high)s; %(p)s): %(reading)s."
    ),
    (True, False): N_(
        "The fitted line starts at %(intercept)s%(unit)s when %(time)s are 0%(outside)s, and %(response)s "
        "changes by %(slope)s %(rate)s (95%% CI %(low)s to %(high)s; %(p)s): %(reading)s."
    ),
    (True, True): N_(
        "The fitted line starts at %(intercept)s%(unit)s when %(time)s are 0%(outside)s, and %(response)s "
        "change by %(slope)s %(rate)s (95%% CI %(low)s to %(high)s; %(p)s): %(reading)s."
    ),
}

# The slope's sign and test: (direction, significance) -> phrase.
SLOPE_READINGS = {
    ("positive", "statistically significant"): N_("a positive slope that is statistically significant"),
    ("positive", "not statistically significant"): N_(
        "a positive slope that is not statistically significant"
    ),
    ("negative", "statistically significant"): N_("a negative slope that is statistically significant"),
    ("negative", "not statistically significant"): N_(
        "a negative slope that is not statistically significant"
    ),
    ("no", "statistically significant"): N_("a no slope that is statistically significant"),
    ("no", "not statistically significant"): N_("a no slope that is not statistically significant"),
}

# How much of the variation the line explains (explained_words) -> sentence.
EXPLAINED = {
    "most": N_("The line explains most of the variation in %(response)s (R² = %(r2)s)."),
    "a good part": N_("The line explains a good part of the variation in %(response)s (R² = %(r2)s)."),
    "a modest part": N_("The line explains a modest part of the variation in %(response)s (R² = %(r2)s)."),
    "very little": N_("The line explains very little of the variation in %(response)s (R² = %(r2)s)."),
}

# The share of the scatter between groups (share_words) -> sentence, with its verdict on one line
# for everybody (rules.single_line_verdict: a quarter or more leaves structure unexplained).
BETWEEN_SHARES = {
    "most": N_(
        "Differences between %(between)s account for %(share)s of the scatter around the single line "
        "(most of it), so one line for everybody leaves much of the structure unexplained: %(groups)s "
        "differ systematically from it."
    ),
    "a large part": N_(
        "Differences between %(between)s account for %(share)s of the scatter around the single line "
        "(a large part of it), so one line for everybody leaves much of the structure unexplained: "
        "%(groups)s differ systematically from it."
    ),
    "some": N_(
        "Differences between %(between)s account for %(share)s of the scatter around the single line "
        "(some of it), so most of the scatter around the line lies within %(groups)s, not between them."
    ),
    "little": N_(
        "Differences between %(between)s account for %(share)s of the scatter around the single line "
        "(little of it), so most of the scatter around the line lies within %(groups)s, not between them."
    ),
}


def slope_reading(slope: float, p: float) -> str:
    """ "a positive slope that is statistically significant": the slope's sign and its test."""
    return _(SLOPE_READINGS[direction(slope), significance(p)])


def line_sentence(
    numbers: dict[str, Num | Sentence], words: dict[str, str], plurals: tuple[bool, bool], outside: bool
) -> Sentence:
    """Q3a's fitted line: ``numbers`` (intercept, slope, low, high, p), ``words`` (unit, time,
    response, rate, reading), ``plurals`` (the time's and the response's label), and whether time 0
    lies ``outside`` the data (then the start is an extrapolation)."""
    extrapolation = _(" (outside the data, so an extrapolation)") if outside else ""
    return filled(_(LINE_STARTS[plurals]), outside=extrapolation, **numbers, **words)


def explained_sentence(r_squared: float, response: str, r2: Num) -> Sentence:
    """How much of the variation in the response the line explains (R² ``r2``)."""
    return filled(_(EXPLAINED[explained_words(r_squared)]), response=response, r2=r2)


def between_sentence(share: float, between: str, groups: str, value: Num) -> Sentence:
    """Q3b's share of the scatter between ``between`` (the groups, with their outer level if any)."""
    return filled(_(BETWEEN_SHARES[share_words(share)]), between=between, groups=groups, share=value)
