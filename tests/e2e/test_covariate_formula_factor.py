"""The covariate section's equation with a covariate given as a factor (``--factor``) whose cells are
numbers is the lme4 formula as fitted, ``factor(Dose)`` and all (issue 21: it printed ``Days * Dose``,
which R reads as a slope in Dose): lme4's lmer refits the printed equation from the input file to the
covariate model's REML log-likelihood (0.01). Sleepstudy stays a straight line, the branch of the
template that printed the short form. Skipped without Rscript and lme4 (unless
``REPORTGEN_REQUIRE_R=1``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.support.contract import SLEEPSTUDY
from tests.support.r_run import run_r
from tests.support.report_text import built_words

REFIT_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "data.csv"), colClasses = c(Subject = "character"))
stopifnot(is.numeric(d$Dose))
m <- lmer(as.formula(job$formula), data = d, REML = TRUE, control = eval(parse(text = job$control)))
writeLines(jsonlite::toJSON(list(loglik = as.numeric(logLik(m))), auto_unbox = TRUE, digits = NA),
           file.path(args[[1]], "out.json"))
"""


def test_the_printed_equation_of_a_factor_covariate_refits_in_r(tmp_path: Path) -> None:
    from reportgen.analysis.models import LMER_CONTROL

    frame = pd.read_csv(SLEEPSTUDY, dtype={"Subject": str})
    subjects = sorted(frame["Subject"].unique())
    codes = dict(zip(subjects, np.resize([5, 10, 20], len(subjects)), strict=True))
    frame["Dose"] = frame["Subject"].map(codes)
    results, words = built_words(
        frame,
        "sleepstudy_dose",
        response="Reaction",
        time="Days",
        group="Subject",
        factors=["Dose"],
    )
    assert results["trend"]["shape"] == "linear"
    record = results["models"]["covariates"]
    assert "factor(Dose" in record["formula"] and record["formula"] in words
    assert "Days * Dose" not in words
    frame.to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "job.json").write_text(json.dumps({"formula": record["formula"], "control": LMER_CONTROL}))
    (tmp_path / "fit.R").write_text(REFIT_R)
    run_r(tmp_path / "fit.R", str(tmp_path))
    assert record["loglik"] == pytest.approx(
        json.loads((tmp_path / "out.json").read_text())["loglik"], abs=0.01
    )
