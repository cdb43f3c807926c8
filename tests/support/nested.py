"""The statistician's nested study, reproducible: 3 sites x 10 patients x 5 visits.

A site effect, a patient intercept, a tiny slope SD (so the random-slope fit is singular), and
site as the covariate. Seeded: the same seed gives the same frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def nested_sites(seed: int = 1) -> pd.DataFrame:
    """Columns patient, site, visit (1..5), score; patients nested in sites."""
    rng = np.random.default_rng(seed)
    site_effect = {"A": 0.0, "B": 1.5, "C": -1.0}
    rows = []
    for s, site in enumerate(site_effect):
        for k in range(10):
            level = rng.normal(0, 1.5)
            slope = 2.0 + rng.normal(0, 0.01)
            for visit in range(1, 6):
                score = 10 + site_effect[site] + level + slope * visit + rng.normal(0, 1.0)
                patient = f"P{10 * s + k + 1:02d}"
                rows.append({"patient": patient, "site": site, "visit": visit, "score": score})
    return pd.DataFrame(rows)
