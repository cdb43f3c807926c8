"""A covariate's effect in the GLMM at the first, average and last observed times, against R's glmer.

R refits the model the effects come from (its formula as the analysis gives it) and computes, from
``fixef`` and ``vcov`` alone (emmeans is not installed), a typical subject's probability or expected
count at the reference level and at the level (numeric covariates at their mean, the compared one
one unit above it), their difference with a delta-method Wald interval and z test, and the odds or
rate ratio there. Studies: the review's binary study with its drug arm (time interaction not kept:
one ratio, differences by time), the same design with a stronger drug x visit effect (interaction
kept: ratios by time), and MASS::epil (trt and lbase, Poisson with an observation-level effect).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.crosscheck.test_glmm_lme4 import _analyse
from tests.crosscheck.test_reviewed_reports import simulated_binary
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

CONTRASTS = r"""
suppressMessages(library(lme4))
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
spec <- jsonlite::fromJSON(args[2])
d[[spec$group]] <- factor(d[[spec$group]])
d$obs <- factor(seq_len(nrow(d)))
m <- suppressMessages(suppressWarnings(glmer(as.formula(spec$formula), d, family = spec$family)))
b <- fixef(m); V <- as.matrix(vcov(m)); n <- names(b)
inv <- if (spec$family == "binomial") plogis else exp
dmu <- if (spec$family == "binomial") function(mu) mu * (1 - mu) else function(mu) mu
times <- c(first = min(d[[spec$time]]), mean = mean(d[[spec$time]]), last = max(d[[spec$time]]))
out <- list()
for (term in spec$terms) {
  for (when in names(times)) {
    t <- times[[when]]
    x0 <- setNames(rep(0, length(b)), n); x0["(Intercept)"] <- 1; x0[spec$time] <- t
    for (h in spec$numeric) {
      x0[h] <- mean(d[[h]])
      k <- paste0(spec$time, ":", h); if (k %in% n) x0[k] <- mean(d[[h]]) * t
    }
    L <- setNames(rep(0, length(b)), n); L[term] <- 1
    k <- paste0(spec$time, ":", term); if (k %in% n) L[k] <- t
    x1 <- x0 + L
    mu0 <- inv(sum(x0 * b)); mu1 <- inv(sum(x1 * b))
    g <- dmu(mu1) * x1 - dmu(mu0) * x0
    se <- sqrt(drop(t(g) %*% V %*% g)); lse <- sqrt(drop(t(L) %*% V %*% L)); lr <- sum(L * b)
    out[[paste(term, when)]] <- list(reference = mu0, value = mu1, difference = mu1 - mu0,
      ci_low = mu1 - mu0 - qnorm(0.975) * se, p = 2 * pnorm(-abs((mu1 - mu0) / se)),
      ratio = exp(lr), ratio_ci_low = exp(lr - qnorm(0.975) * lse), ratio_p = 2 * pnorm(-abs(lr / lse)))
  }
}
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA))
"""


def _r_contrasts(frame: pd.DataFrame, effect, family: str, columns, numeric, tmp: Path) -> dict:
    data, script = tmp / "data.csv", tmp / "contrasts.R"
    frame.to_csv(data, index=False)
    script.write_text(CONTRASTS)
    terms = list(effect.levels)
    spec = {
        "formula": effect.formula,
        "family": family,
        "time": columns[1],
        "group": columns[2],
        "terms": terms,
        "numeric": list(numeric),
    }
    return dict(json.loads(run_r(script, str(data), json.dumps(spec)).stdout))


def _agree(effect, r: dict) -> None:
    for term, by_when in effect.levels.items():
        for when, at in by_when.items():
            ref = r[f"{term} {when}"]
            where = (effect.formula, term, when)
            assert at.reference_value == pytest.approx(ref["reference"], rel=2e-3), where
            assert at.value == pytest.approx(ref["value"], rel=2e-3), where
            assert at.difference == pytest.approx(ref["difference"], rel=5e-3, abs=1e-4), where
            # Standard errors agree with glmer's within 2% (test_glmm_lme4): intervals and p with them.
            half = ref["difference"] - ref["ci_low"]
            assert at.difference - at.ci_low == pytest.approx(half, rel=0.03), where
            assert at.p == pytest.approx(ref["p"], rel=0.1, abs=0.003), where
            assert at.ratio.ratio == pytest.approx(ref["ratio"], rel=2e-3), where
            assert at.ratio.ci_low == pytest.approx(ref["ratio_ci_low"], rel=0.03), where
            assert at.ratio.p == pytest.approx(ref["ratio_p"], rel=0.1, abs=0.003), where


def _binary(seed: int = 42, interaction: float | None = None) -> pd.DataFrame:
    """The review's binary study with its drug arm as a column (odd-numbered ids: placebo)."""
    if interaction is None:
        frame = simulated_binary(seed)
    else:
        rng = np.random.default_rng(seed)
        rows = []
        for i in range(80):
            level, treated = rng.normal(0, 1.0), i % 2
            for visit in range(6):
                eta = -0.5 + 0.1 * visit + interaction * treated * visit + level
                y = int(rng.random() < 1 / (1 + np.exp(-eta)))
                rows.append({"id": f"S{i + 1:02d}", "visit": visit + 1, "y": y})
        frame = pd.DataFrame(rows)
    frame["arm"] = ["drug" if int(i[1:]) % 2 == 0 else "placebo" for i in frame["id"]]
    return frame


