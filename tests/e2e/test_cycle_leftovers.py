"""The seeded daily cycle by group (tests/support/daily_cycle.py, ``--period 24 --covariate grp``)
writes and says no rate where a cycle has none (issue 21, session 7's leftovers): results.json
holds no ``trend.curve.change``, no ``covariates.grp.slope_by_level`` and no
``differences.change``; the covariate's verdict names what differs in the cycle, not a gap that
"changes along the curve"; the shares of variance explained get the decimals that tell them apart,
not five (statistician P: "0.30680 ... 0.30681"). One build; the rules: tests/unit/
test_covariate_cycle_verdict.py and test_words_r2_decimals.py."""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.results import to_json_ready
from reportgen.schemas import check_document
from reportgen.subject_tables import plain_results
from tests.support.daily_cycle import daily_cycle
from tests.support.report_text import built_words


@pytest.fixture(scope="module")
def daily_report() -> tuple[dict[str, Any], str]:
    return built_words(
        daily_cycle(), "daily", response="y", time="hour", group="subject", covariates=("grp",), period=24.0
    )


def test_results_of_a_cycle_hold_no_rate(daily_report: tuple[dict[str, Any], str]) -> None:
    results, _ = daily_report
    check_document(plain_results(to_json_ready(results)), "results")  # tables as dicts, as written
    assert results["trend"]["shape"] == "harmonic"
    assert "cycle" in results["trend"]["curve"] and "change" not in results["trend"]["curve"]
    grp = results["covariates"]["grp"]
    assert "cycles" in grp and "slope_by_level" not in grp
    assert "change" not in grp["differences"]


def test_the_covariate_verdict_on_a_cycle_is_told_in_cycle_words(
    daily_report: tuple[dict[str, Any], str],
) -> None:
    _, words = daily_report
    assert "there is strong evidence that the cycle differs with grp" in words
    assert "the levels' amplitudes, mean levels or peak times differ" in words
    assert "the gap between levels changes along the curve" not in words
    assert "The type-III F test of the cycle in hour × grp" in words


def test_r2_gets_no_decimals_that_only_separate_noise(daily_report: tuple[dict[str, Any], str]) -> None:
    results, words = daily_report
    conditional = (results["random_intercept"]["r2_conditional"], results["random_slope"]["r2_conditional"])
    assert abs(conditional[0] - conditional[1]) < 0.001  # the slope variance is near zero
    assert "0.30680" not in words and "0.02358" not in words
    assert "with each subject's intercept 0.31 (conditional R²)" in words


def test_pooling_on_a_cycle_names_the_shared_cycle(daily_report: tuple[dict[str, Any], str]) -> None:
    """Without random slopes every subject gets the same cycle, not only the straight line's slope
    (issue 24, item 5); the rule: tests/unit/test_shared_trend.py."""
    _, words = daily_report
    shared = "as the cyclic model gives every subject the same cycle (one amplitude and peak time)"
    assert f"it gives every subject the average slope, {shared}, so the slopes are pooled" in words
    assert "so none differs from it in how fast it changes or in its cycle" in words
