"""Figures are reportgen's by content, not by name: a figure the previous results.json recorded
(``report.figure_digests``) is replaced or removed only while it is as that build wrote it; a user's
edited ``figures/histogram.png`` stops the run with one line and is kept (issue 23)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.export import check_ownership, replace_outputs, report_files_owner, settle_outputs
from reportgen.file_digests import digest_records, with_document_digests
from tests.unit.test_swap import killed_at

FIGURES = {"figures/histogram.png": b"previous histogram", "figures/trend.png": b"previous trend"}


def _earlier_run(folder: Path, *, figure_digests: bool = True) -> None:
    """A folder as an earlier build left it: results.json (an earlier minor version, accepted on its
    first keys), report.html and two figures, with their digests unless ``figure_digests`` is off."""
    documents = {"report.html": b"previous report"}
    report = {"documents": ["report.html"], "document_digests": digest_records(documents)}
    if figure_digests:
        report["figure_digests"] = digest_records(FIGURES)
    document = {"schema_version": "1.4", "report": report, "data": {}, "provenance": {}}
    (folder / "figures").mkdir(parents=True)
    (folder / "results.json").write_text(json.dumps(document))
    for name, content in {**documents, **FIGURES}.items():
        (folder / name).write_bytes(content)


def _check(folder: Path) -> None:
    entries = ["results.json", "figures/", "report.html"]
    check_ownership(folder, entries, marker="results.json", ours=report_files_owner(folder))


def test_an_edited_figure_stops_the_run_and_is_named(tmp_path: Path) -> None:
    _earlier_run(tmp_path)
    _check(tmp_path)  # the flip: as written, the figures are reportgen's to replace
    (tmp_path / "figures/histogram.png").write_bytes(b"the user's retouched histogram")
    with pytest.raises(OutputError) as raised:
        _check(tmp_path)
    assert str(raised.value) == (
        f"'{tmp_path / 'figures'}' holds 'histogram.png', not as reportgen wrote it, and a run would "
        "replace it; move it, or choose another folder with --out"
    )
    assert (tmp_path / "figures/histogram.png").read_bytes() == b"the user's retouched histogram"


def test_a_figure_name_the_previous_build_did_not_write_is_the_users(tmp_path: Path) -> None:
    """A user's file named like a covariate figure (one the previous build did not draw) is not
    reportgen's because of its name."""
    _earlier_run(tmp_path)
    (tmp_path / "figures/covariate_Sex.png").write_bytes(b"mine")
    assert not report_files_owner(tmp_path)("figures/covariate_Sex.png")
    assert report_files_owner(tmp_path)("figures/trend.png")


def test_figures_of_a_folder_from_before_their_digests_count_by_name(tmp_path: Path) -> None:
    """A results.json before 1.5 recorded no figure: its figures are taken by name, as then, so a
    folder built by an earlier reportgen is not refused once."""
    _earlier_run(tmp_path, figure_digests=False)
    (tmp_path / "figures/histogram.png").write_bytes(b"changed")
    _check(tmp_path)


def test_a_figure_edited_during_the_run_is_not_swapped_away(tmp_path: Path) -> None:
    """Checked before the analysis, and again as the new figures go in: one the run writes again
    refuses the replacement (the old report stays whole); one it does not write is carried over."""
    _earlier_run(tmp_path)
    ours = report_files_owner(tmp_path)
    _check(tmp_path)
    (tmp_path / "figures/trend.png").write_bytes(b"edited while the build ran")
    new = {"report.html": b"new report", "figures/histogram.png": b"new histogram"}
    replace_outputs(tmp_path, new, ours=ours)
    assert (tmp_path / "figures/trend.png").read_bytes() == b"edited while the build ran"
    assert (tmp_path / "figures/histogram.png").read_bytes() == b"new histogram"

    _earlier_run(tmp_path / "again")
    ours = report_files_owner(tmp_path / "again")
    (tmp_path / "again/figures/histogram.png").write_bytes(b"edited while the build ran")
    with pytest.raises(OutputError, match="histogram.png' is not a file reportgen wrote"):
        replace_outputs(tmp_path / "again", new, ours=ours)
    assert (tmp_path / "again/figures/histogram.png").read_bytes() == b"edited while the build ran"
    assert (tmp_path / "again/figures/trend.png").read_bytes() == b"previous trend"


