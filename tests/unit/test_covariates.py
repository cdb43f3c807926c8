"""analysis.covariates: the covariate model's random effects and the test of the measured start."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from reportgen.analysis.covariates import covariate_structure, measured_at_start, measured_means_at


def _choice(model: str, reason: str = "", t0: float = 95.0) -> Any:
    return SimpleNamespace(model=model, reason=reason, reference_time=t0, uncorrelated=None)


def test_covariate_structure_is_the_chosen_models() -> None:
    # CO2: a regular uncorrelated refit existed, but the report stands on the random intercept.
    assert covariate_structure(_choice("random_intercept", "slopes_not_supported")) == (
        1,
        "unstructured",
        0.0,
    )
    assert covariate_structure(_choice("random_intercept", "slopes_not_supported")) == (
        1,
        "unstructured",
        0.0,
    )
    assert covariate_structure(_choice("random_slope", "slopes_supported")) == (2, "unstructured", 0.0)
    assert covariate_structure(_choice("uncorrelated_slope", "uncorrelated_supported")) == (
        2,
        "diagonal",
        95.0,
    )


def _frame(first: list[float], second: list[float]) -> pd.DataFrame:
    rows = [("a", 0.0, y) for y in first] + [("b", 0.0, y) for y in second]
    later = [("a", 1.0, 100.0), ("b", 1.0, -100.0)]  # other times do not count
    frame = pd.DataFrame(rows + later, columns=["level", "time", "response"])
    return frame.assign(group=[f"s{i}" for i in range(len(frame))])


def test_measured_start_is_a_one_way_anova_of_the_values_there() -> None:
    # Levels 1,2,3 and 4,5,6: between SS 13.5 on 1 df, within SS 4 on 4 df, F = 13.5.
    # R: anova(lm(y ~ g)) gives F = 13.5, p = 0.02131.
    test = measured_at_start(_frame([1, 2, 3], [4, 5, 6]), "level", 0.0, "categorical")
    assert test is not None
    assert (test.F, test.num_df, test.den_df) == pytest.approx((13.5, 1.0, 4.0))
    assert test.p == pytest.approx(0.02131, abs=1e-5)
    flat = measured_at_start(_frame([1, 2, 3], [1, 2, 3]), "level", 0.0, "categorical")
    assert flat is not None and flat.F == pytest.approx(0.0) and flat.p == pytest.approx(1.0)
    assert measured_means_at(_frame([1, 2, 3], [4, 5, 6]), "level", 0.0, "categorical") == {
        "a": 2.0,
        "b": 5.0,
    }


def test_measured_start_needs_two_levels_with_two_values() -> None:
    assert measured_at_start(_frame([1, 2, 3], [4]), "level", 0.0, "categorical") is None


def test_measured_start_of_a_numeric_covariate_is_a_straight_line() -> None:
    frame = pd.DataFrame(
        {"dose": [1.0, 2.0, 3.0, 4.0], "time": 0.0, "response": [1.0, 3.0, 2.0, 5.0], "group": list("abcd")}
    )
    # R: summary(lm(c(1,3,2,5) ~ c(1,2,3,4))): slope 1.1, t = 2.116951, p = 0.16848.
    test = measured_at_start(frame, "dose", 0.0, "numeric")
    assert test is not None
    assert test.F == pytest.approx(2.116951**2, rel=1e-6)
    assert (test.num_df, test.den_df) == (1.0, 2.0)
    assert test.p == pytest.approx(0.16848, abs=1e-5)
    assert measured_means_at(frame, "dose", 0.0, "numeric") == {}
