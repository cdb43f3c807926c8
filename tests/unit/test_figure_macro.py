"""The figure macro: a figure with a narrow version is a <picture> whose source phones take; the PDF's
HTML (for_print) and a figure without one keep the plain <img>."""

from __future__ import annotations

import dataclasses
import re

from reportgen.context import FigureView, for_print
from reportgen.render import environment

WIDE = FigureView("trend", 1, "Is the trend straight?", "alt", "data:image/png;base64,V0lERQ==", 1350, 570)
NARROW = dataclasses.replace(
    WIDE,
    print_src="reportgen-figure:trend.jpg",
    narrow_src="data:image/png;base64,TkFSUk9X",
    narrow_width=600,
    narrow_height=1013,
)


def _figure(view: FigureView) -> str:
    template = environment().from_string(
        '{% from "macros.html.j2" import figure with context %}{{ figure("trend") }}'
    )
    return template.render(figures={"trend": view})


def test_a_figure_with_a_narrow_version_serves_it_to_narrow_screens() -> None:
    html = _figure(NARROW)
    source = re.search(
        r'<picture><source media="\(max-width: 40rem\)" srcset="([^"]+)" width="(\d+)" height="(\d+)">', html
    )
    assert source is not None
    assert source.groups() == ("data:image/png;base64,TkFSUk9X", "600", "1013")
    assert re.search(
        r'<img src="data:image/png;base64,V0lERQ==" [^>]*width="1350" height="570">\s*</picture>', html
    )


def test_a_figure_without_one_is_the_plain_image() -> None:
    html = _figure(WIDE)
    assert "<picture" not in html and "<source" not in html
    assert (
        '\n  <img src="data:image/png;base64,V0lERQ==" alt="alt" width="1350" height="570">\n  <figcaption>'
        in html
    )


def test_the_pdf_takes_the_wide_print_image_only() -> None:
    printed = for_print(_Context({"trend": NARROW}))  # type: ignore[arg-type]
    view = printed.figures["trend"]
    assert (view.src, view.narrow_src) == ("reportgen-figure:trend.jpg", "")
    html = _figure(view)
    assert "<picture" not in html and "TkFSUk9X" not in html


@dataclasses.dataclass(frozen=True)
class _Context:  # for_print replaces only the figures of a ReportContext
    figures: dict[str, FigureView]
