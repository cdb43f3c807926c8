"""The cohort index says, above its table, that some subjects are in more than one cohort (the same
line the run prints on stderr, reportgen.cohorts.shared_subjects), and says nothing when none are."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from reportgen.cohorts.index import render_index
from reportgen.cohorts.manifest import CohortOutcome, CohortsResult
from reportgen.cohorts.shared_subjects import SharedSubjects, shared_subjects_line
from reportgen.config import make_config


def _notes(tmp_path: Path, shared: str) -> list[str]:
    failed = CohortOutcome("S1", "s1", "error", "no rows", None, None, (), 0.0)
    html = render_index(CohortsResult(tmp_path, "site", (failed,)), make_config(), None, shared)
    return [p.get_text() for p in BeautifulSoup(html, "html.parser").select("p.shared-subjects")]


def test_the_index_names_the_subjects_in_more_than_one_cohort(tmp_path: Path) -> None:
    line = shared_subjects_line(SharedSubjects(24, "P001", ("S01", "S11")), "patient", "site")
    assert _notes(tmp_path, line) == [line + "."]
    assert _notes(tmp_path, "") == []
