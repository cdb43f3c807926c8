"""The work folders a journal names pass the same check as a killed run's leftovers before they are
removed (break round 8: a planted ``{"moves": [], "work": [".reportgen-new-myfolder"]}`` made the
next build delete the user's folder of that name, with their files, and say nothing)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest

from reportgen.export import replace_outputs, report_files_owner, settle_outputs
from reportgen.swap import journal_path
from tests.unit.test_swap import killed_at, steps_of, tree

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


def report_set(title: str, figures: list[str]) -> dict[str, bytes]:
    """A report's results.json recording its figures' digests (as a build does), and the figures."""
    from reportgen.schemas import VERSIONS

    fixture = Path(__file__).parents[1] / "fixtures" / "results-1.4-sleepstudy.json"
    results = json.loads(fixture.read_text(encoding="utf-8"))
    results["schema_version"] = VERSIONS["results"]
    files = {f"figures/{name}.png": f"{title} {name}".encode() for name in figures}
    results["report"]["figure_digests"] = {
        path: {"size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
        for path, content in files.items()
    }
    return {"results.json": json.dumps(results).encode(), **files}


def test_a_killed_swap_whose_new_report_drops_a_figure_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The old report's figure the new one no longer draws (a covariate's) is reportgen's: it is as
    the old results.json, moved aside with it, records it; the backup goes, with no warning."""
    old, new = report_set("old", ["histogram", "covariate_sex"]), report_set("new", ["histogram"])

    def rerun(out: Path) -> None:
        replace_outputs(out, new, ours=report_files_owner(out))

    replace_outputs(tmp_path / "probe", old)
    steps = steps_of(lambda: rerun(tmp_path / "probe"), monkeypatch)
    assert steps[-1] == "journal removed"
    for number, step in enumerate(steps):
        out = tmp_path / f"out{number}"
        replace_outputs(out, old)
        killed_at(step, lambda out=out: rerun(out))
        with caplog.at_level(logging.WARNING, logger="reportgen"):
            settle_outputs(out)
        assert tree(out) == new, step
        assert caplog.records == [], step
