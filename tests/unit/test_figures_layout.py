"""The figures' layout (reportgen/figures/base.py, ``lay_out_once``): the layout engine run once,
without the dry draw of every artist, puts the axes where the dry draw did, so the pixels are the
same (compared with matplotlib's own ``draw_without_rendering``, not with our output)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from reportgen.figures.base import FIGURE_RC, lay_out_once


def two_panels(figure: Any) -> None:
    left, right = figure.subplots(1, 2)
    x = np.linspace(0, 9, 10)
    left.plot(x, 250 + 10 * x, "o-", label="mean at each time")
    left.set_xlabel("Days of sleep deprivation")
    left.set_ylabel("Average reaction time (ms)")
    left.set_title("Average trajectory")
    left.legend(loc="best", fontsize="small")
    right.scatter(x, x**3 - 400, s=12)
    right.set_ylabel("A long residual axis label that moves the panel")
    right.set_title("Residuals")
    figure.suptitle("Two panels")


def long_labels(figure: Any) -> None:
    (ax,) = figure.subplots(1, 1, squeeze=False)[0]
    ax.barh(np.arange(12), np.linspace(-40, 60, 12))
    ax.set_yticks(np.arange(12), [f"subject {1000 + i * 37}" for i in range(12)])
    ax.set_xlabel("Predicted random effect")
    ax.legend(["effect"], loc="upper left", bbox_to_anchor=(1.01, 1.0))


def rendered(build: Callable[[Any], None], lay_out: Callable[[Any], None]) -> tuple[np.ndarray, bytes]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(FIGURE_RC):
        figure = Figure(figsize=(9.0, 3.8), dpi=100, layout="constrained")
        canvas = FigureCanvasAgg(figure)
        build(figure)
        lay_out(figure)
        canvas.draw()
        return np.array([ax.get_position().bounds for ax in figure.axes]), bytes(canvas.buffer_rgba())


def dry_drawn(figure: Any) -> None:
    """What render_panels did before: a dry draw of everything, then the positions frozen."""
    figure.draw_without_rendering()
    figure.set_layout_engine("none")


@pytest.mark.parametrize("build", [two_panels, long_labels])
def test_one_run_of_the_layout_engine_gives_the_dry_draws_positions_and_pixels(
    build: Callable[[Any], None],
) -> None:
    positions, pixels = rendered(build, lay_out_once)
    expected_positions, expected_pixels = rendered(build, dry_drawn)
    np.testing.assert_allclose(positions, expected_positions, rtol=0, atol=1e-12)
    assert pixels == expected_pixels


def test_without_the_layout_engine_the_panels_stay_where_they_were_put() -> None:
    # flip: a figure never laid out keeps matplotlib's default positions, which differ
    laid_out, _ = rendered(two_panels, lay_out_once)
    unlaid, _ = rendered(two_panels, lambda figure: figure.set_layout_engine("none"))
    assert np.abs(laid_out - unlaid).max() > 1e-3
