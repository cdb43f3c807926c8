"""Where the subjects' series end: design values measured with small variation, and schedules.

Two findings of statistician Q (session 8) on "their series end at different times":

- Dialyzer's pressures vary slightly around the design's set values (the last from 2.97 to 3.03,
  every subject measured 7 times): exact values made 19 of 20 subjects "end early". Times closer
  to each other than a tenth of the typical step between a subject's consecutive times (the
  median step), with no subject measured twice among them, are one design value (a visit) for these
  descriptive checks: Dialyzer's steps are 0.495 (tolerance 0.0495), its visits ..., 2.97-3.03,
  and every series ends at the last. When some subject has two times within one such
  cluster, the times are no design values and are read exactly (Soybean's days).
- Soybean's plots end on each year's schedule (1988 at day 77, 1990 at 79, 1989 at 84; one plot,
  1988F5, at 70): a few end times, each shared by many subjects, are a schedule, not dropout. A
  covariate constant within subjects that gives each level one of those ends names the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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

    # How many design values the times vary around (each a cluster of times), 0 when they are read
    # exactly.
    visits: int = 0
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


# The median step is read on at most this many subjects (spread over the data): a million rows
# would otherwise loop over every subject's times.
STEP_SUBJECTS = 2000


def visit_tolerance(subject_times: list[tuple[float, ...]]) -> float:
    """A tenth of the median step between a subject's consecutive times (0 with no steps)."""
    import numpy as np

    every = max(1, len(subject_times) // STEP_SUBJECTS)
    steps = [np.diff(grid) for grid in subject_times[::every] if len(grid) > 1]
    return VISIT_TOLERANCE * float(np.median(np.concatenate(steps))) if steps else 0.0


def _clusters(values: list[float], tolerance: float) -> list[float]:
    """Each sorted distinct time's design value: the first time of its run of steps <= tolerance."""
    design = [values[0]]
    for before, after in zip(values[:-1], values[1:], strict=True):
        design.append(design[-1] if after - before <= tolerance else after)
    return design


def visit_clusters(times: list[float], subject_times: list[tuple[float, ...]]) -> dict[float, float]:
    """Each distinct time's design value (the lowest time of its cluster), or {} when the times are
    read exactly: no cluster merges two times, or some subject has two times in one cluster."""
    tolerance = visit_tolerance(subject_times)
    if tolerance <= 0 or len(times) < 2:
        return {}
    values = sorted(times)
    design = dict(zip(values, _clusters(values, tolerance), strict=True))
    if len(set(design.values())) == len(values):
        return {}
    for grid in subject_times:
        if len({design[t] for t in grid}) < len(grid):
            return {}
    return design


def _frame_visits(frame: pd.DataFrame, grids: pd.Series) -> tuple[Any, Any]:
    """:func:`visit_clusters` of a whole data set, vectorised: the sorted distinct times and each
    one's design value (the design values are the times themselves when read exactly)."""
    import numpy as np

    values = np.unique(frame["time"].to_numpy(float))
    tolerance = visit_tolerance(list(grids))
    if tolerance <= 0 or len(values) < 2:
        return values, values
    starts = np.r_[True, np.diff(values) > tolerance]
    design = values[np.maximum.accumulate(np.where(starts, np.arange(len(values)), 0))]
    if starts.all():
        return values, values
    seen = frame[["group", "time"]].drop_duplicates()
    cluster = design[np.searchsorted(values, seen["time"].to_numpy(float))]
    if seen.assign(cluster=cluster).duplicated(["group", "cluster"]).any():
        return values, values  # a subject measured twice within one cluster: no design values
    return values, design


def series_ends(frame: pd.DataFrame, grids: pd.Series, covariates: tuple[str, ...] = ()) -> SeriesEnds:
    """The subjects' ends by design value, and whether a few common ends (a schedule) set them.

    ``frame`` has ``group`` and ``time`` columns; ``grids``: each subject's distinct times, sorted,
    as a tuple (indexed by subject); ``covariates``: columns of ``frame`` that may name the
    schedule (one constant within subjects whose levels each end at one common end).
    """
    import numpy as np

    values, design = _frame_visits(frame, grids)
    merged = len(np.unique(design)) < len(values)
    last_times = frame.groupby("group", sort=True)["time"].max().astype(float)
    ends = pd_series(design[np.searchsorted(values, last_times.to_numpy(float))], last_times.index)
    last = float(design[-1])
    in_last = values[design == last]
    counts = {float(t): int(n) for t, n in ends.value_counts().sort_index().items()}
    subjects = len(ends)
    common = tuple(t for t, n in counts.items() if n >= max(2, COMMON_END_SHARE * subjects))
    scheduled = sum(counts[t] for t in common)
    schedule = common if len(common) >= 2 and scheduled >= SCHEDULE_SHARE * subjects else ()
    return SeriesEnds(
        visits=int(len(np.unique(design))) if merged else 0,
        tolerance=visit_tolerance(list(grids)) if merged else 0.0,
        last_low=float(in_last.min()),
        last_high=float(in_last.max()),
        ends_early=int((ends < last).sum()),
        end_counts=counts,
        schedule=schedule,
        schedule_column=_schedule_column(frame, ends, schedule, covariates) if schedule else "",
        off_schedule=subjects - scheduled if schedule else 0,
    )


def pd_series(values: Any, index: Any) -> pd.Series:
    """A pandas Series (pandas imported here, where it is needed)."""
    import pandas as pd

    return pd.Series(values, index=index)


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
