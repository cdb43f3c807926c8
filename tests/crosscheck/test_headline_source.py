"""The headline comes from a fit the report stands behind (issue 21, sixth read, statistician H).

Dialyzer (rate ~ pressure by Subject, QB) stands on ``rate ~ ns(pressure, 4) + (pressure | Subject)``
while its straight line with the same random effects is singular: the headline's level at the first
pressure (0.235) is the curve's (R: 2.21; the line's 16.35 is no subject's: measured 1.17 to 3.60)
and its rate the curve's change over the observed range divided by the range (R), not the singular
line's 16.16; the model section and Q5 say so once, without sending readers to a dismissed interval.
Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.crosscheck.test_reshape_dialyzer import _built as _dialyzer  # one build for all
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

CURVE_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite", "splines")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "dialyzer.csv"), colClasses = c(Subject = "character"))
m <- lmer(as.formula(job$formula), data = d, REML = TRUE, control = eval(parse(text = job$control)))
ends <- data.frame(pressure = c(min(d$pressure), max(d$pressure)))
X <- model.matrix(delete.response(terms(m)), model.frame(delete.response(terms(m)), ends))
l <- (X[2, ] - X[1, ]) / diff(ends$pressure)
out <- list(
  level = unname(predict(m, ends[1, , drop = FALSE], re.form = NA)),
  rate = sum(l * fixef(m)),
  rate_se = sqrt(drop(l %*% as.matrix(vcov(m)) %*% l)),
  line_singular = isSingular(lmer(rate ~ pressure + (pressure | Subject), data = d))
)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


@pytest.fixture(scope="module")
def curve_r(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    frame, results, _ = _dialyzer()
    folder: Path = tmp_path_factory.mktemp("dialyzer_headline")
    frame.to_csv(folder / "dialyzer.csv", index=False, float_format="%.17g")
    record = results["models"][results["model_choice"]["stands_on"]]
    (folder / "job.json").write_text(json.dumps({"formula": record["formula"], "control": record["control"]}))
    (folder / "fit.R").write_text(CURVE_R)
    run_r(folder / "fit.R", str(folder))
    return json.loads((folder / "out.json").read_text())


def test_dialyzer_headline_is_the_curves(curve_r: dict[str, Any]) -> None:
    _, results, _ = _dialyzer()
    head = results["headline"]
    assert curve_r["line_singular"]  # why the straight line's slope is not used
    assert head["slope_source"] == "curve"
    assert head["level"] == pytest.approx(curve_r["level"], rel=1e-3)  # 2.21, not the line's 16.35
    assert head["level_time"] == pytest.approx(0.235)
    assert head["slope"] == pytest.approx(curve_r["rate"], rel=1e-3)  # 17.36, not 16.16
    assert head["slope_se"] == pytest.approx(curve_r["rate_se"], rel=5e-3)
    assert head["slope_ci_low"] < head["slope"] < head["slope_ci_high"]


def test_dialyzer_sentences_agree_with_the_headline() -> None:
    _, _, text = _dialyzer()
    # The response is named "rate": the rate of change says so (issue 21, seventh read).
    assert "this is the rate of change the report's summaries use: the straight line with these" in text
    assert "this is the slope the report's summaries use" not in text
    # Q5 no longer sends readers to an interval it dismisses in the same sentence.
    assert "read the slope's interval from the model the data support" not in text
    assert "read the average change in rate and its interval from the curve the model stands on" in text


def test_dialyzer_going_further_1_agrees_with_question_3() -> None:
    """Q3c's ten own slopes (9.29 to 15.30, a range of 37% of the average slope) are no longer
    "similar" (issue 21, seventh read): GF1 reads the same verdict, so both sets of lines differ."""
    _, _, text = _dialyzer()
    assert "the slopes vary moderately, from 9.29 to 15.30" in text
    assert "the own lines of questions 3 and 4 differ in slope too" in text
    assert "the own lines of question 3 are similar in slope" not in text
