"""Cohorts compared on a cycle (reportgen.cohorts.cycle_comparison): comparison.json holds each
cohort's cycle, never a slope; the index's verdict and table follow (flip the input, the words
flip). The numbers against lme4: tests/crosscheck/test_cohorts_cycle.py."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from reportgen.analysis.covariate_cycle import LevelCycles
from reportgen.analysis.cycle import Cycle
from reportgen.analysis.regression import Coefficient
from reportgen.cohorts.cycle_comparison import (
    cohort_amplitude,
    cohort_effects_document,
    cycle_sites_reason,
    cycles_differ_verdict,
)
from reportgen.cohorts.index import _comparison_verdict
from reportgen.cohorts.task import summarize
from reportgen.schemas import VERSIONS, schema_errors


def _c(estimate: float) -> Coefficient:
    return Coefficient(estimate, 0.01, estimate / 0.01, 0.001, estimate - 0.02, estimate + 0.02, 50.0)


CYCLES = LevelCycles(
    reference="A",
    by_level={
        "A": Cycle(24.0, _c(37.0), _c(0.3), 16.0, 4.0),
        "B": Cycle(24.0, _c(37.1), _c(0.6), 15.0, 3.0),
    },
    amplitude_difference={"B": _c(0.3)},
    mean_level_difference={"B": _c(0.1)},
)
SLOPES = {"A": _c(0.5), "B": _c(0.7)}


def _document(effects: dict[str, Any]) -> dict[str, Any]:
    test = {"F": 9.0, "num_df": 2.0, "den_df": 40.0, "p": 0.001}
    return {
        "schema_version": VERSIONS["comparison"],
        "column": "grp",
        "cohorts": ["A", "B"],
        "structure": "fixed",
        "structure_reason": "2 grps",
        "model": "random_intercept",
        "interaction_test": test,
        "lrt_interaction": {"chisq": 12.0, "df": 2, "p": 0.002},
        **effects,
    }


def test_a_cycle_gives_each_cohort_s_cycle_and_no_slope() -> None:
    on_cycle = cohort_effects_document(SimpleNamespace(cycles=CYCLES, slope_by_level=SLOPES))
    assert set(on_cycle) == {"cycles"}
    cycles = on_cycle["cycles"]
    assert cycles["period"] == 24.0 and cycles["reference"] == "A"
    assert cycles["by_level"]["B"]["amplitude"]["estimate"] == 0.6
    assert cycles["amplitude_difference"]["B"]["estimate"] == 0.3
    straight = cohort_effects_document(SimpleNamespace(cycles=None, slope_by_level=SLOPES))
    assert set(straight) == {"slope_by_cohort"}
    assert straight["slope_by_cohort"]["B"]["estimate"] == 0.7


def test_the_schema_takes_cycles_or_slopes_in_a_fixed_comparison_never_both_or_neither() -> None:
    cycles = cohort_effects_document(SimpleNamespace(cycles=CYCLES, slope_by_level=SLOPES))
    slopes = cohort_effects_document(SimpleNamespace(cycles=None, slope_by_level=SLOPES))
    assert schema_errors(_document(cycles), "comparison") == []
    assert schema_errors(_document(slopes), "comparison") == []
    assert schema_errors(_document({}), "comparison")
    assert schema_errors(_document(cycles | slopes), "comparison")


@pytest.mark.parametrize(
    ("p", "words"), [(0.0004, "there is strong evidence"), (0.4, "the data give no evidence")]
)
def test_the_cohorts_cycles_verdict_follows_p_and_names_no_rate(p: float, words: str) -> None:
    verdict = cycles_differ_verdict(p, "the cohort")
    assert verdict.startswith(words)
    assert "cycle (its amplitude, mean level or peak time) differs with the cohort" in verdict
    assert "rate" not in verdict and "slope" not in verdict


def test_the_index_verdict_reads_the_cycle_when_the_comparison_has_one() -> None:
    cycles = cohort_effects_document(SimpleNamespace(cycles=CYCLES, slope_by_level=SLOPES))
    slopes = cohort_effects_document(SimpleNamespace(cycles=None, slope_by_level=SLOPES))
    assert "the cycle (its amplitude" in _comparison_verdict(_document(cycles))
    assert "rate of change" not in _comparison_verdict(_document(cycles))
    assert "rate of change differs with the cohort" in _comparison_verdict(_document(slopes))


def test_a_cohort_s_summary_carries_its_cycle_amplitude_only_on_a_cycle() -> None:
    results: dict[str, Any] = {
        "data": {"rows": 10, "clean_rows": 10, "groups": 2},
        "headline": {
            "model": "m",
            "slope": 0.01,
            "slope_ci_low": 0.0,
            "slope_ci_high": 0.02,
            "slope_df": 9.0,
        },
        "model_choice": {"stands_on": "m", "intercept_sd": 1.0, "residual_sd": 1.0},
        "trend": {"curve": {"cycle": {"period": 24.0, "amplitude": {"estimate": 0.4}, "peak_time": 16.0}}},
    }
    assert cohort_amplitude(summarize(results)) == {"estimate": 0.4}
    results["trend"]["curve"] = {"first": {}}  # a curve that is no cycle
    assert cohort_amplitude(summarize(results)) is None
    assert cohort_amplitude(None) is None


def test_sites_with_a_period_are_fixed_effects_and_say_why() -> None:
    reason = cycle_sites_reason(6, "site")
    assert reason.startswith("6 sites and a period given")
    assert "fits straight lines only" in reason and "fixed effects" in reason
