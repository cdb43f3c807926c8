"""A cohort's folder keeps the user's edited documents as a build's folder does (breaker round 7):
``cohorts --format html`` after html+pdf deleted an edited ``report.pdf``, and removing the folder of a
cohort no longer in the data deleted an edited ``report.html``."""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from reportgen.cohorts import build_cohorts
from tests.integration.test_cohorts import parity_config, write_parity_csv


@pytest.fixture(scope="module")
def html_and_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both parity cohorts of sleepstudy built as HTML and PDF (copied by each test before it changes it)."""
    folder = tmp_path_factory.mktemp("cohort-documents")
    csv = write_parity_csv(folder / "sleepstudy.csv")
    config = replace(parity_config(csv, folder / "out"), formats=("html", "pdf"))
    build_cohorts(config, by="parity", jobs=1)
    return folder


def _copy(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(built, tmp_path / "run", symlinks=True)
    return tmp_path / "run" / "sleepstudy.csv", tmp_path / "run" / "out"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_html_only_keeps_an_edited_pdf_and_removes_an_unchanged_one(
    html_and_pdf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    csv, out = _copy(html_and_pdf, tmp_path)
    (out / "even" / "report.pdf").write_text("mypdf\n")
    with caplog.at_level(logging.WARNING):
        result = build_cohorts(parity_config(csv, out), by="parity", jobs=1)
    assert [c.status for c in result.cohorts] == ["ok", "ok"]
    assert (out / "even" / "report.pdf").read_text() == "mypdf\n"  # the user's edit stays
    assert not (out / "odd" / "report.pdf").exists()  # reportgen's own, no longer asked for, goes
    assert [w for w in _warnings(caplog) if "report.pdf" in w] == [
        f"kept report.pdf of the previous report in '{out / 'even'}': not as reportgen wrote "
        "it (changed since, or listed without a digest by an earlier reportgen); delete it yourself "
        "if not wanted"
    ]


def _only_even(csv: Path) -> None:
    frame = pd.read_csv(csv, dtype=str)
    frame[frame["parity"] == "even"].to_csv(csv, index=False)


def test_a_stale_cohort_with_an_edited_report_is_kept_and_named(
    html_and_pdf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    csv, out = _copy(html_and_pdf, tmp_path)
    (out / "odd" / "report.html").write_text("<p>my notes on the odd subjects</p>\n")
    _only_even(csv)
    with caplog.at_level(logging.WARNING):
        result = build_cohorts(parity_config(csv, out), by="parity", jobs=1)
    assert result.removed == ()
    assert (out / "odd" / "report.html").read_text() == "<p>my notes on the odd subjects</p>\n"
    kept = [w for w in _warnings(caplog) if "odd" in w]
    assert kept == [
        f"kept {out / 'odd'}/ of cohort 'odd', no longer in the data: report.html is not as "
        "reportgen wrote it; delete the folder yourself if it is not wanted"
    ]


def test_a_stale_cohort_as_reportgen_wrote_it_is_still_removed(html_and_pdf: Path, tmp_path: Path) -> None:
    csv, out = _copy(html_and_pdf, tmp_path)
    _only_even(csv)
    result = build_cohorts(parity_config(csv, out), by="parity", jobs=1)
    assert result.removed == ("odd",) and not (out / "odd").exists()


def test_an_edited_figure_stops_the_run_up_front_as_an_edited_document_does(
    html_and_pdf: Path, tmp_path: Path
) -> None:
    """Break round 9: an edited document stopped the whole run up front while an edited figure failed
    only its cohort, at the swap; both are named, each, in the one up-front line."""
    from reportgen.errors import OutputError

    csv, out = _copy(html_and_pdf, tmp_path)
    (out / "even" / "report.html").write_text("<p>my notes</p>\n")
    (out / "odd" / "figures" / "histogram.png").write_bytes(b"my drawing")
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    with pytest.raises(OutputError) as refused:
        build_cohorts(parity_config(csv, out), by="parity", jobs=1, force=True)
    assert str(refused.value) == (
        f"'{out / 'even' / 'report.html'}', '{out / 'odd' / 'figures' / 'histogram.png'}' are not as "
        "reportgen wrote them, and a run would replace them; move them, or choose another folder with --out"
    )
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before  # nothing built or touched
