"""Every column of a cohort's row in ``index.html`` comes from the model that cohort stands on
(``model_choice.stands_on`` in its own results.json), checked against lme4's refit of that model's
formula on the cohort's rows (issue 24, review H: S01 printed the random-slope model's slope beside
the random-intercept model's intercept and residual SDs)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

from reportgen.cohorts import CohortsResult, build_cohorts
from reportgen.numbers import format_number
from tests.integration.test_cohorts import parity_config, write_parity_csv
from tests.support.r_run import run_r

ROW = re.compile(r'<tr id="cohort-(?P<slug>[^"]+)"[^>]*>(?P<cells>.*?)</tr>', re.S)
NUM = re.compile(r'<span class="num" data-key="(?P<key>[^"]+)">(?P<text>[^<]*)</span>')
# The intercept SD (at time 0) and residual SD of one cohort's formula, refitted by REML.
R_SCRIPT = """
suppressMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[[1]]); d$Subject <- factor(d$Subject)
d <- d[as.character(d$parity) == args[[3]], ]
m <- lmer(as.formula(args[[2]]), data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
v <- as.data.frame(VarCorr(m))
cat(v$sdcor[v$grp == "Subject" & v$var1 == "(Intercept)" & is.na(v$var2)], sigma(m), "\\n")
"""


@pytest.fixture(scope="module")
def parity_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[CohortsResult, Path]:
    out = tmp_path_factory.mktemp("index-rows")
    csv = write_parity_csv(out / "sleepstudy.csv")
    return build_cohorts(parity_config(csv, out / "reports"), by="parity", jobs=1), out


def test_each_row_reads_the_model_its_cohort_stands_on(parity_run: tuple[CohortsResult, Path]) -> None:
    result, out = parity_run
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    rows = {m["slug"]: {n["key"]: n["text"] for n in NUM.finditer(m["cells"])} for m in ROW.finditer(index)}
    (out / "sds.R").write_text(R_SCRIPT)
    differs = 0
    for outcome in result.cohorts:
        results = json.loads((out / "reports" / outcome.slug / "results.json").read_text(encoding="utf-8"))
        stood_on = results["model_choice"]["stands_on"]
        formula = results["models"][stood_on]["formula"]
        run = run_r(out / "sds.R", str(out / "sleepstudy.csv"), formula, outcome.name)
        r_intercept_sd, r_residual_sd = (float(v) for v in run.stdout.split())
        shown = rows[outcome.slug]
        for column, reference in (("intercept_sd", r_intercept_sd), ("residual_sd", r_residual_sd)):
            assert math.isclose(results["model_choice"][column], reference, rel_tol=0.01), (
                outcome.name,
                column,
            )
            text = shown[f"{outcome.slug}.model_choice.{column}"]
            assert text == format_number(results["model_choice"][column], "fixed", 2), (outcome.name, column)
        # The random-intercept model's SDs (what the row showed before) are another model's numbers.
        other = results["random_intercept"]["residual_sd"]
        differs += not math.isclose(other, r_residual_sd, rel_tol=0.01)
    assert differs, "every cohort's models agree: the test could not tell them apart"
