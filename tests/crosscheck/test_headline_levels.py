"""The nested headline, the outer groups' own levels and the stood-on model's test of the subjects'
slopes, against lmerTest (statistician N, session 7, findings 1-3).

On a seeded study of patients within clinics, the arm given per clinic (tests/support/nested_arm.py):
with arm the clinics' slopes are not needed, without arm they are. The headline (pooled across arm)
must be lmerTest's fit of ``score ~ month + (month | clinic) + (month | clinic:patient)``, the random
part the model-choice rule picks without arm (the cohort index's model), not the line refitted with
the random part chosen with arm (a narrower interval on the patients' df). Each clinic's own mean
score is the fixed line at its own arm plus its effect (not the control arm's line for every clinic).
The study report's sentences on the patients' slopes read the stood-on model's likelihood-ratio test
and SD (not the one-grouping model's). Tolerances: estimates 1e-3 relative, SEs 1%, df 2%, SDs 1%.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.support.analysed import analysed_sections
from tests.support.nested_arm import nested_arm
from tests.support.r_run import run_r

FIXED, SE, DF, SD = 1e-3, 0.01, 0.02, 0.01

R_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
d <- read.csv(args[[2]], stringsAsFactors = FALSE)
ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))
fit <- function(f, reml = TRUE) suppressMessages(lmer(as.formula(f), data = d, REML = reml, control = ctl))
bare <- fit("score ~ month + (month | clinic) + (month | clinic:patient)")
co <- summary(bare)$coefficients
q <- qt(0.975, co["month", "df"])
ml <- function(f) as.numeric(logLik(fit(f, FALSE)))
clinic_lrt <- 2 * (ml("score ~ month + (month | clinic) + (month | clinic:patient)") -
                   ml("score ~ month + (1 | clinic) + (month | clinic:patient)"))
arm <- fit("score ~ month * arm + (1 | clinic) + (month | clinic:patient)")
patient_lrt <- 2 * (ml("score ~ month * arm + (1 | clinic) + (month | clinic:patient)") -
                    ml("score ~ month * arm + (1 | clinic) + (1 | clinic:patient)"))
fe <- fixef(arm); tm <- mean(d$month)
treat <- tapply(d$arm, d$clinic, function(x) x[1]) == "treat"
re <- ranef(arm)$clinic
own <- fe[1] + fe[2] * tm + treat[rownames(re)] * (fe[3] + fe[4] * tm) + re[, 1]
vc <- as.data.frame(VarCorr(bare)); va <- as.data.frame(VarCorr(arm))
out <- list(
  slope = co["month", "Estimate"], se = co["month", "Std. Error"], df = co["month", "df"],
  ci_low = co["month", "Estimate"] - q * co["month", "Std. Error"],
  ci_high = co["month", "Estimate"] + q * co["month", "Std. Error"],
  slope_sd = vc$sdcor[vc$grp == "clinic:patient" & vc$var1 == "month" & is.na(vc$var2)],
  clinic_lrt = clinic_lrt, patient_lrt = patient_lrt,
  arm_slope_sd = va$sdcor[va$grp == "clinic:patient" & va$var1 == "month" & is.na(va$var2)],
  clinic_slope_sd = vc$sdcor[vc$grp == "clinic" & vc$var1 == "month" & is.na(vc$var2)],
  clinic_corr = vc$sdcor[vc$grp == "clinic" & vc$var1 == "(Intercept)" & vc$var2 %in% "month"],
  own = as.list(setNames(unname(own), rownames(re)))
)
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), args[[1]])
"""
)


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seeded study analysed as its report (no figures), and lmerTest's fits."""
    from reportgen.config import make_config

    folder = tmp_path_factory.mktemp("headline-levels")
    frame = nested_arm()
    frame.to_csv(folder / "study.csv", index=False)
    config = make_config(
        response="score", time="month", group="clinic/patient", covariates=("arm",), formats=("html",)
    )
    analysis, results, text = analysed_sections(frame, config)
    (folder / "fit.R").write_text(R_SCRIPT)
    run_r(folder / "fit.R", str(folder / "r.json"), str(folder / "study.csv"))
    r = json.loads((folder / "r.json").read_text())
    return {"analysis": analysis, "results": results, "sentences": text, "r": r}


