"""Several grouping levels named in one phrase (``narrative.level_names``): a list joined as
inflect joins it, the noun agreeing with how many levels there are (statistician P, session 8:
"without the region and clinic level")."""

from __future__ import annotations

import pytest

from reportgen.i18n import speaking
from reportgen.narrative.crossed import crossed_checked_line, crossed_notes
from reportgen.narrative.level_names import joined, levels_named
from reportgen.narrative.model_rules import not_stood_on
from reportgen.narrative.outer_level import (
    checks_model_line,
    every_level_note,
    outer_level_note,
    pooling_model_line,
    study_estimates_note,
)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ((), ""),
        (("site",), "site"),
        (("region", "clinic"), "region and clinic"),
        (("a", "b", "c"), "a, b and c"),
    ],
)
def test_a_list_is_joined_without_a_serial_comma(words: tuple[str, ...], expected: str) -> None:
    assert joined(words) == expected


def test_one_level_is_singular_two_or_more_plural() -> None:
    assert levels_named(("Site",)) == "site level"
    assert levels_named(("Region", "Clinic")) == "region and clinic levels"
    assert levels_named(("Region", "Clinic", "Ward")) == "region, clinic and ward levels"


def test_the_levels_in_german_keep_the_labels_and_agree() -> None:
    with speaking("de"):
        assert levels_named(("Region",)) == "Ebene Region"
        assert levels_named(("Region", "Klinik")) == "Ebenen Region und Klinik"


def test_three_nested_levels_are_all_named_where_a_model_leaves_them_out() -> None:
    levels = ("Region", "Clinic", "Child")
    study = study_estimates_note(levels, "Child", "Month", crossed=False, covariates=True)
    assert "(Region:Clinic:Child), without the region and clinic levels;" in study
    # Flip: two levels, one named, singular.
    two = study_estimates_note(("Clinic", "Child"), "Child", "Month", crossed=False, covariates=True)
    assert "(Clinic:Child), without the clinic level;" in two
    assert "without the region and clinic levels of the model" in pooling_model_line("m", levels, "Child")
    assert "regions and clinics' differences count as the children'" in checks_model_line(
        "m", levels, "Child"
    )
    assert "have no region and clinic levels:" in outer_level_note("Region/Clinic", "Child", "")
    assert every_level_note("Region/Clinic", "Child", "").endswith("without the region and clinic levels.")
    assert not_stood_on("random_slope", outer=("Region", "Clinic")).endswith(
        "without the region and clinic levels"
    )


def test_two_crossed_groupings_are_named_as_levels() -> None:
    one, every = crossed_notes(("rater", "site"), "patient", "")
    assert "with no rater and site levels:" in one
    assert every.endswith("compare models without the rater and site levels.")
    line = crossed_checked_line("m", ("rater", "site", "id"), "patient")
    assert "without the rater and site levels of the model" in line
    assert "without the site level of" in crossed_checked_line("m", ("site", "id"), "patient")
