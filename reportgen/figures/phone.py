"""Figures on phones (issue 25 item 5): a wide figure, once its PNG and JPEG are taken, laid out again
as its narrow version, without drawing its data again or running the layout engine a second time.

The wide figure's layout engine has measured each panel's decorations (tick labels, axis labels,
title) in inches; the narrow version keeps those margins round each panel and stacks the panels
(see :func:`reportgen.figures.base.narrow_layout`), so only one more render is paid for. It is drawn
at NARROW_DPI: a phone shows it about 349 px wide, so its text shows at the same size at any DPI
(12.1 px for 10 pt on NARROW_WIDTH inches) and fewer pixels cost less to draw and to send.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, cast

import numpy as np

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend

# 400 px for a 4 in figure: above the 349 px a 375 px phone shows it at.
NARROW_DPI = 100
# Characters of an axes title per line on a phone's figure (12 pt text on NARROW_WIDTH inches).
PHONE_TITLE_CHARS = 40
PHONE_LEGEND_CHARS = 50  # of a legend's entry (small text)
TITLE_LINE = 1.25  # a title line's height, in font sizes


def can_relay(figure: Figure, axes: Sequence[Axes], share: bool) -> bool:
    """Whether a laid-out ``figure`` can be laid out again for a phone by :func:`relay`: its axes are
    only the grid's, unshared (see :func:`relay_grid`), with no figure-level titles or legends
    (placed by the layout engine)."""
    return (
        not share
        and len(figure.axes) == len(axes)
        and not figure.legends
        and all(getattr(figure, part) is None for part in ("_suptitle", "_supxlabel", "_supylabel"))
    )


# The least space (inches) round a panel: its last tick label's half, past the axes' right end.
LEAST_MARGIN = 0.2


def margins(figure: Figure, axes: Sequence[Axes], grid: tuple[int, int]) -> tuple[float, float, float, float]:
    """The space (left, right, top, bottom, inches) the laid-out ``figure`` leaves round its panels
    of ``grid``: what their decorations need. The outer panels' space to the figure's edges, and
    between two panels what the one needs after the other's (a panel's right or bottom space is
    that of the outer ones). Space made for a legend beside or below its axes is left out:
    :func:`legends_below` moves such legends."""
    width, height = figure.get_size_inches()
    rows, columns = grid
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [ax.get_position().extents * np.array([width, height, width, height]) for ax in axes]
    outside = [_legend_outside(ax, renderer) for ax in axes]
    at = {divmod(index, columns): index for index in range(len(axes))}
    right = max(
        [LEAST_MARGIN]
        + [width - boxes[i][2] for (_, c), i in at.items() if c == columns - 1 and not outside[i][0]]
    )
    bottom = max(
        [LEAST_MARGIN] + [boxes[i][1] for (r, _), i in at.items() if r == rows - 1 and not outside[i][1]]
    )
    left = max(
        [LEAST_MARGIN]
        + [boxes[i][0] for (_, c), i in at.items() if c == 0]
        + [
            boxes[i][0] - boxes[at[r, c - 1]][2] - right
            for (r, c), i in at.items()
            if c > 0 and not outside[at[r, c - 1]][0]
        ]
    )
    top = max(
        [LEAST_MARGIN]
        + [height - boxes[i][3] for (r, _), i in at.items() if r == 0]
        + [
            boxes[at[r - 1, c]][1] - boxes[i][3] - bottom
            for (r, c), i in at.items()
            if r > 0 and not outside[at[r - 1, c]][1]
        ]
    )
    return float(left), float(right), float(top), float(bottom)


def _legend_outside(ax: Axes, renderer: object) -> tuple[bool, bool]:
    """Whether ``ax``'s legend (if any) reaches past its right end, and below its bottom."""
    legend = ax.get_legend()
    if legend is None:
        return False, False
    extent = legend.get_window_extent(renderer)  # type: ignore[arg-type]
    return bool(extent.x1 > ax.bbox.x1), bool(extent.y0 < ax.bbox.y0)


def wrap_titles(axes: Sequence[Axes]) -> float:
    """Each axes title longer than a phone's line wrapped (its font size kept); the height (inches)
    the longest one gained."""
    grown = 0.0
    for ax in axes:
        title = ax.get_title()
        if len(title) > PHONE_TITLE_CHARS:
            wrapped = textwrap.fill(title, PHONE_TITLE_CHARS)
            ax.title.set_text(wrapped)
            lines = wrapped.count("\n")
            grown = max(grown, lines * float(ax.title.get_fontsize()) * TITLE_LINE / 72)
    return grown


def relay(
    figure: Figure,
    axes: Sequence[Axes],
    grid: tuple[int, int],
    small: tuple[tuple[int, int], tuple[float, float]],
) -> None:
    """``figure`` (laid out, its layout engine off) resized and its panels moved to the narrow layout
    ``small``, at NARROW_DPI; a legend beside its axes, or wider than half of them, moved below."""
    left, right, top, bottom = margins(figure, axes, grid)
    top += wrap_titles(axes)
    (down, across), (width, height) = small
    cell = (width / across, max(height / down, top + bottom + 1.0))
    space = (left, right, top, bottom)
    figure.set_dpi(NARROW_DPI)
    _place(figure, axes, (down, across), cell, space, below=0.0)
    moved = legends_below(figure, axes, loc="lower center")
    if moved:
        below = sum(inches for _, inches in moved)
        _place(figure, axes, (down, across), cell, space, below=below)
        total = float(figure.get_figheight())
        for legend, inches in moved:  # the first one lowest
            below -= inches
            legend.set_bbox_to_anchor((0.0, below / total, 1.0, 1.0 - below / total))


