"""reportgen.narrative.pull: "pulls each one's line by the same proportion" only where it holds.

Statistician T (session 8, 4): with correlated random effects (Sitka's ``(t0 | tree)``) the pooled
slope deviation over each tree's own ranges from -0.27 to 2.25: the pull is a matrix, no proportion.
"""

from __future__ import annotations

import pytest

from reportgen.narrative.pull import MATRIX, ONE, PER_TERM, pull_driver, pull_kind


@pytest.mark.parametrize(
    ("balanced", "random_part", "kind"),
    [
        (True, "random_intercept", ONE),
        (True, "uncorrelated_slope", PER_TERM),
        (True, "random_slope", MATRIX),
        (False, "random_intercept", MATRIX),
        (False, "uncorrelated_slope", MATRIX),
    ],
)
def test_the_kind_of_pull_follows_the_random_part_and_the_times(
    balanced: bool, random_part: str, kind: str
) -> None:
    assert pull_kind(balanced, random_part) == kind


def test_correlated_random_effects_claim_no_single_proportion() -> None:
    correlated = pull_driver(True, "random_slope", "tree", "trees")
    assert "proportion" not in correlated
    assert correlated.startswith("What sets the pull is the noise of the measurements")
    single = pull_driver(True, "random_intercept", "tree", "trees")
    assert "pulls each one's line by the same proportion" in single


def test_uncorrelated_random_effects_pull_each_term_by_its_own_proportion() -> None:
    said = pull_driver(True, "uncorrelated_slope", "plot", "plots")
    assert "each one's level by one proportion and each one's slope by another" in said
    assert "each one's line by the same proportion" not in said
