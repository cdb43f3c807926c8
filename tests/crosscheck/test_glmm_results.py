"""A GLMM report's ``headline`` is the GLMM it stands on (statistician M, session 7, item 8).

epil's results.json held the linear mixed model's headline (the singular random-slope fit, -0.49
per period) while ``model_choice.stands_on`` was the Poisson GLMM with an observation-level effect,
and the binary study's ``diagnostics.spread_by_time`` (p = 0.032 on 0/1 data) did not say it read
the linear model's residuals. R (lme4 1.1, the stored glmerControl):
``glmer(y ~ period + (1 | subject) + (1 | obs), MASS::epil, poisson)``: period -0.050993 (SE 0.032851),
rate ratio 0.950285, typical expected count at period 1: 5.2041.
"""

from __future__ import annotations

import json
import math

import pytest

from reportgen.schemas import schema_errors
from tests.crosscheck.test_reviewed_reports import built

pytestmark = pytest.mark.slow


def test_epil_headline_is_the_poisson_glmms() -> None:
    results, _ = built("epil")
    head = results["headline"]
    assert (
        head["stands_on"] == results["model_choice"]["stands_on"] == "glmm_random_intercept_observation_level"
    )
    assert head["family"] == "poisson" and "slope_t" not in head and "slope_df" not in head
    assert head["slope"] == pytest.approx(-0.050993, abs=2e-5)
    assert head["slope_se"] == pytest.approx(0.032851, abs=2e-5)
    assert head["ratio"] == pytest.approx(0.950285, abs=2e-5)
    assert head["ratio_ci_low"] == pytest.approx(math.exp(-0.050993 - 1.959964 * 0.032851), abs=1e-4)
    assert head["level"] == pytest.approx(5.2041, abs=1e-3) and head["level_time"] == 1
    # The linear model's headline is kept, under the model_choice.linear it belongs to.
    linear = results["model_choice"]["linear"]["headline"]
    assert linear["stands_on"] == results["model_choice"]["linear"]["model"]
    assert linear["slope"] == pytest.approx(-0.488, abs=1e-3)


@pytest.mark.parametrize("study", ["epil", "binary"])
def test_glmm_reports_say_whose_residuals_the_diagnostics_read(study: str) -> None:
    results, _ = built(study)
    diagnostics = results["diagnostics"]
    assert diagnostics["approximation"] is True
    assert diagnostics["residuals_of"] == results["model_choice"]["linear"]["model"]
    head, stood = results["headline"], results["models"][results["model_choice"]["stands_on"]]
    time = results["glmm"]["time_column"]
    assert (
        head["slope"] == stood["fixed"][time]["estimate"] and head["slope_se"] == stood["fixed"][time]["se"]
    )
    assert schema_errors(json.loads(json.dumps(results, default=dict)), "results") == []  # as the file has it


def test_a_linear_reports_headline_names_its_model() -> None:
    results, _ = built("Sitka")
    assert results["headline"]["stands_on"] == results["model_choice"]["stands_on"]
    assert results["diagnostics"]["approximation"] is False
    assert results["diagnostics"]["residuals_of"] == results["model_choice"]["stands_on"]
