"""What a model without random slopes gives every subject: the average slope, or on a cycle the
same cycle (issue 24, item 5: the pooling section of a daily cycle said "the average slope")."""

from __future__ import annotations

from reportgen.narrative.shared_trend import none_differ, pooled_completely, shared_trend


def test_a_line_shares_its_slope() -> None:
    assert shared_trend(False) == "the average slope"
    assert none_differ(False) == "how fast it changes"
    assert pooled_completely(False) == "the slopes"


def test_a_cycle_shares_its_cycle_not_a_slope() -> None:
    # Flip the trend to a cycle: no rate is named.
    assert shared_trend(True) == "the same cycle (one amplitude and peak time)"
    assert none_differ(True) == "amplitude or peak time"
    assert pooled_completely(True) == "the cycles"
    assert "slope" not in shared_trend(True) + none_differ(True) + pooled_completely(True)
