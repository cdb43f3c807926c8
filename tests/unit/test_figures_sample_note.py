"""The note after a sampled figure's title (reportgen.figures.base.sample_note): in the language
spoken, its counts with that language's digit grouping; nothing when every point is drawn."""

from __future__ import annotations

from reportgen.figures.base import MAX_POINTS, sample_note
from reportgen.i18n import speaking


def test_the_note_says_how_many_points_are_drawn_in_each_language() -> None:
    assert sample_note(MAX_POINTS) == ""
    assert sample_note(1_234_567) == f" (a random {MAX_POINTS:,} of 1,234,567 points)"
    with speaking("de"):
        german = sample_note(1_234_567)
    assert german.startswith(" (eine Zufallsauswahl von ")
    assert german.endswith(" der 1.234.567 Punkte)")
