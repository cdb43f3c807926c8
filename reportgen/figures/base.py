"""Rendering: matplotlib (Agg, no pyplot: no global state) to PNG bytes; no files written here."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

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
    # Every axes has a light grid: each tick is made with its grid line on, rather than every tick
    # of every axes changed afterwards (``ax.grid(alpha=0.3)``, the same pixels).
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def point_sample(n: int) -> np.ndarray | slice:
    """Rows to draw in a scatter plot of ``n`` points: all, or a reproducible sample."""
    if n <= MAX_POINTS:
        return slice(None)
    return np.sort(np.random.default_rng(0).choice(n, MAX_POINTS, replace=False))


def sample_note(n: int) -> str:
    """ " (a random 5,000 of 12,345 points)" after a title whose figure draws a sample, in the
    language spoken (German "5.000 von 12.345"); "" when every point is drawn."""
    from reportgen.i18n import gettext as _

    if n <= MAX_POINTS:
        return ""
    note = _(" (a random %(shown)s of %(points)s points)")
    return note % {"shown": _count(MAX_POINTS), "points": _count(n)}


def _count(n: int) -> str:
    """A whole count with the language's digit grouping: 12,345 (English), 12.345 (German)."""
    from reportgen.i18n import SOURCE_LANGUAGE, spoken_language

    lang = spoken_language()
    if lang == SOURCE_LANGUAGE:
        return f"{n:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(n, locale=lang))


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
    # A narrow version for phones (see narrow_layout), served to HTML only; empty: none drawn.
    narrow_png: bytes = b""
    narrow_width: int = 0
    narrow_height: int = 0


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


def with_narrow(job: FigureJob) -> FigureJob:
    """``job`` drawing its figure's version for phones too (jobs of :func:`one_axes_job` and
    :func:`panels_job`, whose :func:`render` and :func:`render_panels` take ``narrow``)."""
    return replace(job, draw=functools.partial(cast(Callable[..., FigureImage], job.draw), narrow=True))


def render(name: str, title: str, draw: Callable[[Axes], None], *, narrow: bool = False) -> FigureImage:
    """One set of axes, titled (with ``narrow``, also its version for phones)."""

    def draw_one(axes: Sequence[Axes]) -> None:
        draw(axes[0])
        axes[0].set_title(title)

    return render_panels(name, title, draw_one, narrow=narrow)


def render_panels(
    name: str,
    title: str,
    draw: Callable[[Sequence[Axes]], None],
    *,
    grid: tuple[int, int] = (1, 1),
    size: tuple[float, float] = SIZE,
    share: bool = False,
    layout: Literal["constrained"] | None = "constrained",
    narrow: bool = False,
) -> FigureImage:
    """A grid of axes (rows, columns) drawn by ``draw``; the caller titles panels.

    With ``narrow`` (the output includes HTML), a figure too wide for a phone gets a version laid
    out by :func:`narrow_layout`, as ``narrow_png``: the page serves it on narrow screens.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with matplotlib.rc_context(FIGURE_RC):
        figure = _drawn(draw, grid, size, share, layout)
        png, width, height = _png(figure)
        jpeg = print_jpeg(cast(FigureCanvasAgg, figure.canvas).buffer_rgba(), (width, height))
        small = narrow_layout(grid, size) if narrow else None
        narrow_png, narrow_width, narrow_height = b"", 0, 0
        if small is not None:
            narrow_png, narrow_width, narrow_height = _narrow_png(figure, draw, grid, small, share, layout)
    return FigureImage(
        name=name,
        title=title,
        png=png,
        width=width,
        height=height,
        jpeg=jpeg,
        narrow_png=narrow_png,
        narrow_width=narrow_width,
        narrow_height=narrow_height,
    )


def _drawn(
    draw: Callable[[Sequence[Axes]], None],
    grid: tuple[int, int],
    size: tuple[float, float],
    share: bool,
    layout: Literal["constrained"] | None,
    phone: bool = False,
    dpi: float = DPI,
) -> Figure:
    """A figure of ``grid`` axes at ``size`` inches, drawn by ``draw`` and laid out (within FIGURE_RC);
    for a ``phone``, with titles wrapped and legends beside the axes moved below them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, dpi=dpi, layout=layout)
    FigureCanvasAgg(figure)
    axes = list(figure.subplots(*grid, sharex=share, sharey=share, squeeze=False).ravel())
    draw(axes)
    if phone:
        _fit_to_phone(figure, axes, movable=layout is not None)
    if layout is not None:
        lay_out_once(figure)
    return figure


