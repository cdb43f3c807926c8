"""The report as a Word document: the rendered report HTML -> .docx (python-docx).

The document is derived from the very HTML the report and the PDF come from, element by
element, so its words and numbers are the same: headings become Word headings, tables real
Word tables with numbered captions (SEQ fields), figures pictures with their alt text, and every
computed number a run in the character style "Number". It is a Word document as Word writes one:
the contents are a TOC field (entries linked to bookmarks, page numbers PAGEREF fields, updated
when the document opens), every section, figure and table carries a bookmark, and the text's
"Figure 2" and "Table 4" are REF fields linking to them; table columns are as wide as their
content needs (:mod:`reportgen.word_layout`), number cells right-aligned, code blocks kept on one
page. A reference document (``--reference-docx``, the convention of pandoc and Quarto) gives the
styles, the page and the headers and footers. Writes nothing: bytes out.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import ConfigError
from reportgen.i18n import SOURCE_LANGUAGE, language_tag
from reportgen.pdf_code_breaks import continued_label
from reportgen.word_code import CODE_FONT_PT, CODE_LINE_PT, code_parts, lines_per_page
from reportgen.word_layout import (
    bookmark_name,
    column_widths,
    decimal_tail,
    is_number_cell,
    longest_word,
    text_width,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph
    from lxml.html import HtmlElement

    from reportgen.theme import Theme

MONOSPACE = "Consolas"
# The character style of every computed number: a reader finds them with run.style.name.
NUMBER_STYLE = "Number"
PAPER_SIZES_MM = {"A4": (210.0, 297.0), "LETTER": (215.9, 279.4)}
MAX_FIGURE_INCHES = 6.0
CSS_PIXELS_PER_INCH = 96
# A fixed time inside the .docx archive: the same report gives the same bytes.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
EMU_PER_POINT = 12700
_SPACES = re.compile(r"\s+")
_CONTAINERS = {"main", "section", "div", "article", "header", "nav", "footer", "blockquote"}
# Table text: 9 pt; a cell's padding 2 x 5.4 pt (Word's and LibreOffice's default), and some.
TABLE_FONT_PT = 9.0
CELL_PADDING_PT = 12.0
LONGEST_WANTED = 60.0  # em: a longer cell wraps anyway
# The Word styles the writer uses: a reference document that lacks one gets python-docx's own.
PARAGRAPH_STYLES = ("Title", "Subtitle", "Caption", "TOC Heading", "List Number", "List Bullet")
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
TOC_STYLE = "TOC 1"
LINK_STYLE = "Hyperlink"
# The references' paragraph style, as Word and pandoc name it: hanging indents, no bullets (CSL's
# hanging-indent="true"); a reference document that has the style keeps its own.
BIBLIOGRAPHY_STYLE = "Bibliography"
HANGING_INDENT_PT = 24.0


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def html_to_docx(html: str, *, reference: Path | None = None, theme: Theme | None = None) -> bytes:
    """Convert a rendered report (solutions or handout) to a .docx document.

    Args:
        html: the rendered report.
        reference: a .docx whose styles, page set-up, headers and footers the document takes
            (its content is left out), or None for python-docx's default template.
        theme: the ``[theme]`` branding (fonts, colour, logo in the header), applied over the
            reference document's styles.

    Raises:
        ConfigError: python-docx is not installed (``pip install 'reportgen[docx]'``), or
            ``reference`` is missing or not a Word document.
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
    document = docx.Document() if reference is None else _reference_document(reference)
    writer = _WordWriter(document, house_style=reference is not None)
    writer.set_up(root, html)
    body = root.body
    for element in body:
        writer.block(element)
    if theme is not None:
        from reportgen.word_theme import apply_theme

        apply_theme(document, theme)
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

    def __init__(self, document: Document, *, house_style: bool = False) -> None:
        self.document = document
        self.house_style = house_style  # styles, page and footer come from a reference document
        # HTML id -> bookmark name, of every target a link may point to; `referable` those whose
        # bookmark holds a number ("Figure 2"), shown again by a REF field where the text cites it.
        self.bookmarks: dict[str, str] = {}
        self.referable: set[str] = set()
        self.section_headings: dict[Any, str] = {}  # a section's heading element -> its bookmark
        self.next_bookmark_id = 0
        self.lang = SOURCE_LANGUAGE  # the document's (<html lang>), read by set_up

    # --- document set-up ----------------------------------------------------------------------

    def set_up(self, root: HtmlElement, html: str) -> None:
        """Page size, margins, page numbers in the footer, and the document properties."""
        import datetime as dt

        from docx.shared import Mm, Pt

        self.find_targets(root)
        section = self.document.sections[0]
        if not self.house_style:
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
            normal = self.document.styles["Normal"]
            normal.font.name = "Calibri"
            normal.font.size = Pt(10.5)
        _add_character_styles(self.document)
        _add_toc_style(self.document, _text_width(section))
        _add_bibliography_style(self.document)
        _update_fields_on_open(self.document)

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
        lang = self.lang = root.get("lang") or SOURCE_LANGUAGE
        if lang != SOURCE_LANGUAGE:  # English keeps the template's en-US, as it always had
            _set_language(self.document, lang)

    def find_targets(self, root: HtmlElement) -> None:
        """Name a bookmark for every section, figure and table a link may point to."""
        for element in root.xpath("//section[@id] | //figure[@id] | //caption[@id]"):
            html_id = element.get("id")
            if html_id in self.bookmarks:  # an id given twice: links go to the first, as in a browser
                continue
            name = bookmark_name(html_id, self.bookmarks.values())
            if element.tag == "section":
                heading = element.find("./h2")
                if heading is None:
                    continue
                self.section_headings[heading] = name
            else:
                self.referable.add(html_id)
            self.bookmarks[html_id] = name

    def bookmark(self, paragraph: Paragraph, name: str, runs_from: int = 0) -> None:
        """Put the paragraph's runs from ``runs_from`` on (all its content so far) in bookmark ``name``."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_bookmark_id))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.next_bookmark_id))
        self.next_bookmark_id += 1
        runs = paragraph._p.r_lst
        if runs_from < len(runs):
            runs[runs_from].addprevious(start)
        else:
            paragraph._p.append(start)
        paragraph._p.append(end)

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
            heading = self.document.add_heading("", level=level)
            self.inline(heading, element)
            if element in self.section_headings:
                self.bookmark(heading, self.section_headings[element])
        elif tag == "p":
            self.paragraph(element, classes)
        elif tag == "table":
            self.table(element)
        elif tag == "figure":
            self.figure(element)
        elif tag == "ul" and "references" in classes:
            for item in element.iterfind("li"):
                self.inline(self.document.add_paragraph(style=BIBLIOGRAPHY_STYLE), item)
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
        """The contents as a TOC field, filled in as Word fills it: the HTML's entries, each a link
        to its section's bookmark with a PAGEREF field for its page (Word updates the whole field
        when the document opens; LibreOffice computes the page numbers when it lays the pages out).
        """
        for heading in nav.iterfind(".//h2"):
            paragraph = self.document.add_paragraph(style="TOC Heading")
            self.inline(paragraph, heading)
        entries = [
            (_text(link), self.bookmarks[link.get("href")[1:]])
            for link in nav.iterfind(".//li/a")
            if link.get("href", "")[1:] in self.bookmarks
        ]
        if not entries:
            return
        for number, (text, name) in enumerate(entries):
            paragraph = self.document.add_paragraph(style=TOC_STYLE)
            if number == 0:
                _field_start(paragraph, 'TOC \\o "1-1" \\h \\z \\u')
            link = _hyperlink(paragraph, name)
            _link_run(link, text)
            _link_run(link, "\t")
            _field_into(link, f"PAGEREF {name} \\h", "")
        _field_end(self.document.add_paragraph(style=TOC_STYLE))
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
        """A code block kept on one page; one longer than a page in parts, each after the first on a
        new page under "Code (continued)" (:mod:`reportgen.word_code`)."""
        from docx.shared import Pt

        lines = element.text_content().rstrip("\n").split("\n")
        for part_number, part in enumerate(code_parts(lines, lines_per_page(_text_height_pt(self.document)))):
            if part_number:
                label = self.document.add_paragraph()
                label.add_run(continued_label(self.lang)).bold = True
                label.paragraph_format.page_break_before = True
                label.paragraph_format.keep_with_next = True
                label.paragraph_format.space_after = Pt(2)
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(12)
            paragraph.paragraph_format.keep_together = True  # a code block is not split across pages
            # Lines exactly CODE_LINE_PT apart, whatever font the word processor finds: the parts are
            # cut to fit a page at that height (LibreOffice set them 11.6 pt apart, and a part ran over).
            paragraph.paragraph_format.line_spacing = Pt(CODE_LINE_PT)
            for number, line in enumerate(part):
                run = paragraph.add_run(line)
                run.font.name = MONOSPACE
                run.font.size = Pt(CODE_FONT_PT)
                if number < len(part) - 1:
                    run.add_break()

    def caption(self, element: HtmlElement, kind: str, html_id: str | None) -> Paragraph:
        """A numbered caption: "Table " + SEQ Table field + the caption text (number as in the HTML).

        The label and number ("Table 4") are bookmarked under the HTML id, for the REF fields that
        cite it; an unnumbered caption is bookmarked whole.
        """
        paragraph = self.document.add_paragraph(style="Caption")
        numbered = element.find(".//span[@class='tabnum']") if kind == "Table" else None
        if numbered is None:
            numbered = element.find(".//span[@class='fignum']")
        number = re.search(r"\d+", _text(numbered)) if numbered is not None else None
        name = self.bookmarks.get(html_id or "")
        if number is not None and numbered is not None:
            # The label as the HTML writes it, in the report's language ("Tabelle"); the field keeps its kind.
            paragraph.add_run(f"{_text(numbered)[: number.start()].strip() or kind} ")
            _add_field(paragraph, f"SEQ {kind} \\* ARABIC", number[0])
            if name:
                self.bookmark(paragraph, name)
            paragraph.add_run(". ")
            self.inline(paragraph, element, skip=numbered)
        else:
            self.inline(paragraph, element)
            if name:
                self.bookmark(paragraph, name)
        return paragraph

    def table(self, element: HtmlElement) -> None:
        from docx.shared import Pt

        caption = element.find("caption")
        if caption is not None:
            self.caption(caption, "Table", caption.get("id")).paragraph_format.keep_with_next = True
        rows = element.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if not rows:
            return
        width = max(sum(int(cell.get("colspan", "1")) for cell in row.xpath("./th|./td")) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        grid = table._cells  # computed once: table.cell(r, c) walks the whole table each time
        layout = _TableLayout(width)
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
                layout.add(c, span, _text(cell), header=header or cell.tag == "th")
                c += span
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(TABLE_FONT_PT)
        layout.apply(table, _text_width(self.document.sections[-1]) / EMU_PER_POINT, rows)
        self.document.add_paragraph()

    def cell(self, target: _Cell, cell: HtmlElement, *, bold: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = target.paragraphs[0]
        self.inline(paragraph, cell)
        if bold:
            for run in paragraph.runs:
                run.bold = True
        if is_number_cell(_text(cell)):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

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
            self.caption(caption, "Figure", element.get("id"))

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
            anchor = style.get("anchor", "")
            if anchor in self.referable:  # "Figure 2": a REF field showing the caption's number
                _field_into(paragraph._p, f"REF {self.bookmarks[anchor]} \\h", text)
            elif anchor in self.bookmarks:  # a section: a link to its heading
                _link_run(_hyperlink(paragraph, self.bookmarks[anchor]), text)
            elif style.get("key"):
                _add_number(paragraph, text, style)
            else:
                _style_run(paragraph.add_run(text), style)
        # Trailing white space of the last run.
        if paragraph.runs and paragraph.runs[-1].text.endswith(" "):
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip()


class _TableLayout:
    """What a table's columns hold, gathered cell by cell; then their widths and alignment set."""

    def __init__(self, columns: int) -> None:
        self.narrowest = [0.0] * columns  # em of the longest word
        self.wanted = [0.0] * columns  # em of the longest cell
        self.numbers: list[bool | None] = [None] * columns  # every body cell a number (None: no cells)
        # Per column, the widest part right of a decimal point (em); None: a body cell is no lone number.
        self.tails: list[float | None] = [0.0] * columns

    def add(self, column: int, span: int, text: str, *, header: bool) -> None:
        if span == 1:  # a cell over several columns leaves their widths to the others
            self.narrowest[column] = max(self.narrowest[column], longest_word(text))
            self.wanted[column] = max(self.wanted[column], min(text_width(text), LONGEST_WANTED))
        if not header and span == 1 and text:
            self.numbers[column] = self.numbers[column] is not False and is_number_cell(text)
            tail, widest = decimal_tail(text), self.tails[column]
            self.tails[column] = None if tail is None or widest is None else max(widest, text_width(tail))

    def apply(self, table: Any, available: float, rows: list[Any]) -> None:
        """Fixed column widths fitted to the content; in a column of numbers the header is
        right-aligned and, when each body cell is one number, the numbers line up on their decimal
        points (a decimal tab stop, which Word and LibreOffice apply in a cell without a tab)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        from docx.shared import Pt
        from docx.text.paragraph import Paragraph

        def points(em: float) -> float:
            return em * TABLE_FONT_PT + CELL_PADDING_PT

        widths = column_widths(
            [points(n) for n in self.narrowest], [points(w) for w in self.wanted], available
        )
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
        for tr, row in zip(table._tbl.tr_lst, rows, strict=True):
            column = 0
            for tc, cell in zip(tr.tc_lst, row.xpath("./th|./td"), strict=False):
                tc.width = Pt(sum(widths[column : column + tc.grid_span]))
                header = cell.tag == "th" or row.getparent().tag == "thead"
                numbers = tc.grid_span == 1 and self.numbers[column] is True
                tail = self.tails[column]
                for p in tc.xpath("./w:p") if numbers else ():
                    if header:
                        p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
                    elif tail is not None:
                        stop = widths[column] - CELL_PADDING_PT - tail * TABLE_FONT_PT
                        p.get_or_add_pPr().jc_val = None  # left: the tab stop places it
                        Paragraph(p, table).paragraph_format.tab_stops.add_tab_stop(
                            Pt(max(stop, 0.0)), WD_TAB_ALIGNMENT.DECIMAL
                        )
                column += tc.grid_span


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
        if child.tag == "a" and child.get("href", "").startswith("#") and not child.xpath(".//*[@data-key]"):
            out.append((child.text_content(), {**inner, "anchor": child.get("href")[1:]}))
        elif child.tag == "br":
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
    _field_into(paragraph._p, instruction, shown)


def _field_into(parent: Any, instruction: str, shown: str) -> None:
    """A complex field appended to a paragraph's or a hyperlink's XML element ``parent``."""
    _field_start(parent, instruction)
    _run(parent, shown)
    _field_end(parent)


def _run(parent: Any, text: str = "", style: str | None = None) -> Any:
    """A run (``w:r``) appended to ``parent`` (a paragraph, its XML element or a hyperlink);
    a tab character becomes Word's tab."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = OxmlElement("w:r")
    if style:
        properties = OxmlElement("w:rPr")
        style_element = OxmlElement("w:rStyle")
        style_element.set(qn("w:val"), style)
        properties.append(style_element)
        run.append(properties)
    if text == "\t":
        run.append(OxmlElement("w:tab"))
    elif text:
        element = OxmlElement("w:t")
        element.set(qn("xml:space"), "preserve")
        element.text = text
        run.append(element)
    getattr(parent, "_p", parent).append(run)
    return run


