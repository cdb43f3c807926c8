"""One note per section when the subjects are nested (issue 24): a section whose own first sentence
names its one-grouping model carries no second note under its heading; the random-slope section and
its starting levels name their model (``narrative.outer_level``, ``model_rules.not_stood_on``)."""

from __future__ import annotations

import pytest

from reportgen.narrative.model_rules import not_stood_on
from reportgen.narrative.outer_level import (
    every_level_slope_lead,
    reads_one_grouping,
    slopes_model_line,
    takes_outer_note,
)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("q5", True),
        ("g2", True),
        ("g-covariate-arm", True),
        ("g1", False),
        ("g3", False),
        ("g4", False),
        ("g5", False),
        ("diagnostics", False),
        ("g-levels", False),
        ("q1", False),
    ],
)
def test_a_section_that_names_its_model_takes_no_second_note(key: str, expected: bool) -> None:
    assert takes_outer_note(key) is expected


def test_the_sections_without_the_note_still_read_one_grouping() -> None:
    """They lose the note, not the fact: each says it in its own sentence."""
    assert all(reads_one_grouping(key) for key in ("g1", "g3", "g4", "g5", "diagnostics"))


def test_the_random_slope_section_names_its_model_from_the_labels() -> None:
    line = slopes_model_line("random-slope model", ("school", "pupil"), "pupil")
    assert line.startswith(
        "This section fits the random-slope model on school:pupil alone, without the school level of "
        "the model the report stands on, to show what each pupil's own slope adds"
    )
    assert line.endswith("count the schools' differences as the pupils'.")
    other = slopes_model_line("random-slope model", ("Region", "Clinic", "Child"), "Child")
    # Three levels: the one-grouping model lacks both outer levels (statistician P, session 8).
    assert "on Region:Clinic:Child alone, without the region and clinic levels of" in other
    assert "the regions and clinics' differences as the children'." in other


def test_the_starting_levels_name_the_one_grouping_fit_when_nested() -> None:
    assert not_stood_on("random_slope") == "this model"
    assert not_stood_on("random_slope", outer="school") == "the random-slope model without the school level"
    assert not_stood_on("random_intercept", outer="Site") == "the random-slope model without the site level"


def test_a_curves_headline_rate_is_introduced_as_the_curves() -> None:
    """On a curve the headline rate is the curve's average (analysis.headline): the nested lead says
    so, and a straight line's slope only when the rate is read from the line."""
    curve = every_level_slope_lead("site", "spline4", source="curve")
    assert curve.startswith("With the site level added (the model at every level), the curve's average rate")
    assert "straight line" not in curve
    assert "a straight line's average slope" in every_level_slope_lead("site", "spline4", source="line")
    named = every_level_slope_lead(
        "site", "spline3", ("arm",), True, "y ~ splines::ns(t, 3) + (1 | site)", "curve"
    )
    assert named.startswith(
        "Leaving arm out of the model at every level (y ~ splines::ns(t, 3) + (1 | site)), "
    )
    assert "the curve's average rate" in named and "pooled across arm" in named
