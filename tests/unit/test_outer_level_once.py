"""The note "this section's models ... have no site level" once per part of the seminar report, and
never above the headline's sentence of the model with every level (statistician P 4, session 7: it
appeared four times, once right above the -1.41 sentence that has the clinic level)."""

from __future__ import annotations

from reportgen.narrative.outer_level import noted_sections

SEMINAR = (
    ("q1", "seminar"),
    ("q5", "seminar"),
    ("q6", "seminar"),
    ("g1", "further"),
    ("g2", "further"),
    ("g-trend", "further"),
    ("g-covariate-arm", "further"),
    ("g3", "further"),
    ("g-levels", "further"),
    ("diagnostics", "further"),
)


def test_one_note_per_part_and_none_above_the_every_level_headline() -> None:
    assert noted_sections(SEMINAR, every_level_headline=True) == ("q5", "g-trend", "g-covariate-arm")


def test_a_headline_on_one_grouping_takes_the_note_in_its_section() -> None:
    """Flip the input: the headline without the outer level, and its section carries the note."""
    assert noted_sections(SEMINAR, every_level_headline=False) == ("q5", "g2", "g-covariate-arm")


def test_every_covariate_section_keeps_its_own_note() -> None:
    """Their notes differ from the one-grouping note: which of their tests read which model."""
    two = (*SEMINAR, ("g-covariate-sex", "further"))
    assert noted_sections(two, every_level_headline=True)[-2:] == ("g-covariate-arm", "g-covariate-sex")


def test_no_section_on_one_grouping_no_note() -> None:
    assert noted_sections((("q1", "seminar"), ("g-levels", "further")), every_level_headline=True) == ()
