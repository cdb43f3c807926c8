"""Splitting a table where a page broke (reportgen.pdf_table_breaks.split_at) and its words."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from reportgen.pdf_table_breaks import body_rows, continued_mark, split_at


def table(rows: int) -> Element:
    """A table like the report's: a caption with its number, a header row, ``rows`` body rows."""
    element = Element("table", {"class": "numbers long"})
    caption = SubElement(element, "caption", {"id": "tab-x"})
    number = SubElement(caption, "span", {"class": "tabnum"})
    number.text, number.tail = "Table 3.", " Every subject's slope"
    SubElement(SubElement(SubElement(element, "thead"), "tr"), "th").text = "Subject"
    body = SubElement(element, "tbody")
    for i in range(1, rows + 1):
        SubElement(SubElement(body, "tr"), "td").text = f"row {i}"
    return element


def texts(element: Element) -> list[str]:
    return [row[0].text or "" for row in body_rows(element)]


def caption(element: Element) -> str:
    found = element.find("caption")
    assert found is not None
    return "".join(found.itertext())


def test_the_rows_a_page_holds_stay_before_the_break_less_the_foot_lines_room() -> None:
    parts = split_at(table(10), 6, "(continued)", spare_rows=1)
    assert parts is not None
    first, rest = parts
    assert texts(first) == [f"row {i}" for i in range(1, 6)]
    assert texts(rest) == [f"row {i}" for i in range(6, 11)]
    assert caption(first) == "Table 3. Every subject's slope"
    assert caption(rest) == "Table 3. Every subject's slope (continued)"
    assert rest.find("thead") is not None  # the header row heads the continued part too


def test_the_continued_part_copies_no_id_and_is_marked_once() -> None:
    parts = split_at(table(10), 6, "(continued)")
    assert parts is not None
    again = split_at(parts[1], 2, "(continued)")  # its own next page
    assert again is not None
    assert caption(again[1]) == "Table 3. Every subject's slope (continued)"
    ids = [e.get("id") for part in (parts[0], *again) for e in part.iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and "tab-x" in ids
    assert b"table-continued" in tostring(again[1])


def test_no_split_leaves_a_part_without_rows() -> None:
    assert split_at(table(10), 1, "(continued)", spare_rows=1) is None
    assert split_at(table(10), 10, "(continued)") is None
    assert split_at(table(10), 2, "(continued)", spare_rows=1) is not None


def test_the_mark_is_in_the_reports_language() -> None:
    assert continued_mark("en") == "(continued)"
    assert continued_mark("de") == "(Fortsetzung)"
