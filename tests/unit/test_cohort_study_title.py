"""A study report of a cohort gets the study title with the cohort added, not the seminar's
(issue 21: "Linear mixed models: size over Time (site = A)" on a study report)."""

from __future__ import annotations

from pathlib import Path

from reportgen.cohorts.run import _cohort_config
from reportgen.cohorts.select import Cohort
from reportgen.config import make_config


def _config(**given: object):  # type: ignore[no-untyped-def]
    return make_config(response="size", time="Time", group="tree", covariates=["treat"], **given)


def test_a_study_cohort_given_no_title_gets_the_study_title_with_the_cohort() -> None:
    cohort = Cohort("A", Path("sitka.csv"), None)
    config = _cohort_config(_config(profile="study"), cohort, "a", "site")
    assert config.title == "size over Time by treat: a study report (site = A)"


def test_a_given_title_and_a_seminar_cohort_keep_theirs() -> None:
    cohort = Cohort("A", Path("sitka.csv"), None)
    given = _cohort_config(_config(profile="study", title="Spruce"), cohort, "a", "site")
    assert given.title == "Spruce (site = A)"
    seminar = _cohort_config(_config(profile="seminar"), cohort, "a", "site")
    assert seminar.title == "Linear mixed models: size over Time (site = A)"
