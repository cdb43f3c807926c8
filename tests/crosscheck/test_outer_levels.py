"""With ``--group site/patient`` the report stands on the model with every level (issue 24, review H).

A seeded study of patients within sites, the treatment given per site and the sites differing in
level and slope, is built with ``--covariate trt``; lmerTest refits ``models.multilevel`` (the model
``model_choice.stands_on`` names) from its own formula, and the headline's line from the formula of
the model ``headline.stands_on`` names (with covariates: fitted without them, its random part chosen
anew, statistician N 1). The covariate section's fixed effects, its type-III F tests and its
differences, and the headline's rate, must be lmerTest's: estimates 1e-3 relative, SEs 1%,
Satterthwaite df 2%, F and p. Without the site level the treatment's test had the patients' df
(94 here); the site-level model has about the sites' (review H: p 0.092 against R's 0.033).
The bundled clinics.csv (no covariate) is checked the same way for the headline.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.support.r_run import run_r

FIXED = 1e-3  # relative
SE = 0.01  # relative
DF = 0.02  # relative

R_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
d <- read.csv(args[[2]], colClasses = c(site = "character", patient = "character"))
full <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
line <- suppressMessages(lmer(as.formula(args[[4]]), data = d))
co <- summary(full)$coefficients
q <- qt(0.975, co[, "df"])
li <- summary(line)$coefficients
av <- anova(full, type = 3)
out <- list(
  names = as.list(rownames(co)), estimate = as.list(unname(co[, "Estimate"])),
  se = as.list(unname(co[, "Std. Error"])), df = as.list(unname(co[, "df"])),
  ci_low = as.list(unname(co[, "Estimate"] - q * co[, "Std. Error"])),
  ci_high = as.list(unname(co[, "Estimate"] + q * co[, "Std. Error"])),
  terms = as.list(rownames(av)), F = as.list(unname(av[["F value"]])),
  den_df = as.list(unname(av[["DenDF"]])), p = as.list(unname(av[["Pr(>F)"]])),
  line = list(estimate = li[2, "Estimate"], se = li[2, "Std. Error"], df = li[2, "df"])
)
if (nrow(co) > 2) {
  # The arms' difference at the last visit: (Intercept)-free contrast trt + 5 x visit:trt.
  last <- max(d[[args[[5]]]])
  r <- contest(full, as.numeric(rownames(co) %in% c("trtplacebo")) +
                 last * as.numeric(rownames(co) == paste0(args[[5]], ":trtplacebo")), joint = FALSE)
  out$last <- list(estimate = r$Estimate, se = r[["Std. Error"]], df = r$df)
}
writeLines(if (requireNamespace("jsonlite", quietly = TRUE))
  jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE) else to_json(out), args[[1]])
"""
)


def site_arms(seed: int = 33, sites: int = 12, patients: int = 8, visits: int = 6) -> pd.DataFrame:
    """Patients within sites; each site gives one arm; sites differ in level and slope (enough
    for the model to keep the sites' slopes: the headline's SE then differs from one grouping's)."""
    rng = np.random.default_rng(seed)
    site = np.repeat(np.arange(sites), patients * visits)
    patient = np.tile(np.repeat(np.arange(patients), visits), sites)
    visit = np.tile(np.arange(visits, dtype=float), sites * patients)
    drug = (np.arange(sites) % 2 == 0)[site]
    score = (
        50
        + rng.normal(0, 4, sites)[site]
        + rng.normal(0, 5, (sites, patients))[site, patient]
        + (1.5 + rng.normal(0, 0.8, sites)[site] + rng.normal(0, 1, (sites, patients))[site, patient]) * visit
        + 4 * drug
        + rng.normal(0, 3, site.size)
    )
    return pd.DataFrame(
        {
            "site": [f"S{s:02d}" for s in site],
            "patient": [f"{p + 1}" for p in patient],
            "trt": np.where(drug, "drug", "placebo"),
            "visit": visit,
            "score": score.round(3),
        }
    )


