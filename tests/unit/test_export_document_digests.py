"""One report per folder, by content: an earlier document the previous results.json lists is removed
only while it is as that build wrote it (``report.document_digests``); an edited one, or one listed
without a digest, is kept and named in one warning line (breaker round 6)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from reportgen.export import earlier_documents, remove_other_documents
from tests.unit.test_export_leftovers import _earlier_run


def test_an_earlier_document_changed_since_is_kept_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The document is listed by the previous results.json, but its content is no longer what that
    build wrote (the user annotated the PDF): kept, in one warning line."""
    _earlier_run(tmp_path, ["report.html", "report.pdf", "report.docx"])
    (tmp_path / "report.pdf").write_text("previous report.pdf, annotated by the user")
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        removed = remove_other_documents(tmp_path, earlier_documents(tmp_path), ["report.html"])
    assert removed == [tmp_path / "report.docx"]  # the flip: unchanged, so reportgen's, removed
    assert (tmp_path / "report.pdf").read_text() == "previous report.pdf, annotated by the user"
    (warning,) = [r.getMessage() for r in caplog.records]
    assert warning.startswith(f"kept report.pdf of the previous report in '{tmp_path}'")


def test_an_earlier_document_listed_without_a_digest_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A results.json of a build before the digests (or one whose digests were taken out): nothing
    proves the listed document is still reportgen's, so it stays."""
    _earlier_run(tmp_path, ["report.html", "report.pdf"])
    document = json.loads((tmp_path / "results.json").read_text())
    del document["report"]["document_digests"]
    (tmp_path / "results.json").write_text(json.dumps(document))
    with caplog.at_level(logging.WARNING, logger="reportgen"):
        assert remove_other_documents(tmp_path, earlier_documents(tmp_path), ["report.html"]) == []
    assert (tmp_path / "report.pdf").exists()
    assert "without a digest" in caplog.records[0].getMessage()
