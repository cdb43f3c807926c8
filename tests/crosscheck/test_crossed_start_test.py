"""The values at the first time, tested with the groupings crossed with the subjects (issue 24,
statistician O item 5): patients who move between sites share their site's level at the first
visit, so the test of a patient-level treatment there is lmerTest's
``anova(lmer(score ~ trt + (1 | site)))`` on that visit's rows, not a one-way ANOVA of the values
(which ignored the sites: F = 0.040 on 1 and 118 df where lmerTest gave 1.97 on 1 and 106.3).
Data: ``reportgen examples``' moving.csv (seeded)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.support.r_run import run_r

R_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
d <- read.csv(args[[2]], colClasses = c(site = "character", trt = "character"))
d <- d[d$visit == 0, ]
a <- anova(lmer(score ~ trt + (1 | site), data = d))
writeLines(jsonlite::toJSON(list(F = a[["F value"]][[1]], num_df = a[["NumDF"]][[1]],
  den_df = a[["DenDF"]][[1]], p = a[["Pr(>F)"]][[1]]), digits = NA, auto_unbox = TRUE), args[[3]])
"""
)


def test_first_visit_test_has_the_crossed_site_term(tmp_path: Path) -> None:
    from reportgen.analysis.covariates import measured_at_start
    from reportgen.examples import write_moving

    write_moving(tmp_path / "moving.csv")
    raw = pd.read_csv(tmp_path / "moving.csv", dtype={"site": str, "trt": str})
    frame = raw.rename(columns={"score": "response", "visit": "time", "patient": "group"})
    ours = measured_at_start(frame, "trt", 0.0, "categorical", ("site",), crossed=True)
    (tmp_path / "start.R").write_text(R_SCRIPT)
    run_r(tmp_path / "start.R", "", str(tmp_path / "moving.csv"), str(tmp_path / "out.json"))
    theirs = json.loads((tmp_path / "out.json").read_text())
    assert ours is not None
    assert ours.F == pytest.approx(theirs["F"], rel=1e-3)
    assert ours.num_df == theirs["num_df"]
    assert ours.den_df == pytest.approx(theirs["den_df"], rel=2e-2)
    assert ours.p == pytest.approx(theirs["p"], rel=1e-2)
    # Without the sites the first visit's values are a one-way ANOVA on 78 df.
    plain = measured_at_start(frame, "trt", 0.0, "categorical")
    assert plain is not None and plain.den_df == 78
