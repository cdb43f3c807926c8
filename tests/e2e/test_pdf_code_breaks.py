"""The PDF read back: code that runs on to the next page says so (issue 25, item 3).

A code block longer than a page is split where the page broke; its part on the next page is headed
"Code (continued)", and the block starts where it stands rather than on a page of its own. Checked
on a long block laid out alone and in a seminar report whose user template makes question 1's code
130 lines longer. The control: without the split (``MAX_LAYOUTS`` 1, one layout as before) the
pages that carry on a block start with code, and the block leaves its first page nearly empty.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen import pdf_code_breaks
from reportgen.config import make_config
from reportgen.export import copy_templates, html_to_pdf
from reportgen.pipeline import build_report
from reportgen.render import highlight_python
from reportgen.resources import resource_path
from tests.e2e.test_pdf_pages import LEAST_FILL, _body, fill

LINES = 130
LINE = re.compile(r"value_(\d+) = compute\(data, step=\d+\)")
LABEL = "Code (continued)"
FOOT = "Continued on the next page"


def long_code() -> str:
    return "".join(f"value_{i} = compute(data, step={i})  # line {i}\n" for i in range(1, LINES + 1))


def _page() -> str:
    css = (resource_path("templates") / "report.css").read_text()
    return (
        f"<!doctype html><html lang='en'><head><title>Long code</title><style>{css}</style></head>"
        f"<body><main><p>A paragraph.</p><div class='code'><p class='label'>Code</p>"
        f"{highlight_python(long_code())}</div><p>After the code.</p></main></body></html>"
    )


def code_pages(pdf: bytes | Path) -> list[tuple[str, list[int]]]:
    """Each page's first body line and the code lines (their numbers) it shows."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    title = str(reader.metadata.title) if reader.metadata and reader.metadata.title else "\0"
    pages = []
    for page in reader.pages:
        body = _body(page.extract_text(), title).splitlines()
        pages.append((body[0] if body else "", [int(m[1]) for m in map(LINE.search, body) if m]))
    return pages


def last_code_line(page: object) -> str:
    """The line under a page's last line of code (its foot line, or the text after the block)."""
    body = [line.strip() for line in page.extract_text().splitlines() if line.strip()]  # type: ignore[attr-defined]
    last = max(i for i, line in enumerate(body) if LINE.search(line))
    return body[last + 1] if last + 1 < len(body) else ""


def continuations_unlabelled(pages: list[tuple[str, list[int]]]) -> list[int]:
    """The pages (1-based) that carry on a block from the page before without the label atop."""
    return [
        number
        for number, ((first, lines), (_, before)) in enumerate(zip(pages[1:], pages, strict=False), 2)
        if lines and before and lines[0] == before[-1] + 1 and first != LABEL
    ]


def _lines(pages: list[tuple[str, list[int]]]) -> list[int]:
    return [n for _, lines in pages for n in lines]


def test_a_long_block_is_labelled_on_each_page_it_carries_on_to() -> None:
    pdf = html_to_pdf(_page())
    pages = code_pages(pdf)
    assert len([p for p in pages if p[1]]) == 3  # 130 lines: three pages of code
    assert continuations_unlabelled(pages) == []
    assert [first for first, lines in pages if lines][1:] == [LABEL, LABEL]
    # the pages it breaks on say so at their foot, under their last line of code; the last does not
    assert [last_code_line(page) for page in PdfReader(io.BytesIO(pdf)).pages] == [
        FOOT,
        FOOT,
        "After the code.",
    ]
    assert _lines(pages) == list(range(1, LINES + 1))  # every line once, in order
    # Longer than a page, the block starts under the paragraph before it, not on a page of its own.
    assert pages[0][0] == "A paragraph." and pages[0][1][:1] == [1] and len(pages) == 3


def test_the_control_one_layout_leaves_the_continuations_unlabelled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_code_breaks, "MAX_LAYOUTS", 1)
    pages = code_pages(html_to_pdf(_page()))
    assert len(continuations_unlabelled(pages)) == 2
    assert _lines(pages) == list(range(1, LINES + 1))
    assert pages[0] == ("A paragraph.", [])  # kept whole, the block was moved to a page of its own


@pytest.fixture(scope="module")
def long_template_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seminar report (solutions, A4 PDF) from user templates whose question 1 code is long."""
    root = tmp_path_factory.mktemp("long-code")
    templates = root / "templates"
    copy_templates(templates)
    snippet = templates / "snippets" / "q1.py.j2"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n" + long_code(), encoding="utf-8")
    config = make_config(out_dir=root / "out", formats=("pdf",), variant="solutions", templates_dir=templates)
    build_report(config)
    return root / "out" / "report.pdf"


def test_a_user_templates_long_code_carries_on_under_the_label(long_template_report: Path) -> None:
    pages = code_pages(long_template_report)
    assert continuations_unlabelled(pages) == []
    labelled = [n for n, (first, lines) in enumerate(pages, 1) if first == LABEL]
    assert labelled and all(pages[n - 1][1] for n in labelled)  # each label heads code
    assert _lines(pages) == list(range(1, LINES + 1))
    fills = [fill(page) for page in PdfReader(long_template_report).pages[:-1]]
    assert {n: f"{f:.0%}" for n, f in enumerate(fills, 1) if f < LEAST_FILL} == {}
