"""reportgen.word_export on a small report page: the Word document's fields, bookmarks, links,
table layout and house style, read back with python-docx (no report is built: fast)."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest

from reportgen.errors import ConfigError

docx = pytest.importorskip("docx")
from reportgen.word_export import html_to_docx  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _png() -> bytes:
    """A 1 x 1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG = base64.b64encode(_png()).decode()
PAGE = f"""<!doctype html><html lang="en"><head><title>A small report</title>
<style>@page {{ size: A4; }}</style></head><body>
<header class="title-page"><h1>A small report</h1></header>
<nav class="toc"><h2 class="toc-title">Contents</h2><ol>
  <li><a href="#q1">Question 1: data</a></li><li><a href="#q2">Question 2: model</a></li>
</ol></nav>
<main>
<section id="q1"><h2>Question 1: data</h2>
<p><a href="#fig-hist">Figure 1</a> shows the data; <a href="#tab-range">Table 1</a> its range.</p>
<figure id="fig-hist"><img src="data:image/png;base64,{PNG}" alt="A histogram" width="96">
<figcaption><span class="fignum">Figure 1.</span> Histogram</figcaption></figure>
<table class="numbers"><caption id="tab-range"><span class="tabnum">Table 1.</span> Range</caption>
<thead><tr><th>Variable</th><th>Minimum</th><th>Interval</th></tr></thead>
<tbody><tr><td>Days of sleep deprivation</td><td><span class="num" data-key="a">0</span></td>
<td>0 to 9</td></tr>
<tr><td>Reaction time (ms)</td><td><span class="num" data-key="b">194.33</span></td>
<td>194.33 to 466.35</td></tr></tbody></table>
</section>
<section id="q2"><h2>Question 2: model</h2><p>As in <a href="#q1">Question 1</a>.</p>
<div class="code"><p class="label">Code</p><pre>x = 1
y = 2</pre></div></section>
</main></body></html>"""


def _document(**options: Any) -> Any:
    return docx.Document(io.BytesIO(html_to_docx(PAGE, **options)))


def _instructions(element: Any) -> list[str]:
    return [" ".join((t.text or "").split()) for t in element.iter(f"{W}instrText")]


def _bookmarks(document: Any) -> dict[str, str]:
    """Bookmark name -> the text of the runs it holds."""
    found = {}
    for start in document.element.body.iter(f"{W}bookmarkStart"):
        texts, node = [], start.getnext()
        while node is not None and node.tag != f"{W}bookmarkEnd":
            texts.extend(t.text or "" for t in node.iter(f"{W}t"))
            node = node.getnext()
        found[start.get(f"{W}name")] = "".join(texts)
    return found


def test_the_contents_are_a_toc_field_updated_on_open_with_linked_entries() -> None:
    document = _document()
    instructions = _instructions(document.element.body)
    assert instructions[0] == 'TOC \\o "1-1" \\h \\z \\u'
    entries = [p for p in document.paragraphs if p.style.name == "TOC 1" and p.text]
    assert [p.text for p in entries] == ["Question 1: data\t", "Question 2: model\t"]
    anchors = [link.get(f"{W}anchor") for p in entries for link in p._p.iter(f"{W}hyperlink")]
    assert anchors == ["q1", "q2"]
    assert [i for i in instructions if i.startswith("PAGEREF")] == ["PAGEREF q1 \\h", "PAGEREF q2 \\h"]
    update = document.settings.element.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"


def test_sections_figures_and_tables_carry_bookmarks() -> None:
    bookmarks = _bookmarks(_document())
    assert bookmarks["q1"] == "Question 1: data" and bookmarks["q2"] == "Question 2: model"
    # A caption's label and number, what a cross-reference shows ("Table 1", not its whole text).
    assert bookmarks["fig_hist"].startswith("Figure ") and bookmarks["tab_range"].startswith("Table ")
    assert bookmarks["tab_range"].replace(" ", "").endswith("1")


