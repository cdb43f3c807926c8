"""The residual checks of a crossed report read the model with every level (issue 24, pool24b 2).

Statistician O: on patients who move between sites the one-grouping model leaves each site's level
in the residuals, so the report blamed serial errors for what the moves cause. Here the example's
moving patients (test_crossed's one build, ``--group patient --crossed site --covariate trt``):
results.json's lag-1 correlation, its expectation under independent errors and the residual SD at
each visit are lme4's of ``models.multilevel.formula`` (tests/support/lag1_r.py), and the section's
first sentence names that model.
"""

from __future__ import annotations

from pathlib import Path

from tests.crosscheck import test_crossed
from tests.support.lag1_r import assert_checks_read_every_level, r_lag1

folder = test_crossed.folder  # its fixture: the same folder, so the same cached build


def test_crossed_checks_read_the_crossed_fit(folder: str) -> None:
    results, _, _ = test_crossed._moving(folder)
    formula = results["models"]["multilevel"]["formula"]
    assert "(1 | site)" in formula
    r = r_lag1(Path(folder), Path(folder) / "moving.csv", formula, "patient", "visit", "trt,site,patient")
    assert_checks_read_every_level(results, r)
    first = "".join(p if isinstance(p, str) else "{}" for p in results["narrative"]["g_diagnostics"][0])
    assert first.startswith(
        f"The residual checks below read the model the report stands on, with every level ({formula})"
    )
    assert "without the crossed site level" in first


def test_crossed_pooling_says_why_it_keeps_one_grouping(folder: str) -> None:
    results, _, _ = test_crossed._moving(folder)
    why = "".join(p if isinstance(p, str) else "{}" for p in results["narrative"]["g_pooling"][1])
    assert why.startswith("The patients are crossed with the sites, not nested in them"), why
