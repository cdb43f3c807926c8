"""The trend test's figure: residuals over time and the average trajectory, line and curve."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.shape import population
from reportgen.figures.base import LINE, POINTS, POPULATION, SECOND, FigureJob, panels_job

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.config import Labels


def trend_figure(frame: pd.DataFrame, a: Analysis, labels: Labels) -> FigureJob:
    """Residual means over time with 95% intervals; the average line, the quadratic curve and the
    chosen shape's population curve when it is another curve."""
    t = a.trend
    assert t is not None
    time = frame["time"].to_numpy(float)
    grid = np.linspace(time.min(), time.max(), 100)
    curve = population(a.choice, time, grid)  # the chosen shape's population curve (None: a line)
    other_curve = curve is not None and a.choice.shape != "quadratic"  # drawn as the chosen curve

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
        line = a.choice.straight
        right.plot(
            grid, line.intercept.estimate + line.slope.estimate * grid, color=SECOND, label="straight line"
        )
        q = t.quadratic
        right.plot(
            grid,
            q.intercept.estimate + q.slope.estimate * grid + t.curvature * grid * grid,
            color=LINE,
            linestyle="-" if t.supported == "quadratic" and not other_curve else "--",
            label="quadratic curve",
        )
        if curve is not None and other_curve:
            right.plot(grid, curve, color=POPULATION, linewidth=2, label=f"chosen: {a.choice.shape}")
        right.set_xlabel(labels.axis("time"))
        right.set_ylabel(labels.axis("response"))
        right.set_title("Average trajectory")
        right.legend(loc="best", fontsize="small")

    return panels_job("trend", "Is the trend straight?", draw, grid=(1, 2), size=(9.0, 3.8))


def trend_figures(frame: pd.DataFrame, a: Analysis, labels: Labels, decimals: int = 2) -> list[FigureJob]:
    """The trend section's figure (none with fewer than 3 distinct times)."""
    return [trend_figure(frame, a, labels)] if a.trend is not None else []
