"""The covariate GLMM the covariate sections read is in results.json, refittable, with every term it
has (``models.glmm_covariates``), and two covariates' interaction is tested (issue 21, sixth read,
statistician H: epil's trt x lbase never tested, R chi-square 1.95, p = 0.16; the binary study's
covariate GLMM stored without its kept visit:arm term). R's glmer refits each record to the same
log-likelihood (0.01) and fixed effects (1e-3 relative). Skipped without Rscript and lme4 (unless
``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow

REFIT_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "data.csv"), colClasses = setNames("character", job$group))
d$obs <- factor(seq_len(nrow(d)))
m <- glmer(as.formula(job$formula), data = d, family = job$family)
out <- list(loglik = as.numeric(logLik(m)), fixed = as.list(fixef(m)))
if (!is.null(job$additive)) {
  a <- glmer(as.formula(job$additive), data = d, family = job$family)
  b <- update(a, as.formula(paste(". ~ . +", job$pair)))
  out$pair_chisq <- anova(a, b)[2, "Chisq"]
}
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


def binary_with_arm(seed: int = 2126) -> pd.DataFrame:
    """60 subjects, 6 visits, an active arm whose odds rise faster (statistician H's bin.csv shape)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        level, arm = rng.normal(0, 1.0), "active" if i < 30 else "control"
        for visit in range(6):
            eta = -0.5 + 0.3 * visit + 0.5 * (arm == "active") * visit + level
            rows.append(
                {
                    "id": f"S{i + 1}",
                    "visit": visit,
                    "arm": arm,
                    "y": int(rng.random() < 1 / (1 + np.exp(-eta))),
                }
            )
    return pd.DataFrame(rows)


@functools.cache
def _built(study: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    if study == "epil":
        frame = r_dataset("epil", "MASS")
        frame["subject"] = frame["subject"].astype(str)
        settings: dict[str, Any] = {
            "response": "y",
            "time": "period",
            "group": "subject",
            "covariates": ["trt", "lbase"],
        }
    else:
        frame = binary_with_arm()
        settings = {"response": "y", "time": "visit", "group": "id", "covariates": ["arm"]}
    results, _ = built_words(frame, study, **settings)
    return frame, results


def _refit(study: str, folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    frame, results = _built(study)
    record = results["models"]["glmm_covariates"]
    job: dict[str, Any] = {
        "formula": record["formula"],
        "family": record["family"],
        "group": results["provenance"]["config"]["group"],
    }
    if study == "epil":
        job |= {"additive": results["glmm"]["covariates"]["fit"]["formula"], "pair": "trt:lbase"}
    frame.to_csv(folder / "data.csv", index=False, float_format="%.17g")
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "fit.R").write_text(REFIT_R)
    run_r(folder / "fit.R", str(folder))
    return results, json.loads((folder / "out.json").read_text())


@pytest.mark.parametrize("study", ["epil", "binary"])
def test_the_covariate_glmm_record_refits_in_r(study: str, tmp_path: Path) -> None:
    results, r = _refit(study, tmp_path)
    record = results["models"]["glmm_covariates"]
    assert record["method"] == "Laplace"
    assert record["loglik"] == pytest.approx(r["loglik"], abs=0.01)
    assert set(record["fixed"]) == set(r["fixed"])
    for term, value in r["fixed"].items():
        assert record["fixed"][term]["estimate"] == pytest.approx(value, rel=1e-3, abs=1e-6), term
    if study == "binary":  # the kept time interaction is in the model the sections read
        assert results["glmm"]["covariates"]["interactions"]["arm"]["p"] < 0.05
        assert "visit:armcontrol" in record["fixed"]  # levels sorted: active is the reference
    else:
        pair = results["glmm"]["covariates"]["pairs"]["trt:lbase"]
        assert pair["chisq"] == pytest.approx(r["pair_chisq"], abs=0.01)  # R: 1.95
        assert pair["df"] == 1 and pair["p"] == pytest.approx(0.162, abs=0.005)
