"""Figures on phones (issue 25 item 5): which figures get a narrow version, its shape, and that the
wide figure (the PDF's and Word's) is the same pixels with or without it."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from reportgen.figures.base import (
    LEAST_TEXT_PX,
    NARROW_WIDTH,
    PHONE_FIGURE_PX,
    _drawn,
    narrow_layout,
    one_axes_job,
    render,
    render_panels,
    with_narrow,
)
from reportgen.figures.phone import NARROW_DPI

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def _lines(axes: Sequence[Axes]) -> None:
    for k, ax in enumerate(axes):
        ax.plot([0, 1, 2], [k, k + 1, k + 3], label=f"line {k}")
        ax.set_title(f"panel {k}")


def _shown_text_px(width_inches: float) -> float:
    """10 pt text of a figure ``width_inches`` wide, shown 349 px wide (independent of the code)."""
    return 10 / 72 * PHONE_FIGURE_PX / width_inches


@pytest.mark.parametrize(
    ("grid", "size", "expected"),
    [
        ((1, 1), (6.4, 4.0), ((1, 1), (4.0, 3.0))),  # one panel: 4 x 3 in, never under 3 in high
        ((1, 2), (9.0, 3.8), ((2, 1), (4.0, 2 * 3.8 * 4.0 / 4.5))),  # two panels: stacked, their shape kept
        ((3, 6), (9.0, 6.0), ((9, 2), (4.0, 18.0))),  # small multiples: two columns, no taller than they were
        ((1, 2), (9.0, 10.0), ((2, 1), (4.0, 2 * 10.0 * 4.0 / 4.5))),  # a tall caterpillar keeps its shape
    ],
)
def test_a_figure_too_wide_for_a_phone_gets_a_narrow_layout(
    grid: tuple[int, int], size: tuple[float, float], expected: tuple[tuple[int, int], tuple[float, float]]
) -> None:
    assert _shown_text_px(size[0]) < LEAST_TEXT_PX
    layout = narrow_layout(grid, size)
    assert layout is not None
    assert layout[0] == expected[0]
    assert layout[1] == pytest.approx(expected[1])
    assert _shown_text_px(layout[1][0]) >= LEAST_TEXT_PX


@pytest.mark.parametrize("width", [5.2, 4.5, 5.38])
def test_a_figure_narrow_enough_gets_none(width: float) -> None:
    assert _shown_text_px(width) >= LEAST_TEXT_PX
    assert narrow_layout((1, 1), (width, 4.0)) is None


def test_the_line_is_9_px() -> None:
    assert narrow_layout((1, 1), (5.38, 4.0)) is None  # 9.01 px
    assert narrow_layout((1, 1), (5.40, 4.0)) is not None  # 8.98 px


def test_the_narrow_version_is_drawn_only_when_asked_and_the_wide_one_stays_the_same() -> None:
    wide = render_panels("two", "Two panels", _lines, grid=(1, 2), size=(9.0, 3.8))
    both = render_panels("two", "Two panels", _lines, grid=(1, 2), size=(9.0, 3.8), narrow=True)
    assert (wide.narrow_png, wide.narrow_width, wide.narrow_height) == (b"", 0, 0)
    assert (both.png, both.jpeg, both.width, both.height) == (wide.png, wide.jpeg, wide.width, wide.height)
    image = Image.open(io.BytesIO(both.narrow_png))
    assert image.size == (both.narrow_width, both.narrow_height)
    assert both.narrow_width == round(NARROW_WIDTH * NARROW_DPI)
    assert image.info["dpi"] == pytest.approx((NARROW_DPI, NARROW_DPI), abs=0.01)  # PNG stores dots per metre
    assert both.narrow_height > both.narrow_width  # the two panels stacked
    assert image.mode == "P"  # a palette PNG: a quarter of the bytes


def test_a_job_with_narrow_draws_the_narrow_version() -> None:
    job = one_axes_job("one", "One panel", lambda ax: ax.plot([0, 1], [1, 2]))
    assert job.draw().narrow_png == b""
    assert with_narrow(job).draw().narrow_png.startswith(b"\x89PNG")


def test_a_narrow_figure_fitting_a_phone_anyway_is_not_drawn_twice() -> None:
    image = render_panels("small", "Small", _lines, size=(4.5, 4.0), narrow=True)
    assert image.narrow_png == b""


def test_on_a_phone_a_legend_beside_the_axes_moves_below_and_a_long_title_wraps() -> None:
    def beside(axes: Sequence[Axes]) -> None:
        axes[0].plot([0, 1], [0, 1], label="a line")
        axes[0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        axes[0].set_title("A title long enough to need two lines on a phone's narrow figure")

    phone = _drawn(beside, (1, 1), (4.0, 3.0), False, "constrained", phone=True)
    wide = _drawn(beside, (1, 1), (6.4, 4.0), False, "constrained")
    assert phone.axes[0].get_legend() is None and len(phone.legends) == 1
    assert phone.get_figheight() > 3.0  # grown to hold the legend
    assert "\n" in phone.axes[0].get_title()
    assert wide.axes[0].get_legend() is not None and not wide.legends
    assert "\n" not in wide.axes[0].get_title()


def test_on_a_phone_a_small_legend_inside_the_axes_stays() -> None:
    def inside(axes: Sequence[Axes]) -> None:
        axes[0].plot([0, 1], [0, 1], label="a")
        axes[0].legend(loc="upper left")

    phone = _drawn(inside, (1, 1), (4.0, 3.0), False, "constrained", phone=True)
    assert phone.axes[0].get_legend() is not None and not phone.legends


def test_render_passes_narrow_on() -> None:
    assert render("one", "One", lambda ax: ax.plot([0, 1], [1, 2]), narrow=True).narrow_width == 400


def test_a_wrapped_title_keeps_its_font_size() -> None:
    def small_title(axes: Sequence[Axes]) -> None:
        axes[0].set_title("A small title long enough to need two lines on a phone", fontsize="small")

    phone = _drawn(small_title, (1, 1), (4.0, 3.0), False, "constrained", phone=True)
    wide = _drawn(small_title, (1, 1), (6.4, 4.0), False, "constrained")
    assert "\n" in phone.axes[0].get_title()
    assert phone.axes[0].title.get_fontsize() == wide.axes[0].title.get_fontsize()
