"""Rendering: matplotlib (Agg, no pyplot: no global state) to PNG bytes; no files written here."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

DPI = 150
SIZE = (6.4, 4.0)
POINTS = "#4C72B0"
LINE = "#C44E52"
SECOND = "#DD8452"
POPULATION = "#333333"
# Scatter plots of more points than this show a fixed random sample of them: legible, and fast.
MAX_POINTS = 20_000


def short_label(label: str, limit: int) -> str:
    """A tick label cut to ``limit`` characters with an ellipsis: a long id (the data's, untrusted)
    would otherwise squeeze the axes to nothing."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


FIGURE_RC: dict[RcKeyType, Any] = {
    # Labels hold data values (subject ids); never let a "$" in them start mathtext.
    "text.parse_math": False,
    # Tick labels say the numbers themselves: no "+3e2" offset or "1e6" multiplier above an axis,
    # which readers miss. With nothing above the axes (no top ticks anywhere), a title can then
    # sit at a fixed height instead of being placed around the axes' decorations: that placement
    # measured every y axis twice per draw, 10-15% of the figures' time.
    "axes.formatter.useoffset": False,
    "axes.formatter.limits": (-15, 15),
    "axes.titley": 1.0,
}


def point_sample(n: int) -> np.ndarray | slice:
    """Rows to draw in a scatter plot of ``n`` points: all, or a reproducible sample."""
    if n <= MAX_POINTS:
        return slice(None)
    return np.sort(np.random.default_rng(0).choice(n, MAX_POINTS, replace=False))


def sample_note(n: int) -> str:
    return "" if n <= MAX_POINTS else f" (a random {MAX_POINTS:,} of {n:,} points)"


@dataclass(frozen=True)
class FigureImage:
    """A rendered figure: file stem (``figures/<name>.png``), title, PNG and print JPEG bytes."""

    name: str
    title: str
    png: bytes
    width: int  # pixels
    height: int
    # The same pixels for the PDF, see print_jpeg.
    jpeg: bytes = b""


class FigureStore(Protocol):
    """Figures drawn before, by key (:class:`reportgen.figure_cache.FigureCache`)."""

    def keys(self, inputs: tuple[Any, ...], names: Sequence[str]) -> list[str]:
        """One key per figure, from everything the figures are drawn from and their names."""
        ...

    def get(self, key: str, name: str) -> FigureImage | None: ...

    def put(self, key: str, image: FigureImage) -> None: ...

    def trim(self) -> None: ...


@dataclass(frozen=True)
class FigureJob:
    """A figure ready to draw: ``draw()`` renders it; ``panels`` (axes to lay out) ranks its cost."""

    draw: Callable[[], FigureImage]
    panels: int = 1
    name: str = ""  # the figure's file stem, part of its cache key


def one_axes_job(name: str, title: str, draw: Callable[[Axes], None]) -> FigureJob:
    """:func:`render`, to be run when the job is drawn."""
    return FigureJob(functools.partial(render, name, title, draw), name=name)


def panels_job(name: str, title: str, draw: Callable[[Sequence[Axes]], None], **options: Any) -> FigureJob:
    """:func:`render_panels` with its ``options``, to be run when the job is drawn."""
    rows, columns = options.get("grid", (1, 1))
    return FigureJob(functools.partial(render_panels, name, title, draw, **options), rows * columns, name)


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
    with matplotlib.rc_context(FIGURE_RC):
        figure = Figure(figsize=size, dpi=DPI, layout=layout)
        canvas = FigureCanvasAgg(figure)
        axes = list(figure.subplots(*grid, sharex=share, sharey=share, squeeze=False).ravel())
        draw(axes)
        for ax in axes:
            ax.grid(alpha=0.3)
        if layout is not None:
            lay_out_once(figure)
        # No software/date metadata: identical inputs give identical bytes.
        figure.savefig(buffer, format="png", metadata={"Software": None})
        width, height = (round(v * DPI) for v in figure.get_size_inches())
        jpeg = print_jpeg(canvas.buffer_rgba(), (width, height))
    return FigureImage(name=name, title=title, png=buffer.getvalue(), width=width, height=height, jpeg=jpeg)


def lay_out_once(figure: Figure) -> None:
    """Run ``figure``'s layout engine once, then freeze the positions it found.

    savefig would run the engine twice (a dry draw, then the real one), and
    ``draw_without_rendering`` adds a dry draw of every artist after it, 40% of a laid-out figure's
    time; the engine measures the axes' decorations itself, so the positions (and the pixels) are
    the same (``tests/unit/test_figures_layout.py``).
    """
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")


# Quality 95 without chroma subsampling: on a figure's lines and text the mean error is under
# 0.3/255 and invisible at 4x zoom (checked), and a JPEG goes into a PDF as it is, where WeasyPrint
# decodes and deflates a PNG again (0.7 s of a 27-page report's 4.5 s).
JPEG_QUALITY = 95


def print_jpeg(rgba: memoryview, size: tuple[int, int]) -> bytes:
    """The rendered canvas (RGBA, opaque) as the JPEG the PDF embeds."""
    from PIL import Image

    image = Image.frombuffer("RGBA", size, bytes(rgba), "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
    return out.getvalue()
