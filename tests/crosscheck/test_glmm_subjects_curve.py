"""The subjects' odds multipliers, the latent ICC and Question 6's pair of a curved binary GLMM
come from the curve the report stands on, as glmer's conditional modes of that curve give them
(statistician S 2, binq: 0.51, 2.73, 12.0% and 5.32 from the straight GLMM beside the curve's SD
0.81; glmer on the curve 0.42, 3.71, 16.6% and 8.89). The seeded curved binary study of
tests/crosscheck/test_glmm_shape.py (random intercept, logit quadratic in the visit)."""

from __future__ import annotations

import math

import pytest

from reportgen.analysis.family import choose_family
from reportgen.analysis.glmm import GlmmAnalysis, analyse_glmm
from tests.crosscheck.test_glmm_shape import curved_binary
from tests.support.r_run import run_r_job

pytestmark = pytest.mark.slow

PAIR = ("s00", "s01")
# Conditional modes and their SD from the Laplace fit: our optimiser stops within 1e-3 of glmer's.
REL = 5e-3

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
d <- read.csv(file.path(args[[1]], "curved.csv"), stringsAsFactors = FALSE)
d$id <- factor(d$id)
control <- glmerControl(optimizer = "bobyqa", tolPwrss = 1e-10,
                        optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))
m <- glmer(as.formula(job$formula), data = d, family = binomial, control = control)
b <- ranef(m)$id[, "(Intercept)"]
names(b) <- rownames(ranef(m)$id)
v <- as.numeric(VarCorr(m)$id[1, 1])
cat(jsonlite::toJSON(list(low = exp(min(b)), high = exp(max(b)), icc = v / (v + pi^2 / 3),
                          pair = exp(b[[job$pair[1]]] - b[[job$pair[2]]])),
                     auto_unbox = TRUE, digits = NA))
"""


@pytest.fixture(scope="module")
def curved(tmp_path_factory: pytest.TempPathFactory) -> tuple[GlmmAnalysis, dict]:
    frame = curved_binary()
    renamed = frame.rename(columns={"y": "response", "visit": "time", "id": "group"})
    family = choose_family(renamed["response"].to_numpy(float), "auto")
    g = analyse_glmm(renamed, family, ("y", "visit", "id"), pair=PAIR)
    assert g.shaped is not None
    folder = tmp_path_factory.mktemp("glmm_subjects")
    frame.to_csv(folder / "curved.csv", index=False)
    return g, run_r_job(folder, {"formula": g.shaped.formula, "pair": list(PAIR)}, R_SCRIPT)


def test_the_subjects_read_the_curve_stood_on(curved: tuple[GlmmAnalysis, dict]) -> None:
    g, _ = curved
    assert g.shaped is not None and g.subjects_of == g.shaped.name != "random_intercept"


def test_multipliers_icc_and_pair_are_glmer_s_on_the_curve(curved: tuple[GlmmAnalysis, dict]) -> None:
    g, r = curved
    assert g.subject_multiplier_min == pytest.approx(r["low"], rel=REL)
    assert g.subject_multiplier_max == pytest.approx(r["high"], rel=REL)
    assert g.icc_latent == pytest.approx(r["icc"], rel=REL)
    assert g.pair_multiplier == pytest.approx(r["pair"], rel=REL)
    sd = g.shaped.re_sd["(Intercept)"] if g.shaped is not None else math.nan
    assert g.icc_latent == pytest.approx(sd**2 / (sd**2 + math.pi**2 / 3))  # the SD printed beside
