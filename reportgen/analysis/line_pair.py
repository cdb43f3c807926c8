"""How two subjects' lines differ (Q4 with their own lines, Q6 with mixed-model lines)."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.regression import Line


@dataclass(frozen=True)
class LineComparison:
    """Which of two lines is steeper (larger |slope|) and which starts higher, and by how much."""

    steeper: str
    flatter: str
    # |slope of steeper - slope of flatter|: how much faster it rises or falls when the signs agree.
    slope_difference: float
    # |steeper| / |flatter| slope; None when the slopes differ in sign or one is ~0.
    slope_ratio: float | None
    higher: str  # by intercept, the line's value at time 0 (which may lie outside the data)
    lower: str
    intercept_difference: float
    # The same read at ``start_time``, the first observed time: where the data start.
    start_time: float = 0.0
    higher_at_start: str = ""
    lower_at_start: str = ""
    start_difference: float = 0.0
    # What the data say there: both subjects' first observed values, when both were first measured
    # at the same time (``first_time``; None when their first times differ).
    first_time: float | None = None
    higher_first_value: float | None = None  # of higher_at_start
    lower_first_value: float | None = None  # of lower_at_start


def with_first_values(c: LineComparison, first: dict[str, tuple[float, float]]) -> LineComparison:
    """``c`` with the two subjects' first observations (time, value), when made at the same time."""
    from dataclasses import replace

    (t_high, y_high), (t_low, y_low) = first[c.higher_at_start], first[c.lower_at_start]
    if t_high != t_low:
        return c
    return replace(c, first_time=t_high, higher_first_value=y_high, lower_first_value=y_low)


def compare_lines(first: str, a: Line, second: str, b: Line, start: float = 0.0) -> LineComparison:
    """Order two subjects' lines by steepness (|slope|), by intercept and by their level at ``start``.

    Steepness is the size of the slope whatever its sign: a line falling by 0.23 per unit of time
    is steeper than one falling by 0.13. Which line "starts higher" is read at ``start``, the first
    observed time (ties keep the given order), not at time 0, which may lie outside the data.
    """
    first_steeper = abs(a.slope) >= abs(b.slope)
    steeper, flatter = (first, second) if first_steeper else (second, first)
    hi, lo = (a, b) if first_steeper else (b, a)
    same_sign = hi.slope * lo.slope > 0 and abs(lo.slope) > 1e-12
    higher, lower = (first, second) if a.intercept >= b.intercept else (second, first)
    level_a, level_b = a.intercept + a.slope * start, b.intercept + b.slope * start
    high_start, low_start = (first, second) if level_a >= level_b else (second, first)
    return LineComparison(
        steeper=steeper,
        flatter=flatter,
        slope_difference=abs(hi.slope - lo.slope),
        slope_ratio=abs(hi.slope / lo.slope) if same_sign else None,
        higher=higher,
        lower=lower,
        intercept_difference=abs(a.intercept - b.intercept),
        start_time=start,
        higher_at_start=high_start,
        lower_at_start=low_start,
        start_difference=abs(level_a - level_b),
    )
