"""Raters crossed with subjects, one rater drawn per weekly score (statistician P 1, session 7:
the review's rater.csv, redrawn with numpy and a seed). Raters differ in level; subjects in level
and a little in slope, so the subjects' slopes show only once the raters' differences are taken
out: with seed 4, lme4's boundary-corrected test of the subject slopes gives p = 0.109 on the
subjects alone and p < 0.001 beside ``(1 | rater)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rater_weeks(seed: int = 4, subjects: int = 40, raters: int = 12, weeks: int = 6) -> pd.DataFrame:
    """Columns subject, rater, week (0..weeks-1), score.

    y = 20 + a_i + r_rater + (1 + b_i) week + e, a ~ N(0, 3²), b ~ N(0, 0.4²), r ~ N(0, 2²),
    e ~ N(0, 1); each week's score by one of ``raters`` drawn at random.
    """
    rng = np.random.default_rng(seed)
    rater_level = rng.normal(0.0, 2.0, raters)
    rows = []
    for i in range(subjects):
        level, slope = rng.normal(0.0, 3.0), rng.normal(0.0, 0.4)
        for week in range(weeks):
            rater = int(rng.integers(raters))
            score = 20 + level + rater_level[rater] + (1 + slope) * week + rng.normal(0.0, 1.0)
            rows.append(
                {
                    "subject": f"S{i + 1:02d}",
                    "rater": f"R{rater + 1:02d}",
                    "week": week,
                    "score": round(score, 2),
                }
            )
    return pd.DataFrame(rows)
