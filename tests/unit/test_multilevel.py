"""The multilevel engine's pure parts: lme4's nested terms, the formula, and which covariates vary
within subjects at the same times (the fits themselves are cross-checked against lmerTest in
tests/crosscheck/test_multilevel.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.analysis.multilevel import (
    _fixed_part,
    _rename,
    grouping_terms,
    lme4_formula,
    within_subject_factors,
)


def test_nested_levels_become_lme4_terms() -> None:
    assert grouping_terms(("site", "patient")) == ("site", "site:patient")
    assert grouping_terms(("Dog",), ("Side",)) == ("Dog", "Dog:Side")
    assert grouping_terms(("site", "patient"), ("arm",)) == ("site", "site:patient", "site:patient:arm")


def test_formula_has_a_slope_only_where_chosen() -> None:
    terms = ("site", "site:patient")
    both = lme4_formula("y", "t", "t", terms, frozenset(terms))
    assert both == "y ~ t + (t | site) + (t | site:patient)"
    assert (
        lme4_formula("y", "t", "t", terms, frozenset({"site:patient"}))
        == "y ~ t + (1 | site) + (t | site:patient)"
    )


def test_covariates_cross_the_trend() -> None:
    assert _fixed_part(("t",), ()) == "t"
    assert _fixed_part(("t", "t2"), ("arm",)) == "t + t2 + arm + t:arm + t2:arm"


def _frame(both_at_each_time: bool) -> pd.DataFrame:
    rows = []
    for subject in ("a", "b", "c"):
        for time in range(4):
            sides = ("L", "R") if both_at_each_time else (("L",) if subject != "b" else ("R",))
            rows += [
                {"g": subject, "t": time, "side": side, "sex": "F" if subject == "a" else "M"}
                for side in sides
            ]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(("both", "expected"), [(True, ("side",)), (False, ())])
def test_a_condition_within_subjects_at_the_same_times_is_found(
    both: bool, expected: tuple[str, ...]
) -> None:
    """Both sides at every time: a subject x side term; one side per subject: none. A covariate
    constant within each subject (sex) never gets one."""
    assert within_subject_factors(_frame(both), ("g",), "t", ("side", "sex")) == expected


def test_internal_names_come_back_in_one_pass() -> None:
    names = {"v1": "v10", "v10": "dose", "v5.1": "SideR"}
    assert _rename("v1 + v10:v5.1", names) == "v10 + dose:SideR"
