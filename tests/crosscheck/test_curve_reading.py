"""Soybean's curve and its random slopes, read as lme4 reads them (issue 21, the fifth read).

nlme::Soybean (weight ~ Time by Plot) stands on ``ns(Time, 5)`` (4 df before issue 21's eighth read)
with uncorrelated random slopes.
The report said "the rise speeds up over time" (the parabola's sign); R's population curve of the
same model rises fastest near day 54 and more slowly after it, slower at both ends than at its
fastest: an S shape. Influence refits that curve without each plot (R refits it without the one
that moves it most, the spline's knots kept). With Variety in the model the random-slope fit is
singular because its levels' variance is 0, while the slopes' SD is 0.041: the slope test still
reads the slopes.
Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow

COLUMNS = {"response": "weight", "time": "Time", "group": "Plot"}

CURVE_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite", "splines")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "soybean.csv"), colClasses = c(Plot = "character"))
ctl <- lmerControl(optimizer = "bobyqa")
m <- lmer(as.formula(job$chosen), data = d, REML = TRUE, control = ctl)
grid <- seq(min(d$Time), max(d$Time), length.out = 401)
p <- predict(m, data.frame(Time = grid), re.form = NA)
rate <- diff(p) / diff(grid)
mid <- (grid[-1] + grid[-length(grid)]) / 2
cm <- lmer(as.formula(job$covariates), data = d, REML = TRUE, control = ctl)
v <- as.data.frame(VarCorr(cm))
vm <- as.data.frame(VarCorr(m))
out <- list(
  slope_sd = vm$sdcor[!is.na(vm$var1) & vm$var1 != "(Intercept)" & is.na(vm$var2)][1],
  fastest = mid[which.max(rate)],
  rate_first = rate[1], rate_last = rate[length(rate)], rate_max = max(rate),
  cov_singular = isSingular(cm),
  cov_level_sd = v$sdcor[v$var1 == "(Intercept)" & is.na(v$var2)][1],
  cov_slope_sd = v$sdcor[!is.na(v$var1) & v$var1 != "(Intercept)" & is.na(v$var2)][1]
)
# The chosen curve without the most influential plot, its spline basis kept at the full data's.
df <- as.integer(sub(".*splines::ns\\(Time, ([0-9]+)\\).*", "\\1", job$chosen))
k <- attr(splines::ns(d$Time, df), "knots"); b <- range(d$Time)
kept <- "splines::ns(Time, knots = k, Boundary.knots = b)"
fixed <- sub(sprintf("splines::ns(Time, %d)", df), kept, job$chosen, fixed = TRUE)
stopifnot(fixed != job$chosen)
w <- lmer(as.formula(fixed), data = d[d$Plot != job$without, ], REML = TRUE, control = ctl)
ends <- predict(w, data.frame(Time = range(d$Time)), re.form = NA)
out$change_without <- ends[[2]] - ends[[1]]
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


@pytest.fixture(scope="module")
def soybean(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str, dict[str, Any]]:
    frame = r_dataset("Soybean", "nlme")
    frame["Plot"] = frame["Plot"].astype(str)
    results, text = built_words(frame, "Soybean", **COLUMNS, covariates=("Variety",))
    folder = Path(tmp_path_factory.mktemp("soybean"))
    frame.to_csv(folder / "soybean.csv", index=False)
    job = {
        "chosen": results["models"][results["model_choice"]["stands_on"]]["formula"],
        "covariates": results["models"]["covariates"]["formula"],
        "without": results["influence"]["curve"]["most_influential"],
    }
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "fit.R").write_text(CURVE_R)
    run_r(folder / "fit.R", str(folder))
    return results, text, json.loads((folder / "out.json").read_text())


def test_soybean_curve_is_worded_from_its_own_rate(
    soybean: tuple[dict[str, Any], str, dict[str, Any]],
) -> None:
    results, text, r = soybean
    curve = results["trend"]["curve"]
    # R's curve is S-shaped by the same rule: slower at both ends than three quarters of its fastest.
    assert max(r["rate_first"], r["rate_last"]) < 0.75 * r["rate_max"]
    assert curve["bend"] == "s_shaped"
    assert curve["fastest_time"] == pytest.approx(r["fastest"], abs=0.5)  # grid step 0.175, rounded to 0.1
    assert "the rise speeds up, then slows" in text
    assert "the rise speeds up over time" not in text and "bends upward" not in text
    assert "rises fastest at Time" in text or "rises fastest at time" in text


def test_soybean_slope_test_with_variety_reads_the_slopes(
    soybean: tuple[dict[str, Any], str, dict[str, Any]],
) -> None:
    results, text, r = soybean
    assert r["cov_singular"] and r["cov_level_sd"] < 1e-4 and r["cov_slope_sd"] > 0.03
    part = results["covariates"]["Variety"]["random_part"]
    assert part["singular"] and part["boundary"] == "level"
    assert "this test does not show that individual rates of change differ" not in text
    assert "singular only because its starting levels' variance is estimated at 0" in text
    assert "individual rates of change still differ" in text


def test_soybean_model_section_gives_the_slopes_range_around_the_curve(
    soybean: tuple[dict[str, Any], str, dict[str, Any]],
) -> None:
    results, text, r = soybean
    choice = results["model_choice"]
    # A curve has no one slope to centre a range on: the straight line's is not the curve's rate.
    assert choice["slope_range_low"] is None and choice["slope_range_high"] is None
    assert choice["slope_range_halfwidth"] == pytest.approx(1.959964 * r["slope_sd"], rel=2e-3)
    assert "so these are no finding" not in text
    assert "of the curve's own rate at each time" in text or "of the curve's own rate at each Time" in text


def test_soybean_influence_refits_the_curve_itself(
    soybean: tuple[dict[str, Any], str, dict[str, Any]],
) -> None:
    results, text, r = soybean
    curve = results["influence"]["curve"]
    assert curve["subjects"] == 48
    assert curve["change_without"] == pytest.approx(r["change_without"], rel=1e-3)
    assert "refitting the curve itself with each plot left out in turn" in text


ORANGE_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite", "splines")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "orange.csv"), colClasses = c(Tree = "character"))
m <- lmer(as.formula(job$chosen), data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
grid <- seq(min(d$age), max(d$age), length.out = 401)
rate <- diff(predict(m, data.frame(age = grid), re.form = NA)) / diff(grid)
out <- list(rate_first = rate[1], rate_last = rate[length(rate)], rate_max = max(rate))
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


def test_orange_curve_found_by_the_residual_means_is_worded_from_the_curve(tmp_path: Path) -> None:
    # Orange: the quadratic test finds weak evidence (p = 0.074) while the residual means say a
    # straight line is inadequate; the chosen spline's words come from its own rate, as R's.
    frame = r_dataset("Orange", "datasets")
    frame["Tree"] = frame["Tree"].astype(str)
    results, text = built_words(frame, "Orange", response="circumference", time="age", group="Tree")
    frame.to_csv(tmp_path / "orange.csv", index=False)
    chosen = results["models"][results["model_choice"]["stands_on"]]["formula"]
    (tmp_path / "job.json").write_text(json.dumps({"chosen": chosen}))
    (tmp_path / "fit.R").write_text(ORANGE_R)
    run_r(tmp_path / "fit.R", str(tmp_path))
    r = json.loads((tmp_path / "out.json").read_text())
    assert max(r["rate_first"], r["rate_last"]) < 0.75 * r["rate_max"]  # S-shaped in R too
    assert results["trend"]["curve"]["bend"] == "s_shaped"
    assert (
        "weak evidence of curvature, but a straight line is nevertheless inadequate (its residual "
        "means miss zero at more times than chance allows): on the chosen curve, the rise speeds up, "
        "then slows." in text
    )
