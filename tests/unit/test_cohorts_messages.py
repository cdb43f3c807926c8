"""The last line of a cohorts run agrees with its counts (breaker round 7: "Wrote 1 cohort reports",
and "the other 0 are in cfail/" when every cohort failed)."""

from __future__ import annotations

from pathlib import Path

from reportgen.cohorts.messages import failed_line, written_line


def test_the_written_line_agrees_with_the_count() -> None:
    assert (
        written_line(1, 1, 0, Path("kc"))
        == "Wrote 1 cohort report to kc/ (1 built, 0 unchanged); see kc/index.html"
    )
    assert written_line(2, 0, 2, Path("kc")).startswith(
        "Wrote 2 cohort reports to kc/ (0 built, 2 unchanged)"
    )


def test_when_every_cohort_failed_no_others_are_promised() -> None:
    assert failed_line(3, 3, Path("cfail")) == "all 3 cohorts failed (see cfail/index.html)"
    assert failed_line(1, 1, Path("cfail")) == "the only cohort failed (see cfail/index.html)"


def test_the_others_are_counted_with_their_verb() -> None:
    assert failed_line(1, 3, Path("c")) == "1 of 3 cohorts failed; the other 2 are in c/ (see c/index.html)"
    assert failed_line(2, 3, Path("c")) == "2 of 3 cohorts failed; the other 1 is in c/ (see c/index.html)"
