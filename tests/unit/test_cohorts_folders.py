"""A cohort no longer in the data loses its folder only while every file in it is as its build
wrote it: a figure or report the user edited there keeps the folder, with a warning (issue 23)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reportgen.cohorts.folders import remove_stale_cohorts
from tests.unit.test_export_figure_digests import _earlier_run


# An edited document is named in the warning (fixbreak7); an edited figure makes the folder one
# the run did not write as it is (harden23b).
@pytest.mark.parametrize(
    ("edited", "opening"),
    [
        ("figures/histogram.png", "left {south}/: manifest.json lists it as cohort 'south'"),
        ("report.html", "kept {south}/ of cohort 'south', no longer in the data: report.html is not as"),
    ],
)
def test_a_stale_cohort_folder_holding_an_edited_file_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, edited: str, opening: str
) -> None:
    _earlier_run(tmp_path / "north")
    _earlier_run(tmp_path / "south")
    (tmp_path / "south" / edited).write_bytes(b"the user's edit")
    entries = {"north": {"name": "north"}, "south": {"name": "south"}}
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        assert remove_stale_cohorts(tmp_path, entries) == ("north",)  # the flip: unedited, removed
    assert not (tmp_path / "north").exists()
    assert (tmp_path / "south" / edited).read_bytes() == b"the user's edit"
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith(opening.format(south=tmp_path / "south"))
