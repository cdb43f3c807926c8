"""The Word document's references (reportgen.word_export): a hanging-indent paragraph style, as CSL
styles lay out a bibliography (hanging-indent="true") and as Word and pandoc name it
("Bibliography"), not a bulleted list. Read back with python-docx; one test converts the document
with LibreOffice and reads where the lines of an entry start (skipped without soffice)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from reportgen.word_export import BIBLIOGRAPHY_STYLE, html_to_docx  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG_TITLE = "Patterns of performance degradation and restoration during sleep restriction " * 3
PAGE = f"""<!doctype html><html lang="en"><head><title>References</title>
<style>@page {{ size: A4; }}</style></head><body><main>
<section id="references"><h2>References</h2>
<ul class="references">
  <li>Bates, D. <i>et al.</i> (2015) “Fitting linear mixed-effects models using lme4”.</li>
  <li>Belenky, G. <i>et al.</i> (2003) “{LONG_TITLE}”, <i>Journal of Sleep Research</i>.</li>
</ul>
<ul><li>An ordinary list item</li></ul>
</section></main></body></html>"""


def _document(html: str = PAGE, reference: Path | None = None) -> docx.document.Document:
    return docx.Document(io.BytesIO(html_to_docx(html, reference=reference)))


def _entries(document: docx.document.Document) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in document.paragraphs if p.text.startswith(("Bates", "Belenky"))]


def _bulleted(paragraph: docx.text.paragraph.Paragraph) -> bool:
    """Whether Word draws a bullet or number before the paragraph (numbering, its own or its style's)."""
    own = paragraph._p.find(f"{W}pPr/{W}numPr") is not None
    style = paragraph.style._element.find(f"{W}pPr/{W}numPr") is not None
    return own or style


def test_each_reference_is_a_bibliography_paragraph_with_a_hanging_indent() -> None:
    document = _document()
    entries = _entries(document)
    assert [p.style.name for p in entries] == [BIBLIOGRAPHY_STYLE] * 2
    assert not any(_bulleted(p) for p in entries)
    style = document.styles[BIBLIOGRAPHY_STYLE].paragraph_format
    assert style.left_indent.pt > 0 and style.first_line_indent.pt == pytest.approx(-style.left_indent.pt)
    # The entry's text as styled: the journal and "et al." in italics.
    assert [r.text for r in entries[1].runs if r.italic] == ["et al.", "Journal of Sleep Research"]


def test_other_lists_keep_their_bullets() -> None:
    """The control: the same writer still bullets an ordinary list (the references were bulleted so)."""
    (item,) = [p for p in _document().paragraphs if p.text == "An ordinary list item"]
    assert item.style.name == "List Bullet" and _bulleted(item)


def test_a_reference_document_keeps_its_own_bibliography_style(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    reference = docx.Document()
    own = reference.styles.add_style(BIBLIOGRAPHY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    own.paragraph_format.left_indent, own.paragraph_format.first_line_indent = Pt(36), Pt(-36)
    path = tmp_path / "house.docx"
    reference.save(str(path))
    document = _document(reference=path)
    assert document.styles[BIBLIOGRAPHY_STYLE].paragraph_format.left_indent.pt == 36
    assert {p.style.name for p in _entries(document)} == {BIBLIOGRAPHY_STYLE}


@pytest.mark.slow
def test_libreoffice_lays_out_the_later_lines_of_an_entry_indented(tmp_path: Path) -> None:
    """Converted to PDF by LibreOffice: the long entry's second and third lines start to the right
    of its first line, by the style's indent (24 pt); the one-line entry starts where the first does."""
    from pypdf import PdfReader

    from tests.crosscheck.test_word import _soffice

    soffice = _soffice()
    source = tmp_path / "references.docx"
    source.write_bytes(html_to_docx(PAGE))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    command = [soffice, profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir"]
    subprocess.run([*command, str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    starts: dict[float, float] = {}  # a line's height on the page -> where its first run starts

    def run(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            starts[round(y, 1)] = min(starts.get(round(y, 1), x), x)

    page = PdfReader(tmp_path / "references.pdf").pages[0]
    page.extract_text(visitor_text=run)
    text = page.extract_text()
    lines = [line for line in text.splitlines() if line.strip()]
    first = lines.index(next(line for line in lines if line.startswith("Belenky")))
    ordered = [starts[y] for y in sorted(starts, reverse=True)]
    heading = 1  # the "References" heading is the page's first line
    bates, belenky, second, third = ordered[heading : heading + 4]
    assert first == heading + 1
    assert bates == pytest.approx(belenky, abs=0.5)
    assert second - belenky == pytest.approx(24, abs=1.5) and third == pytest.approx(second, abs=0.5)
