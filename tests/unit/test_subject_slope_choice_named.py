"""With nested or crossed subjects the seminar's one-grouping verdict on random slopes names its
model ("On the patients alone (clinic:patient, without the clinic level), the data support ..."),
so the study report does not read it as the model it stands on (issue 24, item 1)."""

from __future__ import annotations

from reportgen.narrative.subject_slope_choice import one_grouping_named


def test_nested_subjects_name_the_one_grouping_test() -> None:
    assert one_grouping_named(("clinic", "patient"), False, "patient") == (
        "on the patients alone (clinic:patient, without the clinic level), "
    )


def test_crossed_and_three_levels_name_every_level_left_out() -> None:
    assert one_grouping_named(("site", "patient"), True, "patient") == (
        "on the patients alone (patient, without the site level), "
    )
    assert "(Region:Clinic:Child, without the region and clinic levels)" in one_grouping_named(
        ("Region", "Clinic", "Child"), False, "Child"
    )


def test_one_grouping_needs_no_name() -> None:
    # Flip: the subjects alone are the model the report stands on.
    assert one_grouping_named(("patient",), False, "patient") == ""
