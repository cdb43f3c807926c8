"""Influence of single subjects on the curve the report stands on (a curved trend only).

The seminar's influence section refits the straight-line summary of a curve (its slope is the one
the seminar's questions read). This refits the chosen model itself, its shape's columns fixed at
the full data's basis (a spline's knots stay where the full data put them), with each subject left
out in turn, and reads what moves the curve's change over the observed times (last minus first
observed time, :class:`reportgen.analysis.shape.CurveSummary`). Cost, measured on 2 cores: 48
refits of Soybean's spline 0.68 CPU-s, 79 of Sitka89's 1.29 CPU-s; beyond ``EXACT_LIMIT``
subjects it is skipped (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.influence import EXACT_LIMIT

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.selection import ModelChoice
    from reportgen.analysis.shape import CurveSummary


@dataclass(frozen=True)
class CurveInfluence:
    """What leaving out one subject at a time does to the chosen curve's change over the range."""

    subjects: int
    most_influential: str
    change: float  # with every subject
    change_without: float  # without the most influential subject
    change_shift: float  # change_without - change
    shift_in_se: float  # |change_shift| / SE of the change
    # Subjects whose removal flips the change's sign, or whether its 95% interval excludes 0.
    sign_changers: tuple[str, ...]
    significance_changers: tuple[str, ...]

    @property
    def changes_conclusion(self) -> bool:
        return bool(self.sign_changers or self.significance_changers)


def curve_influence(
    frame: pd.DataFrame, choice: ModelChoice, curve: CurveSummary | None, *, engine: str
) -> CurveInfluence | None:
    """Refit ``choice``'s curve without each subject (None for a straight line or too many subjects)."""
    from reportgen.analysis.selection import random_structure
    from reportgen.analysis.shape import _fit_shape, summarise_curve
    from reportgen.analysis.time_basis import chosen_shape
    from reportgen.errors import ModelError

    subjects = [str(g) for g in frame["group"].unique()]
    if curve is None or len(subjects) > EXACT_LIMIT:
        return None
    time = frame["time"].to_numpy(float)
    shape = chosen_shape(choice.shapes, time)  # the full data's basis, kept for every refit
    structure = random_structure(choice)
    groups = frame["group"].astype(str).to_numpy()
    full = curve.change
    rows: list[tuple[str, float, bool]] = []
    for subject in subjects:
        part = frame[groups != subject]
        try:
            fit = _fit_shape(part, shape, structure, reml=choice.fit.reml, engine=engine)
        except ModelError:
            continue  # a refit that fails is no evidence either way
        # Read over the same range as the full data's curve, so the changes compare.
        change = summarise_curve(fit, shape, time).change
        rows.append((subject, change.estimate, change.ci_low > 0 or change.ci_high < 0))
    if not rows:
        return None
    clear = full.ci_low > 0 or full.ci_high < 0
    shifts = np.array([c - full.estimate for _, c, _ in rows])
    order = sorted(range(len(rows)), key=lambda i: (-abs(shifts[i]), rows[i][0]))
    most = order[0]
    flips = [
        rows[i][0] for i in order if np.sign(rows[i][1]) != np.sign(full.estimate) and (clear or rows[i][2])
    ]
    significance = [rows[i][0] for i in order if rows[i][2] != clear]
    return CurveInfluence(
        subjects=len(subjects),
        most_influential=rows[most][0],
        change=full.estimate,
        change_without=rows[most][1],
        change_shift=float(shifts[most]),
        shift_in_se=abs(float(shifts[most])) / full.se if full.se > 0 else float("inf"),
        sign_changers=tuple(flips),
        significance_changers=tuple(significance),
    )
