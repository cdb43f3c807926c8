"""The residual checks of a nested report read the model with every level (issue 24, pool24b 2).

test_nested_report_sections' one build (8 schools x 15 pupils x 5 waves, arm per school, ``--group
school/pupil --covariate arm``): results.json's lag-1 correlation, its expectation under independent
errors and the residual SD at each wave are lme4's of ``models.multilevel.formula``
(tests/support/lag1_r.py), not the one-grouping model's, which counts the schools' levels as the
pupils'.
"""

from __future__ import annotations

from pathlib import Path

from tests.crosscheck import test_nested_report_sections
from tests.support.lag1_r import assert_checks_read_every_level, r_lag1

folder = test_nested_report_sections.folder  # its fixture: the same folder, so the same cached build


def test_nested_checks_read_the_fit_with_every_level(folder: str) -> None:
    results, _, _ = test_nested_report_sections._built(folder)
    formula = results["models"]["multilevel"]["formula"]
    assert "(1 | school)" in formula or "(wave | school)" in formula
    r = r_lag1(Path(folder), Path(folder) / "nest.csv", formula, "pupil", "wave", "arm,school,pupil")
    assert_checks_read_every_level(results, r)
