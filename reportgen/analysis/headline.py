"""The headline: the one rate and level that summaries (email, cohort index) show, read from a fit
the report stands behind.

A straight trend: the chosen model's slope and its level at the first observed time. A curved
trend: its level is the curve's at the first observed time (a straight line's level there can be
a value no subject has: Dialyzer, 16.35 where the curve and the measured rates give about 2), and
its rate is the curve's own average over the observed range, its change from the first to the
last observed time divided by the range, with that contrast's Satterthwaite t test: the same
quantity as the per-level rates of the covariate section (final read, Soybean: a straight line's
0.30 was called "the average rate over the observed times" beside the curve's 17.79 / 70 = 0.254
and the varieties' 0.22 and 0.28). ``why`` says what is wrong with the straight line's slope
besides, for the words: a singular fit where the curve's is not (Dialyzer: slope SD 2.91 with
correlation -1), or a slope of the other sign than a clear change of the curve (Ovary: +2.28
beside -5.23, 95% CI -9.15 to -1.32).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.regression import Coefficient

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.selection import ModelChoice
    from reportgen.analysis.shape import CurveSummary

LINE, CURVE, CYCLE = "line", "curve", "cycle"


# Why a curve's headline rate is the curve's own: its straight line is singular, or opposes the curve.
SINGULAR_LINE, LINE_OPPOSES = "singular_line", "line_opposes"


def rate_source(curved: bool, cyclic: bool = False) -> str:
    """Where the headline rate is read: a straight trend's line ("line"), a curved trend's own
    average rate over the observed range ("curve"); a cycle's ("cycle") is computed as a curve's
    but is no headline: a cycle rises and falls by the same amount every period, so its headline is
    its amplitude and peak time (:mod:`reportgen.analysis.cycle`)."""
    if not curved:
        return LINE
    return CYCLE if cyclic else CURVE


def line_fault(line_singular: bool, curve_singular: bool, opposes: bool) -> str:
    """What is wrong with a curve's straight line besides not being the curve: its slope
    ``opposes`` the curve's clear change (LINE_OPPOSES), or its fit is singular where the curve's
    is not (SINGULAR_LINE); "" for neither."""
    if opposes:
        return LINE_OPPOSES
    return SINGULAR_LINE if line_singular and not curve_singular else ""


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
    the first observed time (``level`` at ``level_time``); ``why``: what is wrong with a curve's
    straight line besides (:func:`line_fault`; "" for none, and for a straight trend)."""

    source: str
    slope: Coefficient
    level: float
    level_time: float
    why: str = ""


def headline(
    choice: ModelChoice,
    curve: CurveSummary | None,
    line: MixedFit | None = None,
    curve_singular: bool | None = None,
) -> Headline:
    """The headline of the model the report stands on (see the module docstring); ``line``: the
    straight line with the random effects of every level when the subjects are nested in an outer
    level (``analysis.stood_on_line``), else the chosen model's own; ``curve_singular``: whether the
    curve the rate is read from is a singular fit (nested: the model with every level's), else the
    chosen model's."""
    line, t0 = choice.straight if line is None else line, choice.reference_time
    if curve is None or choice.line is None:  # a straight trend: the chosen model is the line
        return Headline(LINE, line.slope, line.intercept.estimate + line.slope.estimate * t0, t0)
    singular = choice.fit.singular if curve_singular is None else curve_singular
    why = line_fault(line.singular, singular, line_opposes_curve(line.slope.estimate, curve.change))
    slope = average_rate(curve.change, curve.times[0], curve.times[2])
    source = rate_source(True, cyclic=curve.cycle is not None)
    return Headline(source, slope, curve.levels[0].estimate, curve.times[0], why)


def analysis_headline(a: Analysis) -> Headline:
    """The headline of an analysis: the one decision that results.json, the narrative and the
    summaries read (nested subjects: the curve and line with the random effects of every level, as
    the headline's model with every level chose them: ``analysis.headline_multilevel``)."""
    curve = a.trend.curve if a.trend else None
    if curve is not None and a.stood_on_curve is not None:
        curve = a.stood_on_curve
    # Nested: the line and the curve with every level's random terms, and whether those fits are
    # singular (the one-grouping line's singular fit says nothing of them: Dialyzer in seeded sites).
    fit = a.headline_multilevel
    singular = None if fit is None else fit.singular
    return headline(a.choice, curve, line=a.stood_on_line, curve_singular=singular)
