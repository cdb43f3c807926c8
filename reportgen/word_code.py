"""Code blocks in Word that run on to the next page say so (issue 25), as the PDF's do.

A code block is one paragraph kept on one page. A block longer than a page cannot be kept: it is
cut into parts that each fit a page, and every part after the first starts a new page under the
label the PDF gives it, "Code (continued)" (:func:`reportgen.pdf_code_breaks.continued_label`), so
the break is where the label says and never in the middle of a line Word chose.
"""

from __future__ import annotations

# The code's font size and its line height, set exactly (word_export: LibreOffice's single spacing of
# the font it found for Consolas was 11.6 pt, and a part cut for 10.2 pt ran over its page).
CODE_FONT_PT = 8.5
CODE_LINE_PT = CODE_FONT_PT * 1.2
# Lines a page keeps free for the label above a part, the heading or caption before the block,
# and the paragraph spacing.
RESERVED_LINES = 6


def lines_per_page(text_height_pt: float) -> int:
    """How many code lines one part may hold on a page whose text area is ``text_height_pt`` high."""
    return max(1, int(text_height_pt // CODE_LINE_PT) - RESERVED_LINES)


def code_parts(lines: list[str], per_page: int) -> list[list[str]]:
    """``lines`` cut into parts of at most ``per_page`` lines (one part when they fit a page)."""
    return [lines[start : start + per_page] for start in range(0, len(lines), per_page)] or [[]]
