"""Where the subjects' series end: design values measured with small variation, and schedules.

Two findings of statistician Q (session 8) on "their series end at different times":

- Dialyzer's pressures vary slightly around the design's set values (the last from 2.97 to 3.03,
  every subject measured 7 times): exact values made 19 of 20 subjects "end early". Times closer
  to each other than a quarter of the typical step between a subject's consecutive times (the
  median step), with no subject measured twice among them, are one design value (a visit) for these
  descriptive checks: Dialyzer's steps are 0.495 (tolerance 0.124), its visits 0.235-0.40, ...,
  2.97-3.03, and every series ends at the last. When some subject has two times within one such
  cluster, the times are no design values and are read exactly (Soybean's days).
- Soybean's plots end on each year's schedule (1988 at day 77, 1990 at 79, 1989 at 84; one plot,
  1988F5, at 70): a few end times, each shared by many subjects, are a schedule, not dropout. A
  covariate constant within subjects that gives each level one of those ends names the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Times within this share (a tenth) of the median step between a subject's consecutive times are one visit.
VISIT_TOLERANCE = 0.1
# An end time shared by at least this share of the subjects (and 2 of them) is a common end.
COMMON_END_SHARE = 0.1
# Common ends are a schedule when there are 2 or more of them and they hold this share of subjects.
SCHEDULE_SHARE = 0.9


@dataclass(frozen=True)
class SeriesEnds:
    """The subjects' last times, read by design value."""

    # Each time's design value (its cluster's lowest time) when the times vary around set values,
    # empty when they are read exactly.
    visits: dict[float, float] = field(default_factory=dict)
    tolerance: float = 0.0  # times this close in a row are one design value (0: times read exactly)
    last_low: float = 0.0  # the last design value's lowest and highest measured time
    last_high: float = 0.0
    ends_early: int = 0  # subjects whose last time lies before the last design value
    # End time (the design value's lowest time) -> subjects ending there, in time order.
    end_counts: dict[float, int] = field(default_factory=dict)
    # The ends shared by many subjects (a schedule), when there are 2 or more holding most of them.
    schedule: tuple[float, ...] = ()
    schedule_column: str = ""  # the covariate constant within subjects that sets each one's end
    off_schedule: int = 0  # subjects ending before their schedule's end (Soybean: 1988F5)


def visit_tolerance(subject_times: list[tuple[float, ...]]) -> float:
    """A quarter of the median step between a subject's consecutive times (0 with no steps)."""
    import numpy as np

    steps = [b - a for grid in subject_times for a, b in zip(grid[:-1], grid[1:], strict=True)]
    return VISIT_TOLERANCE * float(np.median(steps)) if steps else 0.0


def visit_clusters(times: list[float], subject_times: list[tuple[float, ...]]) -> dict[float, float]:
    """Each distinct time's design value (the lowest time of its cluster), or {} when the times are
    read exactly: no cluster merges two times, or some subject has two times in one cluster."""
    tolerance = visit_tolerance(subject_times)
    if tolerance <= 0 or len(times) < 2:
        return {}
    values = sorted(times)
    design: dict[float, float] = {values[0]: values[0]}
    for before, after in zip(values[:-1], values[1:], strict=True):
        design[after] = design[before] if after - before <= tolerance else after
    if len(set(design.values())) == len(values):
        return {}
    for grid in subject_times:
        if len({design[t] for t in grid}) < len(grid):
            return {}
    return design


def series_ends(frame: pd.DataFrame, grids: pd.Series, covariates: tuple[str, ...] = ()) -> SeriesEnds:
    """The subjects' ends by design value, and whether a few common ends (a schedule) set them.

    ``frame`` has ``group`` and ``time`` columns; ``grids``: each subject's distinct times, sorted,
    as a tuple (indexed by subject); ``covariates``: columns of ``frame`` that may name the
    schedule (one constant within subjects whose levels each end at one common end).
    """
    times = sorted({t for grid in grids for t in grid})
    design = visit_clusters(times, list(grids))
    value = (lambda t: design[t]) if design else (lambda t: t)
    ends = grids.map(lambda grid: value(grid[-1]))
    last = max(value(t) for t in times)
    in_last = [t for t in times if value(t) == last]
    counts = {float(t): int(n) for t, n in ends.value_counts().sort_index().items()}
    subjects = len(ends)
    common = tuple(t for t, n in counts.items() if n >= max(2, COMMON_END_SHARE * subjects))
    scheduled = sum(counts[t] for t in common)
    schedule = common if len(common) >= 2 and scheduled >= SCHEDULE_SHARE * subjects else ()
    return SeriesEnds(
        visits=design,
        tolerance=visit_tolerance(list(grids)) if design else 0.0,
        last_low=min(in_last),
        last_high=max(in_last),
        ends_early=int((ends < last).sum()),
        end_counts=counts,
        schedule=schedule,
        schedule_column=_schedule_column(frame, ends, schedule, covariates) if schedule else "",
        off_schedule=subjects - scheduled if schedule else 0,
    )


def _schedule_column(
    frame: pd.DataFrame, ends: pd.Series, schedule: tuple[float, ...], covariates: tuple[str, ...]
) -> str:
    """The first covariate constant within subjects whose every level's subjects on the schedule
    share one end ("" when none does)."""
    on = ends[ends.isin(schedule)]
    for column in covariates:
        per = frame.groupby("group", sort=True)[column].nunique(dropna=False)
        if (per > 1).any():
            continue
        level = frame.groupby("group", sort=True)[column].first().reindex(on.index)
        if (on.groupby(level.astype(str)).nunique() == 1).all() and level.nunique() >= len(schedule):
            return column
    return ""


def series_keys(series: SeriesEnds | None) -> dict[str, object]:
    """results.json's keys for ``describe.design`` (since 1.7, each only when set): the design-value
    reading of the times (``visit_tolerance``, ``last_visit``) and the schedule (``schedule``)."""
    if series is None:
        return {}
    keys: dict[str, object] = {}
    if series.visits:
        keys["visit_tolerance"] = series.tolerance
        keys["last_visit"] = {"low": series.last_low, "high": series.last_high}
    if series.schedule:
        keys["schedule"] = {
            "ends": list(series.schedule),
            "column": series.schedule_column,
            "off_schedule": series.off_schedule,
        }
    return keys
