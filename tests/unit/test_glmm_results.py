"""Whose residuals a report's diagnostics read, and a GLMM cohort's summary without a t test's df
(reportgen.glmm_results; statistician M, session 7, item 8)."""

from __future__ import annotations

from reportgen.cohorts.task import summarize
from reportgen.glmm_results import diagnostics_source


def test_the_diagnostics_of_a_glmm_report_are_the_linear_approximations() -> None:
    glmm = diagnostics_source("random_slope", "glmm_random_intercept_observation_level")
    assert glmm == {"residuals_of": "random_slope", "approximation": True}
    linear = diagnostics_source("random_slope_spline3", "random_slope_spline3")
    assert linear == {"residuals_of": "random_slope_spline3", "approximation": False}


def test_a_glmm_cohorts_summary_has_no_slope_df() -> None:
    results = {
        "data": {"rows": 236, "clean_rows": 236, "groups": 59},
        "headline": {
            "model": "random_intercept",
            "slope": -0.05,
            "slope_ci_low": -0.12,
            "slope_ci_high": 0.01,
        },
        "model_choice": {"stands_on": "glmm_random_intercept", "intercept_sd": 0.5, "residual_sd": 0.0},
        "family": {"name": "poisson"},
        "glmm": {"time_ratio": {"ratio": 0.95, "ci_low": 0.89, "ci_high": 1.01, "p": 0.12}},
    }
    summary = summarize(results)
    assert "slope_df" not in summary["headline"] and summary["headline"]["slope"] == -0.05
    assert summary["glmm"]["time_ratio"]["ratio"] == 0.95
