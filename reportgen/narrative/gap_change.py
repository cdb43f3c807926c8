"""What a covariate's differing rates say about its gap, on a line and on a curve (statistician T,
session 8, 7).

On straight lines, slopes that differ mean the gap changes. On a curve the test is of the curve's
time terms crossed with the covariate: the local rates differ, which need not move the gap from the
first to the last observed time (Rabbit: average rates 0.14 and 0.14, the gap's change -0.92,
p = 0.704, while the curve by Treatment differs). So the gap is said to change only when its own
test says so.
"""

from __future__ import annotations

from reportgen.analysis.selection import ALPHA


def gap_change_p(changes: dict[str, float]) -> float | None:
    """The smallest p of the levels' gap changes (first to last time), None without any."""
    return min(changes.values()) if changes else None


def differing_rates_words(curved: bool, change_p: float | None) -> str:
    """The clause after a difference at the average time when the rates differ: a line's slopes
    ("so the gap changes"); a curve's local rates, with the gap said to change only when its
    change from the first to the last observed time is clear (``change_p`` below 0.05)."""
    if not curved:
        return "their rates of change differ too, so the gap changes"
    if change_p is not None and change_p >= ALPHA:
        return (
            "the curves' local rates of change differ too (the test of the curve's shape), though "
            "the data give no evidence that the gap changes from the first to the last observed time"
        )
    return "the curves' local rates of change differ too, so the gap changes along the observed times"
