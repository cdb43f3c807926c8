"""The figures' light grid (reportgen/figures/base.py FIGURE_RC: axes.grid, grid.alpha) draws the
pixels that matplotlib's ``ax.grid(alpha=0.3)`` on every axes after drawing drew (compared with
matplotlib's own call on the same figure, not with our output)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from reportgen.figures.base import DPI, FIGURE_RC, lay_out_once, render_panels

GRID, SIZE = (2, 2), (6.4, 4.0)


def _draw(axes: Sequence[Any]) -> None:
    x = np.linspace(0, 9, 10)
    for k, ax in enumerate(axes):
        ax.plot(x, 250 + (k + 1) * x, "o-")
        ax.set_title(f"Panel {k}", fontsize="small")
        ax.tick_params(labelsize="x-small")


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _gridded_by_hand(share: bool, layout: Any) -> bytes:
    """The figure as render_panels drew it before: no grid from the settings, then ax.grid(alpha=0.3)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    settings = {
        key: value for key, value in FIGURE_RC.items() if not str(key).startswith(("axes.grid", "grid."))
    }
    with matplotlib.rc_context(settings):
        figure = Figure(figsize=SIZE, dpi=DPI, layout=layout)
        FigureCanvasAgg(figure)
        axes = list(figure.subplots(*GRID, sharex=share, sharey=share, squeeze=False).ravel())
        _draw(axes)
        for ax in axes:
            ax.grid(alpha=0.3)
        if layout is not None:
            lay_out_once(figure)
        out = io.BytesIO()
        figure.savefig(out, format="png", metadata={"Software": None})
        return out.getvalue()


@pytest.mark.parametrize(("share", "layout"), [(True, None), (False, "constrained")])
def test_the_grid_from_the_settings_draws_what_ax_grid_drew(share: bool, layout: Any) -> None:
    image = render_panels("g", "Grid", _draw, grid=GRID, size=SIZE, share=share, layout=layout)
    assert np.array_equal(_pixels(image.png), _pixels(_gridded_by_hand(share, layout)))
