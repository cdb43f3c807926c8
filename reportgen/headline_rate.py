"""The headline's rate keys in results.json: a straight line's or a curve's average rate, none on a cycle.

A cycle rises and falls by the same amount every period: its average rate over the observed times
is an artefact of where the observations start and stop (Ovary with ``--period 1``: -4.176, exactly
(f(7/6) - f(-1/6)) / (4/3) of the fitted curve, statistician S, session 8), and the report says it
gives none. So on a cycle (``slope_source`` "cycle") ``headline.slope`` and its test are written as
null (since results 1.7); the summaries read the cycle's amplitude and peak (``trend.curve.cycle``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportgen.analysis.headline import CYCLE

RATE_KEYS = ("slope", "slope_se", "slope_t", "slope_p", "slope_ci_low", "slope_ci_high", "slope_df")


def headline_rate(source: str, coefficients: Mapping[str, Any]) -> dict[str, Any]:
    """The headline's ``slope`` keys (``coefficients``) as they are, or every one null on a cycle."""
    if source != CYCLE:
        return dict(coefficients)
    return dict.fromkeys(RATE_KEYS)
