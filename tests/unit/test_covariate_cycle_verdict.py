"""The verdict of a covariate's test on a cycle (reportgen.narrative.covariate_cycle
.cycle_interaction_verdict): cycle words (amplitude, mean level, peak), never a gap that "changes
along the curve" or a rate; flip the p value, the words flip."""

from __future__ import annotations

from reportgen.narrative.covariate_cycle import cycle_interaction_verdict
from reportgen.narrative.covariate_effects import curve_interaction_verdict


def test_cycles_that_differ_are_told_by_amplitude_mean_level_or_peak() -> None:
    verdict = cycle_interaction_verdict(0.0004, "grp")
    assert verdict.startswith("there is strong evidence that the cycle differs with grp")
    assert "keeps the cycle × grp terms" in verdict
    assert "amplitudes, mean levels or peak times differ" in verdict
    assert "along the curve" not in verdict and "rate" not in verdict
    # The rule it replaces on a cycle said the gap drifts along the curve.
    assert "the gap between levels changes along the curve" in curve_interaction_verdict(0.0004, "grp")


def test_no_evidence_gives_one_shared_cycle_shifted_up_or_down() -> None:
    verdict = cycle_interaction_verdict(0.3, "grp")
    assert verdict.startswith("the data give no evidence that the cycle differs with grp")
    assert "one cycle shared by the levels (the cycle + grp)" in verdict
    assert "the same amplitude and peak time at every level, only the mean level may differ" in verdict
    assert "keeps the cycle" not in verdict
