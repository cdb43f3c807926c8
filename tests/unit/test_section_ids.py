"""Every section of a report has its own HTML id, also when covariate names slug alike."""

from __future__ import annotations

from reportgen.sections import sections_for
from tests.unit.test_sections import SLEEPSTUDY_LIKE


def test_covariates_whose_names_slug_alike_get_distinct_ids_and_figures() -> None:
    names = ["x y", "x-y", "x y 2", "X_Y", "x.y"]
    shown = sections_for({**SLEEPSTUDY_LIKE, "covariates": dict.fromkeys(names, {})})
    keys = [s.key for s in shown]
    assert len(keys) == len(set(keys)), keys
    covariates = [s for s in shown if s.param]
    assert [s.param for s in covariates] == names
    figures = [f for s in covariates for f in s.figures]
    assert len(figures) == len(set(figures)) == len(names)


def test_one_covariate_keeps_its_plain_id() -> None:
    shown = sections_for({**SLEEPSTUDY_LIKE, "covariates": {"x y": {}}})
    assert [s.key for s in shown if s.param] == ["g-covariate-x-y"]