def test_a_figure_edited_after_a_kill_mid_swap_is_not_completed_away(tmp_path: Path) -> None:
    """A run killed once its swap's journal is written: the next run completes the swap, but not
    over a figure the user edited since (it refuses, the file kept); unedited, it completes."""
    new = {"report.html": b"new report", "figures/histogram.png": b"new histogram"}
    # staged with its results.json recording what it writes, as every build's set is: a staged
    # file is swapped in only as its record says (break round 9)
    report = {
        "documents": ["report.html"],
        "document_digests": digest_records({"report.html": new["report.html"]}),
    }
    report["figure_digests"] = digest_records({"figures/histogram.png": new["figures/histogram.png"]})
    record = {"schema_version": "1.4", "report": report, "data": {}, "provenance": {}}
    new["results.json"] = json.dumps(record).encode()
    for edited in (False, True):
        out = tmp_path / f"edited-{edited}"
        _earlier_run(out)
        killed_at("journal", lambda out=out: replace_outputs(out, new, ours=report_files_owner(out)))
        if edited:
            (out / "figures/histogram.png").write_bytes(b"edited after the kill")
            with pytest.raises(OutputError, match="cannot complete the replacement"):
                settle_outputs(out)
            assert (out / "figures/histogram.png").read_bytes() == b"edited after the kill"
        else:
            settle_outputs(out)
            assert (out / "figures/histogram.png").read_bytes() == b"new histogram"


def test_an_edited_document_is_not_the_previous_builds(tmp_path: Path) -> None:
    """The cohorts' leftovers go by the same test: a document counts only as written."""
    _earlier_run(tmp_path)
    assert report_files_owner(tmp_path)("report.html")
    (tmp_path / "report.html").write_text("annotated")
    assert not report_files_owner(tmp_path)("report.html")


def test_an_edited_document_stops_the_run_and_is_kept(tmp_path: Path) -> None:
    """Found trying the digest paths: the build replaced an annotated report.html, and a user's own
    report.pdf where the previous build wrote none, by their names."""
    _earlier_run(tmp_path)
    (tmp_path / "report.html").write_text("annotated")
    with pytest.raises(OutputError, match="report.html' is not as reportgen wrote it, and a run would"):
        _check(tmp_path)
    (tmp_path / "report.html").write_bytes(b"previous report")
    _check(tmp_path)  # the flip
    (tmp_path / "report.pdf").write_text("the user's own PDF")
    with pytest.raises(OutputError, match="report.pdf' is not as reportgen wrote it"):
        check_ownership(
            tmp_path, ["results.json", "report.pdf"], marker="results.json", ours=report_files_owner(tmp_path)
        )


def test_documents_of_a_folder_from_before_their_digests_count_by_name(tmp_path: Path) -> None:
    _earlier_run(tmp_path, figure_digests=False)
    document = json.loads((tmp_path / "results.json").read_text())
    del document["report"]["document_digests"]
    (tmp_path / "results.json").write_text(json.dumps(document))
    (tmp_path / "report.html").write_text("changed")
    _check(tmp_path)


def test_the_figures_written_are_recorded_by_path() -> None:
    files = {"results.json": b"{}", "figures/q1.png": b"png bytes"}
    results = with_document_digests({"report": {"title": "t"}}, {"report.html": b"html"}, files)
    assert results["report"]["figure_digests"] == digest_records({"figures/q1.png": b"png bytes"})
    assert list(results["report"]["document_digests"]) == ["report.html"]
    assert results["report"]["title"] == "t"
