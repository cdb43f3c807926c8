"""The outcome check's figure: the chosen model's fitted values against the values the response can take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.figures.base import LINE, POINTS, FigureJob, one_axes_job
from reportgen.words import kind_noun, noun

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis.outcome import OutcomeCheck
    from reportgen.config import Labels


def outcome_figures(frame: pd.DataFrame, check: OutcomeCheck, labels: Labels) -> list[FigureJob]:
    """A histogram of the fitted values, the range the response cannot take shaded."""
    response = noun(labels.response)

    def fitted_values(ax: Axes) -> None:
        from matplotlib.ticker import MaxNLocator

        fitted = check.fitted
        ax.hist(fitted, bins=30, color=POINTS, edgecolor="black")
        low, high = check.lower_bound, check.upper_bound
        left, right = min(float(fitted.min()), low or 0.0), max(float(fitted.max()), high or 0.0)
        pad = 0.05 * ((right - left) or 1.0)
        label = f"values no {response} can take"
        if low is not None:
            ax.axvspan(left - pad, low, color=LINE, alpha=0.15, label=label)
            ax.axvline(low, color=LINE, linewidth=1)
        if high is not None:
            ax.axvspan(high, right + pad, color=LINE, alpha=0.15, label=None if low is not None else label)
            ax.axvline(high, color=LINE, linewidth=1)
        ax.set_xlim(left - pad, right + pad)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(f"Fitted value: {labels.axis('response')}")
        ax.set_ylabel("Frequency")
        ax.legend(loc="upper right", fontsize="small")

    return [
        one_axes_job(
            "outcome_fitted",
            f"Fitted values of the linear mixed model, {kind_noun(check.kind, labels.response)}",
            fitted_values,
        )
    ]
