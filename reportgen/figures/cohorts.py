"""The cohort index's figures: each cohort's fixed slope with its 95% CI (a forest plot), and the
sites' shrunken slopes of the multilevel model with the prediction interval for a new site."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.figures.base import LINE, POINTS, POPULATION, FigureImage, render_panels, short_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

ROW_HEIGHT = 0.28  # inches per cohort
# The cohort index's forest plot, shown 349 px wide on a 375 px phone: drawn W inches wide at 150 DPI,
# its 10 pt text (20.8 px drawn) shows 20.8 x 349 / (150 W) px high: 9.3 px at 5.2 in, 6.9 at 7 in.
PHONE_WIDTH = 5.2
TITLE_WIDTH = 44  # characters of a title line across it
MAX_LABEL = 40  # characters of a cohort name shown on the axis
MAX_NAMED_ROWS = 60  # more sites than this: sorted by slope, unnamed, in a plot of fixed height


@dataclass(frozen=True)
class ForestRow:
    """One cohort in the plot: its label and the estimate with its interval."""

    label: str
    estimate: float
    low: float
    high: float


def draw_rows(ax: Axes, rows: Sequence[ForestRow]) -> None:
    """The rows as points with interval bars, first row on top, and a dotted line at zero."""
    positions = list(range(len(rows), 0, -1))
    ax.errorbar(
        [row.estimate for row in rows],
        positions,
        xerr=[[row.estimate - row.low for row in rows], [row.high - row.estimate for row in rows]],
        fmt="o",
        color=POINTS,
        ecolor=POINTS,
        capsize=3,
        markersize=5,
    )
    ax.axvline(0, color=POPULATION, linewidth=0.8, linestyle=":")
    ax.set_yticks(positions, [short_label(row.label, MAX_LABEL) for row in rows])
    ax.set_ylim(0.3, len(rows) + 0.7)


def forest_plot(rows: Sequence[ForestRow], xlabel: str, title: str) -> FigureImage:
    """Estimates as points with CI bars, first row on top; a dashed line at zero and at the mean.

    Args:
        rows: the cohorts to show, in the order of the index.
        xlabel: what the estimate is, with its unit.
        title: the figure's title.
    """

    def draw(axes: Sequence[Axes]) -> None:
        ax = axes[0]
        estimates = [row.estimate for row in rows]
        draw_rows(ax, rows)
        ax.axvline(sum(estimates) / len(estimates), color=LINE, linewidth=1, linestyle="--", label="mean")
        ax.set_xlabel(xlabel)
        ax.figure.suptitle(textwrap.fill(title, TITLE_WIDTH))  # over the names too: it fits
        ax.legend(loc="best")

    height = max(2.4, 1.3 + ROW_HEIGHT * len(rows))
    return render_panels("cohort_slopes", title, draw, size=(PHONE_WIDTH, height))


def site_forest_plot(
    rows: Sequence[ForestRow],
    mean: float,
    interval: tuple[float, float],
    labels: tuple[str, str],
    title: str,
) -> FigureImage:
    """The sites' shrunken slopes as a forest, with the overall mean (dashed) and the 95% prediction
    interval for a new site (shaded band).

    Args:
        rows: the sites, in the order of the index.
        mean: the model's mean slope; interval: a new site's 95% prediction interval.
        labels: the x axis (what the estimate is, with its unit) and the band's legend entry.
        title: the figure's title.

    More than :data:`MAX_NAMED_ROWS` sites are drawn sorted by slope, without their names.
    """
    many = len(rows) > MAX_NAMED_ROWS
    shown = sorted(rows, key=lambda row: row.estimate, reverse=True) if many else rows
    xlabel, band = labels

    def draw(axes: Sequence[Axes]) -> None:
        ax = axes[0]
        ax.axvspan(*interval, color=POPULATION, alpha=0.12, label=band)
        draw_rows(ax, shown)
        if many:
            ax.set_yticks([])
        ax.axvline(mean, color=LINE, linewidth=1, linestyle="--", label="mean slope")
        ax.set_xlabel(xlabel)
        ax.set_title(title)
        ax.legend(loc="best", fontsize="small")

    height = max(2.4, 1.3 + ROW_HEIGHT * min(len(rows), MAX_NAMED_ROWS))
    return render_panels("site_slopes", title, draw, size=(7.0, height))
