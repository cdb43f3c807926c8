"""Where Question 4's two lines are compared: named when "higher" holds at one end only; a
measured value said as a value when "measured at 0" would read as a time.

A line "sits higher" at the first observed time; when that time is 0 the report left it unnamed
(time 0 is where a reader reads a line's level). Two lines that cross inside the observed range
are higher at one end and lower at the other, so the time is named then too (statistician M,
session 7, binary study: "id S25's line sits higher, by 0.76" while id S47's rises and S25's falls).
"""

from __future__ import annotations


def lines_cross(gap_first: float, gap_last: float) -> bool:
    """Do two lines swap order inside the observed range: their gap (one minus the other) at the
    first and at the last observed time of opposite signs?"""
    return gap_first * gap_last < 0


def start_named(first_time: float, crosses: bool) -> bool:
    """Is the first observed time named where a line "sits higher": when it is not 0, or when the
    lines cross inside the observed range (:func:`lines_cross`)."""
    return first_time != 0 or crosses


def reads_as_time(values: tuple[float | None, ...], first_time: float, last_time: float) -> bool:
    """Could "measured at 0" read as a time: is one of the measured ``values`` a whole number
    inside the observed time range (a 0/1 response at visit 0; Orange's 32 mm, below age 118, is not)?"""
    return any(v is not None and v == round(v) and first_time <= v <= last_time for v in values)