def test_cross_references_are_ref_fields_and_links_to_sections_hyperlinks() -> None:
    document = _document()
    first = next(p for p in document.paragraphs if p.text.startswith("Figure 1 shows"))
    assert _instructions(first._p) == ["REF fig_hist \\h", "REF tab_range \\h"]
    assert first.text == "Figure 1 shows the data; Table 1 its range."
    second = next(p for p in document.paragraphs if p.text.startswith("As in"))
    assert [link.get(f"{W}anchor") for link in second._p.iter(f"{W}hyperlink")] == ["q1"]


def test_columns_fit_their_content_and_numbers_are_aligned() -> None:
    table = _document().tables[0]
    words, numbers = (table.columns[0].width, table.columns[1].width)
    assert words > 2 * numbers  # "Days of sleep deprivation" against "Minimum"; equal before
    assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    alignment = [[cell.paragraphs[0].alignment for cell in row.cells] for row in table.rows]
    right = docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert [row[0] for row in alignment] == [None, None, None]  # words: left
    # Lone numbers line up on a decimal tab stop, under a right-aligned header.
    assert [row[1] for row in alignment] == [right, None, None]
    decimal = docx.enum.text.WD_TAB_ALIGNMENT.DECIMAL
    stops = [
        [s.alignment for s in row.cells[1].paragraphs[0].paragraph_format.tab_stops] for row in table.rows
    ]
    assert stops == [[], [decimal], [decimal]]
    # Ranges of numbers are right-aligned.
    assert [row[2] for row in alignment] == [right, right, right]


def test_a_code_block_is_kept_on_one_page_after_its_label() -> None:
    document = _document()
    label = next(i for i, p in enumerate(document.paragraphs) if p.text == "Code")
    code = document.paragraphs[label + 1]
    assert code.text == "x = 1\ny = 2"
    assert code.paragraph_format.keep_together
    assert document.paragraphs[label].paragraph_format.keep_with_next


@pytest.fixture
def house_style(tmp_path: Path) -> Path:
    """A reference document: Georgia 12 pt, an A5 page, a header, some text; no Caption style."""
    from docx.shared import Mm, Pt

    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Normal"].font.size = Pt(12)
    section = reference.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.header.paragraphs[0].text = "House of Research"
    reference.add_paragraph("The reference document's own text.")
    reference.styles.element.remove(reference.styles["Caption"].element)
    path = tmp_path / "house.docx"
    reference.save(str(path))
    return path


def test_a_reference_document_gives_styles_page_and_header_not_its_text(house_style: Path) -> None:
    document = _document(reference=house_style)
    assert document.styles["Normal"].font.name == "Georgia"
    assert round(document.sections[0].page_width.mm) == 148
    assert document.sections[0].header.paragraphs[0].text == "House of Research"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "reference document's own text" not in text and "Question 1: data" in text
    # A style the reference lacks is python-docx's own: the captions keep their style.
    assert [p.text for p in document.paragraphs if p.style.name == "Caption"][1].startswith("Table ")
    # Without a reference the document is as before: Calibri, A4.
    plain = _document()
    assert plain.styles["Normal"].font.name == "Calibri" and round(plain.sections[0].page_width.mm) == 210


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: None, "no such file"),
        (lambda path: path.mkdir(), "a folder, not a file"),
        (lambda path: path.write_text("not a zip"), "not a Word document (.docx)"),
    ],
)
def test_a_bad_reference_document_is_one_line(tmp_path: Path, make: Any, problem: str) -> None:
    path = tmp_path / "house.docx"
    make(path)
    with pytest.raises(ConfigError) as raised:
        html_to_docx(PAGE, reference=path)
    assert str(raised.value) == (
        f"reference document {str(path)!r}: {problem}; give a .docx saved from Word (--reference-docx)"
    )
    assert raised.value.key == "reference_docx"
