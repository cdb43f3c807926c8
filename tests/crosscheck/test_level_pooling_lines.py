"""The subjects' lines in the model with every level (level_pooling.subjects ``line_*_sd``) against
lme4: each patient's line is the fixed part (a covariate's terms too) plus its site's effect plus
its own, as the sentence says (statistician R 9, session 8: without trt's terms the SDs were
0.520/4.246 where the lines give 0.547/4.382). R reads each patient's line from ``predict`` at
months 0 and 1 on ``lmer`` of the printed formula. The patients whose own intercept or slope has a
95% interval without zero are counted from this model too (statistician R 5: the study profile gave
the one-grouping model's count). Analysis only, no report built.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.crosscheck.test_multilevel_results import r_script
from tests.support.nested_unbalanced import nested_unbalanced
from tests.support.r_run import run_r

R_BODY = r"""
fit <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
first <- d[!duplicated(d$patient), ]
at0 <- predict(fit, newdata = transform(first, month = 0))
at1 <- predict(fit, newdata = transform(first, month = 1))
re <- ranef(fit, condVar = TRUE)[["site:patient"]]
pv <- attr(re, "postVar")
away <- sapply(seq_len(ncol(re)), function(k) sum(abs(re[, k]) > 1.96 * sqrt(pv[k, k, ])))
out <- list(level_sd = sd(at0), slope_sd = sd(at1 - at0), patients = nrow(first), away = away)
"""


def test_patient_lines_include_the_covariates_fixed_terms(tmp_path: Path) -> None:
    from reportgen.analysis.level_pooling import level_pooling
    from reportgen.analysis.multilevel import fit_multilevel
    from reportgen.analysis.regression import fit_subject_lines

    data = nested_unbalanced()
    fit = fit_multilevel(data, "score", "month", ("site", "patient"), covariates=("arm",))
    assert "arm" in fit.formula and "month" in fit.formula
    frame = data.rename(columns={"score": "response", "month": "time", "patient": "group"})
    result = level_pooling(frame, fit, fit_subject_lines(frame), 0.0)
    assert result is not None
    csv = tmp_path / "lines.csv"
    data.to_csv(csv, index=False)
    (tmp_path / "lines.R").write_text(r_script("site patient arm", R_BODY))
    run_r(tmp_path / "lines.R", str(tmp_path / "lines.json"), str(csv), fit.formula)
    r = json.loads((tmp_path / "lines.json").read_text())
    lines = result.subjects
    assert lines.subjects == r["patients"]
    assert lines.line_level_sd == pytest.approx(r["level_sd"], rel=2e-3)
    assert lines.line_slope_sd == pytest.approx(r["slope_sd"], rel=2e-3)
    # the study profile's count, from this model (statistician R 5), as ranef(condVar = TRUE)
    assert [lines.intercepts_away_from_zero, lines.slopes_away_from_zero] == r["away"]
    # the random departures alone spread differently: the arm's terms are in the lines
    assert abs(lines.model_level_sd - r["level_sd"]) > 0.01 * r["level_sd"]
