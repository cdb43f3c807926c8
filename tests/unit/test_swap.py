"""Crash-consistent replacement (reportgen.swap): a run killed at every step of a swap, or whose
rename and roll back both fail, leaves a folder the next run completes into one whole report."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen import swap
from reportgen.errors import OutputError
from reportgen.export import replace_outputs, settle_outputs
from reportgen.mail.outbox import _swap_in, settle_outbox
from reportgen.swap import STAGING_PREFIX

OLD = {"report.docx": b"old", "report.html": b"old html", "figures/histogram.png": b"old histogram"}
NEW = {
    "report.docx": b"new",
    "report.html": b"new html",
    "report.pdf": b"new pdf",
    "figures/scatter.png": b"scatter",
}
USER = {"notes.txt": b"mine", "figures/mine.png": b"my figure"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def old_report(folder: Path) -> None:
    for relative, content in {**OLD, **USER}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)


def replace(out: Path) -> None:
    replace_outputs(out, NEW, ours=lambda relative: relative in {*OLD, *NEW, "figures"})


def steps_of(action, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The checkpoints one uninterrupted run of ``action`` passes."""
    seen: list[str] = []
    monkeypatch.setattr(swap, "checkpoint", seen.append)
    action()
    monkeypatch.undo()
    return seen


def killed_at(step: str, action) -> None:
    """Run ``action`` in a child process that dies (no clean-up, as SIGKILL) at ``step``."""

    def die(reached: str) -> None:
        if reached == step:
            os._exit(9)

    pid = os.fork()
    if pid == 0:  # the child
        swap.checkpoint = die
        try:
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9, f"the run did not reach {step!r}"


def test_a_run_killed_at_every_step_of_the_swap_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = tmp_path / "probe"
    old_report(probe)
    steps = steps_of(lambda: replace(probe), monkeypatch)
    assert steps[0] == "journal" and "aside report.docx" in steps and steps[-1] == "journal removed"
    new_set = {**NEW, **USER}
    for number, step in enumerate(steps):
        out = tmp_path / f"out{number}"
        old_report(out)
        killed_at(step, lambda out=out: replace(out))
        settle_outputs(out)  # what the next run does first
        # never a mix: after the journal is written, the staged set is complete and goes in
        assert tree(out) == new_set, step
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [], step


def test_a_run_killed_while_staging_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    old_report(out)
    (out / f"{STAGING_PREFIX}abc").mkdir()  # as a run killed while writing its files leaves it
    (out / f"{STAGING_PREFIX}abc" / "report.html").write_bytes(b"half")
    settle_outputs(out)
    assert tree(out) == {**OLD, **USER}


def renames_failing(monkeypatch: pytest.MonkeyPatch, fails: Callable[[int, str], bool]) -> Callable[[], None]:
    """Make ``os.rename`` raise an I/O error where ``fails(call number, target)``; returns the undo."""
    real_rename = os.rename
    calls = {"n": 0}

    def rename(source: object, target: object) -> None:
        calls["n"] += 1
        if fails(calls["n"], str(target)):
            raise OSError(5, "Input/output error")
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    return lambda: monkeypatch.setattr(os, "rename", real_rename)


def test_a_failed_rename_whose_roll_back_fails_too_is_completed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    old_report(out)
    # the third rename fails, and so does every roll back (a rename out of the live entries)
    undo = renames_failing(monkeypatch, lambda n, target: n >= 3 and STAGING_PREFIX not in target)
    with pytest.raises(OutputError, match="Input/output error"):
        replace(out)
    undo()
    # the old files are not deleted with the backup: the journal keeps them for the next run
    assert any(p.name.startswith(".reportgen-old-") for p in out.iterdir())
    settle_outputs(out)
    assert tree(out) == {**NEW, **USER}


def test_a_failed_rename_is_rolled_back_to_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    old_report(out)
    undo = renames_failing(monkeypatch, lambda n, target: n == 4)
    with pytest.raises(OutputError):
        replace(out)
    undo()
    assert tree(out) == {**OLD, **USER}


