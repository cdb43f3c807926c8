"""Rendering: matplotlib (Agg, no pyplot: no global state) to PNG bytes; no files written here."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

DPI = 150
SIZE = (6.4, 4.0)
POINTS = "#4C72B0"
LINE = "#C44E52"
SECOND = "#DD8452"
POPULATION = "#333333"
# Scatter plots of more points than this show a fixed random sample of them: legible, and fast.
MAX_POINTS = 20_000


def point_sample(n: int) -> np.ndarray | slice:
    """Rows to draw in a scatter plot of ``n`` points: all, or a reproducible sample."""
    if n <= MAX_POINTS:
        return slice(None)
    return np.sort(np.random.default_rng(0).choice(n, MAX_POINTS, replace=False))


def sample_note(n: int) -> str:
    return "" if n <= MAX_POINTS else f" (a random {MAX_POINTS:,} of {n:,} points)"


@dataclass(frozen=True)
class FigureImage:
    """A rendered figure: file stem (``figures/<name>.png``), title and PNG bytes."""

    name: str
    title: str
    png: bytes
    width: int  # pixels
    height: int


def render(name: str, title: str, draw: Callable[[Axes], None]) -> FigureImage:
    """One set of axes, titled."""

    def draw_one(axes: Sequence[Axes]) -> None:
        draw(axes[0])
        axes[0].set_title(title)

    return render_panels(name, title, draw_one)


def render_panels(
    name: str,
    title: str,
    draw: Callable[[Sequence[Axes]], None],
    *,
    grid: tuple[int, int] = (1, 1),
    size: tuple[float, float] = SIZE,
    share: bool = False,
    layout: Literal["constrained"] | None = "constrained",
) -> FigureImage:
    """A grid of axes (rows, columns) drawn by ``draw``; the caller titles panels."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    # Labels hold data values (subject ids); never let a "$" in them start mathtext.
    with matplotlib.rc_context({"text.parse_math": False}):
        figure = Figure(figsize=size, dpi=DPI, layout=layout)
        FigureCanvasAgg(figure)
        axes = list(figure.subplots(*grid, sharex=share, sharey=share, squeeze=False).ravel())
        draw(axes)
        for ax in axes:
            ax.grid(alpha=0.3)
        # No software/date metadata: identical inputs give identical bytes.
        figure.savefig(buffer, format="png", metadata={"Software": None})
        width, height = (round(v * DPI) for v in figure.get_size_inches())
    return FigureImage(name=name, title=title, png=buffer.getvalue(), width=width, height=height)
