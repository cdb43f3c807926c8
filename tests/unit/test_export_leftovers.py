"""One report per folder: the documents the previous results.json lists and this run does not write
again are removed; no other file (a user's, or one of a folder without reportgen's results.json)."""

from __future__ import annotations

import json
from pathlib import Path

from reportgen.export import EarlierDocuments, earlier_documents, remove_other_documents
from reportgen.file_digests import digest_records


def _earlier_run(folder: Path, documents: list[str]) -> None:
    """A results.json of an earlier minor version (accepted as reportgen's on its first keys), with
    the digest and size of each document it wrote."""
    written = {name: f"previous {name}".encode() for name in documents}
    report = {"documents": documents, "document_digests": digest_records(written)}
    document = {"schema_version": "1.3", "report": report, "data": {}, "provenance": {}}
    (folder / "results.json").write_text(json.dumps(document))
    for name, content in written.items():
        (folder / name).write_bytes(content)


def test_a_document_of_the_previous_report_not_written_again_is_removed(tmp_path: Path) -> None:
    _earlier_run(tmp_path, ["report.html", "report.pdf"])
    earlier = earlier_documents(tmp_path)
    assert earlier.names == ("report.html", "report.pdf")
    removed = remove_other_documents(tmp_path, earlier, ["results.json", "report.html"])
    assert removed == [tmp_path / "report.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "results.json"]


def test_a_users_file_of_a_report_name_not_listed_is_kept(tmp_path: Path) -> None:
    _earlier_run(tmp_path, ["report.html"])
    (tmp_path / "report.docx").write_text("the user's own Word report")
    (tmp_path / "notes.txt").write_text("mine")
    removed = remove_other_documents(tmp_path, earlier_documents(tmp_path), ["report.html"])
    assert removed == []
    assert (tmp_path / "report.docx").read_text() == "the user's own Word report"
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_nothing_is_removed_without_reportgens_results_json(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_text("mine")
    (tmp_path / "results.json").write_text('{"report": {"documents": ["report.pdf"]}}')  # not reportgen's
    assert earlier_documents(tmp_path).names == ()
    assert remove_other_documents(tmp_path, earlier_documents(tmp_path), []) == []
    assert (tmp_path / "report.pdf").read_text() == "mine"


def test_a_listed_name_outside_the_report_names_is_never_removed(tmp_path: Path) -> None:
    _earlier_run(tmp_path, [])
    (tmp_path / "data.csv").write_text("Subject,Days\n")
    listed = json.loads((tmp_path / "results.json").read_text())
    listed["report"]["documents"] = ["data.csv", "../report.pdf", "figures/q1.png"]
    (tmp_path / "results.json").write_text(json.dumps(listed))
    assert earlier_documents(tmp_path).names == ()
    assert remove_other_documents(tmp_path, EarlierDocuments(("data.csv",)), []) == []
    assert (tmp_path / "data.csv").exists()
