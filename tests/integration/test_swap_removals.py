"""The previous report's documents the new one does not write go in the same journaled swap (break
round 9: a build with ``--format html`` over an html+pdf folder, killed 2-10 ms after its journal
appeared, left the old report.pdf beside the new report for good), and a journal moves only work
folders holding what a run leaves there (a planted journal naming a user's ``.reportgen-new-myfolder/``
swapped their report.html in)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.export import earlier_documents, replace_outputs, report_files_owner, settle_outputs
from reportgen.file_digests import digest_records
from reportgen.swap import journal_path
from tests.unit.test_swap import killed_at, steps_of, tree
from tests.unit.test_swap_journal_work import report_set

USER = {"notes.txt": b"mine", "figures/mine.png": b"my figure"}


def report(title: str, documents: list[str]) -> dict[str, bytes]:
    """A report's set as a build stages it: results.json recording every document's and figure's
    digest, the documents and the figures."""
    files = report_set(title, ["histogram"])
    written = {name: f"{title} {name}".encode() for name in documents}
    results = json.loads(files["results.json"])
    results["report"]["documents"] = documents
    results["report"]["document_digests"] = digest_records(written)
    return {**files, "results.json": json.dumps(results).encode(), **written}


OLD, NEW = report("old", ["report.html", "report.pdf"]), report("new", ["report.html"])


def earlier_report(out: Path) -> None:
    """The html+pdf report of another data set, with the user's own files beside it."""
    replace_outputs(out, OLD)
    for relative, content in USER.items():
        (out / relative).write_bytes(content)


def rebuild(out: Path) -> None:
    """What build, cohorts and ``.save()`` do once the new set is rendered (html only now)."""
    replace_outputs(out, NEW, ours=report_files_owner(out), earlier=earlier_documents(out))


def test_a_run_killed_at_every_step_leaves_the_new_report_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier_report(tmp_path / "probe")
    steps = steps_of(lambda: rebuild(tmp_path / "probe"), monkeypatch)
    assert "removed report.pdf" in steps, steps  # the removal is one of the swap's steps
    assert tree(tmp_path / "probe") == {**NEW, **USER}
    for number, step in enumerate(steps):
        out = tmp_path / f"out{number}"
        earlier_report(out)
        killed_at(step, lambda out=out: rebuild(out))
        settle_outputs(out)  # what the next build, cohorts, email or validate does first
        assert tree(out) == {**NEW, **USER}, step  # no report.pdf of the other data set
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [], step


def test_an_old_document_edited_after_the_kill_is_kept_with_the_usual_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for edited in (False, True):  # the flip: unedited, it goes
        out = tmp_path / f"edited-{edited}"
        earlier_report(out)
        killed_at("journal", lambda out=out: rebuild(out))
        if edited:
            (out / "report.pdf").write_bytes(b"annotated by the user")
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="reportgen"):
            settle_outputs(out)
        kept = {"report.pdf": b"annotated by the user"} if edited else {}
        assert tree(out) == {**NEW, **USER, **kept}
        warnings = [r.getMessage() for r in caplog.records]
        assert warnings == ([f"kept report.pdf of the previous report in '{out}': " + W] if edited else [])


W = (
    "not as reportgen wrote it (changed since, or listed without a digest by an earlier reportgen); "
    "delete it yourself if not wanted"
)


def test_a_planted_journal_never_moves_a_users_folder_named_like_staging(tmp_path: Path) -> None:
    earlier_report(tmp_path)
    before = tree(tmp_path)
    mine = tmp_path / ".reportgen-new-myfolder"
    mine.mkdir()
    (mine / "report.html").write_bytes(b"<p>my own draft</p>")
    moves = [["report.html", f"{mine.name}/report.html", ".reportgen-old-myfolder/report.html"]]
    journal_path(tmp_path).write_text(json.dumps({"moves": moves, "work": [mine.name]}))
    before[journal_path(tmp_path).name] = journal_path(tmp_path).read_bytes()  # stays: refused again
    with pytest.raises(OutputError) as refused:
        settle_outputs(tmp_path)
    message = str(refused.value)
    assert "\n" not in message
    assert f"would move files of '{mine}', which holds 'report.html' that reportgen did not write" in message
    assert tree(tmp_path) == {**before, ".reportgen-new-myfolder/report.html": b"<p>my own draft</p>"}
    assert not (tmp_path / ".reportgen-old-myfolder").exists()  # nothing moved


def test_a_journal_moving_a_staged_report_as_its_results_json_records_it_completes(tmp_path: Path) -> None:
    """The flip: the same journal over a staging folder holding a set reportgen staged."""
    earlier_report(tmp_path)
    staged = tmp_path / ".reportgen-new-abc"
    for relative, content in NEW.items():
        (staged / relative).parent.mkdir(parents=True, exist_ok=True)
        (staged / relative).write_bytes(content)
    (staged / "figures" / "mine.png").hardlink_to(tmp_path / "figures" / "mine.png")  # carried
    entries = sorted({relative.split("/")[0] for relative in NEW})
    moves = [[e, f"{staged.name}/{e}", f".reportgen-old-abc/{e}"] for e in entries]
    removals = [["report.pdf", ".reportgen-old-abc/report.pdf"]]
    document = {"moves": moves, "work": [staged.name, ".reportgen-old-abc"], "remove": removals}
    journal_path(tmp_path).write_text(json.dumps(document))
    settle_outputs(tmp_path)
    assert tree(tmp_path) == {**NEW, **USER}


def test_a_run_settles_its_folder_once_and_warns_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Break round 9: build settled the folder in check_ownership and again in replace_outputs, so a
    user's folder named like a work folder was named in two identical warnings."""
    from reportgen.export import check_ownership

    earlier_report(tmp_path)
    (tmp_path / "figures" / "mine.png").unlink()  # build refuses a figures/ holding the user's file
    (tmp_path / ".reportgen-new-zz").mkdir()
    (tmp_path / ".reportgen-new-zz" / "draft.txt").write_bytes(b"mine")
    entries = ["results.json", "figures/", "report.html"]
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        check_ownership(tmp_path, entries, marker="results.json", ours=report_files_owner(tmp_path))
        rebuild(tmp_path)
    kept = [r.getMessage() for r in caplog.records if r.getMessage().startswith("kept '")]
    assert len(kept) == 1, kept
    assert (tmp_path / ".reportgen-new-zz" / "draft.txt").read_bytes() == b"mine"


def test_a_run_killed_while_staging_leaves_nothing_behind_beside_a_digested_report(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A staging folder without a journal is never swapped in: its report files (no results.json
    written yet to record them) go by their names, with no warning; only moves need the digests."""
    earlier_report(tmp_path)
    staged = tmp_path / ".reportgen-new-abc"
    (staged / "figures").mkdir(parents=True)
    (staged / "figures" / "histogram.png").write_bytes(b"half written")
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        settle_outputs(tmp_path)
    assert not staged.exists() and caplog.records == []
    assert tree(tmp_path) == {**OLD, **USER}
