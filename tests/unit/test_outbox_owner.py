"""An outbox without reportgen's list of the files it wrote is refused when it holds anything: a
draft ``.eml`` of the user's looks like one of reportgen's and must not be replaced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import MailError
from reportgen.mail.outbox import WRITTEN, check_outbox, own_files


def test_a_users_draft_eml_in_an_outbox_without_the_list_is_refused(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    (outbox / "draft.eml").write_text("mine")
    with pytest.raises(MailError, match=r"is not an outbox reportgen wrote \(it holds 'draft.eml'"):
        check_outbox(outbox)
    assert (outbox / "draft.eml").read_text() == "mine"


@pytest.mark.parametrize("name", ["index.html", "summary.eml", "preview/a.html"])
def test_any_file_in_an_outbox_without_the_list_is_refused(tmp_path: Path, name: str) -> None:
    outbox = tmp_path / "outbox"
    (outbox / name).parent.mkdir(parents=True)
    (outbox / name).write_text("mine")
    with pytest.raises(MailError, match="not an outbox reportgen wrote"):
        own_files(outbox)


def test_an_empty_or_missing_outbox_and_one_with_the_list_are_reportgens(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    assert own_files(outbox) == frozenset()
    (outbox / "preview").mkdir(parents=True)
    (outbox / "sent.jsonl").write_text("")  # a send stopped before the outbox was written
    assert own_files(outbox) == frozenset()
    (outbox / "a.eml").write_text("reportgen's")
    (outbox / "draft.eml").write_text("mine")
    (outbox / WRITTEN).write_text(json.dumps({"files": ["a.eml"]}))
    assert own_files(outbox) == {"a.eml"}
