"""A covariate on a cycle against lmerTest (issue 21, statistician O's daily cycle, seeded in
tests/support/daily_cycle.py): each level's amplitude (delta method, Satterthwaite df), mean level
and peak time, and the amplitudes' difference, as R reads them from
``lmer(y ~ (sin(2 * pi * hour/24) + cos(2 * pi * hour/24)) * grp + (1 | subject))``. No rate and no
first-to-last change are read from the cycle (their words: tests/unit/test_covariate_cycle.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.daily_cycle import daily_cycle
from tests.support.r_run import run_r

CYCLE_R = r"""
for (p in c("lme4", "lmerTest", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[[1]], colClasses = c(group = "character", grp = "character"))
ctl <- eval(parse(text = args[[3]]))
m <- lmerTest::lmer(response ~ (sin(2 * pi * time/24) + cos(2 * pi * time/24)) * grp + (1 | group), d,
                    REML = TRUE, control = ctl)
b <- lme4::fixef(m)
wave <- function(s, c) {  # the contrasts of one level's sine and cosine
  a <- sum(s * b); k <- sum(c * b); A <- sqrt(a^2 + k^2)
  list(A = A, L = (a * s + k * c) / A, peak = (atan2(a, k) / (2 * pi) * 24) %% 24)
}
e <- function(i) { v <- rep(0, length(b)); v[i] <- 1; v }
A <- wave(e(2), e(3)); B <- wave(e(2) + e(5), e(3) + e(6))
ci <- function(L) {
  r <- lmerTest::contest1D(m, L, confint = TRUE)
  list(estimate = sum(L * b), se = r[["Std. Error"]], df = r[["df"]],
       ci_low = r[["lower"]], ci_high = r[["upper"]])
}
out <- list(A = ci(A$L), B = ci(B$L), difference = ci(B$L - A$L), mean_difference = ci(e(4)),
            mean_A = ci(e(1)), peak_A = A$peak, peak_B = B$peak)
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), args[[2]])
"""


def _close(ours: Any, theirs: dict, rel: float = 1e-3) -> None:
    for field in ("estimate", "se", "ci_low", "ci_high"):
        assert getattr(ours, field) == pytest.approx(theirs[field], rel=rel, abs=1e-6), field
    assert ours.df == pytest.approx(theirs["df"], rel=2e-2)


def test_daily_cycle_by_group_is_read_as_lmertest_reads_it(tmp_path: Path) -> None:
    from reportgen.analysis.covariates import analyse_covariates
    from reportgen.analysis.models import LMER_CONTROL
    from reportgen.analysis.shape import fit_supported_model

    raw = daily_cycle()
    frame = raw.rename(columns={"y": "response", "hour": "time", "subject": "group"})
    choice = fit_supported_model(frame, engine="exact", period=24.0).choice
    assert choice.shape == "harmonic" and choice.model == "random_intercept"  # (1 | group), as R's
    effect = analyse_covariates(frame, ("grp",), choice, engine="exact")["grp"]
    assert effect.time_interaction  # the curve x grp terms are kept: R's model has them too
    cycles = effect.cycles
    assert cycles is not None and cycles.reference == "A"

    frame.to_csv(tmp_path / "data.csv", index=False, float_format="%.17g")
    (tmp_path / "cycle.R").write_text(CYCLE_R)
    run_r(tmp_path / "cycle.R", str(tmp_path / "data.csv"), str(tmp_path / "out.json"), LMER_CONTROL)
    theirs = json.loads((tmp_path / "out.json").read_text())

    _close(cycles.by_level["A"].amplitude, theirs["A"])
    _close(cycles.by_level["B"].amplitude, theirs["B"])
    _close(cycles.amplitude_difference["B"], theirs["difference"])
    _close(cycles.mean_level_difference["B"], theirs["mean_difference"])
    _close(cycles.by_level["A"].mean_level, theirs["mean_A"])
    assert cycles.by_level["A"].peak_time == pytest.approx(theirs["peak_A"], abs=1e-3)
    assert cycles.by_level["B"].peak_time == pytest.approx(theirs["peak_B"], abs=1e-3)
    # The simulation's amplitudes, 0.3 and 0.6: B's is clearly the larger.
    assert cycles.amplitude_difference["B"].ci_low > 0
