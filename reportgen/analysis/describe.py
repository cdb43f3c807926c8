"""Q1 and Q2: what the data look like and how time and response move together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.outcome import skewness
from reportgen.analysis.series_schedule import SeriesEnds, series_ends

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class Overview:
    """Q1: size, ranges and shape of the response distribution (all rows as read)."""

    rows: int
    columns: int
    time_min: float
    time_max: float
    response_min: float
    response_max: float
    response_mean: float
    response_median: float
    response_sd: float
    response_skew: float
    response_p05: float
    response_p95: float
    # Share of the responses at the larger of exactly two values (a 0/1 response: the share of 1s);
    # None when the response takes any other number of values.
    response_upper_share: float | None = None
    # Sarle's bimodality coefficient (sample skewness² + 1) / (sample excess kurtosis + 3(n-1)²/
    # ((n-2)(n-3))): above 5/9 (a uniform distribution's) the values are flat or two-humped
    # rather than bell-shaped. None with fewer than 4 values.
    response_bimodality: float | None = None
    response_whole: bool = False  # every response is a whole number (print it without decimals)


@dataclass(frozen=True)
class Relationship:
    """Q2: size after cleaning and the Pearson correlation of time and response."""

    rows: int
    groups: int
    correlation: float


def overview(typed: pd.DataFrame, n_columns: int) -> Overview:
    """Summaries of every row as read (NA skipped), as the seminar does before cleaning."""
    response = typed["response"].dropna()
    whole = bool(len(response)) and bool((response == response.round()).all())
    # Whole numbers (counts) get percentiles that are values of the data (R's quantile type 1), not
    # interpolations between them ("between 0 and 25.25" seizures).
    import numpy as np

    values = response.to_numpy(float)
    p05, p95 = np.nan, np.nan
    if len(values):
        low, high = np.quantile(values, [0.05, 0.95], method="inverted_cdf" if whole else "linear")
        p05, p95 = float(low), float(high)
    return Overview(
        rows=len(typed),
        columns=n_columns,
        time_min=float(typed["time"].min()),
        time_max=float(typed["time"].max()),
        response_min=float(response.min()),
        response_max=float(response.max()),
        response_mean=float(response.mean()),
        response_median=float(response.median()),
        response_sd=float(response.std()),
        response_skew=skewness(response.to_numpy(float)),
        response_p05=p05,
        response_p95=p95,
        response_upper_share=upper_share(response.to_numpy(float)),
        response_bimodality=bimodality_coefficient(response.to_numpy(float)),
        response_whole=whole,
    )


def bimodality_coefficient(values: np.ndarray) -> float | None:
    """Sarle's bimodality coefficient from the sample skewness and excess kurtosis (as SAS)."""
    import numpy as np
    import pandas as pd

    n = len(values)
    if n < 4 or float(np.ptp(values)) == 0:
        return None
    series = pd.Series(values)
    skew, kurt = float(series.skew()), float(series.kurt())
    return (skew * skew + 1) / (kurt + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


def upper_share(values: np.ndarray) -> float | None:
    """Share of the values at the larger of exactly two distinct values (None otherwise)."""
    import numpy as np

    distinct = np.unique(values)
    return float(np.mean(values == distinct[1])) if len(distinct) == 2 else None


def relationship(frame: pd.DataFrame) -> Relationship:
    """Correlation on the cleaned rows."""
    return Relationship(
        rows=len(frame),
        groups=int(frame["group"].nunique()),
        correlation=float(frame["time"].corr(frame["response"])),
    )


@dataclass(frozen=True)
class WithinCorrelation:
    """Repeated-measures correlation (Bakdash & Marusich 2017): the common within-subject
    association of time and response, after removing each subject's own mean of both."""

    r: float
    df: int  # N - subjects - 1
    p: float
    subjects: int  # subjects that contribute (at least 2 distinct times)


def within_correlation(frame: pd.DataFrame) -> WithinCorrelation:
    """ANCOVA form: r = S_ty / sqrt(S_tt S_yy) on subject-centred time and response."""
    import math

    import numpy as np

    usable = frame.groupby("group")["time"].transform("nunique") >= 2
    part = frame[usable]
    subjects = int(part["group"].nunique())
    t = part["time"] - part.groupby("group")["time"].transform("mean")
    y = part["response"] - part.groupby("group")["response"].transform("mean")
    stt, syy, sty = float((t * t).sum()), float((y * y).sum()), float((t * y).sum())
    df = len(part) - subjects - 1
    if stt <= 0 or syy <= 0 or df < 1:
        return WithinCorrelation(0.0, max(df, 0), 1.0, subjects)
    r = sty / math.sqrt(stt * syy)
    r = float(np.clip(r, -1.0, 1.0))
    if abs(r) >= 1:
        return WithinCorrelation(r, df, 0.0, subjects)
    from scipy.special import stdtr

    stat = r * math.sqrt(df / (1 - r * r))
    return WithinCorrelation(r, df, float(2 * stdtr(df, -abs(stat))), subjects)


@dataclass(frozen=True)
class ObservationDesign:
    """How many observations each subject has, whether short series start late or end early."""

    subjects: int
    planned: int  # the most common number of observations per subject
    planned_subjects: int  # subjects with that many
    time_points: int  # distinct times in the data
    shorter: int  # subjects with fewer observations than planned
    first_time: float  # the common first time: the first time of the most common series
    last_time: float  # the common last time: the last time of the most common series
    dropouts: int  # of the short subjects, those last seen before the common last time
    dropout_times: dict[str, int]  # last time seen (as text) -> number of subjects leaving then
    late_entries: int  # of the short subjects, those first seen after the common first time
    entry_times: dict[str, int]  # first time seen (as text) -> number of subjects entering then
    shared_times: bool  # every subject is seen at the same set of times (or a leading part of it)
    # Standard deviation (n - 1) of the responses measured at the common first and last times:
    # how far apart the subjects are there (None with fewer than 2 values).
    sd_at_first: float | None = None
    sd_at_last: float | None = None
    # Subjects last seen before the latest observed time: series that end at different times
    # without being short (Soybean: 32 of 48 plots, each year on its own schedule; since 1.6).
    ends_early: int = 0
    # The ends read by design value (times varying slightly around set values are one) and by
    # schedule (a few common ends; analysis.series_schedule); None in designs built by hand.
    series: SeriesEnds | None = None

    @property
    def balanced(self) -> bool:
        return self.shorter == 0 and self.shared_times


def _time_grids(frame: pd.DataFrame) -> pd.Series:
    """Each subject's distinct times, sorted, as a tuple (indexed by subject); one sort, no loop per group."""
    import numpy as np
    import pandas as pd

    codes, names = pd.factorize(frame["group"])
    time = frame["time"].to_numpy(float)
    order = np.lexsort((time, codes))
    codes, time = codes[order], time[order]
    keep = np.ones(len(time), dtype=bool)
    keep[1:] = (codes[1:] != codes[:-1]) | (time[1:] != time[:-1])
    codes, time = codes[keep], time[keep]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    values, bounds = time.tolist(), [*starts.tolist(), len(time)]
    grids = [tuple(values[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return pd.Series(grids, index=names[codes[starts]], dtype=object)


def _count_times(values: pd.Series) -> dict[str, int]:
    """Times as text, in order, with how many subjects have each."""
    from reportgen.numbers import format_number

    when: dict[str, int] = {}
    for value in sorted(values):
        key = format_number(float(value), "auto")
        when[key] = when.get(key, 0) + 1
    return when


def observation_design(frame: pd.DataFrame) -> ObservationDesign:
    """Observation counts per subject, late entry and dropout, and shared time grids.

    The common first and last times are those of the most common series (the most common time
    grid among the subjects with the most common count): a short subject first seen after the
    common first time enters late, one last seen before the common last time leaves early.
    Series running past the common times are longer follow-up, not dropout.
    """
    counts = frame.groupby("group", sort=True)["time"].count()
    planned = int(counts.mode().max())
    times = sorted(frame["time"].unique())
    per_subject = _time_grids(frame).reindex(counts.index)
    modal_grid = per_subject[counts == planned].mode().iloc[0]
    shared = all(grid == modal_grid[: len(grid)] for grid in per_subject)
    short = counts[counts < planned].index
    seen = frame[frame["group"].isin(short)].groupby("group")["time"]
    first_time, last_time = float(modal_grid[0]), float(modal_grid[-1])
    leaving = seen.max()[lambda t: t < last_time]
    entering = seen.min()[lambda t: t > first_time]
    return ObservationDesign(
        subjects=int(len(counts)),
        planned=planned,
        planned_subjects=int((counts == planned).sum()),
        time_points=len(times),
        shorter=int(len(short)),
        first_time=first_time,
        last_time=last_time,
        dropouts=int(len(leaving)),
        dropout_times=_count_times(leaving),
        late_entries=int(len(entering)),
        entry_times=_count_times(entering),
        shared_times=bool(shared),
        sd_at_first=_sd_at(frame, first_time),
        sd_at_last=_sd_at(frame, last_time),
        ends_early=int((per_subject.map(lambda grid: grid[-1]) < times[-1]).sum()),
        series=series_ends(
            frame,
            per_subject,
            tuple(c for c in frame.columns if c not in ("response", "time", "group", "line")),
        ),
    )


def _sd_at(frame: pd.DataFrame, time: float) -> float | None:
    """Standard deviation (n - 1) of the responses measured at ``time`` (None below 2 values)."""
    values = frame.loc[frame["time"] == time, "response"]
    return float(values.std(ddof=1)) if len(values) >= 2 else None
