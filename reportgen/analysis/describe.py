"""Q1 and Q2: what the data look like and how time and response move together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


@dataclass(frozen=True)
class Relationship:
    """Q2: size after cleaning and the Pearson correlation of time and response."""

    rows: int
    groups: int
    correlation: float


def overview(typed: pd.DataFrame, n_columns: int) -> Overview:
    """Summaries of every row as read (NA skipped), as the seminar does before cleaning."""
    response = typed["response"].dropna()
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
        response_skew=float(response.skew()) if len(response) > 2 else 0.0,
        response_p05=float(response.quantile(0.05)),
        response_p95=float(response.quantile(0.95)),
    )


def relationship(frame: pd.DataFrame) -> Relationship:
    """Correlation on the cleaned rows."""
    return Relationship(
        rows=len(frame),
        groups=int(frame["group"].nunique()),
        correlation=float(frame["time"].corr(frame["response"])),
    )
