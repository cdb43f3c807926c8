"""Rules of the cohorts' multilevel comparison: random or fixed sites, words for a new site, alt text."""

from __future__ import annotations

import pytest

from reportgen.cohorts.comparison import cohort_structure
from reportgen.narrative.cohort_sites import new_site_expectation, site_forest_alt


def test_five_sites_are_random_four_are_fixed_and_say_why() -> None:
    assert cohort_structure(5, "site")[0] == "random"
    structure, reason = cohort_structure(4, "site")
    assert structure == "fixed"
    too_few = "4 sites: fewer than 5 are too few to estimate how much sites vary"
    assert reason == f"{too_few}, so they are compared as fixed effects"


def test_the_reason_names_the_column_in_words() -> None:
    assert cohort_structure(3, "Clinic")[1].startswith("3 clinics: ")
    assert cohort_structure(12, "Litter")[1].startswith(
        "12 litters: enough to estimate how much litters vary, so litter is"
    )


def test_cohorts_from_the_settings_stay_fixed() -> None:
    structure, reason = cohort_structure(12, None)
    assert structure == "fixed"
    assert "come from the settings" in reason


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0.4, 2.1, "at a new clinic, too, pain score is expected to increase with week"),
        (-2.1, -0.4, "at a new clinic, too, pain score is expected to decrease with week"),
        (-0.4, 2.1, "at a new clinic, pain score could increase or decrease with week: the clinics differ"),
    ],
)
def test_a_new_site_follows_its_prediction_interval(low: float, high: float, expected: str) -> None:
    assert new_site_expectation(low, high, "Pain score", "Week", "Clinic").startswith(expected)


def test_alt_text_names_the_extremes_mean_and_new_site_range() -> None:
    alt = site_forest_alt({"A": 1.25, "B": -0.5, "C": 3.0}, 1.1, (-1.75, 4.0), "points/week", "Clinic", 2)
    assert alt == (
        "Shrunken slope of each of 3 clinics with its 95% interval, from -0.50 (B) to 3.00 (C) "
        "points/week; the mean slope is 1.10 and a new clinic's slope is expected between -1.75 and "
        "4.00 points/week (95% prediction interval)."
    )
