"""Code that runs on to the next PDF page says so (issue 25): "Continued on the next page" at the foot
of the page where it breaks, "Code (continued)" at the head of its part on the next.

A code block is kept on one page (report.css) unless it is longer than a page. WeasyPrint has no
fragment pseudo-elements to label the part of a block on the next page, so the PDF is laid out,
and a block found on two pages is split in the HTML where the page broke: the block up to the
break (open at its foot, as WeasyPrint draws a cut box), a line "Continued on the next page" in the
room of its last :data:`FOOT_LINES` lines, then a label "Code (continued)" under a dashed rule, then
the rest, and the document is laid out again. The first part and the foot line are no taller than
the first fragment was, so the break stays where it was. A block over three pages is split once per
layout, at its first break. Reports whose code fits its pages are laid out once, as before.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

from reportgen.i18n import SOURCE_LANGUAGE, translations

# At most this many layouts of one document: the first, then one per break of its longest block.
MAX_LAYOUTS = 8
# The classes the split gives (report.css): the part before a break, the label, the part after;
# and the block's container, no longer kept on one page.
CUT_CLASS, LABEL_CLASS, CONTINUED_CLASS = "code-cut", "code-continued-label", "code-continued"
FLOWS_CLASS = "code-flows"
FOOT_CLASS = "code-continues"  # the foot line under the part before a break
# Code lines the foot line takes the room of (report.css: a code line is 0.82rem x 1.4, the foot line
# 0.8rem of text and its margin, a little more than one).
FOOT_LINES = 2


def continued_label(lang: str) -> str:
    """The label of a code block's part on the next page, in the report's language."""
    _ = translations(lang).gettext
    return _("Code (continued)")


def continues_line(lang: str) -> str:
    """The line at the foot of the page a code block breaks on, in the report's language."""
    _ = translations(lang).gettext
    return _("Continued on the next page")


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _code_boxes(box: Any) -> Iterator[Any]:
    """The page's boxes of ``pre`` elements, the outermost only (its lines carry its element too)."""
    if box.element_tag == "pre" and box.element is not None:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _code_boxes(child)


def first_breaks(document: Any) -> dict[Element, int]:
    """Each code block (``pre``) laid out on more than one page -> how many of its non-blank
    characters its first page holds."""
    from weasyprint.formatting_structure.boxes import TextBox

    pages: dict[Element, list[int]] = {}
    for page in document.pages:
        for box in _code_boxes(page._page_box):
            text = "".join(t.text for t in _boxes(box) if isinstance(t, TextBox))
            pages.setdefault(box.element, []).append(sum(not c.isspace() for c in text))
    return {element: counts[0] for element, counts in pages.items() if len(counts) > 1}


def _text_nodes(element: Element) -> list[tuple[Element, str]]:
    """The element's text pieces in document order, as (element, "text" or "tail"), without its tail."""
    nodes: list[tuple[Element, str]] = []

    def walk(node: Element) -> None:
        nodes.append((node, "text"))
        for child in node:
            walk(child)
            nodes.append((child, "tail"))

    walk(element)
    return nodes


def _keep(element: Element, start: int, end: int) -> None:
    """Trim ``element``'s text (not its tail) to the characters from ``start`` to ``end``."""
    position = 0
    for node, side in _text_nodes(element):
        text = getattr(node, side) or ""
        kept = text[max(0, start - position) : max(0, end - position)]
        setattr(node, side, kept or None)
        position += len(text)


def split_at(element: Element, chars: int, spare_lines: int = 0) -> tuple[Element, Element] | None:
    """``element`` as two copies: the lines whose non-blank characters all come within the first
    ``chars`` (less the last ``spare_lines`` of them, whose room a foot line takes), and the lines
    after; None when no whole line is left before the break."""
    text = "".join(getattr(node, side) or "" for node, side in _text_nodes(element))
    non_blank = [index for index, character in enumerate(text) if not character.isspace()]
    if chars >= len(non_blank):
        return None
    cut = text.rfind("\n", 0, non_blank[chars]) + 1
    for _ in range(spare_lines):
        cut = text.rfind("\n", 0, max(cut - 1, 0)) + 1
    if cut == 0:
        return None
    first, rest = copy.deepcopy(element), copy.deepcopy(element)
    _keep(first, 0, cut)
    _keep(rest, cut, len(text))
    return first, rest


def _add_class(element: Element, name: str) -> None:
    element.set("class", " ".join([*(element.get("class") or "").split(), name]))


def split_code_blocks(root: Element, document: Any, label: str, foot: str = "") -> bool:
    """Split every code block of ``root`` that ``document`` (its layout) breaks across pages at its
    first break, with ``label`` heading the part after and ``foot`` (when given) under the part
    before; whether ``root`` changed. A block's first
    break only lets its container break (a block longer than a page is not kept on one), so that
    the next layout starts it where it stands instead of on a page of its own."""
    parents = {child: parent for parent in root.iter() for child in parent}
    split = False
    for pre, chars in first_breaks(document).items():
        block = parents.get(pre)
        if block is None or "highlight" not in (block.get("class") or "").split():
            block = pre  # a bare <pre> (the appendix's R call): the pre itself is the block
        parent = parents.get(block)
        if parent is None:
            continue
        if FLOWS_CLASS not in (parent.get("class") or "").split():
            # Kept whole, the block was moved to a page of its own and broken there anyway: let it
            # start where it stands (on the page before) and split it where that layout breaks it.
            _add_class(parent, FLOWS_CLASS)
            split = True
            continue
        parts = split_at(block, chars, FOOT_LINES if foot else 0)
        if parts is None:
            continue
        first, rest = parts
        _add_class(first, CUT_CLASS)
        _add_class(rest, CONTINUED_CLASS)
        heading = Element("p", {"class": f"label {LABEL_CLASS}"})
        heading.text, heading.tail = label, "\n"
        first.tail = "\n"
        footing = []
        if foot:
            line = Element("p", {"class": FOOT_CLASS})
            line.text, line.tail = foot, "\n"
            footing = [line]
        index = list(parent).index(block)
        parent[index : index + 1] = [first, *footing, heading, rest]
        split = True
    return split


def lay_out(page: Any, options: dict[str, Any]) -> Any:
    """WeasyPrint's layout of ``page`` (an ``HTML``) with ``options``, laid out again after each
    split of a code block or a table (:mod:`reportgen.pdf_table_breaks`) that runs on to the next
    page (at most :data:`MAX_LAYOUTS` layouts)."""
    from cssselect2 import ElementWrapper

    from reportgen.pdf_table_breaks import continued_mark, split_tables

    document = page.render(**options)
    lang = page.etree_element.get("lang") or SOURCE_LANGUAGE
    label, foot, mark = continued_label(lang), continues_line(lang), continued_mark(lang)
    for _ in range(MAX_LAYOUTS - 1):
        code_split = split_code_blocks(page.etree_element, document, label, foot)
        if not (split_tables(page.etree_element, document, mark, foot) or code_split):
            break
        # The split changed the tree in place: a new wrapper, without the old one's cached children.
        page.wrapper_element = ElementWrapper.from_html_root(page.etree_element)
        document = page.render(**options)
    return document
