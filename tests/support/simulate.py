"""Longitudinal data with known parameters, for the engine tests and the scale benchmark.

The model is the one reportgen fits, written on the ``time`` column exactly as generated:

    response = intercept + b0_g + (slope + b1_g) * time + e,
    (b0_g, b1_g) ~ N(0, [[sd_intercept^2, corr sd_intercept sd_slope], [., sd_slope^2]]),
    e ~ N(0, sd_residual^2),

with ``time = time_offset + time_scale * step`` and ``step`` in 0 .. per_group - 1. So the true fixed
slope is ``slope`` per unit of the time column (pass a small slope with a large ``time_scale``).
Vectorized: a million rows take well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Parameters of the size of lme4's sleepstudy fit (ms, days): simulate(seed, g, n, **LIKE_SLEEPSTUDY).
LIKE_SLEEPSTUDY: dict[str, float] = {
    "intercept": 250.0,
    "slope": 10.0,
    "sd_intercept": 25.0,
    "sd_slope": 6.0,
    "corr": 0.1,
    "sd_residual": 25.0,
}


def simulate(
    seed: int,
    groups: int,
    per_group: int,
    *,
    intercept: float,
    slope: float,
    sd_intercept: float,
    sd_slope: float,
    corr: float,
    sd_residual: float,
    balanced: bool = True,
    time_scale: float = 1.0,
    time_offset: float = 0.0,
    string_ids: bool = False,
) -> pd.DataFrame:
    """Simulate a frame with columns response, time, group.

    Args:
        seed: for ``numpy.random.default_rng``; the same arguments give the same frame.
        groups: number of groups; per_group: time points per group (the most, when unbalanced).
        intercept, slope: fixed effects; sd_intercept, sd_slope, corr: the random effects'
            distribution; sd_residual: the residual standard deviation.
        balanced: every group observed at every step, rows sorted by group then time. Otherwise
            each group gets a random number (2 .. per_group) of distinct random steps and the rows
            are shuffled.
        time_scale, time_offset: ``time = time_offset + time_scale * step``.
        string_ids: group ids like ``"g-3f2a"`` (lexicographic order differs from creation order);
            otherwise integers 1 .. groups.

    Returns:
        A new DataFrame.
    """
    if per_group < 2 or groups < 1:
        raise ValueError("need per_group >= 2 and groups >= 1")
    rng = np.random.default_rng(seed)
    steps = np.broadcast_to(np.arange(per_group, dtype=float), (groups, per_group))
    if balanced:
        keep = np.ones((groups, per_group), dtype=bool)
    else:
        counts = rng.integers(2, per_group + 1, size=groups)
        # A random subset of each row's steps: the ``counts[g]`` smallest of random keys.
        ranks = np.argsort(np.argsort(rng.random((groups, per_group)), axis=1), axis=1)
        keep = ranks < counts[:, None]
    code = np.broadcast_to(np.arange(groups)[:, None], (groups, per_group))[keep]
    time = time_offset + time_scale * steps[keep]

    z = rng.standard_normal((2, groups))
    b0 = sd_intercept * z[0]
    b1 = sd_slope * (corr * z[0] + np.sqrt(1.0 - corr * corr) * z[1])
    noise = sd_residual * rng.standard_normal(len(code))
    response = intercept + b0[code] + (slope + b1[code]) * time + noise

    if string_ids:
        labels = np.array([f"g-{k:x}" for k in rng.permutation(groups) * 7 + 11], dtype=object)
        group: np.ndarray = labels[code]
    else:
        group = code + 1
    frame = pd.DataFrame({"response": response, "time": time, "group": group})
    if not balanced:
        frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    return frame
