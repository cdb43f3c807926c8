"""Figures of partial pooling at every level: each outer group's own estimate against its estimate
in the model with every level (a caterpillar of the sites with where they came from), the
caterpillar of the subjects' own effects in that model, and normal QQ plots of each level's
predicted random effects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.inference import Z95
from reportgen.figures.base import LINE, POINTS, FigureJob, one_axes_job, panels_job, short_label
from reportgen.figures.further import (
    CATERPILLAR_LABEL_CHARS,
    CATERPILLAR_LABEL_PT,
    EXTREMES,
    caterpillar_rows,
    caterpillar_size,
    qq_panel,
)
from reportgen.figures.subject_ids import data_ids
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
            e = result.effects[level]
            values = e.modes[:, e.terms.index(term)]
            effect = "levels" if term == "(Intercept)" else "slopes"
            qq_panel(ax, values, f"{capitalized(level_words(level))}: {effect}")

    subjects = result.effects[result.subject_level]
    # The patients' own ids, not lme4's "site:patient" (the site too where ids repeat across sites).
    shown = data_ids(subjects.groups, 0 if result.crossed else result.subject_level.count(":"))

    def caterpillar(axes: Sequence[Axes]) -> None:
        for ax, (i, term) in zip(axes, enumerate(subjects.terms), strict=True):
            b, sd = subjects.modes[:, i], subjects.sds[:, i]
            order = caterpillar_rows(b)
            y = np.arange(len(order))
            ax.errorbar(
                b[order], y, xerr=Z95 * sd[order], fmt="o", markersize=3, color=POINTS, ecolor="#8fa8d0"
            )
            ax.axvline(0, color=LINE, linewidth=1)
            labels_shown = [short_label(shown[j], CATERPILLAR_LABEL_CHARS) for j in order]
            ax.set_yticks(y, labels_shown, fontsize=CATERPILLAR_LABEL_PT)
            if len(order) < len(b):  # the gap between the lowest and the highest
                ax.axhline(EXTREMES - 0.5, color="#999999", linestyle=":", linewidth=1)
            ax.set_title(
                f"Levels ({noun(labels.time)} 0)" if term == "(Intercept)" else "Slopes", fontsize="medium"
            )
            ax.set_xlabel(
                "Own deviation, beyond its " + noun(top) + "'s" if not result.crossed else "Own deviation"
            )

    jobs = [
        one_axes_job("level_pooling", f"{capitalized(plural(top))}: own {what} and in the model", pulled),
        panels_job(
            "level_subject_effects",
            f"{capitalized(level_words(result.subject_level))}: predicted effects in the model with "
            "every level, with 95% intervals",
            caterpillar,
            grid=(1, len(subjects.terms)),
            size=caterpillar_size(len(subjects.groups), len(subjects.terms)),
        ),
    ]
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
