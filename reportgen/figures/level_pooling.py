"""Figures of partial pooling at every level: each outer group's own estimate against its estimate
in the model with every level (a caterpillar of the sites with where they came from), and normal QQ
plots of each level's predicted random effects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.inference import Z95
from reportgen.figures.base import LINE, POINTS, FigureJob, one_axes_job, panels_job
from reportgen.figures.further import qq_panel
from reportgen.words import capitalized, noun, plural

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis.level_pooling import LevelPooling
    from reportgen.config import Labels


def level_pooling_figures(frame: pd.DataFrame, result: LevelPooling, labels: Labels) -> list[FigureJob]:
    """The outer groups pulled toward the average, and the QQ plots of every level's effects."""
    from reportgen.narrative.multilevel import level_words

    top = result.top
    what = "slope" if result.term == "slope" else f"mean {noun(labels.response)}"
    ordered = sorted(result.groups, key=lambda name: result.groups[name].pooled)

    def pulled(ax: Axes) -> None:
        rows = np.arange(len(ordered))
        own = [result.groups[n].own for n in ordered]
        pooled = [result.groups[n].pooled for n in ordered]
        half = [Z95 * result.groups[n].sd for n in ordered]
        ax.scatter(own, rows, facecolors="none", edgecolors=LINE, s=28, label="Own (its rows alone)")
        ax.errorbar(
            pooled, rows, xerr=half, fmt="o", color=POINTS, ecolor="black", markersize=4, label="In the model"
        )
        for y, start, end in zip(rows, own, pooled, strict=True):
            ax.annotate("", (end, y), (start, y), arrowprops={"arrowstyle": "->", "color": "#999999"})
        ax.set_yticks(list(rows), ordered, fontsize="small" if len(ordered) < 30 else 5)
        ax.set_xlabel(f"{capitalized(what)}")
        ax.set_ylabel(top)
        ax.legend(loc="lower right", fontsize="small")

    panels = [
        (level, term)
        for level, terms in result.checks.items()
        for term, check in terms.items()
        if check.sd > 0 and check.groups > 1
    ]

    def qq(axes: Sequence[Axes]) -> None:
        for ax, (level, term) in zip(axes, panels, strict=True):
            values = result.values[level][term]
            effect = "levels" if term == "(Intercept)" else "slopes"
            qq_panel(ax, values, f"{capitalized(level_words(level))}: {effect}")

    jobs = [one_axes_job("level_pooling", f"{capitalized(plural(top))}: own {what} and in the model", pulled)]
    if panels:
        jobs.append(
            panels_job(
                "level_effects_qq",
                "Predicted random effects at every level, against a normal distribution",
                qq,
                grid=(1, len(panels)),
                size=(min(9.0, 3.0 * len(panels)), 3.2),
            )
        )
    return jobs
