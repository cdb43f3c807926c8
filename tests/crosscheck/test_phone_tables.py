"""Wide tables on a phone (375 px, light and dark): the box a table scrolls in shows that it does (a
shadow at the edge with more beyond it), and its caption wraps within the screen instead of being
cut at the right edge, in the report and in the cohort index."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.crosscheck.test_phone import browser, pages, phone

__all__ = ["browser", "pages", "phone"]  # the fixtures, used by name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCROLLING = """() => Array.from(document.querySelectorAll('.table-scroll'))
  .filter(box => box.scrollWidth > box.clientWidth + 1)
  .map(box => {
    const caption = box.querySelector('caption');
    const style = getComputedStyle(box);
    return {
      caption: caption ? caption.id : null,
      captionRight: caption ? caption.getBoundingClientRect().right : null,
      boxRight: box.getBoundingClientRect().right,
      shadows: (style.backgroundImage.match(/radial-gradient/g) || []).length,
      attachment: style.backgroundAttachment,
    };
  })"""


@pytest.mark.parametrize("name", ["report", "cohort index"])
def test_a_wide_table_shows_it_scrolls_and_its_caption_wraps(
    pages: dict[str, Path], phone: Page, name: str
) -> None:
    phone.goto(pages[name].resolve().as_uri(), wait_until="load")
    boxes = phone.evaluate(SCROLLING)
    if name == "report":
        assert len(boxes) >= 3, "no table is wider than a phone: the test proves nothing"
    for box in boxes:
        assert box["shadows"] == 2 and "scroll" in box["attachment"] and "local" in box["attachment"], box
        if box["caption"] is not None:
            assert box["captionRight"] <= box["boxRight"] + 0.5, box  # wrapped, not cut at the edge


def test_the_right_edge_shadow_is_drawn_where_the_table_goes_on(pages: dict[str, Path], phone: Page) -> None:
    """The pixels: the box's right edge (more table beyond it) is darker or lighter than its left
    edge (nothing before it) by the shadow, in the light and the dark scheme."""
    from io import BytesIO

    from PIL import Image

    phone.goto(pages["report"].resolve().as_uri(), wait_until="load")
    box = phone.locator(".table-scroll:has(#tab-random_slope-fixed)")
    box.scroll_into_view_if_needed()
    shot = Image.open(BytesIO(box.screenshot())).convert("L")
    width, height = shot.size
    row = height // 2 + 10  # between rows of text: a band of the table's background

    def edge(xs: range) -> float:
        return sum(shot.getpixel((x, y)) for x in xs for y in range(row - 4, row + 4)) / (len(xs) * 8)

    left, right = edge(range(0, 3)), edge(range(width - 3, width))
    assert abs(right - left) > 12, (left, right)
