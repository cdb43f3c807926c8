"""narrative.rules after the statistician's re-check (N6, N9): flip the input, the words flip."""

from __future__ import annotations

from reportgen.narrative import rules


def test_effect_tails_gives_no_verdict_on_zero_variance() -> None:
    # Orange, Soybean: the chosen model gives levels zero variance, every predicted level is 0.
    assert "admit no verdict" in rules.effect_tails(0.1, 0.0)
    assert "tails close to" not in rules.effect_tails(0.1, 0.0)
    assert rules.effect_tails(0.1, 5.0) == "have tails close to a normal distribution"
    assert rules.effect_tails(3.0, 5.0) == "have heavier tails than a normal distribution"


def test_own_effects_names_only_effects_with_variance() -> None:
    assert rules.own_effects("tree", 0.0, 0.025) == "with each tree's slope"
    assert rules.own_effects("tree", 1.0, 0.025) == "with each tree's starting level and slope"
    assert rules.own_effects("tree", 1.0, 0.0) == "with each tree's starting level"
    assert "zero" in rules.own_effects("tree", 0.0, 0.0)


def test_correlations_in_one_band_but_far_apart_do_not_agree() -> None:
    # CO2: pooled 0.49, within plants 0.69, both "moderate".
    assert rules.correlation_agreement(0.49, 0.69) == "within_stronger"
    assert rules.correlation_agreement(0.69, 0.49) == "within_weaker"
    assert rules.correlation_agreement(0.60, 0.65) == "agree"
