"""The report as a Word document: the rendered report HTML -> .docx (python-docx).

The document is derived from the very HTML the report and the PDF come from, element by
element, so its words and numbers are the same: headings become Word headings, tables real
Word tables with numbered captions (SEQ fields), figures pictures with their alt text, and every
computed number a run in the character style "Number". Writes nothing: bytes out.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from reportgen.errors import ConfigError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from lxml.html import HtmlElement

MONOSPACE = "Consolas"
# The character style of every computed number: a reader finds them with run.style.name.
NUMBER_STYLE = "Number"
PAPER_SIZES_MM = {"A4": (210.0, 297.0), "LETTER": (215.9, 279.4)}
MAX_FIGURE_INCHES = 6.0
CSS_PIXELS_PER_INCH = 96
# A fixed time inside the .docx archive: the same report gives the same bytes.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_SPACES = re.compile(r"\s+")
_CONTAINERS = {"main", "section", "div", "article", "header", "nav", "footer", "blockquote"}


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def html_to_docx(html: str) -> bytes:
    """Convert a rendered report (solutions or handout) to a .docx document.

    Raises:
        ConfigError: python-docx is not installed (``pip install 'reportgen[docx]'``).
    """
    try:
        import docx
    except ImportError as exc:
        raise ConfigError(
            "--format docx needs the package python-docx: pip install 'reportgen[docx]'", key="formats"
        ) from exc
    import lxml.html

    # Characters XML 1.0 cannot hold (data may carry them: a subject id with a vertical tab).
    html = XML_ILLEGAL.sub("\ufffd", html)

    root = lxml.html.document_fromstring(html)
    document = docx.Document()
    writer = _WordWriter(document)
    writer.set_up(root, html)
    body = root.body
    for element in body:
        writer.block(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(archive: bytes) -> bytes:
    """The same archive with every entry dated ZIP_TIMESTAMP (reproducible bytes)."""
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIMESTAMP)
            # PNGs are compressed already: storing them saves the time of deflating them again.
            stored = info.filename.lower().endswith((".png", ".jpeg", ".jpg"))
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: HtmlElement) -> str:
    return _SPACES.sub(" ", element.text_content()).strip()


class _WordWriter:
    """Walks the report's HTML and appends the matching Word content to one document."""

    def __init__(self, document: Document) -> None:
        self.document = document

    # --- document set-up ----------------------------------------------------------------------

    def set_up(self, root: HtmlElement, html: str) -> None:
        """Page size, margins, page numbers in the footer, and the document properties."""
        import datetime as dt

        from docx.shared import Mm, Pt

        section = self.document.sections[0]
        paper = re.search(r"@page\s*\{\s*size:\s*(\w+)", html)
        width, height = PAPER_SIZES_MM.get(paper[1].upper() if paper else "A4", PAPER_SIZES_MM["A4"])
        section.page_width, section.page_height = Mm(width), Mm(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(22))
        # The title page has no page number; every other page shows it, centred.
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        footer.alignment = 1
        _add_field(footer, "PAGE", "1")
        from docx.enum.style import WD_STYLE_TYPE

        self.document.styles.add_style(NUMBER_STYLE, WD_STYLE_TYPE.CHARACTER).hidden = False
        normal = self.document.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)

        def meta(name: str) -> str:
            found = root.xpath(f"//meta[@name='{name}']/@content")
            return str(found[0]) if found else ""

        properties = self.document.core_properties
        titles = root.xpath("//title")
        # The document's properties hold at most 255 characters each (python-docx refuses more); the
        # full title stays in the document's own heading.
        properties.title = _property(_text(titles[0]) if titles else "")
        properties.author = _property(meta("author"))
        properties.subject = _property(meta("description"))
        properties.keywords = _property(meta("keywords"))
        properties.comments = _property(meta("generator"))
        created = meta("dcterms.created")
        if created:
            stamp = dt.datetime.fromisoformat(created)
            properties.created = properties.modified = stamp
        properties.last_modified_by = meta("author")
        properties.revision = 1

    # --- blocks -------------------------------------------------------------------------------

    def block(self, element: HtmlElement) -> None:
        """Append one block element (and what it contains)."""
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = _classes(element)
        if tag == "header" and "title-page" in classes:
            self.title_page(element)
        elif tag == "nav":
            self.contents(element)
        elif tag in ("h1", "h2", "h3", "h4"):
            level = {"h1": 0, "h2": 1, "h3": 2, "h4": 3}[tag]
            self.inline(self.document.add_heading("", level=level), element)
        elif tag == "p":
            self.paragraph(element, classes)
        elif tag == "table":
            self.table(element)
        elif tag == "figure":
            self.figure(element)
        elif tag in ("ul", "ol"):
            style = "List Number" if tag == "ol" else "List Bullet"
            for item in element.iterfind("li"):
                self.inline(self.document.add_paragraph(style=style), item)
        elif tag == "pre":
            self.code(element)
        elif tag == "dl":
            self.definitions(element)
        elif tag == "div" and "rule" in classes:
            _bottom_border(self.document.add_paragraph())
        elif tag in _CONTAINERS:
            if "part-intro" in classes:
                self.document.add_page_break()
            for child in element:
                self.block(child)

    def paragraph(self, element: HtmlElement, classes: set[str]) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        if "part-label" in classes:
            self.inline(self.document.add_heading("", level=1), element)
            return
        paragraph = self.document.add_paragraph()
        self.inline(paragraph, element)
        if "label" in classes:  # "Interpretation", "Code", "Your answer: ..."
            for run in paragraph.runs:
                run.bold = True
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.keep_with_next = True
        elif "equation" in classes:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def title_page(self, header: HtmlElement) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        for _ in range(6):
            self.document.add_paragraph()
        for element in header:
            classes = _classes(element)
            if element.tag == "h1":
                self.inline(self.document.add_paragraph(style="Title"), element)
            elif element.tag == "p" and "kind" in classes:
                paragraph = self.document.add_paragraph(style="Subtitle")
                self.inline(paragraph, element)
            elif element.tag == "p" and "byline" in classes:
                paragraph = self.document.add_paragraph()
                self.inline(paragraph, element)
                for run in paragraph.runs:
                    run.font.size = Pt(13)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            else:
                self.block(element)
        self.document.add_page_break()

    def contents(self, nav: HtmlElement) -> None:
        """The contents list as the HTML has it (a Word TOC field would need updating on opening)."""
        for heading in nav.iterfind(".//h2"):
            paragraph = self.document.add_paragraph(style="TOC Heading")
            self.inline(paragraph, heading)
        for item in nav.iterfind(".//li"):
            self.inline(self.document.add_paragraph(style="List Number"), item)
        self.document.add_page_break()

    def definitions(self, element: HtmlElement) -> None:
        term = ""
        for child in element:
            if child.tag == "dt":
                term = _text(child)
            elif child.tag == "dd":
                paragraph = self.document.add_paragraph()
                paragraph.add_run(f"{term}: ").bold = True
                self.inline(paragraph, child)

    def code(self, element: HtmlElement) -> None:
        from docx.shared import Pt

        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(12)
        lines = element.text_content().rstrip("\n").split("\n")
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name = MONOSPACE
            run.font.size = Pt(8.5)
            if number < len(lines) - 1:
                run.add_break()

    def caption(self, element: HtmlElement, kind: str) -> Paragraph:
        """A numbered caption: "Table " + SEQ Table field + the caption text (number as in the HTML)."""
        paragraph = self.document.add_paragraph(style="Caption")
        numbered = element.find(".//span[@class='tabnum']") if kind == "Table" else None
        if numbered is None:
            numbered = element.find(".//span[@class='fignum']")
        number = re.search(r"\d+", _text(numbered)) if numbered is not None else None
        if number is not None and numbered is not None:
            paragraph.add_run(f"{kind} ")
            _add_field(paragraph, f"SEQ {kind} \\* ARABIC", number[0])
            paragraph.add_run(". ")
            self.inline(paragraph, element, skip=numbered)
        else:
            self.inline(paragraph, element)
        return paragraph

    def table(self, element: HtmlElement) -> None:
        from docx.shared import Pt

        caption = element.find("caption")
        if caption is not None:
            self.caption(caption, "Table").paragraph_format.keep_with_next = True
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if not rows:
            return
        width = max(sum(int(cell.get("colspan", "1")) for cell in row.xpath("./th|./td")) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        grid = table._cells  # computed once: table.cell(r, c) walks the whole table each time
        for r, row in enumerate(rows):
            header = row.getparent().tag == "thead"
            if header:
                _repeat_header(table.rows[r])
            c = 0
            for cell in row.xpath("./th|./td"):
                span = int(cell.get("colspan", "1"))
                target = grid[r * width + c]
                if span > 1:
                    target = target.merge(grid[r * width + c + span - 1])
                self.cell(target, cell, bold=cell.tag == "th")
                c += span
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        self.document.add_paragraph()

    def cell(self, target: _Cell, cell: HtmlElement, *, bold: bool) -> None:
        paragraph = target.paragraphs[0]
        self.inline(paragraph, cell)
        if bold:
            for run in paragraph.runs:
                run.bold = True

    def figure(self, element: HtmlElement) -> None:
        from docx.shared import Inches

        image = element.find(".//img")
        if image is not None:
            source = image.get("src", "")
            if source.startswith("data:image/") and ";base64," in source:
                png = base64.b64decode(source.split(";base64,", 1)[1])
                width_px = int(image.get("width") or 0) or 960
                inches = min(MAX_FIGURE_INCHES, width_px / CSS_PIXELS_PER_INCH)
                paragraph = self.document.add_paragraph()
                paragraph.paragraph_format.keep_with_next = True
                inline = paragraph.add_run().add_picture(io.BytesIO(png), width=Inches(inches))
                # The alt text screen readers (and Word's accessibility checker) read.
                properties = inline._inline.docPr
                properties.set("descr", image.get("alt", ""))
                properties.set("title", image.get("alt", "")[:250])
        caption = element.find("figcaption")
        if caption is not None:
            self.caption(caption, "Figure")

    # --- inline content -----------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, element: HtmlElement, *, skip: Any = None) -> None:
        """Append ``element``'s text and inline children as runs, collapsing white space as HTML does."""
        pieces: list[tuple[str, dict[str, Any]]] = []
        _collect(element, {}, pieces, skip)
        text_so_far = ""
        for text, style in pieces:
            text = _SPACES.sub(" ", text)
            if not text_so_far or text_so_far.endswith(" "):
                text = text.lstrip()
            if not text:
                continue
            text_so_far += text
            if style.get("key"):
                _add_number(paragraph, text, style)
            else:
                _style_run(paragraph.add_run(text), style)
        # Trailing white space of the last run.
        if paragraph.runs and paragraph.runs[-1].text.endswith(" "):
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip()


def _collect(
    element: HtmlElement, style: dict[str, Any], out: list[tuple[str, dict[str, Any]]], skip: Any
) -> None:
    """Flatten inline markup into (text, style) pieces; a number keeps its results.json key."""
    if element.text:
        out.append((element.text, style))
    for child in element:
        if child is skip or not isinstance(child.tag, str):
            if child.tail:
                out.append((child.tail, style))
            continue
        inner = dict(style)
        classes = _classes(child)
        if child.tag in ("strong", "b"):
            inner["bold"] = True
        elif child.tag in ("em", "i"):
            inner["italic"] = True
        elif child.tag == "code":
            inner["code"] = True
        elif child.tag == "span" and "num" in classes:
            inner["key"] = child.get("data-key", "")
        elif child.tag in ("sub", "sup"):
            inner[child.tag] = True
        if child.tag == "br":
            out.append(("\n", style))
        else:
            _collect(child, inner, out, skip)
        if child.tail:
            out.append((child.tail, style))


def _style_run(run: Any, style: dict[str, Any]) -> None:
    if style.get("bold"):
        run.bold = True
    if style.get("italic"):
        run.italic = True
    if style.get("code"):
        run.font.name = MONOSPACE
    if style.get("sub"):
        run.font.subscript = True
    if style.get("sup"):
        run.font.superscript = True


def _add_number(paragraph: Paragraph, text: str, style: dict[str, Any]) -> None:
    """A computed number: its own run in the character style "Number" (found again by readers)."""
    run = paragraph.add_run(text)
    run._r.style = NUMBER_STYLE  # the style's id; looking it up by name is slow in python-docx
    _style_run(run, style)


def _add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, SEQ ...) with ``shown`` as its current result."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    begin = paragraph.add_run()
    begin._r.append(char("begin"))
    code = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    code._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(char("end"))


def _repeat_header(row: Any) -> None:
    """Repeat this row at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _bottom_border(paragraph: Paragraph) -> None:
    """A writing line for the handout's answer space."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "999999")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


PROPERTY_LIMIT = 255  # characters of a Word core property (python-docx's and Word's limit)


def _property(text: str) -> str:
    """``text`` cut to a core property's length, with an ellipsis when cut."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"
