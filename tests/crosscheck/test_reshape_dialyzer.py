"""nlme::Dialyzer (rate ~ pressure by Subject, covariate QB): the trend's shape is chosen first, then
the random effects on that shape (issue 21).

Chosen on the straight line, the random effects were uncorrelated slopes whose starting levels had
no variance, and the report said so of the spline it stood on ("individual slopes from one shared
starting level"). On the spline, lme4 gives the starting levels a clear variance (dropping it from
the uncorrelated model: chi2 = 15.7 by REML). Here R refits, from the formula in results.json, the
model the report stands on and its random-effects test, and the report must agree with them.
Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow

COLUMNS = {"response": "rate", "time": "pressure", "group": "Subject"}

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "dialyzer.csv"), colClasses = c(Subject = "character"))
d$Subject <- factor(d$Subject)
t0 <- job$t0
chosen <- lmer(as.formula(job$chosen), data = d, REML = TRUE)
v <- VarCorr(chosen)$Subject
level_var <- v[1, 1] + 2 * t0 * v[1, 2] + t0^2 * v[2, 2]
# The random-effects test on the chosen shape: (1 | Subject) against (pressure | Subject), ML.
ri <- lmer(as.formula(job$intercept), data = d, REML = FALSE)
rs <- lmer(as.formula(job$slopes), data = d, REML = FALSE)
# The starting levels' variance on the chosen shape: the uncorrelated model with and without it.
with_level <- lmer(as.formula(job$uncorrelated), data = d, REML = TRUE)
without_level <- lmer(as.formula(job$no_level), data = d, REML = TRUE)
out <- list(
  level_sd = sqrt(level_var),
  slope_sd = sqrt(v[2, 2]),
  corr = (v[1, 2] + t0 * v[2, 2]) / sqrt(level_var * v[2, 2]),
  singular = isSingular(chosen),
  chisq = 2 * (as.numeric(logLik(rs)) - as.numeric(logLik(ri))),
  level_chisq = 2 * (as.numeric(logLik(with_level)) - as.numeric(logLik(without_level)))
)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


@functools.cache
def _built() -> tuple[pd.DataFrame, dict[str, Any], str]:
    """The data, results.json and the report's words (text and alt texts, whitespace collapsed)."""
    frame = r_dataset("Dialyzer", "nlme")
    frame["Subject"] = frame["Subject"].astype(str)
    results, text = built_words(frame, "dialyzer", **COLUMNS, covariates=["QB"])
    return frame, results, text


@pytest.fixture(scope="module")
def refitted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    frame, results, _ = _built()
    folder: Path = tmp_path_factory.mktemp("dialyzer")
    frame.to_csv(folder / "dialyzer.csv", index=False, float_format="%.17g")
    chosen = results["models"][results["model_choice"]["stands_on"]]["formula"]
    fixed = chosen.split(" + (")[0]  # rate ~ splines::ns(pressure, 4)
    t0 = results["model_choice"]["reference_time"]
    shifted = f"I(pressure - {t0!r})"
    job = {
        "t0": t0,
        "chosen": chosen,
        "intercept": f"{fixed} + (1 | Subject)",
        "slopes": f"{fixed} + (pressure | Subject)",
        "uncorrelated": f"{fixed} + (1 | Subject) + (0 + {shifted} | Subject)",
        "no_level": f"{fixed} + (0 + {shifted} | Subject)",
    }
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "fit.R").write_text(R_SCRIPT)
    run_r(folder / "fit.R", str(folder))
    return {"job": job, **json.loads((folder / "out.json").read_text())}


def test_the_shape_is_a_curve_and_the_random_effects_are_chosen_on_it(refitted: dict[str, Any]) -> None:
    _, results, _ = _built()
    assert results["trend"]["shape"].startswith("spline")
    assert refitted["job"]["chosen"] == "rate ~ splines::ns(pressure, 4) + (pressure | Subject)"
    # On the spline the correlated slopes are a regular fit whose test is overwhelming (R's chi2).
    assert not refitted["singular"]
    assert results["comparison"]["lrt_chisq"] == pytest.approx(refitted["chisq"], abs=0.02)
    assert results["model_choice"]["random_effects"] == "random_slope"
    assert results["model_choice"]["reason"] == "slopes_supported"


def test_the_starting_levels_spread_as_lme4_says_on_the_curve(refitted: dict[str, Any]) -> None:
    """model_choice's levels at the first pressure are the curve's (R: SD 2.41, corr -0.50), not the
    straight line's, and the slopes' SD is the curve's (R: 3.97)."""
    from reportgen.analysis.shape import fit_supported_model

    frame, results, _ = _built()
    choice = results["model_choice"]
    assert choice["level_sd_at_reference"] == pytest.approx(refitted["level_sd"], rel=2e-3)
    assert choice["corr_at_reference"] == pytest.approx(refitted["corr"], abs=2e-3)
    internal = frame.rename(columns={"rate": "response", "pressure": "time", "Subject": "group"})
    fit = fit_supported_model(internal[["response", "time", "group"]], engine="exact").choice.fit
    assert fit.slope_var is not None
    assert fit.slope_var**0.5 == pytest.approx(refitted["slope_sd"], rel=2e-3)


def test_the_report_no_longer_says_the_starting_levels_have_no_variance(refitted: dict[str, Any]) -> None:
    # R: dropping the starting levels' variance from the curve's uncorrelated model costs chi2 = 15.7.
    assert refitted["level_chisq"] == pytest.approx(15.7, abs=0.1)
    _, results, text = _built()
    assert results["model_choice"]["level_sd_at_reference"] > 1.0
    assert "uncorrelated_level_variance_zero" != results["model_choice"]["reason"]
    # pressure is not time: a starting level is "the level at the lowest pressure" (issue 21, fifth read)
    assert "one shared starting level" not in text and "one shared level at the lowest pressure" not in text
    assert "starting levels' variance is estimated at zero" not in text
    assert "variance of the levels at the lowest pressure is estimated at zero" not in text
    # The model is named by its curve wherever the report names it.
    assert "The data support the natural-spline (4 df) model with correlated random slopes" in text
    assert "Residuals of the natural-spline (4 df) model with correlated random slopes" in text
