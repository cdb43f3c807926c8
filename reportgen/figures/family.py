"""The GLMM's figure: observed shares or mean counts over time and the model's curve, on the
response's own scale (a probability stays between 0 and 1, a count above 0)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.family import coded_response
from reportgen.analysis.inference import Z95
from reportgen.figures.base import LINE, POINTS, FigureJob, one_axes_job
from reportgen.words import noun

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from reportgen.analysis.glmm import GlmmAnalysis
    from reportgen.config import Labels


def response_curve(family: str, intercept: float, slope: float, vcov: np.ndarray, grid: np.ndarray) -> tuple:
    """The typical subject's curve on the response scale with its pointwise 95% band."""
    x = np.column_stack([np.ones_like(grid), grid])
    eta = intercept + slope * grid
    se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", x, vcov, x), 0.0))

    def inverse(v: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-v)) if family == "binomial" else np.exp(v)

    return inverse(eta), inverse(eta - Z95 * se), inverse(eta + Z95 * se)


def family_figures(frame: pd.DataFrame, g: GlmmAnalysis, labels: Labels) -> list[FigureJob]:
    """The family section's figure."""
    fit = g.fits[g.chosen]
    b0, b1 = fit.fixed["(Intercept)"].estimate, fit.fixed[g.time_column].estimate
    coded = frame.assign(response=coded_response(frame["response"].to_numpy(float), g.family))
    means = coded.groupby("time")["response"].mean()
    time = frame["time"].to_numpy(float)
    grid = np.linspace(time.min(), time.max(), 100)
    if g.shaped is not None and g.shapes is not None:  # a curve chosen on the GLMM fits: draw it
        from reportgen.analysis.glmm_shape import typical_curve

        curve, low, high = typical_curve(g.shaped, g.shapes.shape, g.family, grid)
    else:
        curve, low, high = response_curve(g.family, b0, b1, fit.vcov, grid)
    binomial = g.family == "binomial"

    def draw(ax: Axes) -> None:
        ax.fill_between(grid, low, high, color=LINE, alpha=0.15, label="95% band")
        ax.plot(grid, curve, color=LINE, label=f"typical {noun(labels.group)} (random effects 0)")
        ax.plot(
            means.index,
            means.to_numpy(),
            "o",
            color=POINTS,
            label="observed share of 1s" if binomial else "observed mean",
        )
        ax.set_xlabel(labels.axis("time"))
        ax.set_ylabel("Probability of a 1" if binomial else f"Expected {noun(labels.response)}")
        if binomial:
            ax.set_ylim(0, 1)
        else:
            ax.set_ylim(bottom=0)
        ax.legend(loc="best", fontsize="small")

    title = "Predicted probability over time" if binomial else "Expected count over time"
    return [one_axes_job("family_curve", title, draw)]
