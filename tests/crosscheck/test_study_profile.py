"""The study report for readers outside the class (issue 21's sixth read, MASS::Sitka with treat):
its own title, the curve's values where the seminar shows spline coefficients (against lme4's
predictions), "trees that", and no sentences of a model it does not show."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

COLUMNS = {"response": "size", "time": "Time", "group": "tree", "covariates": ["treat"]}


def _sitka() -> Any:
    frame = r_dataset("Sitka", "MASS")
    return frame.assign(tree=frame["tree"].astype(str))


@functools.cache
def built() -> tuple[dict[str, Any], str]:
    config = make_config(**COLUMNS, formats=["html"], profile="study")
    report = render_report(_sitka(), config, {"file": "sitka.csv", "sha256": ""})
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    return report.results, page


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


R_SCRIPT = r"""
suppressMessages({library(lme4); library(splines)})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
m <- lmer(as.formula(args[2]), d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
times <- as.numeric(strsplit(args[3], ",")[[1]])
cat(jsonlite::toJSON(unname(predict(m, newdata = data.frame(Time = times), re.form = NA)), digits = NA))
"""


def test_the_curve_is_shown_by_its_values_as_lme4_predicts_them() -> None:
    results, page = built()
    record = results["models"][results["model_choice"]["stands_on"]]
    # A curve (MASS::Sitka: a quadratic): its coefficients say little to this reader, its values do.
    assert results["trend"]["shape"] != "linear"
    assert 'id="tab-study-fixed"' not in page and "I(Time^2) |" not in _text(page)
    table = page[page.index('id="tab-study-curve"') :]
    table = _text(table[: table.index("</table>")])
    curve = results["trend"]["curve"]
    times = [curve[w]["time"] for w in ("first", "middle", "last")]
    with tempfile.TemporaryDirectory() as folder:
        data, script = Path(folder, "sitka.csv"), Path(folder, "curve.R")
        _sitka().to_csv(data, index=False)
        script.write_text(R_SCRIPT)
        r = json.loads(run_r(script, str(data), record["formula"], ",".join(map(str, times))).stdout)
    for when, value in zip(("first", "middle", "last"), r, strict=True):
        assert curve[when]["estimate"] == pytest.approx(value, rel=1e-4)
        assert f"{value:.2f}" in table
    assert f"{r[2] - r[0]:.2f}" in table  # the change, last minus first


def test_the_study_report_speaks_to_its_reader() -> None:
    results, page = built()
    text = _text(page)
    assert results["report"]["title"] == "size over Time by treat: a study report"
    assert "<h1>size over Time by treat: a study report</h1>" in page
    assert "Trees that left early" in text and "who left early" not in text
    # The straight-line random-slope model the report does not stand on is not described.
    assert "This section fits the random-slope model" not in text
    assert results["model_choice"]["random_effects"] != "random_intercept"
