"""Final read (statistician L, session 6), item 1: one average rate over the observed times (and
item 2: Soybean's over-wide start is the model's one residual SD under a growing spread).

Soybean (weight ~ Time by Plot, Variety) and Sitka (size ~ Time by tree, treat) stand on a curve,
but the summaries' "average rate over the observed times" was a straight line's slope (0.30 and
0.0037) beside the curve's own change over the range (17.79 / 70 = 0.254; 0.63 / 205 = 0.0031)
and the levels' rates (F: 0.22, P: 0.28; control and ozone: 0.0031). The headline's rate is now the
curve's change over the observed range divided by the range, with the CI of that contrast: R
refits the model stood on and gives the same contrast (lmerTest, Satterthwaite). Skipped without
Rscript, lme4 and lmerTest (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.crosscheck.test_final_read import _text
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

STUDIES = {
    "Soybean": ("nlme", {"response": "weight", "time": "Time", "group": "Plot", "covariates": ["Variety"]}),
    "Sitka": ("MASS", {"response": "size", "time": "Time", "group": "tree", "covariates": ["treat"]}),
}

# Refits the model of job.json (formula, control, group) by REML on data.csv, lmerTest loaded.
LMER_FIT_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "lmerTest", "jsonlite", "splines"))
  if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages({library(lme4); library(lmerTest)})
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "data.csv"))
d[[job$group]] <- factor(d[[job$group]])
m <- lmer(as.formula(job$formula), data = d, REML = TRUE, control = eval(parse(text = job$control)))
"""

RATE_R = (
    LMER_FIT_R
    + r"""t <- d[[job$time]]
ends <- data.frame(x = c(min(t), max(t))); names(ends) <- job$time
tt <- delete.response(terms(m))
X <- model.matrix(tt, model.frame(tt, ends))
L <- (X[2, ] - X[1, ]) / diff(range(t))
r <- contest(m, L, joint = FALSE, confint = TRUE)
out <- list(rate = r$Estimate, se = r[["Std. Error"]], low = r$lower, high = r$upper, sigma = sigma(m))
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""
)


@functools.cache
def _built(study: str) -> tuple[pd.DataFrame, dict[str, Any], str]:
    package, columns = STUDIES[study]
    frame = r_dataset(study, package)
    frame[columns["group"]] = frame[columns["group"]].astype(str)
    report = render_report(
        frame, make_config(**columns, formats=["html"]), {"file": f"{study}.csv", "sha256": ""}
    )
    return frame, report.results, _text(report.files["report.html"].decode())


def _refit_in_r(study: str, model: str, script: str, folder: Path) -> dict[str, Any]:
    """``models.<model>`` of the study's build refitted in R by ``script`` (LMER_FIT_R and what it
    reads off the fit), its out.json."""
    frame, results, _ = _built(study)
    record = results["models"][model]
    frame.to_csv(folder / "data.csv", index=False, float_format="%.17g")
    job = {"formula": record["formula"], "control": record["control"], **STUDIES[study][1]}
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "fit.R").write_text(script)
    run_r(folder / "fit.R", str(folder))
    return dict(json.loads((folder / "out.json").read_text()))


@pytest.mark.parametrize("study", list(STUDIES))
def test_the_headline_rate_is_the_curves_average_rate_as_r_gives_it(study: str, tmp_path: Path) -> None:
    _, results, _ = _built(study)
    r = _refit_in_r(study, results["model_choice"]["stands_on"], RATE_R, tmp_path)
    head, curve = results["headline"], results["trend"]["curve"]
    assert head["slope_source"] == "curve"
    assert head["slope"] == pytest.approx(r["rate"], rel=1e-3)  # Soybean 0.254, not the line's 0.30
    assert head["slope_se"] == pytest.approx(r["se"], rel=5e-3)
    assert head["slope_ci_low"] == pytest.approx(r["low"], rel=5e-3)
    assert head["slope_ci_high"] == pytest.approx(r["high"], rel=5e-3)
    span = curve["last"]["time"] - curve["first"]["time"]
    assert head["slope"] == pytest.approx(curve["change"]["estimate"] / span, rel=1e-9)
    if study == "Soybean":  # item 2: the model's 1.40 at day 14 is its one residual SD (levels: 0)
        assert results["model_choice"]["level_sd_at_reference"] == pytest.approx(0.0, abs=1e-3)
        assert results["model_choice"]["model_sd_at_reference"] == pytest.approx(r["sigma"], rel=1e-3)


def test_soybean_names_one_average_rate() -> None:
    _, results, text = _built("Soybean")
    assert results["headline"]["slope"] == pytest.approx(17.79 / 70, abs=5e-4)
    # the straight line's slope is not called the average rate over the observed times
    assert "this is the slope the report's summaries use as the average rate" not in text
    assert "straight-line model is then the average rate" not in text
    assert "this is the rate the report's summaries use (a straight line's slope is not" in text
    # item 2: the over-wide start is the one residual SD under a growing spread, not the lines
    assert results["diagnostics"]["spread_pattern"] in ("grows_with_level", "grows_with_time")
    assert "this model expects 1.40 for a measurement there" in text
    assert "straight lines fitted to the whole period spread more at the start" not in text
    assert "most of the model's figure is its one residual standard deviation" in text


START_R = (
    LMER_FIT_R
    + r"""v <- sort(unique(as.character(d$Variety)))
nd <- d[rep(1, 2), ]; nd[[job$time]] <- min(d[[job$time]]); nd$Variety <- factor(v, levels = v)
tt <- delete.response(terms(m)); X <- model.matrix(tt, model.frame(tt, nd, xlev = list(Variety = v)))
r <- contest(m, X[2, ] - X[1, ], joint = FALSE)
at <- d[d[[job$time]] == min(d[[job$time]]), ]
means <- tapply(at$weight, as.character(at$Variety), mean)
out <- list(model_gap = r$Estimate, model_se = r[["Std. Error"]], measured_gap = unname(means[2] - means[1]),
  measured_se = summary(lm(weight ~ Variety, at))$coefficients[2, 2])
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""
)


def test_soybean_start_verdict_blames_the_one_residual_sd_not_the_curves(tmp_path: Path) -> None:
    """Statistician Q (session 8): at day 14 the covariate model's curves differ by 0.040 and the
    measured means by 0.037, the same size; only the standard errors differ (lmerTest's contest:
    0.41, the measured 0.012), so the sentence blames the one residual SD, not the curves."""
    _, results, text = _built("Soybean")
    r = _refit_in_r("Soybean", "covariates", START_R, tmp_path)
    assert abs(r["model_gap"] - r["measured_gap"]) < r["measured_se"] < r["model_se"]  # R's own reading
    cov = results["covariates"]["Variety"]
    gap = cov["model_at_start"]["P"] - cov["model_at_start"]["F"]
    assert gap == pytest.approx(r["model_gap"], rel=1e-3)
    means = cov["measured_means_at_start"]
    assert means["P"] - means["F"] == pytest.approx(r["measured_gap"], rel=1e-9)
    assert "product of the model's curves" not in text
    assert "which overstates the spread at the start (see the spread check in the diagnostics)" in text
