"""What a model without random slopes gives every subject: the average slope, and on a cycle the
same cycle too (statistician P, session 8: the pooling section of a daily cycle said only "it gives
every subject the average slope", a rate the cycle the report stands on does not have).

The pooling section compares straight lines (the chosen model's straight-line version, statistician
P 6, session 7), so the slope stays; on a cycle the words add what the cyclic model shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis import Analysis


def on_cycle(a: Analysis) -> bool:
    """Whether the report's trend is a cycle (``--period``)."""
    return a.trend is not None and a.trend.curve is not None and a.trend.curve.cycle is not None


def shared_trend(cycle: bool, group: str) -> str:
    """What every subject (``group``: its noun) gets without random slopes: "the average slope",
    and on a cycle ", as the cyclic model gives every patient the same cycle (one amplitude and
    peak time)"."""
    if not cycle:
        return "the average slope"
    return (
        f"the average slope, as the cyclic model gives every {group} the same cycle (one amplitude "
        "and peak time)"
    )


def none_differ(cycle: bool) -> str:
    """What then no subject differs in: "how fast it changes", on a cycle "or in its cycle" too."""
    return "how fast it changes or in its cycle" if cycle else "how fast it changes"
