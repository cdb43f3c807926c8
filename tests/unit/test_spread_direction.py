"""A spread that changes without a steady trend is still said to be larger (or smaller) at the last
time when the SDs printed beside the words say so (Rabbit: 0.69 first, 3.07 last; seventh read)."""

from __future__ import annotations

from reportgen.narrative.spread import time_spread_phrase, unsteady_direction


def test_direction_words_agree_with_the_first_and_last_sd() -> None:
    rabbit = time_spread_phrase("varies", 0.001, "dose", 3.07 / 0.69)
    assert "larger at the last than at the first, though not steadily" in rabbit
    assert "without a steady direction" not in rabbit
    assert unsteady_direction(0.3).startswith("smaller at the last")
    assert unsteady_direction(1.1) == "without a steady direction"
