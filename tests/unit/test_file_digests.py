"""A planted list of written files cannot make a run delete or replace a user's file: a listed file
goes only while its content matches the SHA-256 digest and size reportgen recorded (breaker round 6:
``mine.eml`` and ``notes.txt`` added to ``outbox/.reportgen-files.json`` were deleted by the next run)."""

from __future__ import annotations

import json
import logging
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.export import settle_outputs
from reportgen.file_digests import as_written, check_listed, written_list
from reportgen.mail.compose import Message
from reportgen.mail.config import Recipients
from reportgen.mail.outbox import WRITTEN, write_outbox
from reportgen.swap import journal_path


def _message(stem: str = "summary") -> Message:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = "Results", "lab@example.org", "a@b.org"
    mail["Message-ID"] = f"<{stem}@example.org>"
    mail.set_content("the summary")
    return Message(
        stem=stem,
        label="the summary",
        cohort=None,
        message_id=f"<{stem}@example.org>",
        subject="Results",
        sender=Address(addr_spec="lab@example.org"),
        recipients=Recipients(to=(Address(addr_spec="a@b.org"),)),
        data=mail.as_bytes(),
        html_size=0,
    )


def _plant_names(outbox: Path, *names: str) -> None:
    """What the breaker did: the user's files added to reportgen's list by name."""
    listing = json.loads((outbox / WRITTEN).read_text())
    listing["files"] = sorted([*listing["files"], *names])
    (outbox / WRITTEN).write_text(json.dumps(listing))


def test_the_list_records_a_digest_and_size_and_a_change_is_seen(tmp_path: Path) -> None:
    listing = json.loads(written_list({"a.eml": b"reportgen's"}))
    assert listing["files"] == ["a.eml"] and listing["digests"]["a.eml"]["size"] == len(b"reportgen's")
    (tmp_path / "a.eml").write_bytes(b"reportgen's")
    assert as_written(tmp_path / "a.eml", listing["digests"]["a.eml"])
    (tmp_path / "a.eml").write_bytes(b"reportgen'S")  # same size, other content
    assert not as_written(tmp_path / "a.eml", listing["digests"]["a.eml"])
    assert check_listed(tmp_path, listing).changed == ("a.eml",)


def test_files_planted_in_the_outbox_list_are_kept_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message()])
    (outbox / "mine.eml").write_text("my draft")
    (outbox / "notes.txt").write_text("my notes")
    _plant_names(outbox, "mine.eml", "notes.txt")
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        write_outbox(outbox, [_message()])
    assert (outbox / "mine.eml").read_text() == "my draft"
    assert (outbox / "notes.txt").read_text() == "my notes"
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "kept 2 files" in warning and "mine.eml, notes.txt" in warning
    # the user's files are not taken into the new list: a later run keeps them again, silently
    assert json.loads((outbox / WRITTEN).read_text())["files"] == [
        "index.html",
        "preview/summary.html",
        "summary.eml",
    ]


def test_reportgens_own_files_not_written_again_still_go(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The flip: unchanged files of the previous run that this one does not write are removed."""
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message("site-a"), _message("site-b")])
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        write_outbox(outbox, [_message("site-a")])
    assert not (outbox / "site-b.eml").exists()
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]


def test_an_edited_file_the_run_writes_again_is_refused_not_replaced(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message()])
    (outbox / "summary.eml").write_text("edited by the user")
    with pytest.raises(OutputError, match="summary.eml' is not a file reportgen wrote"):
        write_outbox(outbox, [_message()])
    assert (outbox / "summary.eml").read_text() == "edited by the user"


def test_a_list_without_digests_keeps_what_the_run_does_not_write_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An outbox of an earlier reportgen (names only) still works: what this run writes again is
    replaced as before, any other listed file is kept with one warning."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "summary.eml").write_text("an earlier message")
    (outbox / "old.eml").write_text("an earlier cohort's message")
    (outbox / WRITTEN).write_text(json.dumps({"files": ["old.eml", "summary.eml"]}))
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        write_outbox(outbox, [_message()])
    assert (outbox / "summary.eml").read_bytes() == _message().data
    assert (outbox / "old.eml").read_text() == "an earlier cohort's message"
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "without a digest (old.eml)" in warning


def test_a_journal_does_not_replace_a_listed_file_whose_content_changed(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "m1.eml").write_bytes(b"edited by the user")
    (outbox / WRITTEN).write_bytes(written_list({"m1.eml": b"old message"}))
    staged = tmp_path / ".reportgen-new-outbox-x"
    staged.mkdir()
    (staged / "m1.eml").write_bytes(b"new message")
    (staged / WRITTEN).write_bytes(written_list({"m1.eml": b"new message"}))  # as write_outbox stages it
    moves = [["outbox", staged.name, ".reportgen-old-outbox-x"]]
    document = {"moves": moves, "work": [staged.name, ".reportgen-old-outbox-x"]}
    journal_path(tmp_path, "outbox").write_text(json.dumps(document))
    with pytest.raises(OutputError, match="m1.eml', which reportgen did not write"):
        settle_outputs(outbox)
    assert (outbox / "m1.eml").read_bytes() == b"edited by the user"
    # a list of names only (an earlier reportgen's, or planted) proves nothing either
    (outbox / WRITTEN).write_text(json.dumps({"files": ["m1.eml"]}))
    with pytest.raises(OutputError, match="which reportgen did not write"):
        settle_outputs(outbox)
    # the flip: the content reportgen wrote is replaced
    (outbox / "m1.eml").write_bytes(b"old message")
    (outbox / WRITTEN).write_bytes(written_list({"m1.eml": b"old message"}))
    settle_outputs(outbox)
    assert (outbox / "m1.eml").read_bytes() == b"new message"


def test_the_send_log_growing_after_a_send_is_not_a_kept_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The send log changes after the outbox is written (a sender appends to it): it is carried over
    under its lock, never named as a file reportgen keeps."""
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message()])
    line = json.dumps({"message_id": "<summary@example.org>", "sent_at": "2026-01-01T00:00:00Z"})
    (outbox / "sent.jsonl").write_text(line + "\n")
    write_outbox(outbox, [_message()])
    (outbox / "sent.jsonl").write_text(line + "\n" + line + "\n")
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        write_outbox(outbox, [_message()])
    assert not [r for r in caplog.records if r.levelno == logging.WARNING]
    assert (outbox / "sent.jsonl").read_text().count("summary@example.org") == 2
