"""Seeded GLMM studies whose time is far from 0: counts over calendar years, a binary outcome over
times 1000..1010 (subjects with their own intercepts and slopes on the link scale)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def calendar_counts(
    seed: int, level: float, sd0: float, sd1: float, slope: float, subjects: int = 80
) -> pd.DataFrame:
    """``subjects`` x years 2000-2009, Poisson counts, log rate level + (slope + b1) (year - 2000) + b0."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(subjects):
        b0, b1 = rng.normal(0, sd0), rng.normal(0, sd1)
        for year in range(2000, 2010):
            rate = math.exp(level + (slope + b1) * (year - 2000) + b0)
            rows.append({"id": f"u{i:02d}", "year": year, "n": int(rng.poisson(rate))})
    return pd.DataFrame(rows)


def late_binary(seed: int = 5, subjects: int = 60) -> pd.DataFrame:
    """``subjects`` x times 1000..1010, a binary outcome, logit -1 + (0.25 + b1) (t - 1000) + b0."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(subjects):
        b0, b1 = rng.normal(0, 1.0), rng.normal(0, 0.15)
        for t in range(1000, 1011):
            eta = -1.0 + (0.25 + b1) * (t - 1000) + b0
            rows.append({"id": f"b{i:02d}", "t": t, "y": int(rng.random() < 1 / (1 + math.exp(-eta)))})
    return pd.DataFrame(rows)
