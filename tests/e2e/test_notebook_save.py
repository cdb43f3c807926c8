"""``NotebookReport.save`` goes through build's output layer: its ownership checks, its lock, its
all-or-nothing swap; a save over an earlier save leaves no file of the other report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reportgen
from reportgen.config import bundled_data_path
from reportgen.errors import OutputError
from reportgen.export import output_lock
from reportgen.file_digests import digest_records
from reportgen.notebook import NotebookReport


@pytest.fixture(scope="module")
def built() -> NotebookReport:
    return reportgen.report(bundled_data_path())


def test_save_refuses_a_folder_holding_the_users_own_report(built: NotebookReport, tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text("my own report")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "histogram.png").write_bytes(b"mine")
    with pytest.raises(OutputError, match="holds no results.json of an earlier reportgen run"):
        built.save(tmp_path, ["html"])
    assert (tmp_path / "report.html").read_text() == "my own report"
    assert (tmp_path / "figures" / "histogram.png").read_bytes() == b"mine"


def test_save_is_refused_while_a_build_holds_the_folder(built: NotebookReport, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        with pytest.raises(OutputError, match="another reportgen run is writing"):
            built.save(out, ["html"])
    assert not out.exists()


def test_a_save_over_an_earlier_save_leaves_no_file_of_the_other_report(
    built: NotebookReport, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    built.save(out, ["html", "pdf"])
    # as an earlier save of another report (with a covariate) left it: its figure, recorded as written
    (out / "figures" / "covariate_sex.png").write_bytes(b"another report's figure")
    results = json.loads((out / "results.json").read_text())
    results["report"]["figure_digests"] |= digest_records(
        {"figures/covariate_sex.png": b"another report's figure"}
    )
    (out / "results.json").write_text(json.dumps(results))
    (out / "notes.txt").write_text("mine")
    written = built.save(out, ["html"])
    assert not (out / "report.pdf").exists()
    assert not (out / "figures" / "covariate_sex.png").exists()
    assert (out / "notes.txt").read_text() == "mine"
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == sorted([p.relative_to(out.resolve()).as_posix() for p in written] + ["notes.txt"])


def test_save_refuses_a_linked_figures_folder_before_writing(built: NotebookReport, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built.save(out, ["html"])
    before = (out / "results.json").read_bytes()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    import shutil

    shutil.rmtree(out / "figures")
    (out / "figures").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        built.save(out, ["html"])
    assert (out / "results.json").read_bytes() == before
