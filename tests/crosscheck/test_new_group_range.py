"""A new site's slope, one definition (statistician R 7, session 8: the seminar's fixed slope ± 1.96
slope SD against the cohort index's t-based interval with the SE): the multilevel section's
``new_group_slope_interval`` is lmerTest's ``fixef ± qt(0.975, k - 2) · sqrt(SE² + slope SD²)`` at
the covariates' reference level, and the cohort index's ``prediction_interval`` on the same data
without covariates. Analysis only, no report built.
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
k <- nlevels(factor(d$site))
sd <- attr(VarCorr(fit)$site, "stddev")[["month"]]
half <- qt(0.975, k - 2) * sqrt(vcov(fit)["month", "month"] + sd^2)
out <- list(low = fixef(fit)[["month"]] - half, high = fixef(fit)[["month"]] + half)
"""


def test_a_new_sites_slope_is_the_prediction_interval_at_the_reference_level(tmp_path: Path) -> None:
    from reportgen.analysis.multilevel import fit_multilevel

    data = nested_unbalanced()
    fit = fit_multilevel(data, "score", "month", ("site", "patient"), covariates=("arm",))
    assert fit.held_at == {"arm": "a"} and fit.new_group_slope_interval is not None
    csv = tmp_path / "range.csv"
    data.to_csv(csv, index=False)
    (tmp_path / "range.R").write_text(r_script("site patient arm", R_BODY))
    run_r(tmp_path / "range.R", str(tmp_path / "range.json"), str(csv), fit.formula)
    r = json.loads((tmp_path / "range.json").read_text())
    assert fit.new_group_slope_interval == pytest.approx((r["low"], r["high"]), rel=2e-3)
    assert fit.new_group_slope is not None  # ± 1.96 SD alone is narrower: not what is said
    assert fit.new_group_slope[1] - fit.new_group_slope[0] < 0.98 * (r["high"] - r["low"])


def test_the_cohort_index_and_the_report_share_the_definition() -> None:
    from reportgen.analysis.multilevel import fit_multilevel
    from reportgen.cohorts.multilevel import fit_sites

    data = nested_unbalanced()
    report = fit_multilevel(data, "score", "month", ("site", "patient"), within=())
    cohorts = fit_sites(data, "score", "month", "site", "patient")
    assert report.formula == cohorts.formula
    assert report.new_group_slope_interval == pytest.approx(cohorts.prediction_interval, rel=1e-9)
