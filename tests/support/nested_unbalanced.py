"""A seeded nested study that is unbalanced on purpose: sites of different sizes, patients who
drop out, a 3-level arm assigned per patient and a programme assigned per site (constant within
sites). For the multilevel model's F tests with a multi-df covariate and a curve, and for the
test of the values at the first time by a covariate constant within sites (tests/crosscheck/
test_lmer_f_tests.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.support.nested import simulate_nested


def nested_unbalanced(seed: int = 7) -> pd.DataFrame:
    """Columns site, patient, month (0..5), score, arm (a/b/c by patient), programme (P/Q by site).

    Eight sites of 3 to 10 patients; about a third of the patients leave after month 2 or 3."""
    rng = np.random.default_rng(seed)
    whole = simulate_nested(seed, 8, 10, 6, site_sd=(3.0, 0.5), patient_sd=(4.0, 0.6))
    sizes = dict(zip(sorted(whole["site"].unique()), rng.integers(3, 11, size=8), strict=True))
    kept = whole[whole["patient"].str.split("-p").str[1].astype(int) < whole["site"].map(sizes)]
    patients = kept["patient"].unique()
    leaves = dict(
        zip(
            patients,
            np.where(rng.random(len(patients)) < 0.35, rng.integers(2, 4, len(patients)), 99),
            strict=True,
        )
    )
    frame = kept[kept["month"] <= kept["patient"].map(leaves)].copy()
    arm = dict(zip(patients, rng.choice(["a", "b", "c"], size=len(patients)), strict=True))
    frame["arm"] = frame["patient"].map(arm)
    sites = sorted(frame["site"].unique())
    programme = dict(zip(sites, ["P", "Q"] * (len(sites) // 2), strict=True))
    frame["programme"] = frame["site"].map(programme)
    frame["score"] += (
        frame["arm"].map({"a": 0.0, "b": 1.5, "c": -1.0})
        + 0.4 * np.sin(frame["month"]) * (frame["arm"] == "b")
        + 2.5 * (frame["programme"] == "Q")
    )
    return frame.reset_index(drop=True)
