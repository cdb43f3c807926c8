"""The spread checks on R's data, against R: soybean's spread grows (p < 0.001) and log is offered;
sleepstudy's stays constant, as the Brown-Forsythe test on lme4's residuals says; Sitka's size (a log
size already, with a spread that does not grow with the level) gets no log; our Brown-Forsythe
statistic equals R's ANOVA of |r - bin median| on the same residuals and bins."""

from __future__ import annotations

import functools
import shutil
import subprocess
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis import Analysis, analyze
from reportgen.analysis.spread import (
    CONSTANT,
    GROWS_WITH_LEVEL,
    LOG,
    LOG_APPLIED,
    brown_forsythe,
    time_bins,
)
from reportgen.analysis.time_basis import make_shape
from reportgen.clean import clean
from reportgen.config import make_config
from reportgen.prepare import prepare
from tests.support.r_datasets import r_dataset
from tests.support.r_run import lme4_random_terms

pytestmark = pytest.mark.slow

COLUMNS = {
    "sleepstudy": ("lme4", {"response": "Reaction", "time": "Days", "group": "Subject"}),
    "Soybean": ("nlme", {"response": "weight", "time": "Time", "group": "Plot"}),
    "Sitka": ("MASS", {"response": "size", "time": "Time", "group": "tree"}),
    "Rabbit": ("MASS", {"response": "BPchange", "time": "Dose", "group": "Animal"}),
}


def _frame(study: str) -> pd.DataFrame:
    package, columns = COLUMNS[study]
    frame = r_dataset(study, package)
    frame[columns["group"]] = frame[columns["group"]].astype(str)
    return frame


@functools.cache
def analysed(study: str, **options: Any) -> tuple[pd.DataFrame, Analysis]:
    """The cleaned frame and the analysis of an R data set (no figures, no rendering)."""
    config = make_config(**COLUMNS[study][1], formats=["html"], **options)
    prepared = prepare(_frame(study), config)
    data = clean(prepared.frame, prepared.config)
    return data.frame, analyze(data, prepared.config)


