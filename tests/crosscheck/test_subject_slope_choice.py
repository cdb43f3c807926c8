"""The subjects' slopes when the one-grouping test and the model with every level disagree
(statistician P 1, session 7): raters crossed with subjects (tests/support/rater_weeks.py), where
the subjects' slopes are not supported on the subjects alone but are beside the raters' level.
One build; lme4 refits both tests and the slopes' SD.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.r_run import run_r
from tests.support.rater_weeks import rater_weeks

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(lme4))
ctl <- lmerControl(optimizer = "bobyqa")
d <- read.csv(args[[2]])
ml <- function(f) suppressMessages(lmer(f, data = d, REML = FALSE, control = ctl))
mix <- function(x) 0.5 * pchisq(x, 1, lower.tail = FALSE) + 0.5 * pchisq(x, 2, lower.tail = FALSE)
alone <- 2 * as.numeric(logLik(ml(score ~ week + (week | subject))) -
  logLik(ml(score ~ week + (1 | subject))))
rater <- 2 * as.numeric(logLik(ml(score ~ week + (1 | rater) + (week | subject))) -
  logLik(ml(score ~ week + (1 | rater) + (1 | subject))))
reml <- suppressMessages(lmer(score ~ week + (1 | rater) + (week | subject), data = d, control = ctl))
sd <- attr(VarCorr(reml)$subject, "stddev")[["week"]]
writeLines(sprintf('{"alone_p": %.10g, "rater_chisq": %.10g, "rater_p": %.10g, "slope_sd": %.10g}',
  mix(alone), rater, mix(rater), sd), args[[1]])
"""


def _words(sentence: list[Any]) -> str:
    return "".join(p if isinstance(p, str) else "{" + p["key"] + "}" for p in sentence)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, float]]:
    """The report on the rater data (results.json) and lme4's tests."""
    from reportgen import build_report, make_config

    out = tmp_path_factory.mktemp("rater-weeks")
    data = out / "rater.csv"
    rater_weeks().to_csv(data, index=False)
    config = make_config(
        data_path=data, out_dir=out / "report", formats=("html",), response="score", time="week",
        group="subject", crossed=("rater",),
    )  # fmt: skip
    build_report(config)
    (out / "tests.R").write_text(R_SCRIPT)
    run_r(out / "tests.R", str(out / "r.json"), str(data))
    return json.loads((out / "report" / "results.json").read_text()), json.loads(
        Path(out / "r.json").read_text()
    )


def test_the_two_tests_disagree_as_in_lme4(built: tuple[dict[str, Any], dict[str, float]]) -> None:
    """The data's finding: not supported alone, supported beside the raters."""
    results, r = built
    assert r["alone_p"] > 0.05 and r["rater_p"] < 0.001
    assert results["comparison"]["lrt_p_boundary"] == pytest.approx(r["alone_p"], rel=0.01)
    assert results["multilevel"]["slope_tests"]["subject"]["chisq"] == pytest.approx(
        r["rater_chisq"], abs=0.01
    )


def test_the_headline_reason_is_the_model_with_every_levels(
    built: tuple[dict[str, Any], dict[str, float]],
) -> None:
    """results.json said ``slopes_not_supported`` beside a nonzero ``slope_sd``: one decision now."""
    results, r = built
    headline = results["headline"]
    assert headline["stands_on"] == "multilevel"
    assert headline["slope_sd"] == pytest.approx(r["slope_sd"], rel=0.01)
    assert headline["reason"] == "slopes_supported"
    assert results["model_choice"]["reason"] == "slopes_not_supported"  # the one-grouping test's, kept


def test_the_seminar_says_both_tests(built: tuple[dict[str, Any], dict[str, float]]) -> None:
    results, _ = built
    words = [_words(s) for s in results["narrative"]["g_choice"]]
    first = next(
        i for i, w in enumerate(words) if w.startswith("The data support the random-intercept model")
    )
    both = words[first + 1]
    assert both.startswith("That is the test without the rater level. With the rater level in the model")
    assert "{multilevel.slope_tests.subject.chisq}" in both and "{multilevel.random.subject.week.sd}" in both
    assert "so that model keeps their slopes" in both
