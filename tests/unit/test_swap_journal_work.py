"""The work folders a journal names pass the same check as a killed run's leftovers before they are
removed (break round 8: a planted ``{"moves": [], "work": [".reportgen-new-myfolder"]}`` made the
next build delete the user's folder of that name, with their files, and say nothing)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from reportgen.export import settle_outputs
from reportgen.swap import journal_path

KEPT = "named like reportgen's work folders, but it holds files reportgen does not write"


def plant(folder: Path, work: str, files: dict[str, bytes]) -> None:
    for relative, content in files.items():
        (folder / work / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / work / relative).write_bytes(content)
    journal_path(folder).write_text(json.dumps({"moves": [], "work": [work]}))


@pytest.mark.parametrize(
    ("work", "files"),
    [
        (".reportgen-new-myfolder", {"important.txt": b"mine", "sub/thesis.docx": b"chapter one"}),
        (".reportgen-old-zz", {"mydata/keep.txt": b"keep"}),
        (".reportgen-new-mixed", {"report.html": b"<p>", "notes.txt": b"mine"}),  # one of theirs is enough
    ],
)
def test_a_journal_never_removes_a_work_folder_holding_the_users_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, work: str, files: dict[str, bytes]
) -> None:
    plant(tmp_path, work, files)
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        settle_outputs(tmp_path)
    assert {p: (tmp_path / work / p).read_bytes() for p in files} == files
    assert [r.getMessage() for r in caplog.records] == [
        f"kept '{tmp_path / work}': {KEPT}; delete it yourself if it is not wanted"
    ]  # said once, though the folder is both the journal's and a leftover
    assert not journal_path(tmp_path).exists()


def test_a_journals_work_folder_holding_only_what_a_run_leaves_is_removed(tmp_path: Path) -> None:
    """The flip: report files by name, and a user's file carried by a link, go with the folder."""
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "mine.png").write_bytes(b"the user's")
    work = ".reportgen-old-abc"
    plant(tmp_path, work, {"report.html": b"old", "figures/histogram.png": b"png"})
    (tmp_path / work / "figures" / "mine.png").hardlink_to(tmp_path / "figures" / "mine.png")
    settle_outputs(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures"]
    assert (tmp_path / "figures" / "mine.png").read_bytes() == b"the user's"
