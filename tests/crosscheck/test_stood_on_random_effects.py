"""The random effects of the model the report stands on, as lme4 gives them (statistician D).

Dialyzer (rate ~ pressure by Subject, covariate QB) stands on ``rate ~ ns(pressure, 4) +
(pressure | Subject)``, a regular fit, while its straight line with the same random effects is
singular (slope SD 2.91, correlation -1): the model section gives the curve's SDs (R: intercept 2.98
at pressure 0, slope 3.97, correlation -0.71), ``headline.slope_sd`` is the curve's, and pooling and
the caterpillar read the curve's conditional modes. A simulated Poisson GLMM with random slopes
(statistician D's mk.R) gives the chosen GLMM's SDs (subject 0.54, slope 0.13, obs 0.40) and the range
of 95% of the subjects' rate ratios per visit (0.87 to 1.45). Skipped without Rscript and lme4
(unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.crosscheck.test_reshape_dialyzer import _built as _dialyzer  # one build for both
from tests.support.r_run import run_r
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow

DIALYZER_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite", "splines")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "dialyzer.csv"), colClasses = c(Subject = "character"))
d$Subject <- factor(d$Subject)
m <- lmer(as.formula(job$chosen), data = d, REML = TRUE)
v <- VarCorr(m)$Subject
t0 <- job$t0
re <- ranef(m, condVar = TRUE)$Subject
pv <- attr(re, "postVar")
level <- re[, 1] + t0 * re[, 2]
level_var <- pv[1, 1, ] + 2 * t0 * pv[1, 2, ] + t0^2 * pv[2, 2, ]
out <- list(
  singular = isSingular(m),
  intercept_sd = sqrt(v[1, 1]),
  slope_sd = sqrt(v[2, 2]),
  corr = v[1, 2] / sqrt(v[1, 1] * v[2, 2]),
  mixed_level_sd = sd(level),
  mixed_slope_sd = sd(re[, 2]),
  levels_away = sum(abs(level) > qnorm(0.975) * sqrt(level_var)),
  slopes_away = sum(abs(re[, 2]) > qnorm(0.975) * sqrt(pv[2, 2, ]))
)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""

# Statistician D's mk.R (the counts part), then glmer on the formula the report stands on.
COUNTS_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
set.seed(2026)
n <- 40; v <- 0:5
d <- expand.grid(visit = v, id = 1:n)
trt <- rep(c("control", "active"), each = n / 2)
d$treatment <- trt[d$id]
d$subject <- sprintf("S%02d", d$id)
b0 <- rnorm(n, 0, 0.5); b1 <- rnorm(n, 0, 0.15)
eta <- 1.5 + 0.1 * d$visit - 0.4 * (d$treatment == "active") + b0[d$id] + b1[d$id] * d$visit +
  rnorm(nrow(d), 0, 0.4)
d$count <- rpois(nrow(d), exp(eta))
d <- d[, c("count", "visit", "subject", "treatment")]
write.csv(d, file.path(args[[1]], "counts.csv"), row.names = FALSE)
if (length(args) > 1) {
  d$obs <- factor(seq_len(nrow(d)))
  m <- glmer(as.formula(args[[2]]), data = d, family = poisson)
  vc <- as.data.frame(VarCorr(m))
  sd_of <- function(grp, var) vc$sdcor[vc$grp == grp & vc$var1 == var & is.na(vc$var2)]
  slope <- fixef(m)[["visit"]]
  s1 <- sd_of("subject", "visit")
  out <- list(
    intercept_sd = sd_of("subject", "(Intercept)"), slope_sd = s1, obs_sd = sd_of("obs", "(Intercept)"),
    low = exp(slope - qnorm(0.975) * s1), high = exp(slope + qnorm(0.975) * s1)
  )
  writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
}
"""


@pytest.fixture(scope="module")
def dialyzer_r(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    frame, results, _ = _dialyzer()
    folder: Path = tmp_path_factory.mktemp("dialyzer_re")
    frame.to_csv(folder / "dialyzer.csv", index=False, float_format="%.17g")
    choice = results["model_choice"]
    job = {"chosen": results["models"][choice["stands_on"]]["formula"], "t0": choice["reference_time"]}
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "fit.R").write_text(DIALYZER_R)
    run_r(folder / "fit.R", str(folder))
    return {"job": job, **json.loads((folder / "out.json").read_text())}


