"""Crossed random factors (issue 24): ``--group patient --crossed site`` stands on
``(time | patient) + (1 | site)``, refitted here by lmerTest from the formula results.json records.

(a) The example data's 80 patients at 12 sites, 24 of whom move once to another site, a treatment
per patient (moving.csv of ``reportgen examples``, seeded): one built report (``--covariate trt``);
lmerTest refits ``models.multilevel.formula`` from the input file: the same REML log-likelihood
(0.01), fixed effects (1e-3 relative), standard deviations (1%), Satterthwaite df (2%) and type-III
F tests; the covariate section's estimates (the covariate's model refitted with the crossed term)
are lmerTest's too.
(b) Two raters of eight score each subject at each visit (raters crossed with subjects): the fit
alone, :func:`reportgen.analysis.multilevel.fit_multilevel` with ``crossed=True``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.support.crossed import rated_visits
from tests.support.r_run import run_r

LOGLIK = 0.01  # absolute
FIXED = 1e-3  # relative
SD = 0.01  # relative
DF = 0.02  # relative

R_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
d <- read.csv(args[[2]], colClasses = "character")
for (column in strsplit(args[[4]], ",")[[1]]) d[[column]] <- as.numeric(d[[column]])
m <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
co <- summary(m)$coefficients
vc <- as.data.frame(VarCorr(m))
vc <- vc[is.na(vc$var2), ]
av <- anova(m, type = 3)
out <- list(
  loglik = as.numeric(logLik(m)), sigma = sigma(m),
  names = as.list(rownames(co)), estimate = as.list(unname(co[, "Estimate"])),
  se = as.list(unname(co[, "Std. Error"])), df = as.list(unname(co[, "df"])),
  groups = as.list(vc$grp), terms = as.list(vc$var1), sd = as.list(vc$sdcor),
  tests = as.list(rownames(av)), F = as.list(unname(av[["F value"]])),
  den_df = as.list(unname(av[["DenDF"]])), p = as.list(unname(av[["Pr(>F)"]]))
)
writeLines(if (requireNamespace("jsonlite", quietly = TRUE))
  jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE) else to_json(out), args[[1]])
"""
)


def _lmertest(folder: Path, name: str, csv: Path, formula: str, numeric: str) -> dict[str, Any]:
    """lmerTest's REML fit of ``formula`` on ``csv`` (the ``numeric`` columns as numbers)."""
    (folder / "fit.R").write_text(R_SCRIPT)
    run_r(folder / "fit.R", str(folder / f"{name}.json"), str(csv), formula, numeric)
    return dict(json.loads((folder / f"{name}.json").read_text()))