@functools.cache
def _built(name: str, folder: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report on ``name`` (``site_arms`` with trt, or the bundled clinics), and lmerTest's refit."""
    from reportgen import build_report, make_config
    from reportgen.examples import write_clinics

    out = Path(folder)
    data = out / f"{name}.csv"
    if name == "arms":
        site_arms().to_csv(data, index=False)
        columns = {"response": "score", "time": "visit", "group": "site/patient", "covariates": ("trt",)}
    else:
        write_clinics(data)
        frame = pd.read_csv(data).rename(columns={"clinic": "site"})
        frame.to_csv(data, index=False)
        columns = {"response": "score", "time": "month", "group": "site/patient"}
    build_report(make_config(data_path=data, out_dir=out / name, formats=("html",), **columns))
    results = json.loads((out / name / "results.json").read_text())
    formula = results["models"]["multilevel"]["formula"]
    line = results["models"][results["headline"]["stands_on"]]["formula"]  # the model the headline names
    (out / "fit.R").write_text(R_SCRIPT)
    run_r(out / "fit.R", str(out / f"{name}.json"), str(data), formula, line, str(columns["time"]))
    return results, json.loads((out / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("outer-levels"))


def test_the_report_stands_on_the_model_with_every_level(folder: str) -> None:
    results, _ = _built("arms", folder)
    assert results["model_choice"]["stands_on"] == "multilevel"
    formula = results["models"]["multilevel"]["formula"]
    assert "| site)" in formula and "| site:patient)" in formula


def test_covariate_fixed_effects_are_lmertests(folder: str) -> None:
    results, r = _built("arms", folder)
    fixed = results["covariates"]["trt"]["fixed"]
    for name, estimate, se, df in zip(r["names"], r["estimate"], r["se"], r["df"], strict=True):
        assert fixed[name]["estimate"] == pytest.approx(estimate, rel=FIXED), name
        assert fixed[name]["se"] == pytest.approx(se, rel=SE), name
        assert fixed[name]["df"] == pytest.approx(df, rel=DF), name
    # The treatment is given per site: its df are about the sites', not the patients' (78).
    assert fixed["trtplacebo"]["df"] < 20


def test_covariate_f_tests_are_lmertests(folder: str) -> None:
    results, r = _built("arms", folder)
    cov = results["covariates"]["trt"]
    tests = dict(zip(r["terms"], zip(r["F"], r["den_df"], r["p"], strict=True), strict=True))
    for ours, term in ((cov["main_test"], "trt"), (cov["interaction_test"], "visit:trt")):
        F, den_df, p = tests[term]
        assert ours["F"] == pytest.approx(F, rel=SE), term
        assert ours["den_df"] == pytest.approx(den_df, rel=DF), term
        assert ours["p"] == pytest.approx(p, rel=0.02, abs=1e-4), term


def test_covariate_difference_at_the_last_visit_is_lmertests(folder: str) -> None:
    results, r = _built("arms", folder)
    last = results["covariates"]["trt"]["differences"]["at"]["placebo"]["last"]
    assert last["estimate"] == pytest.approx(r["last"]["estimate"], rel=FIXED)
    assert last["se"] == pytest.approx(r["last"]["se"], rel=SE)
    assert last["df"] == pytest.approx(r["last"]["df"], rel=DF)


@pytest.mark.parametrize("name", ["arms", "clinics"])
def test_headline_rate_is_the_line_with_every_level(folder: str, name: str) -> None:
    results, r = _built(name, folder)
    head = results["headline"]
    assert head["slope"] == pytest.approx(r["line"]["estimate"], rel=FIXED)
    assert head["slope_se"] == pytest.approx(r["line"]["se"], rel=SE)
    assert head["slope_df"] == pytest.approx(r["line"]["df"], rel=DF)


def test_the_levels_section_shows_the_fixed_effects_with_lmertests_intervals(folder: str) -> None:
    """The notes of the sections on one grouping point to g-levels for the fixed effects and their
    intervals (review H: the intercept's interval was too narrow without the site level)."""
    results, r = _built("arms", folder)
    fixed = results["multilevel"]["fixed"]
    for name, low, high in zip(r["names"], r["ci_low"], r["ci_high"], strict=True):
        assert fixed[name]["ci_low"] == pytest.approx(low, rel=SE, abs=1e-3), name
        assert fixed[name]["ci_high"] == pytest.approx(high, rel=SE, abs=1e-3), name
    html = (Path(folder) / "arms" / "report.html").read_text()
    assert 'id="tab-levels-fixed"' in html
