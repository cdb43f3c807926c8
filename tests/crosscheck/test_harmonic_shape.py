"""The harmonic (cycle) shape against lme4/lmerTest on nlme::Ovary, whose Time is scaled so that
each mare's ovulations fall at 0 and 1 (a cycle of period 1): every candidate's ML AIC, the
choice, and the cycle's amplitude (delta method, Satterthwaite df) and peak time read from the REML
fit, all computed by R from the same data file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

CYCLE_R = r"""
for (p in c("lme4", "lmerTest", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[[1]], colClasses = c(group = "character"))
ctl <- eval(parse(text = args[[3]]))
aic <- function(f) AIC(lme4::lmer(as.formula(f), d, REML = FALSE, control = ctl))
out <- list(
  harmonic = aic("response ~ sin(2 * pi * time) + cos(2 * pi * time) + (time | group)"),
  spline3 = aic("response ~ splines::ns(time, 3) + (time | group)"),
  quadratic = aic("response ~ time + I(time^2) + (time | group)")
)
m <- lmerTest::lmer(response ~ sin(2 * pi * time) + cos(2 * pi * time) + (time | group), d,
                    REML = TRUE, control = ctl)
b <- lme4::fixef(m)
a <- sqrt(b[[2]]^2 + b[[3]]^2)
L <- c(0, b[[2]] / a, b[[3]] / a)
amp <- lmerTest::contest1D(m, L, confint = TRUE)
out$amplitude <- list(estimate = a, se = amp[["Std. Error"]], df = amp[["df"]],
                      ci_low = amp[["lower"]], ci_high = amp[["upper"]])
out$peak_time <- (atan2(b[[2]], b[[3]]) / (2 * pi)) %% 1
writeLines(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), args[[2]])
"""


@pytest.fixture(scope="module")
def ovary() -> pd.DataFrame:
    raw = r_dataset("Ovary", "nlme")
    return pd.DataFrame(
        {"response": raw["follicles"].astype(float), "time": raw["Time"].astype(float)}
    ).assign(group=raw["Mare"].astype(str))


def test_ovary_cycle_is_chosen_and_read_as_r_reads_it(ovary: pd.DataFrame, tmp_path: Path) -> None:
    from reportgen.analysis.cycle import summarise_cycle
    from reportgen.analysis.models import LMER_CONTROL
    from reportgen.analysis.shape import choose_shape, fit_supported_model
    from reportgen.analysis.time_basis import HARMONIC, chosen_shape

    shapes = choose_shape(ovary, engine="exact", period=1.0)
    assert shapes.shape == HARMONIC and shapes.period == 1.0
    ovary.to_csv(tmp_path / "data.csv", index=False, float_format="%.17g")
    (tmp_path / "cycle.R").write_text(CYCLE_R)
    run_r(tmp_path / "cycle.R", str(tmp_path / "data.csv"), str(tmp_path / "out.json"), LMER_CONTROL)
    theirs = json.loads((tmp_path / "out.json").read_text())
    for name in ("harmonic", "spline3", "quadratic"):
        assert shapes.fits[name].aic == pytest.approx(theirs[name], abs=0.01), name
    # The 3-df spline has one parameter more and is not more than 2 lower: R's AICs keep the cycle.
    assert shapes.fits["spline3"].df == shapes.fits[HARMONIC].df + 1
    assert theirs["spline3"] > theirs["harmonic"] - 2

    choice = fit_supported_model(ovary, engine="exact", period=1.0).choice
    assert choice.model == "random_slope"  # (time | group), the model R's numbers above refit
    cycle = summarise_cycle(choice.fit, chosen_shape(choice.shapes, ovary["time"].to_numpy(float)))
    amplitude = theirs["amplitude"]
    assert cycle.amplitude.estimate == pytest.approx(amplitude["estimate"], rel=1e-4)
    assert cycle.amplitude.se == pytest.approx(amplitude["se"], rel=1e-3)
    assert cycle.amplitude.df == pytest.approx(amplitude["df"], rel=1e-2)
    assert cycle.amplitude.ci_low == pytest.approx(amplitude["ci_low"], rel=1e-3)
    assert cycle.amplitude.ci_high == pytest.approx(amplitude["ci_high"], rel=1e-3)
    assert cycle.peak_time == pytest.approx(theirs["peak_time"], abs=1e-4)
    assert cycle.trough_time == pytest.approx((theirs["peak_time"] + 0.5) % 1, abs=1e-4)


def test_without_a_period_no_harmonic_is_compared(ovary: pd.DataFrame) -> None:
    """No period given, no cycle guessed: Ovary keeps the 3-df spline (AIC 1629.90 as lme4)."""
    from reportgen.analysis.shape import choose_shape

    shapes = choose_shape(ovary, engine="exact")
    assert "harmonic" not in shapes.fits and shapes.shape == "spline3" and shapes.period is None
