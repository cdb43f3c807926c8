"""A report of nlme::Ovary with ``--period 1`` (its Time is scaled so that each mare's ovulations
fall at 0 and 1) stands on the harmonic trend and tells it as a cycle everywhere a trend is told:
the trend section (period, peak, trough, amplitude with its interval), the model section's headline
(the amplitude, no rate) and question 5's note ("In brief": tests/unit/test_cycle.py); results.json
carries the cycle (and matches its schema, as every results the tests build). The numbers themselves are R's:
tests/crosscheck/test_harmonic_shape.py."""

from __future__ import annotations

import pytest

from tests.support.r_datasets import r_dataset
from tests.support.report_text import built_words


@pytest.fixture(scope="module")
def ovary_report() -> tuple[dict, str]:
    frame = r_dataset("Ovary", "nlme").assign(Mare=lambda d: d["Mare"].astype(str))
    return built_words(frame, "ovary", response="follicles", time="Time", group="Mare", period=1.0)


def test_ovary_with_a_period_is_told_as_a_cycle(ovary_report: tuple[dict, str]) -> None:
    results, words = ovary_report
    assert results["trend"]["shape"] == "harmonic"
    assert results["model_choice"]["model"] == "random_slope_harmonic"
    cycle = results["trend"]["curve"]["cycle"]
    assert cycle["period"] == 1.0 and cycle["amplitude"]["ci_low"] > 0
    assert results["headline"]["slope_source"] == "cycle"
    assert results["headline"]["slope"] is None  # no average rate of a cycle (statistician S 5: -4.176)
    formula = results["models"]["random_slope_harmonic"]["formula"]
    assert formula == "follicles ~ sin(2 * pi * Time) + cos(2 * pi * Time) + (Time | Mare)"
    assert "its average follicles go through a clear cycle with a period of 1" in words
    assert "within each cycle it is highest at time 0.71 and lowest at time 0.21" in words
    assert "the headline of this cyclic trend is its amplitude, 3.33 (95% CI 2.81 to 3.84" in words
    assert "the report's summaries read the average rate" not in words  # question 5's note
