"""The tests "support" random slopes but only "do not reject" random intercepts (eighth read,
Orthodont: boundary p = 0.082 for slopes, AIC 443.8 with slopes against 446.8 without)."""

from __future__ import annotations

from reportgen.narrative.stood_on import stood_on_words


def test_random_intercepts_kept_are_not_rejected_and_aic_disagreement_is_said() -> None:
    assert stood_on_words("random_intercept", 451.4, 449.9) == (
        "which the tests do not reject, though AIC favours random slopes"
    )
    assert stood_on_words("random_intercept", 449.9, 451.4) == "which the tests do not reject"
    assert stood_on_words("random_slope", 451.4, 449.9) == "which the tests support"
    assert stood_on_words("uncorrelated_slope", 451.4, 449.9) == "which the tests support"
