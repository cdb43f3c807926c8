"""A covariate section's figure: the subjects' lines coloured by the covariate, the model's line per level.

Its name comes from the registry (:func:`reportgen.sections.covariate_figure_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.coded_covariate import looks_coded
from reportgen.figures.base import FigureJob, panels_job
from reportgen.numbers import format_number
from reportgen.sections import covariate_figure_names

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

# Subjects' own lines drawn in a trajectories figure at most (a reproducible sample beyond).
MAX_LINES = 300


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
        codes = looks_coded(e.kind, e.distinct_values, e.whole_numbers)
        for i, level in enumerate(e.levels):
            slope = e.slope_by_level[level].estimate
            start = e.level_intercepts[level]
            colour = colours[level] if e.kind == "categorical" else cmap(norm(e.level_values[i]))
            # A numeric covariate that may be a code (Diet 1 to 4) is named by its value, not a quartile.
            held = format_number(e.level_values[i], "auto") if codes else level
            name = level if e.kind == "categorical" else f"{column} = {held}"
            if e.curves:  # the covariate model carries the chosen curve: draw each level's curve
                ax.plot(e.curve_times, e.curves[level], color=colour, linewidth=3, label=f"{name} (model)")
                continue
            ax.plot(grid, start + slope * grid, color=colour, linewidth=3, label=f"{name} (model)")
        ax.set_xlabel(labels.axis("time"))
        ax.set_ylabel(labels.axis("response"))
        ax.legend(loc="best", fontsize="small", title=column)

    name = covariate_figure_names(a.covariates)[column]
    return panels_job(name, f"Trajectories by {column}", draw)


def covariate_figures(frame: pd.DataFrame, a: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """One figure per covariate section, in the order of the columns."""
    return [covariate_figure(frame, a, labels, column) for column in a.covariates]