def _fit_to_phone(figure: Figure, axes: Sequence[Axes], *, movable: bool) -> None:
    """A phone figure's axes titles wrapped to its width and (with a layout engine to make room)
    each legend beside its axes, or wider than half of them, moved below the figure, which grows
    to hold it: there, it squeezes or covers the axes."""
    from reportgen.figures import phone

    phone.wrap_titles(axes)
    if movable:
        moved = phone.legends_below(figure, axes, loc="outside lower center")
        width, height = figure.get_size_inches()
        figure.set_size_inches(width, height + sum(inches for _, inches in moved))


def _png(figure: Figure) -> tuple[bytes, int, int]:
    """``figure`` as PNG bytes, with its width and height in pixels."""
    buffer = io.BytesIO()
    # No software/date metadata: identical inputs give identical bytes.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    width, height = (round(v * DPI) for v in figure.get_size_inches())
    return buffer.getvalue(), width, height


def _narrow_png(
    figure: Figure,
    draw: Callable[[Sequence[Axes]], None],
    grid: tuple[int, int],
    small: tuple[tuple[int, int], tuple[float, float]],
    share: bool,
    layout: Literal["constrained"] | None,
) -> tuple[bytes, int, int]:
    """The narrow version of the wide ``figure`` (its PNG and JPEG taken): the same figure laid out
    again (see :mod:`reportgen.figures.phone`), or, when it cannot be (a layout engine's figure
    with shared axes or figure-level titles or legends), drawn again; as a palette PNG at
    NARROW_DPI, with its pixel size."""
    from reportgen.figures import phone

    axes = list(figure.axes)[: grid[0] * grid[1]]
    if layout is not None and phone.can_relay(figure, axes, share):
        phone.relay(figure, axes, grid, small)
        return phone.palette_png(figure)
    if layout is None and len(figure.axes) == len(axes):
        phone.relay_grid(figure, axes, grid, small)
        return phone.palette_png(figure)
    return phone.palette_png(_drawn(draw, *small, share, layout, phone=True, dpi=phone.NARROW_DPI))


# Cost (benchmarks/worker.py, a warm worker's 12 x 10 cohort, study report, HTML+PDF, every figure
# drawn; CPU-seconds on this shared 2-core machine, alternating runs): the figures stage 0.94 -> 1.26,
# the cohort 1.77 -> 1.96 (narrow versions laid out from the wide figures, see
# reportgen.figures.phone; drawn again, as first written, they cost about twice that). report.html
# 1.64 -> 1.91 MB; a notebook shows no narrow versions; PDF and Word are unchanged.
# A phone (375 px) shows a figure 349 px wide: text drawn at matplotlib's 10 pt (20.8 px at 150 DPI)
# shows at least 9 px only on a figure at most 808 px (5.39 in) wide. Wider ones get a narrow version.
PHONE_FIGURE_PX = 349
LEAST_TEXT_PX = 9.0
NARROW_WIDTH = 4.0  # inches: its 10 pt text shows 12.1 px on a phone
NARROW_LEAST_HEIGHT = 3.0


def narrow_layout(
    grid: tuple[int, int], size: tuple[float, float]
) -> tuple[tuple[int, int], tuple[float, float]] | None:
    """The grid and size (inches) of a figure's version for phones, or None when it needs none.

    Panels keep their order: side-by-side panels (up to two) stacked in one column, small multiples
    in two columns, NARROW_WIDTH inches wide. A panel keeps its shape, but it is never taller than it
    was nor under NARROW_LEAST_HEIGHT inches (unless it was).
    """
    import matplotlib

    text_px = float(matplotlib.rcParams["font.size"]) / 72 * DPI
    if text_px * PHONE_FIGURE_PX / (size[0] * DPI) >= LEAST_TEXT_PX:
        return None
    rows, columns = grid
    across = 1 if columns <= 2 else 2
    down = -(-rows * columns // across)
    wide_width, wide_height = size[0] / columns, size[1] / rows
    height = min(wide_height, max(NARROW_LEAST_HEIGHT, wide_height * NARROW_WIDTH / across / wide_width))
    return (down, across), (NARROW_WIDTH, height * down)


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
