"""What a model without random slopes gives every subject: the average slope on a straight or
curved trend, the same cycle on a cycle (statistician P, session 8: the pooling section of a daily
cycle said "it gives every subject the average slope", a rate the cycle does not have).

The pooling section draws straight own lines either way; the words name what the model shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis import Analysis


def on_cycle(a: Analysis) -> bool:
    """Whether the report's trend is a cycle (``--period``)."""
    return a.trend is not None and a.trend.curve is not None and a.trend.curve.cycle is not None


def shared_trend(cycle: bool) -> str:
    """What every subject gets without random slopes: "the average slope", or on a cycle "the same
    cycle (one amplitude and peak time)", each subject moved only up or down by its own level."""
    return "the same cycle (one amplitude and peak time)" if cycle else "the average slope"


def none_differ(cycle: bool) -> str:
    """What then no subject differs in: "how fast it changes", or on a cycle "amplitude or peak time"."""
    return "amplitude or peak time" if cycle else "how fast it changes"


def pooled_completely(cycle: bool) -> str:
    """What is pooled completely: "the slopes", or on a cycle "the cycles"."""
    return "the cycles" if cycle else "the slopes"
