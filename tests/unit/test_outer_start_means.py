"""The test of the values measured at the first time, with a random intercept per clinic, says it
compares that model's means, not the raw means printed beside it (statistician P 9: 42.69/40.21
printed, 42.47/40.39 compared)."""

from __future__ import annotations

from reportgen.narrative.outer_start_means import adjusted_means_words


def test_said_when_raw_means_sit_beside_a_test_with_outer_groups() -> None:
    assert adjusted_means_words("clinic", True) == (
        "; the test compares the means that model estimates, which adjust for the clinics, not the raw "
        "means given here"
    )


def test_not_said_without_outer_groups_or_printed_means() -> None:
    """Flip the inputs: a one-way test compares the raw means; no means printed, nothing to contrast."""
    assert adjusted_means_words(None, True) == ""
    assert adjusted_means_words("clinic", False) == ""