def test_the_clinics_slopes_are_needed_without_arm_not_with_it(study: dict[str, Any]) -> None:
    """The design the finding needs: the rule keeps the clinics' slopes only without arm."""
    results, r = study["results"], study["r"]
    assert "(1 | clinic)" in results["models"]["multilevel"]["formula"]
    headline_model = results["models"][results["headline"]["stands_on"]]
    assert headline_model["formula"] == "score ~ month + (month | clinic) + (month | clinic:patient)"
    assert r["clinic_lrt"] > 6  # lme4's ML fits: boundary p < 0.05


def test_headline_is_lmertests_fit_without_arm(study: dict[str, Any]) -> None:
    head, r = study["results"]["headline"], study["r"]
    assert head["stands_on"] == "multilevel_no_covariates"
    assert head["slope"] == pytest.approx(r["slope"], rel=FIXED)
    assert head["slope_se"] == pytest.approx(r["se"], rel=SE)
    assert head["slope_df"] == pytest.approx(r["df"], rel=DF)
    assert head["slope_ci_low"] == pytest.approx(r["ci_low"], rel=SE)
    assert head["slope_ci_high"] == pytest.approx(r["ci_high"], rel=SE)
    # Every headline key from that one model: the patients' slope SD is its own, not the arm model's.
    assert head["slope_sd"] == pytest.approx(r["slope_sd"], rel=SD)
    assert abs(r["slope_sd"] - r["arm_slope_sd"]) > 0.02


def test_each_clinics_own_level_is_at_its_own_arm(study: dict[str, Any]) -> None:
    fit = study["analysis"].multilevel
    assert fit.top_term == "level"
    for clinic, value in study["r"]["own"].items():
        assert fit.top_groups[clinic].estimate == pytest.approx(value, rel=FIXED), clinic


def test_the_study_reports_slope_sentences_read_the_stood_on_model(study: dict[str, Any]) -> None:
    results, r, sentences = study["results"], study["r"], study["sentences"]
    test = results["multilevel"]["slope_tests"]["clinic:patient"]
    assert test["chisq"] == pytest.approx(r["patient_lrt"], rel=SE)
    (said,) = sentences["g_levels_test"]
    assert f"{test['chisq']:.2f}" in said and "change at different rates" in said
    (spread,) = sentences["g_levels_subjects"]
    assert f"{r['arm_slope_sd']:.2f}" in spread


def test_the_headline_models_own_clinic_slopes_are_said_beside_its_slope(study: dict[str, Any]) -> None:
    """Statistician P 4 (session 7): the headline's model keeps the clinics' slopes (its own test,
    SD and correlation, lme4's), said in the headline's paragraph; the covariate's test of the
    patients' slopes is the stood-on model's (P 2: not the one-grouping model's)."""
    results, r, sentences = study["results"], study["r"], study["sentences"]
    model = results["models"]["multilevel_no_covariates"]
    assert model["slope_tests"]["clinic"]["chisq"] == pytest.approx(r["clinic_lrt"], rel=SE)
    assert model["random"]["clinic"]["month"]["sd"] == pytest.approx(r["clinic_slope_sd"], rel=SD)
    assert model["correlations"]["clinic"] == pytest.approx(r["clinic_corr"], abs=0.01)
    said = [s for s in sentences["g_choice"] if "keep random slopes of their own" in s]
    assert len(said) == 1 and f"{model['slope_tests']['clinic']['chisq']:.2f}" in said[0]
    covariate = " ".join(sentences["covariate:arm"])
    assert f"χ² = {results['multilevel']['slope_tests']['clinic:patient']['chisq']:.2f}" in covariate
    assert f"χ² = {results['covariates']['arm']['random_slope_lrt']['chisq']:.2f}" not in covariate