def test_dialyzer_model_section_gives_the_curves_random_effects(dialyzer_r: dict[str, Any]) -> None:
    _, results, text = _dialyzer()
    assert dialyzer_r["job"]["chosen"] == "rate ~ splines::ns(pressure, 4) + (pressure | Subject)"
    assert not dialyzer_r["singular"]
    choice = results["model_choice"]
    assert choice["intercept_sd"] == pytest.approx(dialyzer_r["intercept_sd"], rel=2e-3)
    assert choice["slope_sd"] == pytest.approx(dialyzer_r["slope_sd"], rel=2e-3)
    assert choice["corr"] == pytest.approx(dialyzer_r["corr"], abs=2e-3)
    assert results["headline"]["slope_sd"] == pytest.approx(dialyzer_r["slope_sd"], rel=2e-3)
    # The regular fit's range of slopes: around the curve's own rate, not the straight line's slope
    # (since 1.4 a curve's slope_range_low/high are null; its half-width is R's 1.96 x slope SD).
    assert choice["slope_range_low"] is None and choice["slope_range_high"] is None
    assert choice["slope_range_halfwidth"] == pytest.approx(1.959964 * dialyzer_r["slope_sd"], rel=2e-3)
    # R: 2.98, 3.97, -0.71 and the levels' SD 2.41 at the first pressure, in the model section.
    assert (
        "In the natural-spline (4 df) model with correlated random slopes, subjects' intercepts "
        "(levels at pressure 0, outside the observed values of pressure) vary with a standard "
        "deviation of 2.98 and their slopes with 3.97 per unit of pressure, correlated at -0.71 ; read "
        "at pressure 0.235, the lowest observed pressure, their levels vary with a standard deviation "
        "of 2.41 ." in text
    )
    # Review E: a range centred on the straight line's slope (16.16 +- 1.96 x 3.97) mixes two models;
    # the spread is said around the curve's own rate.
    assert "About 95% of subjects' slopes lie between" not in text
    assert (
        "About 95% of subjects' slopes lie within two of these standard deviations of the curve's own" in text
    )


def test_dialyzer_pooling_reads_the_curves_conditional_modes(dialyzer_r: dict[str, Any]) -> None:
    """Not the singular straight line's (it shrank the levels by 90.8%, one subject 'clearly' apart)."""
    _, results, text = _dialyzer()
    pool = results["pooling"]
    assert pool["mixed_intercept_sd"] == pytest.approx(dialyzer_r["mixed_level_sd"], rel=5e-3)
    assert pool["mixed_slope_sd"] == pytest.approx(dialyzer_r["mixed_slope_sd"], rel=5e-3)
    assert pool["intercepts_away_from_zero"] == dialyzer_r["levels_away"]
    assert pool["slopes_away_from_zero"] == dialyzer_r["slopes_away"]
    assert "shrinks by 90.8%" not in text
    # What the singular straight line gives (Q5's interval, influence) is said to be no finding.
    assert "13.95 to 18.37 there" not in text
    assert "the straight line with these random effects is a singular fit" in text
    assert "Predicted random effects of the natural-spline (4 df) model with correlated random slopes" in text


def test_dialyzer_too_few_subjects_at_the_first_pressure() -> None:
    """3 of 20 subjects were measured at pressure 0.235: no measured-start SD or F test from them."""
    _, results, text = _dialyzer()
    assert results["model_choice"]["observed_groups_at_reference"] == 3
    assert results["covariates"]["QB"]["measured_at_start"] is None
    assert "F = 0.30 on 1 and 1.0 df" not in text
    assert "have a standard deviation of 1.39" not in text
    assert "Only 3 of 20 subjects were measured at pressure 0.235" in text


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, dict[str, Any]]:
    folder: Path = tmp_path_factory.mktemp("counts")
    (folder / "counts.R").write_text(COUNTS_R)
    run_r(folder / "counts.R", str(folder))
    frame = pd.read_csv(folder / "counts.csv", dtype={"subject": str})
    results, text = built_words(
        frame, "counts", response="count", time="visit", group="subject", covariates=["treatment"]
    )
    formula = results["models"][results["model_choice"]["stands_on"]]["formula"]
    run_r(folder / "counts.R", str(folder), formula)
    return results, text, json.loads((folder / "out.json").read_text())


def test_counts_glmm_section_gives_the_chosen_glmms_random_effects(
    counts: tuple[dict[str, Any], str, dict[str, Any]],
) -> None:
    results, text, r = counts
    glmm = results["glmm"]
    assert glmm["chosen"] == "random_slope_observation_level"
    assert glmm["intercept_sd"] == pytest.approx(r["intercept_sd"], rel=2e-2)
    assert glmm["slope_sd"] == pytest.approx(r["slope_sd"], rel=2e-2)
    assert glmm["obs_sd"] == pytest.approx(r["obs_sd"], rel=2e-2)
    assert glmm["slope_ratio_low"] == pytest.approx(r["low"], rel=1e-2)
    assert glmm["slope_ratio_high"] == pytest.approx(r["high"], rel=1e-2)
    assert math.isclose(r["low"], 0.87, abs_tol=0.005) and math.isclose(r["high"], 1.45, abs_tol=0.005)
    assert (
        "In the random-slope model with an observation-level random effect, the subjects' log rates at "
        "visit 0 vary with a standard deviation of 0.54 , their slopes (change in log rates per visit) "
        "with 0.13 and single observations with 0.40 ; about 95% of subjects have a rate ratio per "
        "visit between 0.87 and 1.45 ." in text
    )
    # The random-intercept model's multipliers are not this section's finding when slopes are kept.
    assert (
        "in the random-intercept model with an observation-level random effect, the expected count"
        not in text
    )