@functools.cache
def _moving(folder: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The report on the moving patients, lmerTest's refit of its model, and its HTML."""
    from reportgen import build_report, make_config
    from reportgen.examples import write_moving

    out = Path(folder)
    data = out / "moving.csv"
    write_moving(data)
    config = make_config(
        data_path=data,
        out_dir=out / "moving",
        formats=("html",),
        response="score",
        time="visit",
        group="patient",
        crossed=("site",),
        covariates=("trt",),
    )
    build_report(config)
    results = json.loads((out / "moving" / "results.json").read_text())
    formula = results["models"]["multilevel"]["formula"]
    r = _lmertest(out, "moving", data, formula, "visit,score")
    return results, r, (out / "moving" / "report.html").read_text()


@functools.cache
def _rated(folder: str, rater_slope_sd: float = 0.0) -> tuple[Any, dict[str, Any]]:
    """The crossed fit of the rater design (raters whose slopes vary by ``rater_slope_sd``), and
    lmerTest's refit of its formula."""
    from reportgen.analysis.multilevel import fit_multilevel

    out = Path(folder) / f"rated-{rater_slope_sd}"
    out.mkdir()
    frame = rated_visits(raters=16, rater_slope_sd=rater_slope_sd) if rater_slope_sd else rated_visits()
    frame.to_csv(out / "rated.csv", index=False)
    fit = fit_multilevel(frame, "rating", "week", ("rater", "subject"), crossed=True)
    return fit, _lmertest(out, "rated", out / "rated.csv", fit.formula, "week,rating")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One folder a run, the same for every module that imports this fixture: the cached build in it
    is made once (tests/support/scheduling.py puts those modules on one worker)."""
    path = tmp_path_factory.getbasetemp() / "crossed-build"
    path.mkdir(exist_ok=True)
    return str(path)


def _same_fit(ours: dict[str, Any], r: dict[str, Any]) -> None:
    """``ours`` (results.json's ``multilevel``, or a fit as a dict) is lmerTest's ``r``."""
    assert ours["loglik"] == pytest.approx(r["loglik"], abs=LOGLIK)
    assert ours["residual_sd"] == pytest.approx(r["sigma"], rel=SD)
    for name, estimate, se, df in zip(r["names"], r["estimate"], r["se"], r["df"], strict=True):
        assert ours["fixed"][name]["estimate"] == pytest.approx(estimate, rel=FIXED, abs=1e-6), name
        assert ours["fixed"][name]["se"] == pytest.approx(se, rel=SD), name
        assert ours["fixed"][name]["df"] == pytest.approx(df, rel=DF), name
    for group, term, sd in zip(r["groups"], r["terms"], r["sd"], strict=True):
        if group != "Residual":
            assert ours["random"][group][term]["sd"] == pytest.approx(sd, rel=SD), (group, term)
    assert sum(len(terms) for terms in ours["random"].values()) == len(r["groups"]) - 1
    for term, F, den_df, p in zip(r["tests"], r["F"], r["den_df"], r["p"], strict=True):
        assert ours["f_tests"][term]["F"] == pytest.approx(F, rel=SD), term
        assert ours["f_tests"][term]["den_df"] == pytest.approx(den_df, rel=DF), term
        assert ours["f_tests"][term]["p"] == pytest.approx(p, rel=0.02, abs=1e-4), term


def test_moving_patients_stand_on_the_crossed_model(folder: str) -> None:
    results, _, _ = _moving(folder)
    assert results["model_choice"]["model"] == "multilevel"
    formula = results["models"]["multilevel"]["formula"]
    assert "(1 | site)" in formula and "| patient)" in formula and "site:patient" not in formula
    assert results["multilevel"]["crossed"] is True
    assert results["multilevel"]["n_groups"] == {"site": 12, "patient": 80}


def test_moving_patients_fit_is_lmertests(folder: str) -> None:
    results, r, _ = _moving(folder)
    _same_fit(results["multilevel"], r)
    assert results["models"]["multilevel"]["loglik"] == pytest.approx(r["loglik"], abs=LOGLIK)


def test_moving_patients_covariate_section_reads_the_crossed_model(folder: str) -> None:
    """The covariate section's estimates are the covariate model refitted with the site term."""
    results, r, _ = _moving(folder)
    fixed = results["covariates"]["trt"]["fixed"]
    for name, estimate, se, df in zip(r["names"], r["estimate"], r["se"], r["df"], strict=True):
        assert fixed[name]["estimate"] == pytest.approx(estimate, rel=FIXED), name
        assert fixed[name]["se"] == pytest.approx(se, rel=SD), name
        assert fixed[name]["df"] == pytest.approx(df, rel=DF), name


def test_moving_patients_report_says_between_sites_not_within(folder: str) -> None:
    results, _, html = _moving(folder)
    shares = results["multilevel"]["shares"]
    assert set(shares) == {"site", "patient", "Residual"}
    assert "The patients are not nested in sites" in html
    # Where the pooling table is introduced: a site's own rows mix whichever patients came (item 6).
    assert "own estimate ignores which patients were measured there (the patients move" in html
    assert "between patients, whichever site their measurements came from" in html
    assert "patients within a site" not in html and "site:patient" not in html
    assert "Sites differ in their level of score with SD" in html
    # the model-choice rule, said of the model it tested (statistician P 4: with trt in it)
    assert "With trt in the model, the random slopes of the sites were left out" in html
    assert 'data-key="multilevel.random.site.(Intercept).sd"' in html
    assert (Path(folder) / "moving" / "figures" / "level_caterpillar.png").stat().st_size > 0


def test_rated_visits_fit_is_lmertests(folder: str) -> None:
    import dataclasses

    fit, r = _rated(folder)
    assert fit.formula == "rating ~ week + (1 | rater) + (week | subject)"
    assert fit.simplified == {"rater": "not supported"}  # the raters' slopes: no evidence they vary
    _same_fit(dataclasses.asdict(fit), r)


def test_raters_who_drift_apart_keep_their_slopes(folder: str) -> None:
    """The same rule decides the crossed grouping's slopes: raters whose slopes vary (SD 1 a week)
    keep them, where the raters above lose them; the fit is lmerTest's."""
    import dataclasses

    fit, r = _rated(folder, 1.0)
    assert fit.formula == "rating ~ week + (week | rater) + (week | subject)"
    assert (fit.simplified, fit.top_term) == ({}, "slope")
    assert fit.new_group_slope is not None
    _same_fit(dataclasses.asdict(fit), r)


LRT_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
d <- read.csv(args[[2]], colClasses = "character")
for (column in c("visit", "score")) d[[column]] <- as.numeric(d[[column]])
full <- suppressMessages(lmer(as.formula(args[[3]]), data = d, REML = FALSE))
reduced <- suppressMessages(update(full, . ~ . - visit:trt))
first <- d[d$visit == 0, ]
start <- anova(lmer(score ~ trt + (1 | site), data = first))
out <- list(chisq = 2 * (as.numeric(logLik(full)) - as.numeric(logLik(reduced))),
            F = start[["F value"]][[1]], den_df = start[["DenDF"]][[1]])
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), args[[1]])
"""
)


def test_moving_patients_interaction_lrt_and_start_test_are_the_crossed_models(folder: str) -> None:
    """Statistician O (items 5 and 6): the likelihood-ratio test printed beside the crossed F test
    is the crossed model's (ML, with and without visit:trt), and the first visit's values are tested
    with the site term, as lmerTest's ``anova(lmer(score ~ trt + (1 | site)))``."""
    results, _, html = _moving(folder)
    formula = results["models"]["covariates"]["formula"]
    assert "(1 | site)" in formula
    (Path(folder) / "lrt.R").write_text(LRT_SCRIPT)
    out = Path(folder) / "lrt.json"
    run_r(Path(folder) / "lrt.R", str(out), str(Path(folder) / "moving.csv"), formula)
    theirs = json.loads(out.read_text())
    trt = results["covariates"]["trt"]
    assert trt["lrt_interaction"]["chisq"] == pytest.approx(theirs["chisq"], rel=1e-3)
    assert trt["measured_at_start"]["F"] == pytest.approx(theirs["F"], rel=1e-3)
    assert trt["measured_at_start"]["den_df"] == pytest.approx(theirs["den_df"], rel=DF)
    assert trt["measured_at_start_by"] == "site"
    assert "tested with a random intercept for each site (the values measured at one site" in html
