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


PAIR_R = r"""
if (!requireNamespace("lme4", quietly = TRUE)) quit(status = 3)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); d$obs <- factor(seq_len(nrow(d)))
ratio <- function(f) {
  r <- lme4::ranef(lme4::glmer(as.formula(f), d, family = poisson))$subject
  exp(r[args[2], 1] - r[args[3], 1])
}
cat(ratio("y ~ period + (1 | subject) + (1 | obs)"), ratio("y ~ period + (1 | subject)"))
"""


def test_q6_names_the_random_intercept_glmm_its_ratio_comes_from() -> None:
    """Statistician Q (session 8): two random-intercept GLMMs are fitted; Q6's ratio of the pair's
    expected counts is the one with the observation-level effect (R: 104.4, the plain one 124.7),
    and the sentence says so."""
    results, text = built("epil")
    first, second = (str(s) for s in (results["mixed_pair"]["first"], results["mixed_pair"]["second"]))
    with tempfile.TemporaryDirectory() as tmp:
        data, script = Path(tmp) / "d.csv", Path(tmp) / "pair.R"
        r_dataset("epil", "MASS").to_csv(data, index=False)
        script.write_text(PAIR_R)
        with_obs, plain = map(float, run_r(script, str(data), first, second).stdout.split())
    assert results["glmm"]["pair_multiplier"] == pytest.approx(with_obs, rel=5e-3)
    assert abs(plain / with_obs - 1) > 0.05  # the two models differ: naming one matters
    assert (
        "In the random-intercept GLMM with an observation-level effect the expected count of subject" in text
    )
