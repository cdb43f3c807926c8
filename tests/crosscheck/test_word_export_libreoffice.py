"""The sleepstudy report's .docx in a real word processor: LibreOffice converts it to PDF.

Converted as it is, its cross-references ("Figure 2", "Table 4") are links, no word of a table
is broken across lines, and the data's numbers line up on their decimal points. Converted after
updating its fields, as Word does when it opens the document (the document asks it to), its
contents list has each section's page number and links to it. Skipped without soffice, unless
REPORTGEN_REQUIRE_LIBREOFFICE=1.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from tests.crosscheck.test_word import _soffice

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

# A LibreOffice Basic macro: open the document, update its indexes (the TOC) and fields, save a PDF.
UPDATE_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub UpdatedPdf(source As String, target As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  indexes = document.getDocumentIndexes()
  For i = 0 To indexes.getCount() - 1
    indexes.getByIndex(i).update()
  Next i
  document.getTextFields().refresh()
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  document.storeToURL(ConvertToURL(target), store())
  document.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
"""


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report's .docx, its PDF as converted, and its PDF after updating the fields."""
    soffice = _soffice()
    out = tmp_path_factory.mktemp("word-lo")
    result = CliRunner().invoke(cli, ["build", "--format", "docx", "--out", str(out / "report")])
    assert result.exit_code == 0, result.output
    document = out / "report" / "report.docx"
    profile = out / "profile"
    common = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
    # Converting first also makes the profile, whose Basic library then gets the macro.
    done = subprocess.run(
        [*common, "--convert-to", "pdf", "--outdir", str(out), str(document)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(UPDATE_MACRO)
    updated = out / "updated.pdf"
    macro = f'macro:///Standard.Module1.UpdatedPdf("{document}","{updated}")'
    done = subprocess.run([*common, macro], capture_output=True, text=True, timeout=180)
    assert updated.is_file(), done.stdout + done.stderr
    return {"docx": document, "pdf": out / "report.pdf", "updated": updated}


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def _internal_links(pdf: Path, page: int) -> int:
    """Links on a page that go to a place in the document (not a web address)."""
    found = 0
    for annotation in pypdf.PdfReader(pdf).pages[page].get("/Annots") or []:
        annotation = annotation.get_object()
        action = annotation.get("/A") or {}
        if annotation.get("/Subtype") == "/Link" and ("/Dest" in annotation or action.get("/S") == "/GoTo"):
            found += 1
    return found


def _headings(document: Path) -> list[str]:
    return [p.text for p in docx.Document(str(document)).paragraphs if p.style.name == "Heading 1"]


def test_the_updated_contents_give_each_section_its_page_and_a_link(converted: dict[str, Path]) -> None:
    pages = _pages(converted["updated"])
    contents = next(i for i, text in enumerate(pages) if text.startswith("Contents"))
    entries = re.findall(r"^(.+?)\.{3,}\s*(\d+)\s*$", pages[contents], re.MULTILINE)
    headings = _headings(converted["docx"])
    assert [title for title, _ in entries] == headings  # every Heading 1, in order
    for title, page in entries:
        # The page named holds the heading (read independently from the PDF's text).
        assert title in " ".join(pages[int(page) - 1].split()), (title, page)
    assert [int(page) for _, page in entries] == sorted(int(page) for _, page in entries)
    assert _internal_links(converted["updated"], contents) >= len(entries)


def test_as_converted_the_contents_link_to_the_sections(converted: dict[str, Path]) -> None:
    pages = _pages(converted["pdf"])
    contents = next(i for i, text in enumerate(pages) if text.startswith("Contents"))
    assert "Question 1" in pages[contents]
    assert _internal_links(converted["pdf"], contents) >= 13


def test_cross_references_are_links(converted: dict[str, Path]) -> None:
    pages = _pages(converted["pdf"])
    cited = [i for i, text in enumerate(pages) if re.search(r"(Figure|Table) \d+ (shows|plots)", text)]
    assert cited
    assert all(_internal_links(converted["pdf"], page) >= 1 for page in cited)


def test_no_word_of_a_table_is_broken_across_lines(converted: dict[str, Path]) -> None:
    document = docx.Document(str(converted["docx"]))
    words = {
        word.strip("(),:;")
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for word in cell.text.split()
    }
    shown = {token.strip("(),:;") for text in _pages(converted["pdf"]) for token in text.split()}
    broken = sorted(word for word in words if len(word) > 3 and word not in shown)
    assert broken == []


def test_the_numbers_of_a_column_line_up_on_their_decimal_points(converted: dict[str, Path]) -> None:
    """The data's first rows (249.56, 258.7047 ...): every decimal point at the same place on the page."""
    reader = pypdf.PdfReader(converted["pdf"])
    page = next(p for p in reader.pages if "First 5 rows of the data" in p.extract_text())
    pieces: list[tuple[float, float, str]] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: pieces.append((tm[4], tm[5], text)))
    caption = next(y for _, y, text in pieces if "First 5 rows" in text)
    below = next(y for _, y, text in pieces if "shows the first rows" in text)
    # The numbers of the first column, each split where the decimal tab places its point.
    points = [x for x, y, text in pieces if below < y < caption and re.fullmatch(r"\.\d+", text)]
    assert len(points) == 5
    assert max(points) - min(points) < 0.5
