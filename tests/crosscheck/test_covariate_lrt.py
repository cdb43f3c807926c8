"""CO2's two likelihood-ratio tests of "curve x Type", against lme4 (issue 21, fifth read).

The trend section tests the curve x covariate in a model with the other covariate's main effect
only; the covariate section tests it in the covariate model, which keeps Type x Treatment. There
the test drops every term crossing the curve with the covariate (its own and the three-way ones,
8 df): R's ``anova`` of the nested models. Dropping the own terms alone would test the curve at
the other covariate's reference level (64.28 on 4 df, the value the reviewers found). R fits the
uncorrelated slope on conc / 1000 (the same model): with conc in its own units bobyqa and
Nelder-Mead stop at worse, different optima (2 x logLik differences of 32.15 and 45.98).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from tests.crosscheck.test_covariate_effects import _frame, analysed
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

R_SCRIPT = r"""
for (p in c("lme4", "splines", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressMessages({library(lme4); library(splines)})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
full <- args[2]
fixed <- sub(" \\+ \\(1 \\| group\\).*$", "", full)
random <- sub("^.*? \\+ (\\(1 \\| group\\))", "\\1", full)
random <- sub("I\\(time - ([0-9.]+)\\)", "I((time - \\1) / 1000)", random)
ml <- function(f) max(sapply(c("bobyqa", "Nelder_Mead"), function(o) as.numeric(logLik(suppressWarnings(
  lmer(as.formula(paste(f, "+", random)), d, REML = FALSE, control = lmerControl(optimizer = o)))))))
curve <- "splines::ns(time, 4)"
lr <- function(big, small) 2 * (ml(big) - ml(small))
out <- list()
for (c in c("Type", "Treatment")) {
  other <- setdiff(c("Type", "Treatment"), c)
  drop <- paste0(". ~ . - ", curve, ":", c, " - ", curve, ":Type:Treatment")
  out[[c]] <- list(
    covariate_model = lr(fixed, deparse1(update(as.formula(fixed), as.formula(drop)))),
    trend_section = lr(
      paste("response ~", curve, "* ", c, "+", other),
      paste("response ~", curve, "+", c, "+", other)
    )
  )
}
cat(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE))
"""


@pytest.fixture(scope="module")
def co2() -> tuple[dict, dict]:
    study = analysed("co2")
    formula = study["results"]["models"]["covariates"]["formula"]
    with tempfile.TemporaryDirectory() as tmp:
        data, script = Path(tmp) / "d.csv", Path(tmp) / "lrt.R"
        _frame("co2").to_csv(data, index=False)
        script.write_text(R_SCRIPT)
        r = json.loads(run_r(script, str(data), formula).stdout)
    return study, r


@pytest.mark.parametrize("column", ["Type", "Treatment"])
def test_each_likelihood_ratio_is_lme4s_in_the_model_it_names(co2: tuple[dict, dict], column: str) -> None:
    study, r = co2
    results = study["results"]
    covariate_model = results["covariates"][column]["lrt_interaction"]
    # Curve x column and curve x Type x Treatment dropped: 4 + 4 columns of the 4-df spline.
    assert covariate_model["df"] == 8
    assert covariate_model["chisq"] == pytest.approx(r[column]["covariate_model"], abs=0.02)
    trend = results["trend"]["by_covariate"][column]
    assert trend["df"] == 4
    assert trend["chisq"] == pytest.approx(r[column]["trend_section"], abs=0.02)


def test_each_section_names_its_model_and_one_model_is_stood_on(co2: tuple[dict, dict]) -> None:
    study, _ = co2
    sentences = study["sentences"]
    trend = " ".join(sentences["g_trend"])
    assert "Treatment in both as main effects only" in trend
    assert "the covariate section's model also has the Type × Treatment interaction" in trend
    words = " ".join(sentences["covariate:Type"])
    assert "every term crossing time with Type (time × Type × Treatment too)" in words
    assert " on 8 df" in words
    # The covariate section does not claim the report stands on its model: model_choice.stands_on does.
    assert "report stands on the model with" not in words
    assert "this section's covariate model keeps the Type × Treatment interaction" in words
    assert "stand on the chosen model, without covariates" in words
    assert study["results"]["model_choice"]["stands_on"] != "covariates"
