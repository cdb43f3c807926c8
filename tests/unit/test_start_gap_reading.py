"""Q4's measured first values against the lines: "a different story" only when they disagree
(issue 21, clinics: 0.90 measured against the lines' 0.96, in the same order, was told as a
contrast because the spread at month 0 was wide)."""

from __future__ import annotations

import pytest

from reportgen.narrative.rules import start_gap_reading, starts_disagree


@pytest.mark.parametrize(
    ("observed", "model", "start_sd", "reading"),
    [
        (0.90, 0.96, 2.4, "agree"),  # clinics: same order, about the same gap, within the spread
        (-0.2, 0.96, 2.4, "disagree"),  # the order reverses
        (0.1, 0.96, 2.4, "disagree"),  # measured alike where the lines are apart
        (0.9, 0.96, 0.5, ""),  # clearly apart in the data too: nothing to say
        (8.5, 23.4, 2.74, ""),  # CO2: the highest and the lowest plant
    ],
)
def test_start_gap_reading(observed: float, model: float, start_sd: float, reading: str) -> None:
    assert start_gap_reading(observed, model, start_sd) == reading


def test_a_gap_in_the_lines_order_of_their_size_does_not_disagree_however_wide_the_spread() -> None:
    assert starts_disagree(0.90, 0.96, 2.4) is False
    assert starts_disagree(0.90, 0.96, 20.0) is False
    assert starts_disagree(0.30, 0.96, 2.4) is True  # under half the lines' gap and the spread's
