"""The start-level test of a covariate with an outer level (reportgen.analysis.covariates
.measured_at_start, ``outer``): a covariate constant within an outer group is tested with a random
intercept per group, on about as many df as groups (lmerTest's test; against R in
tests/crosscheck/test_lmer_f_tests.py); one that varies within them is tested the same way
(statistician R 4, session 8; before, a test of the values ignoring the schools)."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.analysis.covariates import constant_within, measured_at_start


def _frame(arm_by_pupil: bool) -> pd.DataFrame:
    rows = []
    for s in range(4):
        for k in range(3):
            arm = ("a", "b")[k % 2] if arm_by_pupil else ("a", "b")[s % 2]
            rows.append(
                {
                    "time": 0.0,
                    "school": f"S{s}",
                    "group": f"P{3 * s + k}",
                    "arm": arm,
                    "response": 10.0 * s + k,
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.filterwarnings("ignore:Grouping factor .* has only 4 levels:UserWarning")
def test_a_covariate_constant_within_schools_is_tested_with_a_random_intercept_per_school() -> None:
    """Four schools, two per arm: about 2 df (4 schools - 2 arms), not the 10 of the 12 pupils."""
    test = measured_at_start(_frame(False), "arm", 0.0, "categorical", ("school",))
    assert test is not None and test.num_df == 1.0 and test.den_df == pytest.approx(2.0, abs=0.05)


@pytest.mark.filterwarnings("ignore:Grouping factor .* has only 4 levels:UserWarning")
def test_a_covariate_that_varies_within_schools_is_tested_with_the_schools_too() -> None:
    """The pupils of one school share its level whatever their arm (statistician R 4, session 8):
    the same mixed test, not the one-way ANOVA of the 12 pupils on 10 df."""
    from reportgen.analysis.outer_start_test import outer_level_test

    frame = _frame(True)
    test = measured_at_start(frame, "arm", 0.0, "categorical", ("school",))
    assert test is not None and test.den_df != pytest.approx(10.0, abs=0.05)
    assert test == outer_level_test(frame, "arm", "categorical", ("school",))


def test_the_level_whose_means_are_tested_is_the_outermost_the_covariate_is_constant_within() -> None:
    frame = _frame(False).assign(region=["R0"] * 6 + ["R1"] * 6)
    assert constant_within(frame, "arm", ("region", "school")) == "school"  # arm varies within regions
    by_region = frame.assign(arm=["a"] * 6 + ["b"] * 6)
    assert constant_within(by_region, "arm", ("region", "school")) == "region"
    assert constant_within(_frame(True), "arm", ("school",)) == ""
