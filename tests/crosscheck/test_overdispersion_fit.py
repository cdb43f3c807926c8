"""epil's overdispersion check names the fit it reads, and that fit's Pearson ratio is lme4's
(issue 21, fifth read: "1.22 is read on the random-slope Poisson fit without saying which")."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.crosscheck.test_reviewed_reports import built
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

R_SCRIPT = r"""
if (!requireNamespace("lme4", quietly = TRUE)) quit(status = 3)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
m <- lme4::glmer(as.formula(args[2]), d, family = poisson)
cat(sum(residuals(m, type = "pearson")^2), df.residual(m))
"""


def test_the_check_names_its_fit_and_agrees_with_glmer() -> None:
    results, text = built("epil")
    glmm = results["glmm"]
    check = glmm["overdispersion"]
    # The first choice is the random-slope fit; overdispersion then redoes the choice with (1 | obs).
    assert check["fit"] == "random_slope" and glmm["chosen"] == "random_intercept_observation_level"
    with tempfile.TemporaryDirectory() as tmp:
        data, script = Path(tmp) / "d.csv", Path(tmp) / "pearson.R"
        r_dataset("epil", "MASS").to_csv(data, index=False)  # the input's own column names
        script.write_text(R_SCRIPT)
        chi2, df = map(float, run_r(script, str(data), glmm["fits"][check["fit"]]["formula"]).stdout.split())
    assert check["df"] == df
    assert check["chi2"] == pytest.approx(chi2, rel=2e-3)
    assert (
        "Overdispersion check of the random-slope Poisson fit (the random effects the first test chose"
        in text
    )
