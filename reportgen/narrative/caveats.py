"""Caveats the data call for: few subjects for a variance, lines read where nothing was measured.

Small named rules (numbers in, words out), each with its threshold stated.
"""

from __future__ import annotations

from reportgen.i18n import N_
from reportgen.i18n import gettext as _

# At most this many subjects and a variance between them rests on too few values to be estimated
# with any precision: with 5 subjects its 95% interval (chi² on 4 df) spans a factor of about 23.
FEW_GROUPS = 5


def few_groups(groups: int, limit: int = FEW_GROUPS) -> bool:
    """Are there so few subjects that the variance between them is very imprecise (at most 5)?"""
    return groups <= limit


def few_groups_words(groups: str) -> str:
    """The warning after "The data hold <n>": what rests on the subjects' few values."""
    return (
        f" {groups} only, so the variance between {groups} rests on that few values: it is very "
        "imprecise, as are the intraclass correlation and the tests of random effects that rest on "
        "it; read it as a rough guide."
    )


def intercept_outside(
    intercepts: list[float],
    response_min: float,
    response_max: float,
    time_min: float,
    time_max: float,
) -> bool:
    """Do the lines predict, at time 0 outside the observed times, a value never measured?

    An intercept below the smallest or above the largest response is read where nothing was
    measured (Orange's tree 3 at age 0: a circumference of -2.74, the trees measured from 30 on).
    At a time 0 inside the observed times the intercept is compared with the data elsewhere.
    """
    if time_min <= 0 <= time_max:
        return False
    return any(b < response_min or b > response_max for b in intercepts)


def intercept_caveat(intercepts: list[float], response_min: float, time: str, response: str) -> str:
    """Why such an intercept is no value at time 0: a straight line carried outside the data.

    Below 0 when every measured value is at least 0 is named as such (a negative circumference);
    otherwise the intercept lies outside the range measured.
    """
    below = response_min >= 0 and min(intercepts) < 0
    return _(INTERCEPT_CAVEATS[len(intercepts) == 1, below]) % {"time": time, "response": response}


# The caveat by (one line?, below 0 where only values >= 0 were measured?): each a whole sentence.
INTERCEPT_CAVEATS = {
    (True, True): N_(
        "At %(time)s 0, outside the observed times, this line is an extrapolation: its intercept lies "
        "below 0, where no %(response)s measured comes near; read it as where a straight line crosses "
        "%(time)s 0, not as a value at %(time)s 0."
    ),
    (True, False): N_(
        "At %(time)s 0, outside the observed times, this line is an extrapolation: its intercept lies "
        "outside the range of %(response)s measured; read it as where a straight line crosses %(time)s 0, "
        "not as a value at %(time)s 0."
    ),
    (False, True): N_(
        "At %(time)s 0, outside the observed times, these lines are extrapolations: an intercept lies "
        "below 0, where no %(response)s measured comes near; read each as where a straight line crosses "
        "%(time)s 0, not as a value at %(time)s 0."
    ),
    (False, False): N_(
        "At %(time)s 0, outside the observed times, these lines are extrapolations: an intercept lies "
        "outside the range of %(response)s measured; read each as where a straight line crosses "
        "%(time)s 0, not as a value at %(time)s 0."
    ),
}
