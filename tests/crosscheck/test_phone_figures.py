"""Figures on a phone (375 px): the text drawn in a figure must show at least 9 px high (issue 25,
item 5). A figure's image is scaled to the screen's width, so its text shows at the size it was
drawn (matplotlib's font size at the figures' DPI) times the displayed over the intrinsic width.

The cohort index's forest plot is drawn 5.2 in wide (9.3 px; it showed 6.9 px at 7 in). The report's
figures are drawn 6.4 or 9 inches wide at 150 DPI and shown 349 px wide, so their 10 pt tick labels
showed 7.6 px (one panel) or 5.4 px (two panels, small multiples); on a phone the page now serves
each one's narrow version (4 in wide: 12.1 px, at any DPI) through <picture>
(reportgen.figures.base.narrow_layout). Each image's DPI is read from its PNG.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.crosscheck.test_phone import browser, pages, phone

__all__ = ["browser", "pages", "phone"]  # the fixtures, used by name

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LEAST_TEXT_PX = 9.0
# naturalWidth is that of the image the browser chose (a <picture>'s narrow source on a phone).
SHOWN = """() => Array.from(document.querySelectorAll('figure img')).map(img => ({
  figure: img.closest('figure').id, shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
  src: img.currentSrc,
}))"""


def drawn_text_px(src: str) -> float:
    """The figures' smallest common text (tick labels at matplotlib's font size), in pixels of the
    image at ``src`` (a data: URI or a file), at the DPI its PNG records (the narrow versions are
    drawn at a lower DPI than the wide ones)."""
    import base64
    import io
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    import matplotlib
    from PIL import Image

    if src.startswith("data:"):
        content = base64.b64decode(src.split(",", 1)[1])
    else:
        content = Path(url2pathname(urlparse(src).path)).read_bytes()
    dpi = Image.open(io.BytesIO(content)).info["dpi"][0]
    return float(matplotlib.rcParams["font.size"]) / 72 * dpi


@pytest.mark.parametrize("name", ["report", "cohort index"])
def test_figure_text_shows_at_least_9_px_on_a_phone(pages: dict[str, Path], phone: Page, name: str) -> None:
    phone.goto(pages[name].resolve().as_uri(), wait_until="load")
    shown = phone.evaluate(SHOWN)
    assert shown, "no figure on the page: the test proves nothing"
    text = {f["figure"]: drawn_text_px(f["src"]) * f["shown"] / f["natural"] for f in shown}
    small = {figure: round(px, 1) for figure, px in text.items() if px < LEAST_TEXT_PX}
    assert small == {}, f"figure text under {LEAST_TEXT_PX} px at 375 px (px by figure)"


def test_a_wide_screen_takes_the_wide_figures(pages: dict[str, Path], phone: Page) -> None:
    """The narrow versions are for narrow screens only: a desktop shows the figures as drawn."""
    from reportgen.figures.base import DPI, SIZE

    phone.set_viewport_size({"width": 1200, "height": 900})
    phone.goto(pages["report"].resolve().as_uri(), wait_until="load")
    natural = [f["natural"] for f in phone.evaluate(SHOWN)]
    assert natural, "no figure on the page: the test proves nothing"
    assert min(natural) >= round(SIZE[0] * DPI)
