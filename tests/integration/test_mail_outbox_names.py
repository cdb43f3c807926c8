"""Only names reportgen writes into the outbox are ever its own there: a user's ``mine.txt`` added to
``outbox/.reportgen-files.json`` with its true SHA-256 digest and size is kept and named (breaker
round 7: the next ``email`` run deleted it, exit 0, no warning)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest

from reportgen.mail.outbox import WRITTEN, is_outbox_path, write_outbox
from tests.unit.test_file_digests import _message


def _list_with_digest(outbox: Path, name: str) -> None:
    """What the breaker did: ``name`` added to reportgen's list with its correct digest and size."""
    content = (outbox / name).read_bytes()
    listing = json.loads((outbox / WRITTEN).read_text())
    listing["files"] = sorted([*listing["files"], name])
    listing["digests"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    (outbox / WRITTEN).write_text(json.dumps(listing))


@pytest.mark.parametrize("name", ["mine.txt", "notes/mine.eml", "Mine.eml", "preview/mine.txt"])
def test_a_users_file_listed_with_its_digest_is_kept_and_named(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message()])
    (outbox / name).parent.mkdir(parents=True, exist_ok=True)
    (outbox / name).write_text("my own notes\n")
    _list_with_digest(outbox, name)
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        write_outbox(outbox, [_message()])
    assert (outbox / name).read_text() == "my own notes\n"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and name in warnings[0] and "kept 1 file" in warnings[0]
    assert name not in json.loads((outbox / WRITTEN).read_text())["files"]  # no longer listed


def test_a_draft_reportgen_wrote_and_no_longer_writes_still_goes(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    write_outbox(outbox, [_message("site-a"), _message("site-b")])
    write_outbox(outbox, [_message("site-a")])
    assert sorted(p.name for p in outbox.glob("*.eml")) == ["site-a.eml"]
    assert not (outbox / "preview" / "site-b.html").exists()


@pytest.mark.parametrize(
    ("relative", "ours"),
    [
        ("index.html", True),
        ("summary.eml", True),
        ("site-a-2.eml", True),
        ("preview/site-a.html", True),
        ("preview/site-a/histogram.png", True),
        ("mine.txt", False),
        ("Draft.eml", False),
        ("drafts/site-a.eml", False),
        ("preview/site-a/deeper/x.png", False),
        ("index.html.bak", False),
    ],
)
def test_the_names_reportgen_writes_into_the_outbox(relative: str, ours: bool) -> None:
    assert is_outbox_path(relative) is ours
