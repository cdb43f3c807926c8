"""The narrow (phone) version laid out from the wide figure (reportgen.figures.phone): panels
stacked, every panel's decorations inside the figure and clear of the other panels, legends beside
the axes moved below them, and figures it cannot lay out again left to a second drawing."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from reportgen.figures import phone
from reportgen.figures.base import _drawn, narrow_layout, render_panels

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

GRID, SIZE = (1, 2), (9.0, 3.8)


def _panels(axes: Sequence[Axes]) -> None:
    for k, ax in enumerate(axes):
        ax.plot([0, 1000, 2000], [k, 300 * k + 100, 5000], label=f"a line of panel {k}")
        ax.set_xlabel("Days of sleep deprivation")
        ax.set_ylabel("Average reaction time (ms)")
        ax.set_title(f"Panel {k}")


def _relaid(draw: object = _panels, grid: tuple[int, int] = GRID, size: tuple[float, float] = SIZE) -> Figure:
    figure = _drawn(draw, grid, size, False, "constrained")  # type: ignore[arg-type]
    small = narrow_layout(grid, size)
    assert small is not None
    phone.relay(figure, figure.axes, grid, small)
    figure.canvas.draw()
    return figure


def _inside(inner: object, outer: object, slack: float = 1.0) -> bool:
    return (
        inner.x0 >= outer.x0 - slack  # type: ignore[attr-defined]
        and inner.y0 >= outer.y0 - slack  # type: ignore[attr-defined]
        and inner.x1 <= outer.x1 + slack  # type: ignore[attr-defined]
        and inner.y1 <= outer.y1 + slack  # type: ignore[attr-defined]
    )


def test_the_panels_are_stacked_at_the_phone_width_and_dpi() -> None:
    figure = _relaid()
    assert tuple(figure.get_size_inches())[0] == pytest.approx(4.0)
    assert figure.dpi == phone.NARROW_DPI
    first, second = (ax.get_position() for ax in figure.axes)
    assert first.x0 == pytest.approx(second.x0)  # one column
    assert first.y0 > second.y1  # the first panel above the second


def test_every_panel_with_its_labels_lies_inside_the_figure_and_clear_of_the_others() -> None:
    figure = _relaid()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [ax.get_tightbbox(renderer) for ax in figure.axes]
    assert all(_inside(box, figure.bbox) for box in boxes)
    assert boxes[0].y0 >= boxes[1].y1 - 1  # the upper panel's x label above the lower one's title


def test_a_legend_beside_the_axes_moves_below_them_and_a_long_title_wraps() -> None:
    def beside(axes: Sequence[Axes]) -> None:
        _panels(axes)
        axes[1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        axes[1].set_title("A title long enough to need two lines on a phone's narrow figure")

    figure = _relaid(beside)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    assert figure.axes[1].get_legend() is None and len(figure.legends) == 1
    legend = figure.legends[0].get_window_extent(renderer)
    assert _inside(legend, figure.bbox)
    assert legend.y1 <= min(ax.get_tightbbox(renderer).y0 for ax in figure.axes) + 1  # below the panels
    assert "\n" in figure.axes[1].get_title()
    assert all(_inside(ax.get_tightbbox(renderer), figure.bbox) for ax in figure.axes)


def test_a_legend_inside_its_axes_stays() -> None:
    def inside(axes: Sequence[Axes]) -> None:
        _panels(axes)
        axes[0].legend(loc="upper left", fontsize="small")

    figure = _relaid(inside)
    assert figure.axes[0].get_legend() is not None and not figure.legends


def test_shared_axes_and_figure_titles_are_drawn_again_instead() -> None:
    figure = _drawn(_panels, GRID, SIZE, False, "constrained")
    assert phone.can_relay(figure, figure.axes, share=False)
    assert not phone.can_relay(figure, figure.axes, share=True)
    figure.suptitle("Over both")
    assert not phone.can_relay(figure, figure.axes, share=False)


@pytest.mark.parametrize("share", [False, True])
def test_both_ways_give_a_palette_png_of_the_narrow_size(share: bool) -> None:
    image = render_panels("two", "Two", _panels, grid=GRID, size=SIZE, share=share, narrow=True)
    png = Image.open(io.BytesIO(image.narrow_png))
    assert png.mode == "P"
    assert png.size == (image.narrow_width, image.narrow_height) == (400, png.size[1])
    assert png.size[1] > png.size[0]  # stacked


def _multiples(axes: Sequence[Axes]) -> None:
    """Small multiples as the pooling section draws them: shared axes, a fixed layout, a figure
    legend of three columns across the top."""
    for k, ax in enumerate(axes[:5]):
        ax.plot([0, 9], [200, 200 + 10 * k], label="line")
        ax.set_title(f"Subject {k}", fontsize="small")
        ax.label_outer()
    axes[5].set_visible(False)
    figure = axes[0].figure
    figure.subplots_adjust(left=0.08, right=0.98, top=0.85, bottom=0.12, hspace=0.35, wspace=0.08)
    figure.legend(
        axes[0].get_lines() * 3, ["Own least-squares line", "Mixed model line", "Population line"], ncols=3
    )


def test_small_multiples_keep_their_tick_labels_on_the_new_outer_sides_and_a_legend_that_fits() -> None:
    grid, size = (2, 3), (9.0, 5.0)
    figure = _drawn(_multiples, grid, size, True, None)
    small = narrow_layout(grid, size)
    assert small is not None and small[0] == (3, 2)
    phone.relay_grid(figure, figure.axes, grid, small)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    left = [any(t.get_visible() and t.get_text() for t in ax.get_yticklabels()) for ax in figure.axes[:5]]
    bottom = [any(t.get_visible() and t.get_text() for t in ax.get_xticklabels()) for ax in figure.axes[:5]]
    assert left == [True, False, True, False, True]  # the first of each row of two
    assert bottom == [False, False, False, True, True]  # the last of each column
    legend = figure.legends[0].get_window_extent(renderer)
    assert _inside(legend, figure.bbox)
    assert legend.y0 >= max(ax.get_tightbbox(renderer).y1 for ax in figure.axes[:2]) - 1  # above the panels
