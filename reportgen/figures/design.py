"""Figures of the trend test and of the covariate sections.

A covariate figure's name comes from :mod:`reportgen.figure_names` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reportgen.figure_names import covariate_figure_names
from reportgen.figures.base import LINE, POINTS, POPULATION, SECOND, FigureJob, panels_job

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

# Subjects' own lines drawn in a trajectories figure at most (a reproducible sample beyond).
MAX_LINES = 300

__all__ = ["MAX_LINES", "covariate_figure", "covariate_figure_names", "design_figures", "trend_figure"]


def trend_figure(frame: pd.DataFrame, a: Analysis, labels: Labels) -> FigureJob:
    """Residual means over time with 95% intervals; the average line and the quadratic curve."""
    t = a.trend
    assert t is not None
    time = frame["time"].to_numpy(float)
    grid = np.linspace(time.min(), time.max(), 100)

    def draw(axes: Sequence[Axes]) -> None:
        left, right = axes
        x = np.array([b.time for b in t.residual_bins])
        mean = np.array([b.mean for b in t.residual_bins])
        low = np.array([b.ci_low for b in t.residual_bins])
        high = np.array([b.ci_high for b in t.residual_bins])
        finite = np.isfinite(low) & np.isfinite(high)
        left.fill_between(x[finite], low[finite], high[finite], color=POINTS, alpha=0.2, label="95% interval")
        left.plot(x, mean, "o-", color=POINTS, label="mean residual")
        left.axhline(0, color=POPULATION, linewidth=1)
        left.set_xlabel(labels.axis("time"))
        left.set_ylabel("Residual of the straight-line model")
        left.set_title("Residuals over time")
        left.legend(loc="best", fontsize="small")

        means = frame.groupby("time")["response"].mean()
        if len(means) <= 30:
            right.plot(means.index, means.to_numpy(), "o", color=POINTS, alpha=0.7, label="mean at each time")
        line = a.choice.fit
        right.plot(
            grid, line.intercept.estimate + line.slope.estimate * grid, color=SECOND, label="straight line"
        )
        q = t.quadratic
        right.plot(
            grid,
            q.intercept.estimate + q.slope.estimate * grid + t.curvature * grid * grid,
            color=LINE,
            linestyle="-" if t.supported == "quadratic" else "--",
            label="quadratic curve",
        )
        right.set_xlabel(labels.axis("time"))
        right.set_ylabel(labels.axis("response"))
        right.set_title("Average trajectory")
        right.legend(loc="best", fontsize="small")

    return panels_job("trend", "Is the trend straight?", draw, grid=(1, 2), size=(9.0, 3.8))


def covariate_figure(frame: pd.DataFrame, a: Analysis, labels: Labels, column: str) -> FigureJob:
    """Each subject's own line coloured by the covariate, and the model's line for each level."""
    import matplotlib

    e = a.covariates[column]
    time = frame["time"].to_numpy(float)
    grid = np.array([time.min(), time.max()])
    groups = list(dict.fromkeys(frame["group"]))
    if len(groups) > MAX_LINES:
        rng = np.random.default_rng(0)
        groups = list(rng.choice(groups, MAX_LINES, replace=False))
    palette = matplotlib.colormaps["tab10"]

    def draw(axes: Sequence[Axes]) -> None:
        (ax,) = axes
        if e.kind == "categorical":
            colours = {level: palette(i % 10) for i, level in enumerate(e.levels)}
        else:
            values = frame[column].to_numpy(float)
            norm = matplotlib.colors.Normalize(values.min(), values.max())
            cmap = matplotlib.colormaps["viridis"]
        by_group = frame[frame["group"].isin(groups)].groupby("group", sort=False)
        for _, part in by_group:
            if part["time"].nunique() < 2:
                continue
            slope, intercept = np.polyfit(part["time"].to_numpy(float), part["response"].to_numpy(float), 1)
            # Coloured by level only when the covariate is constant within the subject.
            value = part[column].iloc[0]
            colour = (
                "0.5"
                if e.within_subject != "constant"
                else colours[str(value)]
                if e.kind == "categorical"
                else cmap(norm(float(part[column].mean())))
            )
            ax.plot(grid, intercept + slope * grid, color=colour, alpha=0.25, linewidth=0.8)
        # The model's mean line for each level: intercept at time 0 plus slope, both from contrasts.
        for i, level in enumerate(e.levels):
            slope = e.slope_by_level[level].estimate
            start = e.level_intercepts[level]
            colour = colours[level] if e.kind == "categorical" else cmap(norm(e.level_values[i]))
            name = level if e.kind == "categorical" else f"{column} = {level}"
            ax.plot(grid, start + slope * grid, color=colour, linewidth=3, label=f"{name} (model)")
        ax.set_xlabel(labels.axis("time"))
        ax.set_ylabel(labels.axis("response"))
        ax.legend(loc="best", fontsize="small", title=column)

    name = covariate_figure_names(a.covariates)[column]
    return panels_job(name, f"Trajectories by {column}", draw)


def design_figures(frame: pd.DataFrame, a: Analysis, labels: Labels) -> list[FigureJob]:
    return [
        *([trend_figure(frame, a, labels)] if a.trend is not None else []),
        *(covariate_figure(frame, a, labels, column) for column in a.covariates),
    ]
