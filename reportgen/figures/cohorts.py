"""The cohort index's figure: each cohort's fixed slope with its 95% CI (a forest plot)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.figures.base import LINE, POINTS, POPULATION, FigureImage, render_panels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ROW_HEIGHT = 0.28  # inches per cohort
MAX_LABEL = 40  # characters of a cohort name shown on the axis


@dataclass(frozen=True)
class ForestRow:
    """One cohort in the plot: its label and the estimate with its interval."""

    label: str
    estimate: float
    low: float
    high: float


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def forest_plot(rows: Sequence[ForestRow], xlabel: str, title: str) -> FigureImage:
    """Estimates as points with CI bars, first row on top; a dashed line at zero and at the mean.

    Args:
        rows: the cohorts to show, in the order of the index.
        xlabel: what the estimate is, with its unit.
        title: the figure's title.
    """

    def draw(axes: Sequence[Axes]) -> None:
        ax = axes[0]
        positions = list(range(len(rows), 0, -1))
        estimates = [row.estimate for row in rows]
        ax.errorbar(
            estimates,
            positions,
            xerr=[
                [row.estimate - row.low for row in rows],
                [row.high - row.estimate for row in rows],
            ],
            fmt="o",
            color=POINTS,
            ecolor=POINTS,
            capsize=3,
            markersize=5,
        )
        ax.axvline(0, color=POPULATION, linewidth=0.8, linestyle=":")
        ax.axvline(sum(estimates) / len(estimates), color=LINE, linewidth=1, linestyle="--", label="mean")
        ax.set_yticks(positions, [_short(row.label) for row in rows])
        ax.set_ylim(0.3, len(rows) + 0.7)
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(loc="best", fontsize="small")

    height = max(2.4, 1.3 + ROW_HEIGHT * len(rows))
    return render_panels("cohort_slopes", title, draw, size=(7.0, height))