def _rscript(code: str, table: pd.DataFrame) -> list[float]:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    run = subprocess.run(
        [rscript, "-e", code],
        input=table.to_csv(index=False),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if run.returncode != 0:
        pytest.skip(f"R failed: {run.stderr.strip()[-200:]}")
    return [float(v) for v in run.stdout.split()]


# R's Brown-Forsythe by hand: one-way ANOVA of |r - median of its bin| (car::leveneTest's default).
BF_IN_R = (
    "d <- read.csv(file('stdin')); b <- factor(d$bin); z <- abs(d$r - ave(d$r, b, FUN = median)); "
    "a <- anova(lm(z ~ b)); cat(sprintf('%.15g', c(a$`F value`[1], a$`Pr(>F)`[1])))"
)


@pytest.mark.parametrize("study", ["sleepstudy", "Soybean"])
def test_brown_forsythe_equals_r_on_the_same_residuals_and_bins(study: str) -> None:
    frame, a = analysed(study)
    residuals = frame["response"].to_numpy(float) - a.choice.fit.fitted
    bins = time_bins(frame["time"].to_numpy(float))
    f, p = _rscript(BF_IN_R, pd.DataFrame({"r": residuals, "bin": bins}))
    ours = brown_forsythe(residuals, bins)
    assert ours.statistic == pytest.approx(f, abs=1e-6)
    assert ours.p == pytest.approx(p, rel=1e-6, abs=1e-12)
    assert a.diagnostics.spread_by_time is not None
    assert a.diagnostics.spread_by_time.statistic == pytest.approx(f, abs=1e-6)


def test_sleepstudy_spread_is_constant_as_lme4s_residuals_say() -> None:
    # R: lmer(Reaction ~ Days + (Days | Subject)); BF over the 10 days on its residuals.
    code = (
        "suppressMessages(library(lme4)); m <- lmer(Reaction ~ Days + (Days | Subject), sleepstudy); "
        "r <- residuals(m); b <- factor(sleepstudy$Days); z <- abs(r - ave(r, b, FUN = median)); "
        "a <- anova(lm(z ~ b)); cat(sprintf('%.15g', c(a$`F value`[1], a$`Pr(>F)`[1])))"
    )
    f, p = _rscript(code, pd.DataFrame({"x": [0]}))
    _, a = analysed("sleepstudy")
    d = a.diagnostics
    assert a.choice.model == "random_slope" and d.spread_by_time is not None
    assert d.spread_by_time.bins == 10 and d.spread_by_time.distinct_times
    assert d.spread_by_time.statistic == pytest.approx(f, rel=1e-4)  # lme4's fit against ours
    assert d.spread_by_time.p == pytest.approx(p, rel=1e-4)
    assert p > 0.05 and d.spread_pattern == CONSTANT and d.spread_remedy == "none" and d.spread_log is None


def test_soybean_spread_grows_and_log_is_offered_and_checked() -> None:
    frame, a = analysed("Soybean")
    d = a.diagnostics
    assert d.spread_by_time is not None
    assert d.spread_by_time.p < 0.001 and d.spread_by_time.direction == "grows"
    assert d.spread_by_time.sd_last > 5 * d.spread_by_time.sd_first
    assert d.spread_pattern == GROWS_WITH_LEVEL and d.spread_remedy == LOG
    assert d.spread_log is not None and not d.spread_log.applied
    # The log scale's check: the spread no longer grows fifty-fold (its SD ratio is near 1).
    assert 0.5 < d.spread_log.sd_last / d.spread_log.sd_first < 2


def test_soybean_with_log_response_models_the_log_and_reads_ratios() -> None:
    frame, a = analysed("Soybean", log_response=True)
    raw = _frame("Soybean")
    assert np.allclose(np.sort(frame["response"]), np.sort(np.log(raw["weight"].to_numpy(float))))
    d = a.diagnostics
    assert d.spread_remedy == LOG_APPLIED and d.spread_log is not None and d.spread_log.applied
    # The straight line's slope (a curved choice's first column is no slope).
    assert d.spread_log.slope_ratio == pytest.approx(np.exp(a.choice.straight.slope.estimate))
    assert d.spread_log.shape == a.choice.shape
    assert d.spread_by_time is not None and d.spread_by_time.sd_last < 2 * d.spread_by_time.sd_first


def test_sitka_gets_no_log_suggestion() -> None:
    _, a = analysed("Sitka")
    d = a.diagnostics
    assert d.spread_remedy != LOG and d.spread_log is None
    assert d.spread_pattern == CONSTANT  # BF over the 5 times: p = 0.014, with SDs that shrink
    assert d.spread_by_time is not None and d.spread_by_time.sd_last < d.spread_by_time.sd_first


def test_sitka_named_as_a_log_gets_no_log_even_when_its_spread_grew() -> None:
    frame = _frame("Sitka").rename(columns={"size": "log_size"})
    config = make_config(response="log_size", time="Time", group="tree", formats=["html"])
    prepared = prepare(frame, config)
    data = clean(prepared.frame, prepared.config)
    # Stretch the spread with the level, so only the name stands between the data and a log.
    grown = data.frame.assign(response=np.exp(data.frame["response"]))
    from dataclasses import replace

    a = analyze(replace(data, frame=grown), prepared.config)
    assert a.diagnostics.spread_pattern.startswith("grows")
    assert a.diagnostics.spread_remedy != LOG


def test_report_words_for_soybean_and_sitka() -> None:
    from tests.crosscheck.test_reviewed_reports import built

    soy, soy_text = built("Soybean")
    assert soy["diagnostics"]["spread_by_time"]["p"] < 0.001
    assert "the residual spread grows with time" in soy_text and "--log-response" in soy_text
    assert "no clear change in spread" not in soy_text.split("Against the fitted level")[0][-400:]
    sitka, sitka_text = built("Sitka")
    assert sitka["diagnostics"]["spread_remedy"] != "log"
    assert "log(size)" not in sitka_text and "--log-response" not in sitka_text


def test_log_response_of_values_at_or_below_zero_is_one_clear_line() -> None:
    from reportgen.errors import DataValueError

    frame = _frame("Soybean")
    frame.loc[3, "weight"] = 0.0
    config = make_config(**COLUMNS["Soybean"][1], log_response=True)
    prepared = prepare(frame, config)
    with pytest.raises(DataValueError, match=r"--log-response needs a response above 0.*line 5"):
        clean(prepared.frame, prepared.config)


@pytest.mark.parametrize(
    ("study", "ratio_in_r"),
    # The statistician's R: exp(fixef(lmer(log(BPchange) ~ Dose + (1 | Animal))))[2] = 1.0154;
    # Soybean's log(weight) ~ Time with uncorrelated level and slope: 1.0825 per day. The report
    # had printed 182.3175 and 48.2674: exp of a curve's first column, not of a slope.
    [("Rabbit", 1.0154), ("Soybean", 1.0825)],
)
def test_log_preview_ratios_equal_lme4s_log_fits(study: str, ratio_in_r: float) -> None:
    frame, a = analysed(study)
    log = a.diagnostics.spread_log
    assert a.diagnostics.spread_remedy == LOG and log is not None and not log.applied
    time = frame["time"].to_numpy(float)
    random = lme4_random_terms(log.model)
    curve = make_shape(log.shape, time).term
    code = (
        "suppressMessages(library(lme4)); d <- read.csv(file('stdin')); d$shifted <- d$time - min(d$time); "
        f"l <- lmer(log(response) ~ time + {random}, d); c <- lmer(log(response) ~ {curve} + {random}, d); "
        "p <- predict(c, newdata = data.frame(time = range(d$time)), re.form = NA); "
        "cat(sprintf('%.15g', c(exp(fixef(l)[2]), exp(p[2] - p[1]))))"
    )
    line, over_range = _rscript(code, frame[["response", "time", "group"]])
    assert log.slope_ratio == pytest.approx(line, rel=1e-4)
    assert log.slope_ratio == pytest.approx(ratio_in_r, abs=5e-4)
    assert log.relative_change == pytest.approx(line - 1, rel=1e-3)
    if log.shape == "linear":
        assert log.range_ratio is None
    else:  # a curve has no one ratio per unit: its change over the observed range
        assert log.range_ratio == pytest.approx(over_range, rel=1e-3)
