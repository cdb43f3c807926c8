"""Splitting a code block where a page broke (reportgen.pdf_code_breaks.split_at and the label):
whole lines only, every character kept once, the markup inside (Pygments' spans) kept."""

from __future__ import annotations

from xml.etree.ElementTree import Element, fromstring, tostring

from reportgen.pdf_code_breaks import continued_label, continues_line, split_at

BLOCK = (
    '<div class="highlight"><pre><span></span>a = 1\n'
    '<span class="c1"># two\nlines</span>\nb = [1,\n     2]\n</pre></div>'
)


def _text(element: Element) -> str:
    return "".join(element.itertext())


def test_a_block_splits_after_the_last_whole_line_of_the_first_page() -> None:
    block = fromstring(BLOCK)
    # "a=1" and "#two" are 6 non-blank characters: the page broke inside the comment's 2nd line.
    parts = split_at(block, 7)
    assert parts is not None
    first, rest = parts
    assert _text(first) == "a = 1\n# two\n" and _text(rest) == "lines\nb = [1,\n     2]\n"
    assert _text(first) + _text(rest) == _text(block)
    # The comment's span is cut in two, each part keeping its class: the colours stay.
    assert tostring(first, encoding="unicode").endswith('<span class="c1"># two\n</span></pre></div>')
    assert '<span class="c1">lines</span>' in tostring(rest, encoding="unicode")
    assert _text(block) == "a = 1\n# two\nlines\nb = [1,\n     2]\n"  # the block itself is untouched


def test_a_wrapped_line_goes_whole_to_the_next_page() -> None:
    """The page broke inside "b = [1, 2]" (a line wrapped by the page's width): all of it moves."""
    first, rest = split_at(fromstring(BLOCK), 16) or (None, None)
    assert first is not None and rest is not None
    assert _text(rest) == "b = [1,\n     2]\n"


def test_no_split_inside_the_first_line_or_past_the_end() -> None:
    assert split_at(fromstring(BLOCK), 2) is None  # the first line itself was broken
    assert split_at(fromstring(BLOCK), 100) is None  # the whole block was on its first page


def test_the_label_speaks_the_report_language() -> None:
    assert continued_label("en") == "Code (continued)"
    assert continued_label("de") == "Code (Fortsetzung)"


def test_a_foot_line_takes_the_room_of_the_last_lines_before_the_break() -> None:
    """With ``spare_lines``, the cut moves back that many whole lines (their room is the foot line's);
    every character is still kept once."""
    block = fromstring(BLOCK)
    first, rest = split_at(block, 16, spare_lines=1) or (None, None)  # without: "a = 1", "# two", "lines"
    assert first is not None and rest is not None
    assert _text(first) == "a = 1\n# two\n" and _text(rest) == "lines\nb = [1,\n     2]\n"
    assert split_at(block, 16, spare_lines=3) is None  # no whole line left above the foot line


def test_the_foot_line_speaks_the_report_language() -> None:
    assert continues_line("en") == "Continued on the next page"
    assert continues_line("de") == "Fortsetzung auf der nächsten Seite"
