"""Tables that run on to the next PDF page say so (issue 25), as code blocks do
(:mod:`reportgen.pdf_code_breaks`): "Continued on the next page" at the foot of the page where a table
breaks, and its caption with "(continued)" at the head of its part on the next.

WeasyPrint repeats a table's header row on the next page but not its caption, and has no fragment
pseudo-elements to label the part there. So a table found on two pages in a layout is split in the
HTML where the page broke: a copy with the body rows the first page holds, less the last
:data:`FOOT_ROWS` (whose room the foot line takes, so the break stays where it was), the foot line,
then a copy with the caption marked "(continued)", the header row and the rest of the rows. The
document is then laid out again (:func:`reportgen.pdf_code_breaks.lay_out`); a table over three
pages is split once per layout, at its first break.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from reportgen.i18n import translations

# Body rows the foot line takes the room of (report.css: a row is 0.92rem x 1.5 and its padding, the
# foot line 0.8rem of text and its margin).
FOOT_ROWS = 1
FOOT_CLASS = "table-continues"  # the foot line under the part before a break
CONTINUED_CLASS = "table-continued"  # the part after a break (and its caption's marker)


def continued_mark(lang: str) -> str:
    """What a table's caption says on the page it is continued on, in the report's language."""
    _ = translations(lang).gettext
    return _("(continued)")


def _row_boxes(box: Any) -> Iterator[Any]:
    """The page's boxes of table body rows (``tr`` outside ``thead``), in layout order."""
    if box.element_tag == "thead":
        return
    if box.element_tag == "tr" and box.element is not None:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _row_boxes(child)


def first_breaks(document: Any, tables: dict[Element, Element]) -> dict[Element, int]:
    """Each table laid out on more than one page -> how many of its body rows its first page holds.
    ``tables`` maps each body row (``tr``) of the HTML to its table."""
    pages: dict[Element, list[int]] = {}
    for number, page in enumerate(document.pages):
        for box in _row_boxes(page._page_box):
            table = tables.get(box.element)
            if table is not None:
                pages.setdefault(table, []).append(number)
    return {table: numbers.count(numbers[0]) for table, numbers in pages.items() if len(set(numbers)) > 1}


def body_rows(table: Element) -> list[Element]:
    """The table's rows outside its header (``thead``), in document order."""
    rows: list[Element] = []
    for part in table:
        if part.tag == "tr":
            rows.append(part)
        elif part.tag in ("tbody", "tfoot"):
            rows.extend(row for row in part if row.tag == "tr")
    return rows


def _drop_rows(table: Element, keep: set[int]) -> None:
    """Remove the body rows of ``table`` whose positions (in :func:`body_rows`) are not in ``keep``."""
    parents = {child: parent for parent in table.iter() for child in parent}
    for index, row in enumerate(body_rows(table)):
        if index not in keep:
            parents[row].remove(row)


def _mark_continued(table: Element, mark: str) -> None:
    """The continued part: no ids of its own copied (the caption's id stays the first part's), its
    caption followed by ``mark`` unless it carries it already (a third page's part)."""
    for element in table.iter():
        if element.get("id"):
            element.set("id", element.get("id", "") + "-continued")
    table.set("class", " ".join([*(table.get("class") or "").split(), CONTINUED_CLASS]))
    caption = table.find("caption")
    if caption is None or any(CONTINUED_CLASS in (e.get("class") or "") for e in caption):
        return
    marker = Element("span", {"class": CONTINUED_CLASS})
    marker.text = mark
    if len(caption):
        caption[-1].tail = (caption[-1].tail or "").rstrip() + " "
    else:
        caption.text = (caption.text or "").rstrip() + " "
    caption.append(marker)


def split_at(table: Element, rows: int, mark: str, spare_rows: int = 0) -> tuple[Element, Element] | None:
    """``table`` as two copies: its first ``rows`` body rows (less the last ``spare_rows``), and the
    rest under the same header with its caption marked ``mark``; None when no body row would be left
    in either part."""
    count = len(body_rows(table))
    cut = rows - spare_rows
    if cut < 1 or cut >= count:
        return None
    first, rest = copy.deepcopy(table), copy.deepcopy(table)
    _drop_rows(first, set(range(cut)))
    _drop_rows(rest, set(range(cut, count)))
    _mark_continued(rest, mark)
    first.tail, rest.tail = "\n", table.tail
    return first, rest


def split_tables(root: Element, document: Any, mark: str, foot: str) -> bool:
    """Split every table of ``root`` that ``document`` (its layout) breaks across pages at its first
    break, the part before followed by a line ``foot``; whether ``root`` changed."""
    tables = {row: table for table in root.iter("table") for row in body_rows(table)}
    parents = {child: parent for parent in root.iter() for child in parent}
    split = False
    for table, rows in first_breaks(document, tables).items():
        parent = parents.get(table)
        parts = split_at(table, rows, mark, FOOT_ROWS)
        if parent is None or parts is None:
            continue
        first, rest = parts
        line = Element("p", {"class": FOOT_CLASS})
        line.text, line.tail = foot, "\n"
        index = list(parent).index(table)
        parent[index : index + 1] = [first, line, rest]
        split = True
    return split
