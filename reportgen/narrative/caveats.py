"""Caveats the data call for: few subjects for a variance, lines read where nothing was measured.

Small named rules (numbers in, words out), each with its threshold stated.
"""

from __future__ import annotations

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
    one = len(intercepts) == 1
    what = (
        f"below 0, where no {response} measured comes near"
        if response_min >= 0 and min(intercepts) < 0
        else f"outside the range of {response} measured"
    )
    lines, its, them = (
        ("this line is an extrapolation", "its intercept lies", "it")
        if one
        else ("these lines are extrapolations", "an intercept lies", "each")
    )
    return (
        f"At {time} 0, outside the observed times, {lines}: {its} {what}; read {them} as where a "
        f"straight line crosses {time} 0, not as a value at {time} 0."
    )
