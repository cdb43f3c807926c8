"""Rules of reportgen/narrative/seminar.py from issue 21's smaller items."""

from __future__ import annotations

from reportgen.narrative.seminar import repeated_times
from reportgen.narrative.sentence import Num


def test_a_balanced_design_counts_distinct_times_and_names_repeats_apart() -> None:
    # Rabbits: 12 observations each at 6 doses (each under two treatments) are not "12 values".
    repeats = repeated_times(12, 6)
    assert Num(("describe", "design", "planned"), "int") in repeats
    assert "more than one at a value" in "".join(p for p in repeats if isinstance(p, str))
    assert repeated_times(10, 10) == ()  # sleepstudy: one observation per day
