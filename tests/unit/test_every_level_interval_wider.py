"""Question 5's note calls its interval too narrow only beside a wider one
(reportgen.narrative.every_level_interval.wider_interval): break12's nested report said "too narrow
... gives 8.91 to 10.23, against 8.91 to 10.23 here" when the model with every level had lost the
patients' slopes."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.every_level_interval import every_level_interval_note, wider_interval


def _text(sentence: tuple) -> str:
    return "".join(part for part in sentence if isinstance(part, str))


def test_wider_only_when_the_other_interval_is_wider() -> None:
    assert wider_interval((8.62, 10.52), (8.91, 10.23))
    assert not wider_interval((8.91, 10.23), (8.91, 10.23))  # break12: the same interval
    assert not wider_interval((8.95, 10.20), (8.91, 10.23))  # flip: narrower


def test_the_words_flip_with_the_rule() -> None:
    wider = _text(every_level_interval_note("patient", "site", wider=True))
    same = _text(every_level_interval_note("patient", "site", wider=False))
    assert "its interval is too narrow" in wider and "too narrow" not in same
    assert "no wider than" in same and "no wider" not in wider
    assert "the model with every level (the site level included)" in same


def test_the_no_wider_note_speaks_german() -> None:
    with speaking("de"):
        said = _text(every_level_interval_note("Patient", "Klinik", wider=False))
    assert "nicht breiter als" in said and "Ebene Klinik" in said
