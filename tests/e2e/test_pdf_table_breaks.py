"""The PDF read back: a table that runs on to the next page says so (issue 25), in the report's
language: "Continued on the next page" under its last row on a page, its caption with "(continued)"
over its header row on the next. A table of 120 subjects laid out with report.css alone (about four
pages); every row is printed once and in order. The control: without the split (``MAX_LAYOUTS`` 1,
one layout as before) a continued page starts with the header row, no caption, and no page says
that the table goes on.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from reportgen import pdf_code_breaks
from reportgen.export import html_to_pdf
from reportgen.resources import resource_path

ROWS = 120
ROW = re.compile(r"^subject (\d+) ")
CAPTION = "Table 1. Every subject's slope"
WORDS = {
    "en": ("Continued on the next page", "(continued)"),
    "de": ("Fortsetzung auf der nächsten Seite", "(Fortsetzung)"),
}


def long_table(lang: str) -> str:
    css = (resource_path("templates") / "report.css").read_text()
    rows = "".join(
        f"<tr><th scope='row'>subject {i}</th><td>{i * 1.5:.2f}</td></tr>" for i in range(1, ROWS + 1)
    )
    return (
        f"<!doctype html><html lang='{lang}'><head><title>Long table</title><style>{css}</style></head>"
        "<body><main><p>A paragraph.</p><div class='table-scroll' role='region' aria-labelledby='tab-x'>"
        "<table class='numbers long'><caption id='tab-x'><span class='tabnum'>Table 1.</span> "
        "Every subject's slope</caption>"
        "<thead><tr><th scope='col'>Subject</th><th scope='col'>Slope</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div><p>After the table.</p></main></body></html>"
    )


def pages(lang: str) -> list[list[str]]:
    """Each page's lines, without its page number."""
    reader = PdfReader(io.BytesIO(html_to_pdf(long_table(lang))))
    return [[line.strip() for line in page.extract_text().splitlines()][:-1] for page in reader.pages]


def rows_printed(lines: list[str]) -> list[int]:
    return [int(m[1]) for m in map(ROW.match, lines) if m]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_table_over_pages_says_it_continues(lang: str) -> None:
    foot, mark = WORDS[lang]
    laid_out = pages(lang)
    assert len(laid_out) >= 3
    printed = [row for lines in laid_out for row in rows_printed(lines)]
    assert printed == list(range(1, ROWS + 1))  # every row once, in order
    for lines in laid_out[:-1]:  # the foot line right under the page's last row
        assert lines[-1] == foot
        assert ROW.match(lines[-2])
    assert laid_out[0][1] == CAPTION and mark not in laid_out[0][1]
    for lines in laid_out[1:]:  # the caption, marked, over the header row
        assert lines[0] == f"{CAPTION} {mark}"
        assert lines[1] == "Subject Slope"
    assert laid_out[-1][-1] == "After the table."


def test_the_control_one_layout_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_code_breaks, "MAX_LAYOUTS", 1)
    laid_out = pages("en")
    assert [lines[0] for lines in laid_out[1:]] == ["Subject Slope"] * (len(laid_out) - 1)
    assert not any("Continued on the next page" in line for lines in laid_out for line in lines)
