"""The caterpillar of the outermost groups (sites): each one's own slope, or level, with its 95%
interval, in order, around the fixed value and the range for a new group."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.figures.base import LINE, POINTS, FigureJob, one_axes_job
from reportgen.words import capitalized, noun, plural

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def multilevel_figures(frame: pd.DataFrame, fit: MultilevelFit, labels: Labels) -> list[FigureJob]:
    """One caterpillar plot of the outermost level."""
    top = fit.levels[0]
    slope = fit.top_term == "slope"
    what = f"slope ({labels.response} per {noun(labels.time)})" if slope else f"mean {labels.response}"
    new_slope = fit.new_group_slope_interval or fit.new_group_slope  # the sentence's range (statistician R 7)
    new_range = new_slope if slope and new_slope is not None else fit.new_group_level

    def caterpillar(ax: Axes) -> None:
        ordered = sorted(fit.top_groups.items(), key=lambda item: item[1].estimate)
        rows = range(len(ordered))
        estimates = [g.estimate for _, g in ordered]
        errors = [[g.estimate - g.ci_low for _, g in ordered], [g.ci_high - g.estimate for _, g in ordered]]
        ax.axvspan(*new_range, color=LINE, alpha=0.12, label=f"95% range for a new {noun(top)}")
        ax.errorbar(estimates, rows, xerr=errors, fmt="o", color=POINTS, ecolor="black", markersize=4)
        ax.set_yticks(list(rows), [name for name, _ in ordered], fontsize="small" if len(ordered) < 30 else 5)
        ax.set_xlabel(f"Own {what}")
        ax.set_ylabel(top)
        ax.legend(loc="lower right", fontsize="small")

    return [one_axes_job("level_caterpillar", f"{capitalized(plural(top))}: own {what}", caterpillar)]
