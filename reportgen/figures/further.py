"""Figures of the going-further sections: pooling, caterpillar and diagnostic plots.

Every one draws the model the report stands on (``Analysis.choice.fit``), levels read at the first
observed time (``choice.reference_time``); which subjects the small multiples show is decided in
the analysis (``Analysis.panel_subjects``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.inference import Z95
from reportgen.figures.base import (
    LINE,
    POINTS,
    POPULATION,
    SECOND,
    FigureJob,
    one_axes_job,
    panels_job,
    point_sample,
    sample_note,
    short_label,
)
from reportgen.words import is_time_axis, model_line_name, model_name, model_words, noun, plural

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

# Most labelled rows in a caterpillar plot (the small multiples draw ``Analysis.panel_subjects``).
MAX_LABELLED = 60
MAX_ARROWS = 200  # a shrinkage plot of more subjects shows points only
QQ_POINTS = 2_000  # a QQ plot of more values shows this many quantiles
EXTREMES = 20  # shown at each end of a caterpillar plot of more than MAX_LABELLED groups
# The caterpillar plot's subject labels: 11 pt in a figure 9 in wide is 8.4 pt on an A4 page
# (17.4 cm of text) and 13 px in the report's 784 px column; a row is a little taller than a label.
CATERPILLAR_LABEL_PT = 11.0
CATERPILLAR_ROW_IN = 0.21
CATERPILLAR_LABEL_CHARS = 24  # longer ids are cut: at 11 pt they would squeeze a 4.5 in panel


def caterpillar_size(groups: int, panels: int) -> tuple[float, float]:
    """Width and height (inches) of a caterpillar plot of ``groups`` rows (at most 2 x EXTREMES)."""
    rows = min(groups, 2 * EXTREMES)
    return (4.5 if panels == 1 else 9.0, max(4.0, CATERPILLAR_ROW_IN * rows + 1.2))


def caterpillar_rows(effects: np.ndarray) -> np.ndarray:
    """Indices to show, sorted: every group, or the EXTREMES lowest and highest of many."""
    order = np.argsort(effects, kind="stable")
    if len(order) <= MAX_LABELLED:
        return order
    return np.concatenate([order[:EXTREMES], order[-EXTREMES:]])


def _normal_quantiles(n: int) -> np.ndarray:
    from scipy.special import ndtri  # the inverse normal CDF

    return ndtri((np.arange(1, n + 1) - 0.5) / n)


def qq_panel(ax: Axes, values: np.ndarray, title: str) -> None:
    """A normal QQ plot of ``values`` on ``ax``, titled."""
    values = np.sort(values)
    theory = _normal_quantiles(min(len(values), QQ_POINTS))
    if len(values) > QQ_POINTS:  # the sample's quantiles at the same probabilities: same picture
        values = np.quantile(values, (np.arange(1, QQ_POINTS + 1) - 0.5) / QQ_POINTS)
    ax.scatter(theory, values, s=12, color=POINTS, alpha=0.7)
    sd = float(np.std(values, ddof=1)) if len(values) > 1 else 0.0
    ax.plot(theory, float(np.mean(values)) + sd * theory, color=LINE, linewidth=1.5)
    ax.set_xlabel("Normal quantiles")
    ax.set_ylabel("Sample quantiles")
    ax.set_title(title, fontsize="medium")


def _level_name(at: float, labels: Labels, short: str) -> str:
    """``short`` ("Intercept") when levels are read at time 0, else "Level at day 14"."""
    from reportgen.numbers import format_number

    return short if at == 0 else f"Level at {noun(labels.time)} {format_number(at, 'auto')}"


def _effects(lines: Any, at: float, labels: Labels) -> list[tuple[np.ndarray, np.ndarray, str, int]]:
    """The random effects the chosen model has: levels (at the first observed time), then slopes."""
    effects = [(lines.level_effect, lines.level_sd, _level_name(at, labels, "Random intercept"), 0)]
    if lines.random_slope:
        effects.append((lines.slope_effect, lines.slope_sd, "Random slope", 1))
    return effects


def pooling_figures(
    frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2
) -> list[FigureJob]:
    """Partial pooling: shrinkage of own lines, small multiples and the caterpillar plot."""
    from reportgen.analysis.pooling import model_lines

    choice = analysis.choice
    fit, at = choice.straight, choice.reference_time  # pooling compares lines
    lines = model_lines(choice.fit, at, population=fit)  # a curve's random effects, around its line
    # Legends and the drawn title short: a curve's model without its random effects.
    curve = model_name(choice.model, choice.shape, short=True)
    model = model_words(choice.model) if choice.shape == "linear" else f"straight line, {curve}"
    short = model_name(choice.model, choice.shape, line=True, short=True)
    g = labels.group
    own = analysis.subject_lines
    groups = lines.groups
    index = {s: i for i, s in enumerate(groups)}
    level_axis = _level_name(at, labels, "Intercept")

    # Of more subjects than MAX_POINTS a fixed random sample: 200,000 markers take seconds to draw.
    pooled = point_sample(len(groups))
    pooled_groups = np.asarray(groups, dtype=object)[pooled].tolist()

    def shrinkage(ax: Axes) -> None:
        every = np.column_stack([lines.level, lines.slope])
        mixed = every[pooled]
        with_own = [s for s in pooled_groups if s in own]
        start = np.array([(own[s].intercept + own[s].slope * at, own[s].slope) for s in with_own])
        end = every[[index[s] for s in with_own]]
        few = len(with_own) <= MAX_ARROWS
        if few:  # with hundreds of subjects, arrows hide the points they join
            ax.quiver(
                *start.T,
                *(end - start).T,
                angles="xy",
                scale_units="xy",
                scale=1,
                color="#999999",
                width=0.003,
            )
        ax.scatter(
            start[:, 0],
            start[:, 1],
            facecolors="none",
            edgecolors=POINTS,
            s=30 if few else 6,
            alpha=1.0 if few else 0.4,
            label=f"{g}'s own line",
        )
        ax.scatter(
            mixed[:, 0],
            mixed[:, 1],
            color=LINE,
            s=18 if few else 4,
            alpha=1.0 if few else 0.4,
            label=f"Mixed model ({model})",
        )
        ax.scatter(
            [lines.population_level],
            [lines.population_slope],
            marker="*",
            s=220,
            color=POPULATION,
            label="Population (fixed effects)",
            zorder=5,
        )
        ax.set_xlabel(f"{level_axis} ({labels.response_unit})" if labels.response_unit else level_axis)
        ax.set_ylabel(f"Slope ({labels.rate()})")
        # A fixed place: "best" would test every one of thousands of points and arrows.
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))

    chosen = list(analysis.panel_subjects)
    cols = min(6, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    multiples_height = 1.7 * rows + 0.9
    t_range = np.array([frame["time"].min(), frame["time"].max()], dtype=float)
    intercepts = lines.intercept()

    def multiples(axes: Sequence[Axes]) -> None:
        # Only the chosen subjects' rows: splitting all 100,000 subjects' rows costs half a minute.
        picked = frame[frame["group"].isin(chosen)]
        by_group = dict(tuple(picked.groupby("group", sort=False)))
        for ax, s in zip(axes, chosen, strict=False):
            rows_s = by_group[s]
            ax.scatter(rows_s["time"], rows_s["response"], s=8, color=POINTS, alpha=0.8)
            ax.plot(
                t_range,
                fit.intercept.estimate + fit.slope.estimate * t_range,
                color=POPULATION,
                linewidth=0.8,
                alpha=0.6,
            )
            if s in own:
                ax.plot(
                    t_range,
                    own[s].intercept + own[s].slope * t_range,
                    color=SECOND,
                    linestyle="--",
                    linewidth=1.2,
                )
            i = index[s]
            ax.plot(t_range, intercepts[i] + lines.slope[i] * t_range, color=LINE, linewidth=1.5)
            ax.set_title(f"{g} {s}", fontsize="small", pad=2)
            ax.tick_params(labelsize="x-small")
            ax.label_outer()
        for ax in axes[len(chosen) :]:
            ax.set_visible(False)
        figure = axes[0].figure
        from matplotlib.lines import Line2D

        handles = [
            Line2D([], [], color=SECOND, linestyle="--", label="Own least-squares line"),
            Line2D([], [], color=LINE, label=f"Mixed model line ({model})"),
            Line2D([], [], color=POPULATION, alpha=0.6, label="Population line"),
        ]
        # A fixed layout: constrained layout costs a second on a grid this size. Margins in inches,
        # the same on the phone version (narrower, taller, its legend in one column).
        width, height = (float(v) / figure.dpi for v in figure.bbox.size)
        across = 3 if width >= 6 else 1
        figure.subplots_adjust(
            left=0.72 / width,
            right=1 - 0.18 / width,
            top=1 - (0.55 if across == 3 else 0.95) / height,
            bottom=0.5 / height,
            hspace=0.35,
            wspace=0.08,
        )
        figure.legend(handles=handles, loc="upper center", ncols=across, fontsize="small", frameon=False)
        figure.supxlabel(labels.axis("time"), fontsize="small")
        figure.supylabel(labels.axis("response"), fontsize="small")

    effects = _effects(lines, at, labels)

    def caterpillar(axes: Sequence[Axes]) -> None:
        for ax, (b, sd, name, k) in zip(axes, effects, strict=True):
            order = caterpillar_rows(b)
            y = np.arange(len(order))
            ax.errorbar(
                b[order],
                y,
                xerr=Z95 * sd[order],
                fmt="o",
                markersize=3,
                color=POINTS,
                ecolor="#8fa8d0",
                elinewidth=1,
            )
            ax.axvline(0, color=LINE, linewidth=1)
            ax.set_yticks(
                y,
                [short_label(groups[i], CATERPILLAR_LABEL_CHARS) for i in order],
                fontsize=CATERPILLAR_LABEL_PT,
            )
            if len(order) < len(groups):  # the gap between the lowest and the highest
                ax.axhline(EXTREMES - 0.5, color="#999999", linestyle=":", linewidth=1)
            ax.set_title(name, fontsize="medium")
            unit = (labels.response_unit or "") if k == 0 else labels.rate()
            ax.set_xlabel("Deviation from the average" + (f" ({unit})" if unit else ""))

    # "every subject", "12 of 100 subjects"
    every = len(chosen) == len(groups)
    shown = f"every {noun(g)}" if every else f"{len(chosen)} of {len(groups)} {plural(g)}"
    many = len(groups) > MAX_LABELLED
    caterpillar_title = (
        f"The {EXTREMES} lowest and highest predicted random effects of {len(groups)} {plural(g)}"
        if many
        else "Predicted random effects"
    ) + f" of the {model_name(choice.model, choice.shape)}, with 95% prediction intervals"
    return [
        one_axes_job(
            "shrinkage",
            f"Partial pooling: own lines against {short} lines{sample_note(len(groups))}",
            shrinkage,
        ),
        panels_job(
            "small_multiples",
            f"Data, own line and {model_line_name(choice.model, choice.shape)} of {shown}",
            multiples,
            grid=(rows, cols),
            size=(9.0, multiples_height),
            share=True,
            layout=None,
        ),
        panels_job(
            "caterpillar",
            caterpillar_title,
            caterpillar,
            grid=(1, len(effects)),
            size=caterpillar_size(len(groups), len(effects)),
        ),
    ]


def diagnostics_figures(
    frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2
) -> list[FigureJob]:
    """Diagnostics: residuals, their spread and trend, QQ plots of the predicted random effects."""
    from reportgen.analysis.pooling import model_lines

    choice = analysis.choice
    fit, at = choice.fit, choice.reference_time
    model = model_name(choice.model, choice.shape)
    effects = _effects(model_lines(fit, at), at, labels)

    # The residuals of the model the report stands on: with every level's fitted values when there
    # is an outer or crossed grouping (analysis.checked_fit); the random effects stay ``fit``'s.
    checked = analysis.checked_fit or fit
    # named as its alt text names it (narrative.level_checks.residuals_named; statistician R 10)
    residual_model = model if analysis.checked_fit is None else "model with every level"
    residuals = frame["response"].to_numpy(float) - checked.fitted
    standardized = residuals / math.sqrt(checked.residual_var)

    sampled = point_sample(len(residuals))

    def residual_plots(axes: Sequence[Axes]) -> None:
        axes[0].scatter(checked.fitted[sampled], residuals[sampled], s=10, color=POINTS, alpha=0.6)
        axes[0].axhline(0, color=LINE, linewidth=1)
        axes[0].set_xlabel("Fitted value")
        axes[0].set_ylabel("Residual")
        axes[0].set_title(f"Residuals against fitted values{sample_note(len(residuals))}", fontsize="medium")
        qq_panel(axes[1], standardized, "Normal QQ plot of standardized residuals")

    smooth = analysis.diagnostics.smooth
    fitted_order = np.argsort(checked.fitted, kind="stable")

    def binned(x: np.ndarray, y: np.ndarray, bins: int = 12) -> tuple[np.ndarray, np.ndarray]:
        """Mean of y in bins of equal counts along x (a smooth that says what it is)."""
        parts = np.array_split(np.arange(len(x)), min(bins, max(len(x) // 5, 1)))
        return np.array([x[p].mean() for p in parts]), np.array([y[p].mean() for p in parts])

    def residual_checks(axes: Sequence[Axes]) -> None:
        root = np.sqrt(np.abs(standardized))
        axes[0].scatter(checked.fitted[sampled], root[sampled], s=10, color=POINTS, alpha=0.6)
        axes[0].plot(*binned(checked.fitted[fitted_order], root[fitted_order]), color=SECOND, linewidth=2)
        axes[0].set_xlabel("Fitted value")
        axes[0].set_ylabel("√|standardized residual|")
        axes[0].set_title("Scale-location: spread against fitted value", fontsize="medium")
        time = frame["time"].to_numpy(float)
        axes[1].scatter(time[sampled], residuals[sampled], s=10, color=POINTS, alpha=0.4)
        t, m, band = (np.asarray(v) for v in (smooth.time, smooth.mean, smooth.band))
        axes[1].fill_between(t, m - band, m + band, color=SECOND, alpha=0.2, linewidth=0)
        axes[1].plot(t, m, color=SECOND, linewidth=2, marker="o", markersize=3)
        axes[1].axhline(0, color=LINE, linewidth=1)
        axes[1].set_xlabel(labels.time)
        axes[1].set_ylabel("Residual")
        against = "time" if is_time_axis(labels.time, labels.time_unit) else noun(labels.time)
        axes[1].set_title(f"Residuals against {against}, mean with 95% band", fontsize="medium")

    def effect_qq(axes: Sequence[Axes]) -> None:
        for ax, (b, _, name, _) in zip(axes, effects, strict=True):
            qq_panel(ax, b, name + "s" if name.startswith("Random") else name)

    by_time = analysis.diagnostics.spread_by_time

    def spread_plot(axes: Sequence[Axes]) -> None:
        ax = axes[0]
        if by_time is None:
            return
        ax.plot(by_time.time, by_time.sd, color=SECOND, linewidth=2, marker="o", markersize=4)
        ax.set_ylim(bottom=0)
        ax.set_xlabel(labels.time)
        ax.set_ylabel("Residual SD" + (f" ({labels.response_unit})" if labels.response_unit else ""))

    wide = (9.0, 4.0)
    narrow = len(effects) == 1  # a random-intercept model: one panel
    what = "each time" if by_time is None or by_time.distinct_times else "each bin of time (its mean time)"
    return [
        panels_job("residuals", f"Residuals of the {residual_model}", residual_plots, grid=(1, 2), size=wide),
        panels_job(
            "residual_checks",
            "Spread and trend left in the residuals",
            residual_checks,
            grid=(1, 2),
            size=wide,
        ),
        panels_job("spread", f"Residual standard deviation at {what}", spread_plot, size=(9.0, 3.5)),
        panels_job(
            "effects_qq",
            f"Normal QQ plots of the predicted random effects of the {model}",
            effect_qq,
            grid=(1, len(effects)),
            size=(4.5, 4.0) if narrow else wide,
        ),
    ]
