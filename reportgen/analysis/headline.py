"""The headline: the one rate and level that summaries (email, cohort index) show, read from a fit
the report stands behind.

A straight trend: the chosen model's slope and its level at the first observed time. A curved
trend: its level is the curve's at the first observed time (a straight line's level there can be
a value no subject has: Dialyzer, 16.35 where the curve and the measured rates give about 2), and
its rate is the straight line's with the same random effects, unless that line is a singular fit
where the curve's own fit is not (Dialyzer: slope SD 2.91 with correlation -1 on the line): then the
rate is the curve's own average over the observed range, its change from the first to the last
observed time divided by the range, with that contrast's Satterthwaite t test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.regression import Coefficient

if TYPE_CHECKING:
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.selection import ModelChoice
    from reportgen.analysis.shape import CurveSummary

LINE, CURVE = "line", "curve"


def rate_source(curved: bool, line_singular: bool, curve_singular: bool) -> str:
    """Where the headline rate is read: the straight line ("line"), or on a curve whose straight line
    is singular while the curve's own fit is not, the curve's average rate ("curve")."""
    return CURVE if curved and line_singular and not curve_singular else LINE


def average_rate(change: Coefficient, first: float, last: float) -> Coefficient:
    """A change between two times as a rate per unit of time: estimate, SE and interval over the
    range; its t statistic, p and df are the change's (the same test)."""
    span = last - first
    return Coefficient(
        change.estimate / span,
        change.se / span,
        change.stat,
        change.p,
        change.ci_low / span,
        change.ci_high / span,
        change.df,
    )


@dataclass(frozen=True)
class Headline:
    """The headline rate (``slope``, from ``source``: "line" or "curve") and the average level at
    the first observed time (``level`` at ``level_time``)."""

    source: str
    slope: Coefficient
    level: float
    level_time: float


def headline(choice: ModelChoice, curve: CurveSummary | None, line: MixedFit | None = None) -> Headline:
    """The headline of the model the report stands on (see the module docstring); ``line``: the
    straight line with the random effects of every level when the subjects are nested in an outer
    level (``analysis.stood_on_line``), else the chosen model's own."""
    line, t0 = choice.straight if line is None else line, choice.reference_time
    if curve is None or choice.line is None:  # a straight trend: the chosen model is the line
        return Headline(LINE, line.slope, line.intercept.estimate + line.slope.estimate * t0, t0)
    source = rate_source(True, line.singular, choice.fit.singular)
    slope = average_rate(curve.change, curve.times[0], curve.times[2]) if source == CURVE else line.slope
    return Headline(source, slope, curve.levels[0].estimate, curve.times[0])
