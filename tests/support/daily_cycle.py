"""A daily cycle, seeded (issue 21, statistician O): 30 subjects measured every 3 hours over three
days (hours 0 to 72), a 24-hour cycle whose amplitude differs by a group (A: 0.3, B: 0.6), peak at
hour 16, each subject its own level and a small phase shift. Same seed, same frame.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def daily_cycle(seed: int = 24, subjects: int = 30) -> pd.DataFrame:
    """Columns subject, grp (A for the first half, B), hour (0, 3, .., 72), y.

    y = 37 + a_i / 10 + A_grp cos(2 pi (hour - 16) / 24 + phi_i) / 10 + e / 10, a ~ N(0, 2²),
    phi ~ N(0, 0.3²), e ~ N(0, 1), A = 3 (grp A) or 6 (grp B).
    """
    rng = np.random.default_rng(seed)
    hours = np.arange(0, 73, 3, dtype=float)
    frames = []
    for i in range(subjects):
        grp = "A" if i < subjects // 2 else "B"
        amplitude = 3.0 if grp == "A" else 6.0
        level, phase = rng.normal(0.0, 2.0), rng.normal(0.0, 0.3)
        wave = amplitude * np.cos(2 * np.pi * (hours - 16) / 24 + phase)
        y = np.round(370 + level + wave + rng.normal(0.0, 1.0, hours.size), 2) / 10
        frames.append(pd.DataFrame({"subject": f"D{i + 1:02d}", "grp": grp, "hour": hours, "y": y}))
    return pd.concat(frames, ignore_index=True)