def _fld_char(parent: Any, kind: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    _run(parent).append(element)


def _field_start(parent: Any, instruction: str) -> None:
    """A field's beginning and instruction, up to where its result starts."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _fld_char(parent, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    _run(parent).append(instr)
    _fld_char(parent, "separate")


def _field_end(parent: Any) -> None:
    _fld_char(parent, "end")


def _hyperlink(paragraph: Paragraph, bookmark: str) -> Any:
    """An internal hyperlink (to ``bookmark``) appended to the paragraph; runs go inside it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def _link_run(link: Any, text: str) -> None:
    _run(link, text, LINK_STYLE if text != "\t" else None)


def _add_character_styles(document: Document) -> None:
    """The character styles "Number" (every computed number) and "Hyperlink", when missing."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import RGBColor

    names = {style.name for style in document.styles}
    if NUMBER_STYLE not in names:
        document.styles.add_style(NUMBER_STYLE, WD_STYLE_TYPE.CHARACTER).hidden = False
    if LINK_STYLE not in names:
        link = document.styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True


def _text_height_pt(document: Document) -> float:
    """The height between the last section's top and bottom margins, in points (A4 with 22 mm
    margins where a house style's page does not say)."""
    from docx.shared import Mm

    section = document.sections[-1]
    height = section.page_height if section.page_height is not None else Mm(PAPER_SIZES_MM["A4"][1])
    margins = [Mm(22) if side is None else side for side in (section.top_margin, section.bottom_margin)]
    return float(height - sum(margins)) / EMU_PER_POINT


def _text_width(section: Any) -> int:
    """The width between the margins, in EMU (A4 with 22 mm margins where the page does not say)."""
    from docx.shared import Mm

    width = section.page_width if section.page_width is not None else Mm(PAPER_SIZES_MM["A4"][0])
    margins = [Mm(22) if side is None else side for side in (section.left_margin, section.right_margin)]
    return int(width - sum(margins))


def _add_toc_style(document: Document, text_width: Any) -> None:
    """The paragraph style "TOC 1" (a contents entry: page number at the right margin after dots)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    if TOC_STYLE in {style.name for style in document.styles}:
        return
    style = document.styles.add_style(TOC_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _add_bibliography_style(document: Document) -> None:
    """The paragraph style "Bibliography": each entry's lines after its first indented under it."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    if BIBLIOGRAPHY_STYLE in {style.name for style in document.styles}:
        return
    style = document.styles.add_style(BIBLIOGRAPHY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.paragraph_format.left_indent = Pt(HANGING_INDENT_PT)
    style.paragraph_format.first_line_indent = Pt(-HANGING_INDENT_PT)
    style.paragraph_format.space_after = Pt(4)


def _update_fields_on_open(document: Document) -> None:
    """Ask Word to update the fields (the TOC's entries and pages) when it opens the document."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # The schema orders the settings: updateFields comes before these (Word refuses another order).
    later = [child for child in settings if child.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS]
    if later:
        later[0].addprevious(update)
    else:
        settings.append(update)


_AFTER_UPDATE_FIELDS = frozenset(
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang "
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol "
    "listSeparator".split()
)


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


def _set_language(document: Document, lang: str) -> None:
    """The document's language (``<html lang>``): its property, and the default language of its text
    (``w:lang`` of the document defaults), so Word checks spelling and hyphenates in it."""
    from docx.oxml.ns import qn

    tag = language_tag(lang)
    document.core_properties.language = tag
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    element = properties.find(qn("w:lang"))
    if element is None:
        element = properties.makeelement(qn("w:lang"), {})
        properties.append(element)
    element.set(qn("w:val"), tag)


def _property(text: str) -> str:
    """``text`` cut to a core property's length, with an ellipsis when cut."""
    return text if len(text) <= PROPERTY_LIMIT else text[: PROPERTY_LIMIT - 1] + "…"


def _reference_document(path: Path) -> Document:
    """The reference document, emptied of its content but for its last section's page set-up;
    styles the writer uses and it lacks are copied from python-docx's default template.

    Raises:
        ConfigError: the file is missing or not a Word document.
    """
    import copy

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from reportgen.zip_limits import unpacked_size_problem

    problem = "no such file" if not path.exists() else "a folder, not a file" if path.is_dir() else ""
    problem = problem or unpacked_size_problem(path) or ""  # before a byte is inflated
    if not problem:
        try:
            document = docx.Document(str(path))
        # python-docx meets a broken package part with whatever its reader raises (break round 9:
        # an empty [Content_Types].xml gave AttributeError from its package reader).
        except (
            PackageNotFoundError,
            zipfile.BadZipFile,
            KeyError,
            ValueError,
            SyntaxError,
            AttributeError,
            TypeError,
        ):
            problem = "not a Word document (.docx)"
    if problem:
        raise ConfigError(
            f"reference document {str(path)!r}: {problem}; give a .docx saved from Word (--reference-docx)",
            key="reference_docx",
        )
    body = document.element.body
    for child in list(body):
        if child.tag.split("}")[-1] != "sectPr":
            body.remove(child)
    have = {style.name for style in document.styles}
    default = docx.Document().styles
    for name in (*PARAGRAPH_STYLES, *HEADING_STYLES, "Table Grid"):
        if name not in have:
            document.styles.element.append(copy.deepcopy(default[name].element))
    return document