def relay_grid(
    figure: Figure,
    axes: Sequence[Axes],
    grid: tuple[int, int],
    small: tuple[tuple[int, int], tuple[float, float]],
) -> None:
    """``figure`` of a fixed layout (``subplots_adjust``; small multiples, their axes shared) resized
    to ``small`` at NARROW_DPI, its margins and the gaps between panels kept in inches, its ticks
    kept, each panel's tick labels shown only on the outer side of the new grid, and a figure legend
    too wide for it set in one column under the figure's top edge."""
    width, height = figure.get_size_inches()
    params = figure.subplotpars
    rows, columns = grid
    panel_width = width * (params.right - params.left) / (columns + (columns - 1) * params.wspace)
    panel_height = height * (params.top - params.bottom) / (rows + (rows - 1) * params.hspace)
    gaps = (panel_width * params.wspace, panel_height * params.hspace)
    left, right = params.left * width, (1 - params.right) * width
    top, bottom = (1 - params.top) * height, params.bottom * height
    (down, across), (new_width, new_height) = small
    _keep_ticks(axes)
    figure.set_dpi(NARROW_DPI)
    figure.set_size_inches(new_width, new_height)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for legend in list(figure.legends):
        if legend.get_window_extent(renderer).width > figure.bbox.width:
            legend = _one_column(figure, legend)
        top = max(top, legend.get_window_extent(renderer).height / NARROW_DPI + 2 * LEAST_MARGIN)
    cell_width = (new_width - left - right - (across - 1) * gaps[0]) / across
    cell_height = (new_height - top - bottom - (down - 1) * gaps[1]) / down
    shown = sum(ax.get_visible() for ax in axes)
    for index, ax in enumerate(axes):
        row, column = divmod(index, across)
        x0 = left + column * (cell_width + gaps[0])
        y0 = new_height - top - row * (cell_height + gaps[1]) - cell_height
        ax.set_position((x0 / new_width, y0 / new_height, cell_width / new_width, cell_height / new_height))
        ax.tick_params(labelleft=column == 0, labelbottom=index + across >= shown)


def _keep_ticks(axes: Sequence[Axes]) -> None:
    """Each axis keeps the ticks it has: a small multiple's panel is about as large on a phone (two
    columns of four inches, against six of nine), and new ticks cost more than the drawing."""
    from matplotlib.ticker import FixedLocator

    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(FixedLocator(axis.get_majorticklocs().tolist()))


def _one_column(figure: Figure, legend: Legend) -> Legend:
    """A figure legend in place of ``legend`` (a legend lays its columns out when made), its entries
    in one column under the figure's top edge."""
    entries = _entries(legend)
    legend.remove()
    return figure.legend(
        [handle for handle, _ in entries],
        [text for _, text in entries],
        loc="upper center",
        ncols=1,
        fontsize="small",
        frameon=legend.get_frame_on(),
    )


def _place(
    figure: Figure,
    axes: Sequence[Axes],
    grid: tuple[int, int],
    cell: tuple[float, float],
    space: tuple[float, float, float, float],
    below: float,
) -> None:
    """``figure`` sized to ``grid`` cells of ``cell`` inches (plus ``below`` inches under them) and
    each panel placed in its cell, ``space`` (left, right, top, bottom inches) round its axes."""
    (down, across), (cell_width, cell_height) = grid, cell
    left, right, top, bottom = space
    width, height = cell_width * across, cell_height * down + below
    figure.set_size_inches(width, height)
    for index, ax in enumerate(axes):
        row, column = divmod(index, across)
        x0 = column * cell_width + left
        y1 = height - row * cell_height - top
        y0 = y1 - (cell_height - top - bottom)
        ax.set_position((x0 / width, y0 / height, (cell_width - left - right) / width, (y1 - y0) / height))


def legends_below(
    figure: Figure, axes: Sequence[Axes], loc: Literal["lower center", "outside lower center"]
) -> list[tuple[Legend, float]]:
    """Each axes legend beside its axes, or wider than half of them, moved to the figure at ``loc``
    (below the panels), each with the height (inches) it takes."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    moved: list[tuple[Legend, float]] = []
    for ax in axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        extent = legend.get_window_extent(renderer)
        if extent.x1 <= ax.bbox.x1 and extent.width <= ax.bbox.width / 2:
            continue
        entries = _entries(legend)
        short = max((len(text) for _, text in entries), default=0) <= PHONE_LEGEND_CHARS // 2
        heading = legend.get_title().get_text()
        legend.remove()
        below = figure.legend(
            [handle for handle, _ in entries],
            [textwrap.fill(text, PHONE_LEGEND_CHARS) for _, text in entries],
            title=heading or None,
            loc=loc,
            ncols=2 if short else 1,
            fontsize="small",
        )
        pad = 2 * below.borderaxespad * below.prop.get_size_in_points() / 72  # round it, inches
        moved.append((below, below.get_window_extent(renderer).height / figure.dpi + pad))
    return moved


def _entries(legend: Legend) -> list[tuple[Artist, str]]:
    """``legend``'s entries: each handle with its text."""
    return [
        (handle, text.get_text())
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True)
        if handle is not None
    ]


def palette_png(figure: Figure) -> tuple[bytes, int, int]:
    """``figure`` rendered as a PNG of at most 256 colours (a quarter of the bytes; a figure's lines,
    points and text look the same), with its width and height in pixels and its DPI recorded."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = cast(FigureCanvasAgg, figure.canvas)
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    dpi = round(figure.dpi)
    image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(
        out, format="PNG", dpi=(dpi, dpi)
    )
    return out.getvalue(), width, height
