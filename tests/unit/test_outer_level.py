"""The note a section on one grouping carries when subjects are nested in sites (issue 24, review H
item 1): flip the input, the words flip."""

from __future__ import annotations

import pytest

from reportgen.narrative.outer_level import (
    every_level_note,
    every_level_slope_lead,
    outer_level_note,
    reads_every_level,
    reads_one_grouping,
)


def test_no_outer_level_no_note() -> None:
    assert outer_level_note("", "patient", "Going further 7") == ""


def test_the_note_names_the_grouping_the_fits_used_and_where_the_site_level_is() -> None:
    note = outer_level_note("site", "patient", "Going further 7")
    assert "patients within their site (site:patient)" in note
    assert "leave out how the sites differ" in note
    assert note.endswith(
        "Going further 7 fits the site level: read the fixed effects, tests and intervals there."
    )


def test_without_the_levels_section_it_points_nowhere() -> None:
    note = outer_level_note("site", "patient", "")
    assert "Going further" not in note and note.endswith("how the sites differ.")


def test_the_words_come_from_the_labels() -> None:
    note = outer_level_note("Region/Clinic", "Child", "Going further 6")
    assert "children within their clinic (Region:Clinic:Child)" in note
    assert "how the regions and clinics differ" in note


@pytest.mark.parametrize(
    ("key", "expected"),
    [("q4", False), ("q5", True), ("g-covariate-trt", False), ("g-levels", False), ("appendix", False)],
)
def test_which_sections_stand_on_one_grouping(key: str, expected: bool) -> None:
    assert reads_one_grouping(key) is expected


@pytest.mark.parametrize(("key", "expected"), [("g-covariate-trt", True), ("g-levels", False), ("q5", False)])
def test_which_sections_test_on_every_level(key: str, expected: bool) -> None:
    """A covariate section's F tests, differences and intervals read the model with every level."""
    assert reads_every_level(key) is expected


def test_the_covariate_note_says_which_tests_have_the_site_level() -> None:
    assert every_level_note("", "patient", "Going further 7") == ""
    note = every_level_note("site", "patient", "Going further 7")
    assert note.startswith(
        "This section's F tests, differences and intervals come from the model of Going further 7"
    )
    assert "with the site level and the patients within their site (site:patient)" in note
    assert note.endswith("compare models without the site level.")
    assert "the model with every level" in every_level_note("Region/Clinic", "Child", "")


def test_the_headline_slope_says_it_has_the_site_level() -> None:
    assert every_level_slope_lead("site", "linear") == (
        "With the site level added (the model at every level), the average slope is "
    )
    assert "clinic level" in every_level_slope_lead("clinic", "linear")
    assert "a straight line's average slope" in every_level_slope_lead("site", "spline3")
