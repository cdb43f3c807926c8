"""The headline: the one rate and level that summaries (email, cohort index) show, read from a fit
the report stands behind.

A straight trend: the chosen model's slope and its level at the first observed time. A curved
trend: its level is the curve's at the first observed time (a straight line's level there can be
a value no subject has: Dialyzer, 16.35 where the curve and the measured rates give about 2), and
its rate is the straight line's with the same random effects, unless that line is a singular fit
where the curve's own fit is not (Dialyzer: slope SD 2.91 with correlation -1 on the line): then the
rate is the curve's own average over the observed range, its change from the first to the last
observed time divided by the range, with that contrast's Satterthwaite t test. The curve's rate is
read too when the straight line's slope has the other sign than a clear change of the curve over
the observed range (eighth read, Ovary: the line's +2.28 per unit beside the curve's fall of -5.23,
95% CI -9.15 to -1.32, over its wave): one answer, the curve's.
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


# Why a curve's headline rate is the curve's own: its straight line is singular, or opposes the curve.
SINGULAR_LINE, LINE_OPPOSES = "singular_line", "line_opposes"


def rate_source(curved: bool, line_singular: bool, curve_singular: bool, opposes: bool = False) -> str:
    """Where the headline rate is read: the straight line ("line"), or on a curve whose straight line
    is singular while the curve's own fit is not, or whose line ``opposes`` it, the curve's
    average rate ("curve")."""
    return CURVE if curved and ((line_singular and not curve_singular) or opposes) else LINE


def line_opposes_curve(slope: float, change: Coefficient) -> bool:
    """Does a straight line's slope have the other sign than the curve's change over the observed
    range, a change whose 95% interval excludes zero (Ovary: +2.28 beside -5.23, -9.15 to -1.32)?"""
    clear = change.ci_low > 0 or change.ci_high < 0
    return clear and slope * change.estimate < 0


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
    the first observed time (``level`` at ``level_time``); ``why`` a curve's rate is read
    (SINGULAR_LINE or LINE_OPPOSES; "" for the line's)."""

    source: str
    slope: Coefficient
    level: float
    level_time: float
    why: str = ""


def headline(choice: ModelChoice, curve: CurveSummary | None, line: MixedFit | None = None) -> Headline:
    """The headline of the model the report stands on (see the module docstring); ``line``: the
    straight line with the random effects of every level when the subjects are nested in an outer
    level (``analysis.stood_on_line``), else the chosen model's own."""
    line, t0 = choice.straight if line is None else line, choice.reference_time
    if curve is None or choice.line is None:  # a straight trend: the chosen model is the line
        return Headline(LINE, line.slope, line.intercept.estimate + line.slope.estimate * t0, t0)
    opposes = line_opposes_curve(line.slope.estimate, curve.change)
    source = rate_source(True, line.singular, choice.fit.singular, opposes)
    slope = average_rate(curve.change, curve.times[0], curve.times[2]) if source == CURVE else line.slope
    why = "" if source == LINE else LINE_OPPOSES if opposes else SINGULAR_LINE
    return Headline(source, slope, curve.levels[0].estimate, curve.times[0], why)
