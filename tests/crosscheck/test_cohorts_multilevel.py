"""The cohorts' multilevel model (``reportgen/cohorts/multilevel.py``) against lme4 and lmerTest.

Seeded nested studies (patients within sites, ``tests/support/nested.py``) written to CSV and refitted
in R with the formula reportgen reports: log-likelihood within 0.01, fixed effects 1e-3 relative,
standard deviations 1%, the sites' slope conditional modes 1e-3, their conditional SDs 1% and the
slope's Satterthwaite df 2% (lmerTest). A study whose sites do not differ in slope is singular in
lme4 too and is simplified to ``(1 | site)``. With three sites the comparison keeps them fixed and
says why. Skipped without R, unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.cohorts.multilevel import SiteModel, fit_sites
from tests.crosscheck.test_lme4 import R_TO_JSON
from tests.support.nested import simulate_nested
from tests.support.r_run import MISSING_PACKAGE, run_r

LOGLIK = 0.01  # absolute
FIXED = 1e-3  # relative
SD = 1e-2  # relative
MODES = 1e-3  # relative to the largest mode
DF = 2e-2  # relative

R_SCRIPT = (
    f"""
for (p in c("lme4", "lmerTest")) if (!requireNamespace(p, quietly = TRUE)) quit(status = {MISSING_PACKAGE})
"""
    + R_TO_JSON
    + r"""
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[[1]], colClasses = c(site = "character", patient = "character"))
d$site <- factor(d$site)
d$patient <- factor(d$patient)
full <- lme4::lmer(score ~ month + (month | site) + (month | site:patient), d, REML = TRUE)
m <- lmerTest::lmer(as.formula(args[[2]]), d, REML = TRUE)
sds <- as.data.frame(lme4::VarCorr(m))
sds <- sds[is.na(sds$var2), ]
re <- lme4::ranef(m, condVar = TRUE)$site
post <- attr(re, "postVar")
k <- nlevels(d$site)
slope_sd <- if ("month" %in% names(re)) sds$sdcor[sds$grp == "site" & sds$var1 == "month"] else 0
se <- sqrt(vcov(m)[2, 2])
half <- qt(0.975, k - 2) * sqrt(se^2 + slope_sd^2)
out <- list(
  full_singular = lme4::isSingular(full),
  singular = lme4::isSingular(m),
  loglik = as.numeric(logLik(m)),
  fixed = as.list(lme4::fixef(m)),
  sds = as.list(setNames(sds$sdcor, paste(sds$grp, sds$var1))),
  slope_df = lmerTest::contest1D(m, c(0, 1))[["df"]],
  sites = as.list(rownames(re)),
  modes = if ("month" %in% names(re)) as.list(re$month) else list(),
  mode_sds = if ("month" %in% names(re)) as.list(sqrt(post[2, 2, ])) else list(),
  slope_se = se,
  prediction = list(lme4::fixef(m)[[2]] - half, lme4::fixef(m)[[2]] + half)
)
cat(to_json(out), "\n")
"""
)

STUDIES = {
    # eight sites whose intercepts and slopes vary (the full model)
    "eight": {"seed": 2024, "sites": 8, "patients": 12, "times": 6},
    # sites that differ in level only: the full model is singular; the sites' slopes are dropped
    "flat": {"seed": 7, "sites": 8, "patients": 12, "times": 6, "site_sd": (4.0, 0.0)},
}


@functools.cache
def study(name: str) -> pd.DataFrame:
    spec = dict(STUDIES[name])
    return simulate_nested(
        spec.pop("seed"), spec.pop("sites"), spec.pop("patients"), spec.pop("times"), **spec
    )


@functools.cache
def ours(name: str) -> SiteModel:
    return fit_sites(study(name), "score", "month", "site", "patient")


@pytest.fixture(scope="module")
def lme4(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("multilevel")
    script = folder / "refit.R"
    script.write_text(R_SCRIPT)
    refits = {}
    for name in STUDIES:
        csv = folder / f"{name}.csv"
        study(name).to_csv(csv, index=False, float_format="%.17g")
        run = run_r(script, str(csv), ours(name).formula)
        refits[name] = json.loads(run.stdout.strip().splitlines()[-1])
    return refits


@pytest.mark.parametrize("name", list(STUDIES))
def test_fit_matches_lme4(lme4: dict[str, dict[str, Any]], name: str) -> None:
    model, r = ours(name), lme4[name]
    fit = model.fit
    assert fit.singular is r["singular"] is False
    assert fit.loglik == pytest.approx(r["loglik"], abs=LOGLIK)
    assert fit.fixed["(Intercept)"].estimate == pytest.approx(r["fixed"]["(Intercept)"], rel=FIXED)
    assert model.slope == pytest.approx(r["fixed"]["month"], rel=FIXED)
    sds = {f"{group} {term}": sd.sd for group, terms in fit.random.items() for term, sd in terms.items()}
    sds["Residual NA"] = fit.residual_sd
    assert len(sds) == len(r["sds"])
    for key, value in sds.items():
        theirs = r["sds"].get(key, r["sds"].get(key.replace("site:patient", "site.patient")))
        assert value == pytest.approx(theirs, rel=SD), key
    assert model.intercept_sd == sds["site (Intercept)"]
    assert model.slope_sd == sds.get("site month", 0.0)
    assert model.slope_df == pytest.approx(r["slope_df"], rel=DF)
    assert model.prediction_interval == pytest.approx(tuple(r["prediction"]), rel=FIXED)


def test_site_slopes_match_lme4_conditional_modes(lme4: dict[str, dict[str, Any]]) -> None:
    fit, r = ours("eight"), lme4["eight"]
    assert list(fit.slopes) == r["sites"]
    largest = max(abs(m) for m in r["modes"])
    for (site, slope), mode, sd in zip(fit.slopes.items(), r["modes"], r["mode_sds"], strict=True):
        assert slope.estimate - fit.slope == pytest.approx(mode, abs=MODES * largest), site
        # the site's slope, not its departure: the mean slope's SE too (statistician R 8)
        whole = math.hypot(sd, r["slope_se"])
        assert slope.sd == pytest.approx(whole, rel=SD), site
        assert (slope.ci_low, slope.ci_high) == pytest.approx(
            (slope.estimate - 1.96 * whole, slope.estimate + 1.96 * whole), rel=1e-3
        )


def test_singular_fit_is_simplified_as_lme4_finds_it(lme4: dict[str, dict[str, Any]]) -> None:
    assert lme4["eight"]["full_singular"] is False
    assert ours("eight").dropped == ()
    assert lme4["flat"]["full_singular"] is True
    fit = ours("flat")
    assert fit.dropped == ("site (singular)",)
    assert fit.formula == "score ~ month + (1 | site) + (month | site:patient)"
    assert fit.slope_sd == 0.0
    # without a spread of slopes every site's slope is the mean slope, with the mean's interval
    assert {s.estimate for s in fit.slopes.values()} == {fit.slope}


def _comparison(sites: int, tmp_path: Path) -> dict[str, Any]:
    from reportgen.cohorts.comparison import compare_cohorts
    from reportgen.config import make_config
    from reportgen.results import to_json_ready
    from reportgen.schemas import check_document

    frame = study("eight")
    frame = frame[frame["site"].isin(sorted(frame["site"].unique())[:sites])]
    config = make_config(
        data_path=tmp_path / "nested.csv", response="score", time="month", group="patient", out_dir=tmp_path
    )
    frames = {site: rows.drop(columns="site") for site, rows in frame.groupby("site")}
    document = to_json_ready(compare_cohorts(frames, config, "site"))
    check_document(document, "comparison")
    return document


def test_three_sites_are_kept_fixed_and_the_comparison_says_why(tmp_path: Path) -> None:
    document = _comparison(3, tmp_path)
    assert document["structure"] == "fixed"
    assert document["structure_reason"].startswith("3 sites: fewer than 5 are too few to estimate")
    assert "interaction_test" in document and "random" not in document


def test_eight_sites_are_random_in_the_comparison(tmp_path: Path) -> None:
    document, fit = _comparison(8, tmp_path), ours("eight")
    assert document["structure"] == "random"
    assert document["formula"] == "score ~ month + (month | site) + (month | site:patient)"
    assert document["random"] == pytest.approx({"intercept_sd": fit.intercept_sd, "slope_sd": fit.slope_sd})
    assert document["slope_by_cohort"]["S01"]["estimate"] == pytest.approx(fit.slopes["S01"].estimate)
