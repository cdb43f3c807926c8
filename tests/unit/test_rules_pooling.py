"""reportgen.narrative.pull.pull_driver: what sets the pull of partial pooling."""

from __future__ import annotations

from reportgen.narrative.pull import pull_driver


def test_a_balanced_design_is_pulled_by_noise_against_spread_not_by_few_observations() -> None:
    balanced = pull_driver(True, "random_intercept", "plant", "plants")
    assert "few or noisy observations" not in balanced
    assert "same proportion" in balanced and "noise of the measurements relative to the spread" in balanced
    unbalanced = pull_driver(False, "random_intercept", "chick", "chicks")
    assert unbalanced.startswith("Chicks whose own lines rest on few or noisy observations")
