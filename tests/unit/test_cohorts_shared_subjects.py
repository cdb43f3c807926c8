"""Subjects with rows in more than one cohort of ``--by`` (patients who moved between sites) are
said once, with their count and an example (statistician P, session 7: moving.csv, ``cohorts --by
site``); nested ids (``--group site/patient``) repeat by design and are not."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reportgen.cohorts.select import Cohort
from reportgen.cohorts.shared_subjects import (
    SharedSubjects,
    moving_subjects_line,
    shared_subjects,
    shared_subjects_line,
)

MOVED = {
    "S2": pd.DataFrame({"patient": ["P10", "P10", "P3"]}),
    "S10": pd.DataFrame({"patient": ["P3", "P4"]}),
    "S1": pd.DataFrame({"patient": ["P10", "P5"]}),
}
STAYED = {"S1": pd.DataFrame({"patient": ["P1", "P2"]}), "S2": pd.DataFrame({"patient": ["P3"]})}


def test_subjects_in_two_cohorts_are_counted_with_the_first_as_example() -> None:
    assert shared_subjects(MOVED, "patient") == SharedSubjects(2, "P10", ("S1", "S2"))


def test_every_subject_in_one_cohort_is_nothing_to_say() -> None:
    assert shared_subjects(STAYED, "patient") is None


def test_the_line_names_the_count_an_example_and_what_it_means() -> None:
    line = shared_subjects_line(SharedSubjects(2, "P3", ("S2", "S10")), "Patient", "site")
    assert line.startswith("2 patients have rows in more than one site (e.g. P3, in S2 and S10): ")
    assert "the cohorts overlap" in line and "give each patient a single site" in line
    one = shared_subjects_line(SharedSubjects(1, "P3", ("S1", "S2", "S10")), "Patient", "Site")
    assert one.startswith("1 patient has rows in more than one site (e.g. P3, in S1, S2 and S10): it ")


def _cohorts(frames: dict[str, pd.DataFrame]) -> list[Cohort]:
    return [Cohort(name, Path("d.csv"), frame) for name, frame in frames.items()]


def test_said_for_a_column_split_not_for_nested_ids_or_cohort_tables() -> None:
    cohorts = _cohorts(MOVED)
    assert moving_subjects_line(cohorts, "patient", "patient", "site", ()).startswith("2 patients")
    # --group site/patient: patient 3 of S2 and patient 3 of S10 are two patients.
    assert moving_subjects_line(cohorts, "patient", "patient", "site", ("site",)) == ""
    assert moving_subjects_line(cohorts, "patient", "patient", None, ()) == ""
    assert moving_subjects_line(_cohorts(STAYED), "patient", "patient", "site", ()) == ""
