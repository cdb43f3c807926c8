"""A folder named like reportgen's work folders is removed as a leftover only when it holds what a
killed run leaves there (breaker round 7: a user's ``.reportgen-new-zz`` with no journal beside it was
deleted silently by the next build)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from reportgen.export import settle_outputs
from reportgen.mail.outbox import settle_outbox
from reportgen.swap import BACKUP_PREFIX, STAGING_PREFIX


@pytest.mark.parametrize("prefix", [STAGING_PREFIX, BACKUP_PREFIX])
def test_a_users_folder_named_like_a_work_folder_is_kept_and_named(
    prefix: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mine = tmp_path / f"{prefix}zz"
    mine.mkdir()
    (mine / "thesis.txt").write_text("chapter one\n")
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        settle_outputs(tmp_path)
    assert (mine / "thesis.txt").read_text() == "chapter one\n"
    assert [r.getMessage() for r in caplog.records] == [
        f"kept '{mine}': named like reportgen's work folders, but it holds files reportgen "
        "does not write; delete it yourself if it is not wanted"
    ]


def test_a_killed_runs_leftover_still_goes_with_the_users_files_it_carried(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "mine.png").write_bytes(b"the user's")
    left = tmp_path / f"{STAGING_PREFIX}abcd1234"
    (left / "figures").mkdir(parents=True)
    (left / "report.html").write_text("half")
    (left / "figures" / "histogram.png").write_bytes(b"png")
    os.link(tmp_path / "figures" / "mine.png", left / "figures" / "mine.png")  # carried by a link
    settle_outputs(tmp_path)
    assert not left.exists() and (tmp_path / "figures" / "mine.png").read_bytes() == b"the user's"


def test_a_killed_outbox_write_leaves_nothing_and_a_users_folder_stays(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    left = tmp_path / f"{STAGING_PREFIX}outbox-abcd1234"
    (left / "preview" / "site-a").mkdir(parents=True)
    for name in ("index.html", "site-a.eml", "preview/site-a.html", "preview/site-a/histogram.png"):
        (left / name).write_bytes(b"x")
    mine = tmp_path / f"{STAGING_PREFIX}outbox-mine"
    mine.mkdir()
    (mine / "draft.txt").write_text("dear all\n")
    settle_outbox(outbox)
    assert not left.exists() and (mine / "draft.txt").read_text() == "dear all\n"
