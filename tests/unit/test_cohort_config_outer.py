"""A cohort split by an outer level holds one site: its report groups the patients only (with
--group site/patient, one site was given to the multilevel model and every cohort failed with
"Grouping factor ... has only 1 level", statistician H's nested study)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportgen.cohorts.run import _cohort_config
from reportgen.cohorts.select import Cohort
from reportgen.config import BuildConfig, make_config


def _config() -> BuildConfig:
    return replace(make_config(), outer_groups=("site",))


def test_a_cohort_by_the_outer_level_drops_it() -> None:
    cohort = Cohort("S01", Path("nest.csv"), None)
    assert _cohort_config(_config(), cohort, "s01", "site").outer_groups == ()


def test_a_cohort_by_another_column_keeps_the_outer_level() -> None:
    cohort = Cohort("drug", Path("nest.csv"), None)
    assert _cohort_config(_config(), cohort, "drug", "trt").outer_groups == ("site",)
