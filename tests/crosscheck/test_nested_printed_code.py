"""With ``--group site/patient`` every formula the report prints, and its Q1-Q6 code, use the
grouping the fits used (issue 24, review H item 2): patient ids repeat across sites, so
``(1 | patient)`` would pool patient 1 of every site into one (R: another log-likelihood) and
``clean[clean[group] == 'S10/8']`` would select no rows."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.support.r_run import run_r

LOGLIK = 0.01  # absolute
EQUATION = re.compile(r'<p class="equation">([^<]*)</p>')
CODE = re.compile(r"<pre>(.*?)</pre>", re.S)
R_SCRIPT = """
suppressMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[[1]]); d$site <- factor(d$site); d$patient <- factor(d$patient)
for (f in readLines(args[[2]])) {
  m <- lmer(as.formula(f), data = d, REML = TRUE, control = lmerControl(optimizer = "bobyqa"))
  cat(as.numeric(logLik(m)), "\\n")
}
"""


def sites_study(seed: int = 2127, sites: int = 10, patients: int = 12, visits: int = 6) -> pd.DataFrame:
    """Patients 1..12 in each of 10 sites (ids repeat across sites), a site level and slope, a
    patient level and slope, and a treatment on every other patient that steepens the slope."""
    rng = np.random.default_rng(seed)
    site = np.repeat(np.arange(sites), patients * visits)
    patient = np.tile(np.repeat(np.arange(patients), visits), sites)
    visit = np.tile(np.arange(visits, dtype=float), sites * patients)
    site_level, site_slope = rng.normal(0, 3, sites), rng.normal(0, 0.6, sites)
    level, slope = rng.normal(0, 4, (sites, patients)), rng.normal(0, 1, (sites, patients))
    drug = patient % 2 == 1
    score = (
        50
        + site_level[site]
        + level[site, patient]
        + (2 + 1.5 * drug + site_slope[site] + slope[site, patient]) * visit
        + rng.normal(0, 2, site.size)
    )
    return pd.DataFrame(
        {
            "site": [f"S{s + 1:02d}" for s in site],
            "patient": patient + 1,
            "visit": visit,
            "trt": np.where(drug, "drug", "placebo"),
            "score": score.round(2),
        }
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    from reportgen import build_report, make_config

    folder = tmp_path_factory.mktemp("nested-printed")
    sites_study().to_csv(folder / "nest.csv", index=False)
    columns = {"response": "score", "time": "visit", "group": "site/patient", "covariates": ["trt"]}
    build_report(
        make_config(data_path=folder / "nest.csv", out_dir=folder / "out", formats=("html",), **columns)
    )
    results = json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))
    return folder, results, (folder / "out" / "report.html").read_text(encoding="utf-8")


def test_every_printed_formula_refits_in_r_to_one_of_the_reports_models(
    built: tuple[Path, dict[str, Any], str],
) -> None:
    folder, results, report = built
    printed = [html.unescape(f) for f in EQUATION.findall(report)]
    assert len(printed) >= 4  # Q5, going further 1, 3 (the curve) and 4 (the covariate)
    (folder / "formulas.txt").write_text("\n".join(printed) + "\n")
    (folder / "refit.R").write_text(R_SCRIPT)
    run = run_r(folder / "refit.R", str(folder / "nest.csv"), str(folder / "formulas.txt"))
    r_logliks = [float(v) for v in run.stdout.split()]
    ours = {name: m["loglik"] for name, m in results["models"].items() if m["method"] == "REML"}
    for formula, r_loglik in zip(printed, r_logliks, strict=True):
        matches = [name for name, loglik in ours.items() if abs(loglik - r_loglik) <= LOGLIK]
        assert matches, f"{formula}: R's logLik {r_loglik:.2f} is none of the report's models' {ours}"


def test_the_printed_code_selects_the_patients_it_means_and_fits_the_reports_model(
    built: tuple[Path, dict[str, Any], str],
) -> None:
    folder, results, report = built
    code = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in CODE.findall(report))
    assert "clean[clean[group] == subject]" in code and results["subject_pair"]["first"] in code
    (folder / "solutions.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "MPLBACKEND": "Agg"}
    run = subprocess.run(
        [sys.executable, "solutions.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    # Q5's statsmodels fit: the report's random-intercept model on site/patient ids.
    mixed = run.stdout[run.stdout.index("Mixed Linear Model") :]
    loglik = float(re.search(r"Log-Likelihood:\s+(-?[\d.]+)", mixed)[1])  # type: ignore[index]
    assert loglik == pytest.approx(results["models"]["random_intercept"]["loglik"], abs=LOGLIK)
    # Question 6's two patients are the report's, with their site (keys of the fit's effects).
    for key in ("first", "second"):
        assert f"{results['mixed_pair'][key]}:" in run.stdout


def test_each_section_on_one_grouping_says_so_and_points_to_the_site_level(
    built: tuple[Path, dict[str, Any], str],
) -> None:
    """Issue 24, review H item 1: the sections whose models have no site level say so."""
    _, _, report = built
    heads = re.findall(
        r'<section id="([^"]+)"[^>]*>\s*<h2>[^<]*</h2>\s*(<p class="note outer-level">)?', report
    )
    noted = {key for key, note in heads if note}
    assert {"q5", "g-covariate-trt"} <= noted
    assert not noted & {"q1", "q2", "q3", "q4", "g-levels", "appendix"}
    # One note per section: these name their one-grouping model in their own first sentence.
    assert not noted & {"g1", "g3", "g4", "g5"}
    # Once per part (statistician P 4), and not above Going further 2's every-level slope.
    assert not noted & {"q6", "g2"}
    assert "This section fits the random-slope model on site:patient alone, without the site level" in report
    assert "read the fixed effects, tests and intervals there" in report
