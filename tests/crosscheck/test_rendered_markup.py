"""Built reports print their tables as HTML elements, never as escaped markup (issue 21: CO2's
Tables 17, 18, 22, 23 and Rabbit's 17, 18 showed ``<caption id=...><span class="tabnum">`` as text,
a caption escaped twice), and the covariate tests table says where each test compares (CO2's
Type: 5.99 averaged over Treatment, 1.91 at Treatment = chilled), checked against lmerTest."""

from __future__ import annotations

import functools
import html
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.crosscheck.test_reviewed_reports import simulated_binary
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

ESCAPED_TWICE = ("&lt;caption", "&lt;span", "&amp;#39;", "&amp;#34;", "&amp;amp;", "&amp;lt;")


def _co2() -> pd.DataFrame:
    frame = r_dataset("CO2", "datasets")
    return frame.assign(Plant=frame["Plant"].astype(str))


def _binary_with_arm() -> pd.DataFrame:
    """The review's binary study with an arm, over a dose (an axis that is not time: its phrases
    are rewritten, which is where the caption lost its markup)."""
    frame = simulated_binary().rename(columns={"visit": "dose"})
    return frame.assign(arm=frame["id"].str[1:].astype(int).map(lambda i: "AB"[i % 2]))


@functools.cache
def built(study: str, profile: str) -> tuple[dict[str, Any], str]:
    """results.json and the report's HTML (figures left out)."""
    if study == "CO2":
        frame = _co2()
        columns: dict[str, Any] = {
            "response": "uptake",
            "time": "conc",
            "group": "Plant",
            "covariates": ["Type", "Treatment"],
        }
    else:  # a GLMM with a covariate (its own covariate table)
        frame = _binary_with_arm()
        columns = {"response": "y", "time": "dose", "group": "id", "covariates": ["arm"]}
    config = make_config(**columns, formats=["html"], profile=profile)
    report = render_report(frame, config, {"file": f"{study}.csv", "sha256": ""})
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    return report.results, page


@pytest.mark.parametrize(("study", "profile"), [("CO2", "seminar"), ("CO2", "study"), ("binary", "seminar")])
def test_no_markup_is_printed_as_text(study: str, profile: str) -> None:
    _, page = built(study, profile)
    for escaped in ESCAPED_TWICE:
        assert escaped not in page, (
            f"{escaped!r} at ...{page[page.find(escaped) - 200 : page.find(escaped) + 80]}"
        )
    captions = re.findall(r'<caption id="tab-([^"]+)"><span class="tabnum">Table \d+\.</span>', page)
    assert len(captions) >= 3
    if study == "CO2":
        assert {"cov-tests-Type", "cov-tests-Treatment"} <= set(captions)
    if study == "CO2" and profile == "seminar":
        # The curve's slopes and differences tables, whose captions name where Treatment is held.
        assert {"cov-slopes-Type", "cov-differences-Type", "cov-slopes-Treatment"} <= set(captions)
        assert re.search(r"the curve&#39;s level at the highest conc minus that at the lowest", page)
    if study == "binary":
        assert any(key.startswith("glmm-cov-") for key in captions)


def _row(page: str, start: str) -> str:
    """The text of the first table row header that starts with ``start`` (number spans read as text)."""
    rows = [
        re.sub(r"<[^>]+>", "", row) for row in re.findall(r'<th scope="row">(.*?)</th>', page, flags=re.S)
    ]
    found = [row for row in rows if row.startswith(start)]
    assert found, start
    return found[0]


R_SCRIPT = r"""
suppressMessages({library(lmerTest); library(splines)})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
m <- lmer(as.formula(args[2]), d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
b <- names(fixef(m))
L <- function(w) { x <- setNames(rep(0, length(b)), b); x[names(w)] <- unlist(w); matrix(x, 1) }
a <- anova(m, type = 3)
# conc 95 is the spline's first knot: its columns are 0 there, so the type's gap is its own terms.
averaged <- contestMD(m, L(list(TypeQuebec = 1, "TypeQuebec:Treatmentnonchilled" = 0.5)))
chilled <- contestMD(m, L(list(TypeQuebec = 1)))
cat(jsonlite::toJSON(list(type3 = a["Type", "F value"], averaged = averaged[["F value"]],
  chilled = chilled[["F value"]]), digits = NA, auto_unbox = TRUE))
"""


def test_co2_type_tests_say_where_they_compare_as_lmertest_does() -> None:
    results, page = built("CO2", "seminar")
    cov = results["covariates"]["Type"]
    with tempfile.TemporaryDirectory() as folder:
        data, script = Path(folder, "co2.csv"), Path(folder, "labels.R")
        _co2().to_csv(data, index=False)
        script.write_text(R_SCRIPT)
        r = json.loads(run_r(script, str(data), results["models"]["covariates"]["formula"]).stdout)
    # The type-III main effect is the type gap averaged over Treatment; the start's test is at chilled.
    assert r["type3"] == pytest.approx(r["averaged"], rel=1e-6)
    assert cov["main_test"]["F"] == pytest.approx(r["averaged"], rel=2e-3)
    assert cov["difference_at_start"]["F"] == pytest.approx(r["chilled"], rel=2e-3)
    main = _row(page, "Type, type-III main effect")
    start = _row(page, "Type at conc 95")
    assert "averaged over Treatment" in main and "chilled" not in main
    assert "at Treatment = chilled" in start and "averaged" not in start


def test_co2_covariate_figures_say_where_the_other_covariate_is_held() -> None:
    # Seventh read: the by-level figures' alt texts gave the rates at Treatment = chilled without
    # saying so (the text did).
    _, page = built("CO2", "seminar")
    alts = [html.unescape(a) for a in re.findall(r'alt="([^"]*)"', page) if "average rates" in a]
    assert alts
    assert all("at its reference level" in alt for alt in alts)
