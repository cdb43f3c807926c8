"""The outcome section, built through the section registry: shown for binary and count responses,
absent for a continuous one; its count of impossible fitted values checked against lme4."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.time_basis import make_shape
from reportgen.config import make_config
from reportgen.pipeline import render_report

pytestmark = pytest.mark.slow


def simulated(kind: str, seed: int = 20) -> pd.DataFrame:
    """30 pupils over 10 weeks. binary: 0/1 answers whose probability rises steeply, so a line leaves
    [0, 1]; count: Poisson counts growing exponentially from near 0, so a line predicts negative counts."""
    rng = np.random.default_rng(seed)
    rows = []
    for pupil in range(30):
        level = rng.normal(0, 1.0 if kind == "binary" else 0.5)
        for week in range(10):
            if kind == "binary":
                y = int(rng.random() < 1 / (1 + np.exp(-(-3 + 0.7 * week + level))))
            else:
                y = int(rng.poisson(np.exp(-1 + 0.3 * week + level)))
            rows.append({"id": f"p{pupil}", "week": week, "y": y})
    return pd.DataFrame(rows)


@functools.cache
def built(kind: str) -> tuple[dict[str, Any], str]:
    frame = simulated(kind)
    config = make_config(response="y", time="week", group="id", formats=["html"])
    report = render_report(frame, config, {"file": f"{kind}.csv", "sha256": ""})
    return report.results, report.files["report.html"].decode()


@pytest.mark.parametrize("kind, family", [("binary", "binomial"), ("count", "poisson")])
def test_section_appears_first_in_going_further(kind: str, family: str) -> None:
    results, html = built(kind)
    outcome = results["outcome"]
    assert outcome["kind"] == kind and outcome["family"] == family
    # The linear model whose fitted values are checked: its choice is under model_choice.linear in a
    # GLMM report (model_choice.model is the GLMM's there).
    assert outcome["model"] == results["model_choice"]["linear"]["random_effects"]
    assert 'id="g-outcome"' in html
    assert "Going further 1: what kind of response is this?" in html
    # A GLMM's report leaves the linear model's going-further sections out (the family section
    # takes their place) and fits the family the outcome section names.
    assert "statistician would: whether the response suits a linear model and a generalized linear" in html
    assert results["family"]["name"] == family and 'id="g-family"' in html
    assert 'id="fig-outcome_fitted"' in html
    assert f"family = {family}" in html
    # The data are made to show it with a straight line; a chosen curve (the counts' exponential
    # growth) can stay inside the bounds.
    if linear_shape(results) == "linear":
        assert outcome["fitted_below"] + outcome["fitted_above"] > 0


def linear_shape(results: dict[str, Any]) -> str:
    """The linear mixed model's own shape, whose fitted values the section checks: in a GLMM report
    `trend.shape` is the GLMM's (compared on GLMM fits since fix21i), `trend.linear_shape` the line's."""
    return str(results["trend"].get("linear_shape") or results["trend"]["shape"])


def test_continuous_response_has_no_section() -> None:
    from reportgen.load import read_table

    config = make_config(formats=["html"])
    report = render_report(read_table(config.data_path), config, {"file": "sleepstudy.csv", "sha256": ""})
    html = report.files["report.html"].decode()
    assert report.results["outcome"]["kind"] == "continuous"
    assert report.results["outcome"]["family"] is None
    assert 'id="g-outcome"' not in html and "outcome_fitted" not in html
    assert "figures/outcome_fitted.png" not in report.files
    assert "g_outcome" not in report.results["narrative"]


# --- the fitted values outside the possible range, counted by lme4 -------------------------------

# {fixed}: the chosen trend shape's lme4 term in week (random slopes stay in linear week).
R_FORMULAS = {
    "random_intercept": "y ~ {fixed} + (1 | id)",
    "random_slope": "y ~ {fixed} + (week | id)",
    "uncorrelated_slope": "y ~ {fixed} + (1 | id) + (0 + I(week - {reference}) | id)",
}


def lme4_fitted(frame: pd.DataFrame, formula: str) -> np.ndarray:
    """lme4's fitted values (REML, with the conditional modes), through Rscript."""
    script = (
        "suppressMessages(library(lme4)); d <- read.csv(file('stdin')); d$id <- factor(d$id); "
        f"m <- lmer({formula}, data = d, REML = TRUE); "
        "cat(sprintf('%.17g', fitted(m)), sep = '\\n')"
    )
    done = subprocess.run(
        ["Rscript", "-e", script],
        input=frame.to_csv(index=False),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        if os.environ.get("REPORTGEN_REQUIRE_R") == "1":
            pytest.fail(done.stderr)
        pytest.skip(f"lme4 not usable: {done.stderr.strip()[:200]}")
    return np.array([float(line) for line in done.stdout.split()])


@pytest.mark.parametrize("kind", ["binary", "count"])
def test_impossible_fitted_values_match_lme4(kind: str) -> None:
    if shutil.which("Rscript") is None:
        if os.environ.get("REPORTGEN_REQUIRE_R") == "1":
            pytest.fail("Rscript is missing")
        pytest.skip("Rscript is missing")
    results, _ = built(kind)
    outcome = results["outcome"]
    reference = results["model_choice"]["reference_time"]
    frame = simulated(kind)
    fixed = make_shape(linear_shape(results), frame["week"].to_numpy(float), label="week").term
    formula = R_FORMULAS[outcome["model"]].format(reference=json.dumps(reference), fixed=fixed)
    fitted = lme4_fitted(frame, formula)
    low, high = outcome["lower_bound"], outcome["upper_bound"]
    # No fitted value so near a bound that the two engines' last digits could decide its side.
    assert np.min(np.abs(fitted - low)) > 1e-4
    assert outcome["fitted_below"] == int(np.sum(fitted < low))
    assert outcome["fitted_above"] == (int(np.sum(fitted > high)) if high is not None else 0)
    assert outcome["fitted_n"] == len(fitted)
    assert outcome["fitted_min"] == pytest.approx(fitted.min(), abs=1e-4)
    assert outcome["fitted_max"] == pytest.approx(fitted.max(), abs=1e-4)
