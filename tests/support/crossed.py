"""A crossed design, seeded (issue 24: ``--group subject --crossed rater``): each visit scored by
two of a few raters, the raters crossed with the subjects. Same seed, same frame. (Patients who
move between sites are the example data's: :func:`reportgen.examples.write_moving`.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def rated_visits(
    seed: int = 7,
    subjects: int = 40,
    raters: int = 8,
    visits: int = 5,
    readers: int = 2,
    rater_slope_sd: float = 0.0,
) -> pd.DataFrame:
    """Columns subject, rater, week (0..visits-1), rating: at each visit ``readers`` of the
    ``raters`` (drawn anew) each score the subject.

    y = 20 + a_i + r_rater + (2 + b_i + s_rater) week + e, a ~ N(0, 4²), b ~ N(0, 0.7²),
    r ~ N(0, 2²), s ~ N(0, rater_slope_sd²) (raters who drift apart over the weeks), e ~ N(0, 1.5²).
    """
    rng = np.random.default_rng(seed)
    rater_effect = rng.normal(0.0, 2.0, raters)
    rater_slope = rng.normal(0.0, rater_slope_sd, raters) if rater_slope_sd else np.zeros(raters)
    rows = []
    for i in range(subjects):
        level, slope = rng.normal(0.0, 4.0), rng.normal(0.0, 0.7)
        for week in range(visits):
            for rater in rng.choice(raters, size=readers, replace=False):
                rating = (
                    20
                    + level
                    + rater_effect[rater]
                    + (2 + slope + rater_slope[rater]) * week
                    + rng.normal(0.0, 1.5)
                )
                rows.append(
                    {
                        "subject": f"{i + 1}",
                        "rater": f"R{rater + 1}",
                        "week": week,
                        "rating": round(rating, 3),
                    }
                )
    return pd.DataFrame(rows)
