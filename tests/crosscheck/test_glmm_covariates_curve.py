"""Covariate x shape in the GLMM of a binary response (issue 21), against lme4's glmer.

A seeded study whose logit is quadratic in the visit (80 subjects x visits 1 to 8, so time is
fitted from its first value and mapped back) and whose treated arm's logit rises by 0.35 more per
visit: the report stands on the quadratic, so the covariate GLMM has the quadratic's columns and,
its time interaction being kept, their products with the arm
(``y ~ visit + I(visit^2) + arm + (visit + I(visit^2)):arm + (1 | id)``). One Rscript run refits
the additive and the interaction formula exactly as ``models.glmm_covariates`` prints them: the
log-likelihoods within 0.01, the fixed effects within 1e-3 relative, the likelihood-ratio test of
the interaction from R's log-likelihoods, and the arm's odds ratios at the first, average and last
visit as the same contrasts of glmer's estimates.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.family import choose_family
from reportgen.analysis.glmm import GlmmAnalysis, analyse_glmm
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

LOGLIK = 0.01
FIXED = 1e-3
COLUMNS = ("y", "visit", "id")

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"), simplifyVector = FALSE)
d <- read.csv(file.path(args[[1]], "study.csv"), stringsAsFactors = FALSE)
d$id <- factor(d$id)
control <- glmerControl(optimizer = "bobyqa", tolPwrss = 1e-10,
                        optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))
out <- lapply(job, function(f) {
  m <- suppressMessages(suppressWarnings(glmer(as.formula(f), data = d, family = binomial,
                                               control = control)))
  list(loglik = as.numeric(logLik(m)), fixed = as.list(fixef(m)))
})
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA))
"""


def curved_arms(seed: int = 21) -> pd.DataFrame:
    """80 subjects (every second one treated) x visits 1 to 8, a logistic random intercept, the
    logit quadratic in the visit, the treated arm's 0.35 steeper per visit from 1.0 lower."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(80):
        arm = "treated" if i % 2 else "control"
        level = rng.normal(0, 0.8)
        for visit in range(1, 9):
            eta = -2.0 + 1.2 * visit - 0.13 * visit**2 + level + (arm == "treated") * (-1.0 + 0.35 * visit)
            y = int(rng.random() < 1 / (1 + math.exp(-eta)))
            rows.append({"id": f"s{i:02d}", "visit": visit, "arm": arm, "y": y})
    return pd.DataFrame(rows)


@functools.cache
def analysed() -> GlmmAnalysis:
    renamed = curved_arms().rename(columns=dict(zip(COLUMNS, ("response", "time", "group"), strict=True)))
    family = choose_family(renamed["response"].to_numpy(float), "auto")
    return analyse_glmm(renamed, family, COLUMNS, covariates=("arm",))


@pytest.fixture(scope="module")
def glmer(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("glmm_covariates_curve")
    c = analysed().covariates
    assert c is not None and c.chosen is not None
    curved_arms().to_csv(folder / "study.csv", index=False)
    job = {"additive": c.fit.formula, "chosen": c.chosen.formula}
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    script = folder / "glmm_covariates_curve.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    return json.loads(run_r(script, str(folder)).stdout)


def test_the_covariate_glmm_has_the_curve_and_its_interaction_with_the_arm() -> None:
    g = analysed()
    c = g.covariates
    assert g.curve is not None and g.curve.shape == "quadratic" and c is not None and c.chosen is not None
    assert c.shape == "quadratic" and g.covariates_refused is None
    assert c.fit.formula == "y ~ visit + I(visit^2) + arm + (1 | id)"
    assert c.chosen.formula == "y ~ visit + I(visit^2) + arm + (visit + I(visit^2)):arm + (1 | id)"
    assert c.interactions["arm"].df == 2 and c.effects["arm"].interaction_kept


def test_the_curved_covariate_glmms_are_glmer_s(glmer: dict) -> None:
    """Both fits' logLik and fixed effects as glmer's from their printed formulas; the interaction's
    chi-square from R's log-likelihoods."""
    c = analysed().covariates
    assert c is not None and c.chosen is not None
    for name, fit in (("additive", c.fit), ("chosen", c.chosen)):
        assert fit.loglik == pytest.approx(glmer[name]["loglik"], abs=LOGLIK), name
        assert set(fit.fixed) == set(glmer[name]["fixed"]), name
        for term, value in fit.fixed.items():
            assert value.estimate == pytest.approx(glmer[name]["fixed"][term], rel=FIXED, abs=1e-6), (
                name,
                term,
            )
    chisq = 2 * (glmer["chosen"]["loglik"] - glmer["additive"]["loglik"])
    assert c.interactions["arm"].chisq == pytest.approx(chisq, abs=2 * LOGLIK)


def test_the_arm_s_odds_ratios_at_three_visits_are_glmer_s_contrasts(glmer: dict) -> None:
    """At the first, average and last visit t:
    exp(armtreated + t visit:armtreated + t^2 I(visit^2):armtreated)."""
    c = analysed().covariates
    assert c is not None
    r = glmer["chosen"]["fixed"]
    levels = c.effects["arm"].levels["armtreated"]
    assert [levels[w].time for w in ("first", "mean", "last")] == [1.0, 4.5, 8.0]
    for when, at in levels.items():
        t = at.time
        log_ratio = r["armtreated"] + t * r["visit:armtreated"] + t**2 * r["I(visit^2):armtreated"]
        assert at.ratio.ratio == pytest.approx(math.exp(log_ratio), rel=FIXED), when
    assert levels["last"].ratio.ci_low > 1 and levels["first"].ratio.ci_low < 1  # the arms part late
