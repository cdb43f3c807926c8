"""The residual spread over time in words: a weak change is not "about the same" (issue 21)."""

from __future__ import annotations

import math

from reportgen.narrative import spread as w


def test_a_p_near_the_threshold_is_weak_evidence_not_the_same_spread() -> None:
    # The nested sites' review: SD 1.35 -> 2.00 (ratio 1.48) at p = 0.069.
    weak = w.time_spread_phrase("grows", 0.069, "visit", 2.00 / 1.35)
    assert "weak" in weak and "about the same" not in weak
    assert w.spread_weak(0.069) and not w.spread_weak(0.5) and not w.spread_weak(0.03)
    # Flipped: far from the threshold with alike SDs, the spread stays about the same.
    assert w.time_spread_phrase("grows", 0.5, "visit", 1.05) == "the residual spread stays about the same"


def test_a_large_ratio_is_not_called_about_the_same_even_at_a_large_p() -> None:
    no_clear = "the residual spread shows no clear change"
    assert w.time_spread_phrase("grows", 0.925, "day", 30.44 / 21.64) == no_clear
    assert w.time_spread_phrase("shrinks", 0.925, "day", 0.7) == no_clear
    assert w.spread_same_size(1.2) and not w.spread_same_size(1.3) and w.spread_same_size(math.nan)
