"""A cohort split by a crossed grouping (``cohorts --by site`` with ``--crossed site``) holds one
site: its report leaves that grouping out (one site is no random effect); split by another column
it keeps it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.cohorts.run import _cohort_config
from reportgen.cohorts.select import Cohort
from reportgen.config import BuildConfig, make_config


def _config() -> BuildConfig:
    return replace(make_config(), crossed=("site", "rater"))


def test_a_cohort_by_a_crossed_grouping_drops_it() -> None:
    cohort = Cohort("S01", Path("moving.csv"), None)
    assert _cohort_config(_config(), cohort, "s01", "site").crossed == ("rater",)


def test_a_cohort_by_another_column_keeps_the_crossed_groupings() -> None:
    cohort = Cohort("drug", Path("moving.csv"), None)
    assert _cohort_config(_config(), cohort, "drug", "trt").crossed == ("site", "rater")
