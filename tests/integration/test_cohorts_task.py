"""A cohort on a curved binomial or Poisson trend (issue 21): its summary (``cohorts/task.py``
``summarize``) and its index row read the curve's ratio of the last observed time to the first
(``glmm.curve.change``), as the email does, not the per-unit ratio of a straight GLMM
(``glmm.time_ratio``); a straight GLMM cohort keeps its per-unit ratio."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from reportgen.cohorts.index import render_index
from reportgen.cohorts.manifest import CohortOutcome, CohortsResult
from reportgen.cohorts.task import summarize
from reportgen.config import make_config

STRAIGHT = {"ratio": 1.47, "ci_low": 1.25, "ci_high": 1.74, "p": 1e-6}
CHANGE = {"ratio": 6.83, "ci_low": 3.91, "ci_high": 11.94, "p": 1e-9}
RESULTS = {
    "data": {"rows": 360, "clean_rows": 360, "groups": 60},
    "headline": {"model": "random_intercept", "slope": 0.06, "slope_ci_low": 0.03, "slope_ci_high": 0.08},
    "model_choice": {"stands_on": "random_intercept", "intercept_sd": 0.2, "residual_sd": 0.4},
    "family": {"name": "binomial"},
}


def _results(curved: bool) -> dict:
    glmm = {"time_ratio": STRAIGHT} | ({"curve": {"change": CHANGE, "shape": "quadratic"}} if curved else {})
    return RESULTS | {"glmm": glmm}


def test_a_curved_glmm_cohort_is_summarized_by_its_curve_change() -> None:
    assert summarize(_results(curved=True))["glmm"] == {"curve": {"change": CHANGE}}
    assert summarize(_results(curved=False))["glmm"] == {"time_ratio": STRAIGHT}


def _row(tmp_path: Path, curved: bool) -> str:
    outcome = CohortOutcome(
        "a", "a", "ok", None, "h", "k", ("a/report.html",), 0.0, summarize(_results(curved))
    )
    html = render_index(CohortsResult(tmp_path, "site", (outcome,)), make_config(labels={"time": "visit"}))
    row = BeautifulSoup(html, "html.parser").find(id="cohort-a")
    assert row is not None
    return " ".join(row.get_text().split())


def test_the_index_row_of_a_curved_glmm_cohort_reads_the_curve(tmp_path: Path) -> None:
    curved = _row(tmp_path, curved=True)
    assert "odds ratio 6.83, last to first visit" in curved and "3.91 to 11.94" in curved
    assert "1.47" not in curved and "per visit" not in curved
    straight = _row(tmp_path, curved=False)
    assert "odds ratio per visit 1.47" in straight and "1.25 to 1.74" in straight
    assert "6.83" not in straight