def test_a_new_folder_killed_at_every_step_is_whole_or_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps = steps_of(lambda: replace(tmp_path / "probe" / "out"), monkeypatch)
    for number, step in enumerate(steps):
        parent = tmp_path / f"p{number}"
        parent.mkdir()
        killed_at(step, lambda parent=parent: replace(parent / "out"))
        settle_outputs(parent / "out")
        assert tree(parent / "out") == NEW, step
        assert [p.name for p in parent.iterdir()] == ["out"], step


def outbox_swap(parent: Path) -> None:
    staged = parent / f"{STAGING_PREFIX}outbox-x"
    staged.mkdir()
    (staged / "index.html").write_bytes(b"new")
    _swap_in(staged, parent / "outbox")


def test_an_outbox_swap_killed_at_every_step_is_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def old_outbox(parent: Path) -> None:
        (parent / "outbox").mkdir(parents=True)
        (parent / "outbox" / "index.html").write_bytes(b"old")

    old_outbox(tmp_path / "probe")
    steps = steps_of(lambda: outbox_swap(tmp_path / "probe"), monkeypatch)
    for number, step in enumerate(steps):
        parent = tmp_path / f"p{number}"
        old_outbox(parent)
        killed_at(step, lambda parent=parent: outbox_swap(parent))
        settle_outbox(parent / "outbox")
        assert tree(parent / "outbox") == {"index.html": b"new"}, step
        assert [p.name for p in parent.iterdir()] == ["outbox"], step


def test_an_outbox_an_earlier_version_left_moved_aside_is_put_back(tmp_path: Path) -> None:
    (tmp_path / ".outbox.old-abc").mkdir()
    (tmp_path / ".outbox.old-abc" / "draft.txt").write_bytes(b"mine")
    (tmp_path / ".outbox.new-def").mkdir()
    settle_outbox(tmp_path / "outbox")
    assert tree(tmp_path) == {"outbox/draft.txt": b"mine"}


def test_settling_a_folder_completes_its_entries_swaps_before_removing_leftovers(tmp_path: Path) -> None:
    # a cohort's folder replaced whole, killed between moving the old aside and renaming the new in
    (tmp_path / "site-a").mkdir(parents=True)
    (tmp_path / "site-a" / "report.html").write_bytes(b"old")
    staged = tmp_path / f"{STAGING_PREFIX}site-a-x"
    staged.mkdir()
    (staged / "report.html").write_bytes(b"new")

    def swap_whole() -> None:
        swap.swap(
            tmp_path,
            swap.journal_path(tmp_path, "site-a"),
            [("site-a", staged.name, ".reportgen-old-site-a-x")],
            [".reportgen-old-site-a-x"],
        )

    killed_at("aside site-a", swap_whole)
    assert not (tmp_path / "site-a").exists()
    settle_outputs(tmp_path)  # the run folder is settled first, as a cohorts run does
    assert tree(tmp_path / "site-a") == {"report.html": b"new"}
    assert [p.name for p in tmp_path.iterdir()] == ["site-a"]


@pytest.mark.parametrize(
    "document",
    [
        '{"moves": [], "work": ["mydata"]}',  # review break5: a planted journal deleted s8/mydata
        '{"moves": [["notes", "mydata", ".reportgen-old-x"]], "work": [".reportgen-old-x"]}',
    ],
)
def test_a_planted_journal_never_removes_or_moves_the_users_folders(tmp_path: Path, document: str) -> None:
    mine = tmp_path / "mydata"
    mine.mkdir()
    (mine / "a.csv").write_text("x\n")
    (tmp_path / ".reportgen-journal").write_text(document)
    with pytest.raises(OSError, match="reportgen does not make"):
        swap._complete(tmp_path, tmp_path / ".reportgen-journal")
    assert (mine / "a.csv").read_text() == "x\n"
