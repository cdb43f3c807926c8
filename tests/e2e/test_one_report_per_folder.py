"""A build into a folder holding an earlier report leaves one report: the earlier report's documents
that this build does not write (``report.pdf`` after ``--format html``) go, the user's files stay."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.config import make_config
from reportgen.pipeline import build_report


def test_an_html_build_removes_the_earlier_pdf_and_keeps_the_users_files(tmp_path: Path) -> None:
    build_report(make_config(out_dir=tmp_path, formats=("html", "pdf")))
    assert json.loads((tmp_path / "results.json").read_text())["report"]["documents"] == [
        "report.html",
        "report.pdf",
    ]
    (tmp_path / "notes.txt").write_text("mine")
    build_report(make_config(out_dir=tmp_path, formats=("html",)))
    assert not (tmp_path / "report.pdf").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"
    # a report-named file the previous results.json does not list is the user's: it stays
    (tmp_path / "report.docx").write_bytes(b"the user's own Word file")
    build_report(make_config(out_dir=tmp_path, formats=("html",)))
    assert (tmp_path / "report.docx").read_bytes() == b"the user's own Word file"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["figures", "notes.txt", "report.docx", "report.html", "results.json"]