def test_binary_arm_differences_by_visit_match_glmer(tmp_path: Path) -> None:
    frame = _binary()
    glmm = _analyse(frame, ("y", "visit", "id"), ("arm",))
    assert glmm.covariates is not None
    effect = glmm.covariates.effects["arm"]
    assert not effect.interaction_kept and effect.formula == "y ~ visit + arm + (1 | id)"
    assert effect.times == {"first": 1.0, "mean": 3.5, "last": 6.0}
    _agree(effect, _r_contrasts(frame, effect, "binomial", ("y", "visit", "id"), (), tmp_path))
    # Additive on the logit scale: one odds ratio at every visit, the model's own.
    ratios = [at.ratio.ratio for at in effect.levels["armplacebo"].values()]
    assert ratios == pytest.approx([glmm.covariates.ratios["armplacebo"].ratio] * 3)


def test_binary_arm_with_a_kept_interaction_gives_ratios_by_visit(tmp_path: Path) -> None:
    frame = _binary(seed=7, interaction=0.6)
    glmm = _analyse(frame, ("y", "visit", "id"), ("arm",))
    assert glmm.covariates is not None
    assert glmm.covariates.interactions["arm"].p < 0.05
    effect = glmm.covariates.effects["arm"]
    assert effect.interaction_kept and effect.formula == "y ~ visit + arm + visit:arm + (1 | id)"
    _agree(effect, _r_contrasts(frame, effect, "binomial", ("y", "visit", "id"), (), tmp_path))
    at = effect.levels["armplacebo"]
    assert at["first"].ratio.ratio > at["last"].ratio.ratio  # placebo falls behind as visits go on


def test_epil_treatment_and_baseline_by_period_match_glmer(tmp_path: Path) -> None:
    frame = r_dataset("epil", "MASS")[["y", "period", "subject", "trt", "lbase"]]
    glmm = _analyse(frame, ("y", "period", "subject"), ("trt", "lbase"))
    assert glmm.covariates is not None
    for column in ("trt", "lbase"):
        effect = glmm.covariates.effects[column]
        assert not effect.interaction_kept
        r = _r_contrasts(frame, effect, "poisson", ("y", "period", "subject"), ("lbase",), tmp_path)
        _agree(effect, r)
    trt = glmm.covariates.effects["trt"].levels["trtprogabide"]
    assert all(at.ci_high < 0 for at in trt.values())  # progabide: fewer seizures at every period
