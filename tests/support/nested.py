"""Nested studies: the statistician's (3 sites x 10 patients x 5 visits) and, for the cohorts'
multilevel model, seeded studies of many sites (:func:`simulate_nested`).

The statistician's:

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


def simulate_nested(
    seed: int,
    sites: int,
    patients_per_site: int,
    times: int,
    *,
    intercept: float = 50.0,
    slope: float = 2.0,
    site_sd: tuple[float, float] = (4.0, 0.8),
    patient_sd: tuple[float, float] = (6.0, 1.0),
    sd_residual: float = 3.0,
) -> pd.DataFrame:
    """Many sites, seeded: columns site, patient, month, score (a row per patient and time).

    Patients nested in sites, random intercepts and slopes at both levels:

        y = intercept + a0_s + b0_sp + (slope + a1_s + b1_sp) * time + e,

    with (a0_s, a1_s) ~ N(0, diag(site_sd)^2) for each site, (b0_sp, b1_sp) ~ N(0, diag(patient_sd)^2)
    for each patient of a site, e ~ N(0, sd_residual^2). Patient ids are unique across sites
    (``"<site>-p<k>"``), every patient is seen at ``times`` 0 .. times - 1. Vectorized: a million rows
    take about a second.
    """
    rng = np.random.default_rng(seed)
    n_patients = sites * patients_per_site
    site_of = np.repeat(np.arange(sites), patients_per_site)
    site_effect = rng.normal(0.0, site_sd, size=(sites, 2))
    patient_effect = rng.normal(0.0, patient_sd, size=(n_patients, 2))
    time = np.tile(np.arange(times, dtype=float), n_patients)
    who = np.repeat(np.arange(n_patients), times)
    where = site_of[who]
    level = intercept + site_effect[where, 0] + patient_effect[who, 0]
    rate = slope + site_effect[where, 1] + patient_effect[who, 1]
    score = level + rate * time + rng.normal(0.0, sd_residual, size=time.size)
    site_names = np.array([f"S{k + 1:02d}" for k in range(sites)])
    patient_names = np.char.add(
        np.char.add(site_names[site_of], "-p"), (np.arange(n_patients) % patients_per_site).astype(str)
    )
    return pd.DataFrame(
        {"site": site_names[where], "patient": patient_names[who], "month": time, "score": score}
    )


def levels_words(
    top: str, subject: str, *, icc: float, groups: int, response: str = "score", time: str = "month"
) -> str:
    """The words of section g-levels for a stand-in two-level fit (``groups`` outer groups, two
    subjects in each): what its sentence rules say, without fitting anything."""
    from types import SimpleNamespace
    from typing import Any, cast

    from reportgen.config import Labels
    from reportgen.narrative.multilevel import multilevel_words

    fit = SimpleNamespace(
        levels=(top, subject),
        shares={top: SimpleNamespace(icc=icc)},
        n_groups={top: groups, f"{top}:{subject}": 2 * groups},
        new_group_slope=None,
        within=(),
        simplified={},
        report_shape="linear",
        shape="linear",
        held_at={},
        crossed=False,
        time=time,
        random={f"{top}:{subject}": {}},  # the subjects' random part: an intercept alone
        slope_tests={},
        singular=False,
    )
    sentences = multilevel_words(cast(Any, fit), Labels(response, "", time, "", subject))["g_levels"]
    return " ".join(p for s in sentences for p in s if isinstance(p, str))
