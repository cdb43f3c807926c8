"""What a model without random slopes gives every subject: the average slope, and on a cycle the
same cycle (issue 24, item 5: the pooling section of a daily cycle said only "the average slope")."""

from __future__ import annotations

from reportgen.narrative.shared_trend import none_differ, shared_trend


def test_a_line_shares_its_slope() -> None:
    assert shared_trend(False, "patient") == "the average slope"
    assert none_differ(False) == "how fast it changes"


def test_a_cycle_shares_its_cycle() -> None:
    # Flip the trend to a cycle: the shared cycle is named beside the straight line's slope.
    assert shared_trend(True, "patient").endswith(
        "as the cyclic model gives every patient the same cycle (one amplitude and peak time)"
    )
    assert none_differ(True) == "how fast it changes or in its cycle"
    assert "cycle" not in shared_trend(False, "patient") + none_differ(False)
