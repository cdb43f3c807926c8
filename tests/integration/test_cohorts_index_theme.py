"""The cohort index takes the [theme] as the reports do (reportgen.cohorts.index.render_index)."""

from __future__ import annotations

import base64
from pathlib import Path

from bs4 import BeautifulSoup

from reportgen.cohorts.index import render_index
from reportgen.cohorts.manifest import CohortOutcome, CohortsResult
from reportgen.config import make_config
from tests.unit.test_theme import png

LOGO = png(width=30, height=10, rgb=(0, 128, 64))


def _index(tmp_path: Path, **theme: object) -> BeautifulSoup:
    failed = CohortOutcome("A", "a", "error", "no rows", None, None, (), 0.0)
    html = render_index(CohortsResult(tmp_path, "site", (failed,)), make_config(**theme))
    return BeautifulSoup(html, "html.parser")


def _styles(soup: BeautifulSoup) -> str:
    return "\n".join(s.get_text() for s in soup.find_all("style") if s.get("media") != "screen")


def test_the_index_carries_the_theme_colour_fonts_and_logo(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(LOGO)
    soup = _index(
        tmp_path,
        theme_color="#c81e5a",
        theme_font="DejaVu Serif",
        theme_heading_font="DejaVu Sans Mono",
        theme_logo=tmp_path / "logo.png",
    )
    styles = _styles(soup)
    assert "--accent: #c81e5a;" in styles
    assert 'html { font-family: "DejaVu Serif",' in styles
    assert 'font-family: "DejaVu Sans Mono",' in styles
    logo = soup.select_one("header.title img.brand-logo")
    assert logo is not None and logo["alt"]
    assert base64.b64decode(str(logo["src"]).split(",", 1)[1]) == LOGO


def test_without_a_theme_the_index_keeps_the_built_in_look(tmp_path: Path) -> None:
    soup = _index(tmp_path)
    assert "#c81e5a" not in _styles(soup)
    assert soup.select_one("img.brand-logo") is None
