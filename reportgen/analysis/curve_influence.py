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

    from reportgen.analysis.cycle import Cycle
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

    # A cycle (the harmonic shape): its amplitude and peak read from the same refits; its change
    # from the first to the last observed time above is then no finding (since 1.6).
    cycle: CycleInfluence | None = None

    @property
    def changes_conclusion(self) -> bool:
        return bool(self.sign_changers or self.significance_changers)


@dataclass(frozen=True)
class CycleInfluence:
    """What leaving out one subject at a time does to a cycle's amplitude and peak time: a cycle
    has no change over the range (the same phase comes back every period), so this is what moves."""

    most_influential: str  # whose removal moves the amplitude most
    amplitude: float  # with every subject
    amplitude_without: float
    shift_in_se: float  # |amplitude_without - amplitude| / SE of the amplitude
    peak_time: float  # with every subject
    peak_time_without: float  # without the most influential subject
    # Subjects whose removal changes whether the amplitude's 95% interval excludes 0 (a clear cycle).
    clarity_changers: tuple[str, ...]


def cycle_influence(full: Cycle, refits: list[tuple[str, Cycle]]) -> CycleInfluence | None:
    """The :class:`CycleInfluence` of a cycle (``full``) and its refits without each subject."""
    if not refits:
        return None
    base = full.amplitude
    shifts = [cycle.amplitude.estimate - base.estimate for _, cycle in refits]
    most = min(range(len(refits)), key=lambda i: (-abs(shifts[i]), refits[i][0]))
    clear = base.ci_low > 0
    return CycleInfluence(
        most_influential=refits[most][0],
        amplitude=base.estimate,
        amplitude_without=refits[most][1].amplitude.estimate,
        shift_in_se=abs(shifts[most]) / base.se if base.se > 0 else float("inf"),
        peak_time=full.peak_time,
        peak_time_without=refits[most][1].peak_time,
        clarity_changers=tuple(
            sorted(subject for subject, cycle in refits if (cycle.amplitude.ci_low > 0) != clear)
        ),
    )


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
    cycles: list[tuple[str, Cycle]] = []
    for subject in subjects:
        part = frame[groups != subject]
        try:
            fit = _fit_shape(part, shape, structure, reml=choice.fit.reml, engine=engine)
        except ModelError:
            continue  # a refit that fails is no evidence either way
        # Read over the same range as the full data's curve, so the changes compare.
        summary = summarise_curve(fit, shape, time)
        change = summary.change
        rows.append((subject, change.estimate, change.ci_low > 0 or change.ci_high < 0))
        if summary.cycle is not None:
            cycles.append((subject, summary.cycle))
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
        cycle=None if curve.cycle is None else cycle_influence(curve.cycle, cycles),
    )
