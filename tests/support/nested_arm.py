"""A seeded nested study after statistician N's (session 7): 10 clinics of 4 to 20 patients, the arm
given per clinic (even clinics treat), monthly visits 0..5 with about 30% of patients leaving after
month 2, 3 or 4. Clinics differ in level only; the treat arm falls 0.9 per month faster, so without
arm in the model the clinics' slopes differ by arm (the model with every level then needs them),
with arm they do not. A numpy port of /work/review-statN/sim.R (same design, its own seed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CLINIC_SIZES = (4, 20, 7, 12, 5, 16, 9, 14, 6, 18)


def nested_arm(seed: int = 7071) -> pd.DataFrame:
    """Columns clinic, patient (ids repeat across clinics), arm, month, score."""
    rng = np.random.default_rng(seed)
    rows = []
    for k, size in enumerate(CLINIC_SIZES, start=1):
        treat = k % 2 == 0
        clinic = rng.normal(0, 2.5)
        for p in range(1, size + 1):
            level, slope = rng.normal(0, 4), rng.normal(0, 0.8)
            last = int(rng.integers(2, 5)) if rng.uniform() < 0.3 else 5
            for month in range(last + 1):
                rate = -1.0 - 0.9 * treat + slope
                score = 40 + clinic + level + rate * month + rng.normal(0, 2)
                rows.append(
                    {
                        "clinic": f"C{k:02d}",
                        "patient": f"P{p:02d}",
                        "arm": "treat" if treat else "control",
                        "month": month,
                        "score": round(score, 1),
                    }
                )
    return pd.DataFrame(rows)
