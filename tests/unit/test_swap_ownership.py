"""A planted journal plus a planted staging folder cannot make a run replace a user's file: a journal
is completed only when every file it would displace is one reportgen wrote (breaker round 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.export import settle_outputs
from reportgen.file_digests import written_list
from reportgen.swap import JOURNAL_SUFFIX, WRITTEN, journal_path


def _plant(folder: Path, journal: Path, live: str, content: bytes = b"planted") -> None:
    staged = folder / ".reportgen-new-x"
    staged.mkdir()
    (staged / live).write_bytes(content) if "." in live else (staged / live).mkdir()
    moves = [[live, f".reportgen-new-x/{live}", f".reportgen-old-x/{live}"]]
    journal.write_text(json.dumps({"moves": moves, "work": [".reportgen-new-x", ".reportgen-old-x"]}))


def test_a_planted_journal_cannot_replace_a_users_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_bytes(b"mine")
    _plant(tmp_path, journal_path(tmp_path), "notes.txt")
    with pytest.raises(OutputError, match="would replace '.*notes.txt', which reportgen did not write"):
        settle_outputs(tmp_path)
    assert (tmp_path / "notes.txt").read_bytes() == b"mine"


def test_a_planted_journal_cannot_replace_a_users_file_inside_figures(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "histogram.png").write_bytes(b"old figure")
    (tmp_path / "figures" / "my-drawing.png").write_bytes(b"mine")
    _plant(tmp_path, journal_path(tmp_path), "figures")
    with pytest.raises(OutputError, match="my-drawing.png', which reportgen did not write"):
        settle_outputs(tmp_path)
    assert (tmp_path / "figures" / "my-drawing.png").read_bytes() == b"mine"


def test_a_planted_whole_folder_journal_cannot_replace_a_users_folder(tmp_path: Path) -> None:
    mine = tmp_path / "site-a"
    mine.mkdir()
    (mine / "feedback.docx").write_bytes(b"mine")
    (tmp_path / ".reportgen-new-x").mkdir()
    (tmp_path / ".reportgen-new-x" / "report.html").write_bytes(b"planted")
    moves = [["site-a", ".reportgen-new-x", ".reportgen-old-x"]]
    document = json.dumps({"moves": moves, "work": [".reportgen-new-x", ".reportgen-old-x"]})
    (tmp_path / f".site-a{JOURNAL_SUFFIX}").write_text(document)
    with pytest.raises(OutputError, match="feedback.docx', which reportgen did not write"):
        settle_outputs(mine)
    assert (mine / "feedback.docx").read_bytes() == b"mine"
    # a journal of one folder naming another entry is refused too
    (tmp_path / f".site-b{JOURNAL_SUFFIX}").write_text(document)
    with pytest.raises(OutputError, match="names another entry than its own"):
        settle_outputs(tmp_path / "site-b")


def test_files_reportgen_wrote_or_carried_are_replaced(tmp_path: Path) -> None:
    """The flip: a journal displacing only reportgen's files (by name, listed, or carried) completes."""
    (tmp_path / "report.html").write_bytes(b"old")
    _plant(tmp_path, journal_path(tmp_path), "report.html", b"new")
    settle_outputs(tmp_path)
    assert (tmp_path / "report.html").read_bytes() == b"new"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "m1.eml").write_bytes(b"old message")
    (outbox / "draft.eml").write_bytes(b"mine")
    (outbox / WRITTEN).write_bytes(written_list({"m1.eml": b"old message"}))
    staged = tmp_path / ".reportgen-new-outbox-x"
    staged.mkdir()
    (staged / "m1.eml").write_bytes(b"new message")
    (staged / WRITTEN).write_bytes(written_list({"m1.eml": b"new message"}))  # as write_outbox stages it
    (staged / "draft.eml").hardlink_to(outbox / "draft.eml")  # carried, as write_outbox does
    moves = [["outbox", staged.name, ".reportgen-old-outbox-x"]]
    document = {"moves": moves, "work": [staged.name, ".reportgen-old-outbox-x"]}
    journal_path(tmp_path, "outbox").write_text(json.dumps(document))
    settle_outputs(outbox)
    assert (outbox / "m1.eml").read_bytes() == b"new message"
    assert (outbox / "draft.eml").read_bytes() == b"mine"
