"""The 95% prediction interval of a new outer group's slope (a new site), one definition for the
report's multilevel section and the cohort index (statistician R 7, session 8: the seminar gave
the fixed slope ± 1.96 · slope SD, the cohort index ± t · sqrt(SE² + SD²), two ranges for one data
set): ``slope ± t(k - 2) · sqrt(SE² + slope_sd²)`` for ``k`` groups, the mean slope's uncertainty
and the groups' spread together (Higgins, Thompson & Spiegelhalter 2009).
"""

from __future__ import annotations

import math


def slope_prediction_interval(slope: float, se: float, slope_sd: float, groups: int) -> tuple[float, float]:
    """A new group's slope: ``slope ± t(groups - 2) · sqrt(se² + slope_sd²)`` (at least 1 df)."""
    from scipy import stats

    half = float(stats.t.ppf(0.975, max(groups - 2, 1))) * math.hypot(se, slope_sd)
    return slope - half, slope + half
