"""Pure layout rules of the Word document: column widths fitted to their content, number cells,
bookmark names. No python-docx here: text and widths in, widths and names out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

# A number as the report writes it: "-0.25", "1,234.5", "12%", "< 0.001", "= 0.042", "n/a".
_NUMBER = re.compile(
    r"[<>≤≥=~±]?\s*[−+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e[−+-]?\d+)?\s*%?|n/a", re.IGNORECASE
)
# What may stand between the numbers of a number cell: "8.02 to 12.91", "[8.02, 12.91]", "(0.91)".
_BETWEEN = re.compile(r"(?:\s|,|;|\(|\)|\[|\]|–|—|to|×)*", re.IGNORECASE)
_WORD = re.compile(r"\S+")
_BOOKMARK_CHARACTERS = re.compile(r"[^A-Za-z0-9_]")
BOOKMARK_LENGTH = 40  # Word's limit on a bookmark's name


def is_number_cell(text: str) -> bool:
    """Whether a table cell holds only numbers (and the words joining them): it is right-aligned.

    >>> is_number_cell("8.02 to 12.91"), is_number_cell("< 0.001"), is_number_cell("Days")
    (True, True, False)
    """
    numbers = _NUMBER.findall(text)
    return bool(numbers) and _BETWEEN.fullmatch(_NUMBER.sub("", text)) is not None


# Character widths in em, of the widest font a table may be shown in: DejaVu Sans Bold, what
# LibreOffice and many systems show for a missing Calibri (generous for Calibri itself).
_NARROW = frozenset("iljtfrI.,:;'|!()[]{} ")
_WIDE = frozenset("mwMW@%")
_EM_NARROW, _EM_WIDE, _EM_CAPITAL, _EM_OTHER = 0.45, 1.05, 0.8, 0.72


def text_width(text: str) -> float:
    """The width of ``text`` on one line, in em (multiply by the font size), at most."""
    return sum(
        _EM_NARROW if c in _NARROW else _EM_WIDE if c in _WIDE else _EM_CAPITAL if c.isupper() else _EM_OTHER
        for c in text
    )


def decimal_tail(text: str) -> str | None:
    """What of a lone number stands right of its decimal point ("." included; "%" or "" without one),
    or None when the cell is not one number (a range, a word): decimal points line up on a tab.

    >>> decimal_tail("258.7047"), decimal_tail("12%"), decimal_tail("8.02 to 12.91")
    ('.7047', '%', None)
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text) or not any(c.isdigit() for c in text):
        return None
    point = text.find(".")
    return text[point:] if point >= 0 else text[len(text.rstrip("% ")) :]


def longest_word(text: str) -> float:
    """The width in em of the longest word of ``text`` (a column is never narrower: no mid-word break)."""
    return max((text_width(word) for word in _WORD.findall(text)), default=0.0)


def column_widths(narrowest: Sequence[float], wanted: Sequence[float], available: float) -> list[float]:
    """Widths of a table's columns, as a browser lays out an automatic table.

    Every column gets what it wants when all fit in ``available``; otherwise each keeps at least its
    ``narrowest`` (its longest word) and the rest of the width is shared in proportion to what each
    wants beyond that. Only when even the narrowest widths do not fit are they scaled down.

    Args:
        narrowest: per column, the width of its longest word (plus the cell's padding).
        wanted: per column, the width of its longest cell on one line (plus padding).
        available: the width the table may take.

    Returns:
        One width per column, in the unit of the arguments; they add up to at most ``available``.
    """
    narrowest = [max(n, 0.0) for n in narrowest]
    wanted = [max(w, n) for w, n in zip(wanted, narrowest, strict=True)]
    if sum(wanted) <= available:
        return wanted
    if sum(narrowest) >= available:
        scale = available / sum(narrowest) if sum(narrowest) else 0.0
        return [n * scale for n in narrowest]
    spare = available - sum(narrowest)
    slack = [w - n for w, n in zip(wanted, narrowest, strict=True)]
    return [n + spare * s / sum(slack) for n, s in zip(narrowest, slack, strict=True)]


def bookmark_name(html_id: str, taken: Collection[str] = ()) -> str:
    """A Word bookmark name for an HTML id: letters, digits and ``_``, a letter first, 40 at most,
    and none of ``taken`` (Word keeps one bookmark of a name: "g-trend" and "g_trend", or two long
    ids alike in their first 40 characters, get "_2", "_3" ...).

    >>> bookmark_name("tab-q1-head"), bookmark_name("g-trend", {"g_trend"})
    ('tab_q1_head', 'g_trend_2')
    """
    name = _BOOKMARK_CHARACTERS.sub("_", html_id)
    if not name[:1].isalpha():
        name = f"r{name}"
    name = name[:BOOKMARK_LENGTH]
    number = 1
    unique = name
    while unique in taken:
        number += 1
        suffix = f"_{number}"
        unique = name[: BOOKMARK_LENGTH - len(suffix)] + suffix
    return unique
