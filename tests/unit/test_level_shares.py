"""The words that say which model a share of variance belongs to when subjects are nested
(reportgen/narrative/level_shares.py; issue 24, nest24c)."""

from __future__ import annotations

from reportgen.narrative.level_shares import (
    STOOD_ON_SHARES,
    between_every_level,
    subjects_with_outer,
    without_outer_clause,
    without_outer_level,
)


def test_between_every_level_names_each_level_within_the_next() -> None:
    assert between_every_level(("school", "pupil"), "pupil") == "schools and between pupils within schools"
    assert between_every_level(("region", "school", "pupil"), "pupil") == (
        "regions and between schools within regions and between pupils within schools within regions"
    )


def test_between_every_level_says_the_subjects_by_their_label() -> None:
    assert between_every_level(("site", "id"), "patient") == "sites and between patients within sites"


def test_a_one_grouping_share_says_which_level_it_leaves_out() -> None:
    assert without_outer_level("school", "pupil") == (
        "Without the school level (which it counts as the pupils' own variance), "
    )
    flipped = without_outer_level("clinic", "patient")
    assert "clinic level" in flipped and "patients'" in flipped and "school" not in flipped


def test_the_shares_of_the_stood_on_model_say_so() -> None:
    assert STOOD_ON_SHARES.startswith("In the model the report stands on")


def test_a_one_grouping_share_inside_a_sentence_says_it_leaves_the_outer_level_out() -> None:
    assert without_outer_clause(("school", "pupil")) == "without the school level, "
    assert without_outer_clause(None) == ""


def test_the_subjects_share_holds_their_outer_groups_differences() -> None:
    assert subjects_with_outer("pupils", ("school", "pupil")) == (
        "pupils (their schools' differences included)"
    )
    assert subjects_with_outer("patients", None) == "patients"
