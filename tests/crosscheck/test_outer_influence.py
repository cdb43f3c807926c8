"""Each site left out of the straight line with every level (issue 24, pool24): the average slope
and its 95% Satterthwaite interval without each site are lmerTest's (``lmer`` on the rows left,
``summary()``'s estimate, SE and df, ``qt(0.975, df)``).

Analysis only, no report built: the seeded 12-site study of tests/crosscheck/test_outer_levels.py
(patients' ids repeat across sites, so the nesting must come from ``site:patient``). The report's
keys and sentences are checked on the nested review study's build in
tests/crosscheck/test_nested_report_sections.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.crosscheck.test_multilevel_results import r_script
from tests.crosscheck.test_outer_levels import site_arms
from tests.support.r_run import run_r

ABS = 1e-4  # slopes (about 1.5 per visit)
REL_CI = 1e-3  # interval ends: Satterthwaite df agree within a few per mille

R_BODY = r"""
line <- as.formula(args[[3]])
top <- args[[4]]
time <- args[[5]]
slope <- function(part) {
  row <- coef(summary(suppressMessages(lmer(line, data = part))))[time, ]
  half <- qt(0.975, row[["df"]]) * row[["Std. Error"]]
  list(estimate = row[["Estimate"]], ci_low = row[["Estimate"]] - half, ci_high = row[["Estimate"]] + half)
}
out <- list(slope = slope(d), without = list())
for (g in sort(unique(d[[top]]))) out$without[[g]] <- slope(d[d[[top]] != g, ])
"""


def r_left_out(
    folder: Path, data: pd.DataFrame, line: str, levels: tuple[str, str], time: str
) -> dict[str, Any]:
    """lmerTest's slope of ``line`` with every row, and without each group of ``levels[0]``."""
    csv = folder / "left-out.csv"
    data.to_csv(csv, index=False)
    top = levels[0]
    (folder / "left-out.R").write_text(r_script(" ".join(levels), R_BODY))
    run_r(folder / "left-out.R", str(folder / "left-out.json"), str(csv), line, top, time)
    return dict(json.loads((folder / "left-out.json").read_text()))


def assert_same_slope(ours: dict[str, float], r: dict[str, float]) -> None:
    assert ours["estimate"] == pytest.approx(r["estimate"], abs=ABS)
    for end in ("ci_low", "ci_high"):
        assert ours[end] == pytest.approx(r[end], rel=REL_CI, abs=ABS), end


def test_each_site_left_out_is_lmertests_refit(tmp_path: Path) -> None:
    from dataclasses import asdict

    from reportgen.analysis.multilevel import fit_multilevel
    from reportgen.analysis.outer_influence import outer_influence
    from reportgen.narrative.outer_level import line_formula

    data = site_arms()
    fit = fit_multilevel(data, "score", "visit", ("site", "patient"), covariates=("trt",))
    assert "(visit | site)" in fit.formula  # the sites keep slopes: their removal moves the slope
    frame = data.rename(columns={"score": "response", "visit": "time", "patient": "group"})
    ours = outer_influence(frame, fit)
    assert ours is not None
    r = r_left_out(tmp_path, data, line_formula(fit.formula, "visit"), ("site", "patient"), "visit")
    assert_same_slope(asdict(ours.slope), r["slope"])
    assert sorted(ours.without) == sorted(r["without"])
    for site, slope in ours.without.items():
        assert_same_slope(asdict(slope), r["without"][site])
    moves = {site: abs(s["estimate"] - r["slope"]["estimate"]) for site, s in r["without"].items()}
    assert ours.most_influential == max(moves, key=lambda site: moves[site])
    assert ours.slope_change == pytest.approx(
        r["without"][ours.most_influential]["estimate"] - r["slope"]["estimate"], abs=ABS
    )
    assert ours.subjects == data.groupby(["site", "patient"]).ngroups
