"""Nothing of the user's is lost: cohort folders and the email outbox are updated like a build's
folder (only reportgen's files replaced), and a results.json/manifest.json marks a folder as
reportgen's only when reportgen wrote it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from tests.conftest import REPO

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_error(result: Result, *phrases: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def two_sites(folder: Path) -> Path:
    """sleepstudy with a site column: subjects alternately in 'a' and 'b'."""
    rows = list(csv.reader(SLEEPSTUDY.read_text().splitlines()))
    subjects = sorted({row[2] for row in rows[1:]})
    path = folder / "sites.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*rows[0], "site"])
        for row in rows[1:]:
            writer.writerow([*row, "ab"[subjects.index(row[2]) % 2]])
    return path


@pytest.mark.slow
def test_a_cohort_rebuild_keeps_the_users_files(tmp_path: Path) -> None:
    data, out = two_sites(tmp_path), tmp_path / "co"
    common = ["cohorts", "--by", "site", "--data", str(data), "--out", str(out), "--jobs", "1"]
    (out / "b").mkdir(parents=True)
    (out / "b" / "notes.txt").write_text("mine, before any run")
    assert invoke(*common, "--format", "html", "--format", "docx").exit_code == 0
    assert (out / "a" / "report.docx").is_file()
    assert (out / "b" / "notes.txt").read_text() == "mine, before any run"
    assert (out / "b" / "report.html").is_file()
    (out / "a" / "notes.txt").write_text("mine")
    (out / "a" / "figures" / "extra.png").write_text("mine too")

    assert invoke(*common, "--format", "html", "--format", "docx", "--force").exit_code == 0
    assert (out / "a" / "notes.txt").read_text() == "mine"
    assert (out / "a" / "figures" / "extra.png").read_text() == "mine too"

    # Changed options rebuild the cohort: the file no longer asked for goes, the user's stay.
    assert invoke(*common, "--format", "html").exit_code == 0
    assert not (out / "a" / "report.docx").exists() and (out / "a" / "report.html").is_file()
    assert (out / "a" / "notes.txt").read_text() == "mine"
    assert (out / "a" / "figures" / "extra.png").read_text() == "mine too"
    manifest = json.loads((out / "manifest.json").read_text())
    outputs = [p for entry in manifest["cohorts"] for p in entry["outputs"]]
    assert "a/notes.txt" not in outputs and "a/figures/extra.png" not in outputs
    assert "a/figures/q1.png" not in outputs or (out / "a/figures/q1.png").is_file()

    # A cohort folder holding a report.html of the user's, without reportgen's results.json: refused.
    (out / "a" / "results.json").unlink()
    one_error(invoke(*common, "--format", "html", "--force"), f"'{out / 'a'}' holds no results.json")
    assert (out / "a" / "notes.txt").read_text() == "mine"


def test_a_users_own_results_json_does_not_make_the_folder_reportgens(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    for text in ['{"a": 1}', "[1, 2]", "not json", '{"schema_version": "1.1", "report": {}}']:
        (out / "results.json").write_text(text)
        (out / "report.html").write_text("my own report")
        one_error(
            invoke("build", "--out", str(out), "--format", "html"),
            f"'{out / 'results.json'}' is not a results.json reportgen wrote",
        )
        assert (out / "report.html").read_text() == "my own report"
        assert (out / "results.json").read_text() == text


def test_a_users_own_manifest_json_does_not_make_the_folder_reportgens(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "manifest.json").write_text('{"cohorts": []}')
    (out / "index.html").write_text("my own index")
    data = two_sites(tmp_path)
    one_error(
        invoke("cohorts", "--by", "site", "--data", str(data), "--out", str(out), "--format", "html"),
        f"'{out / 'manifest.json'}' is not a manifest.json reportgen wrote",
    )
    assert (out / "index.html").read_text() == "my own index"
    assert (out / "manifest.json").read_text() == '{"cohorts": []}'


def _report_copy(out: Path, folder: Path) -> Path:
    """A copy of the report in ``out`` that reportgen did not write, with an empty ``outbox/``."""
    (folder / "outbox").mkdir(parents=True)
    for name in ("results.json", "report.html"):
        (folder / name).write_bytes((out / name).read_bytes())
    (folder / "figures").symlink_to(out / "figures")
    return folder


@pytest.mark.slow
def test_email_keeps_the_users_files_in_the_outbox_and_refuses_a_foreign_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--out", str(out), "--format", "html").exit_code == 0
    email = ["email", "--out", str(out), "--to", "class@example.org"]
    assert invoke(*email).exit_code == 0
    outbox = out / "outbox"
    (outbox / "notes.txt").write_text("mine")
    (outbox / "preview" / "mine.html").write_text("mine too")
    (outbox / "old.eml").write_text("a draft of mine")
    assert invoke(*email, "--subject", "Another subject").exit_code == 0
    assert (outbox / "notes.txt").read_text() == "mine"
    assert (outbox / "preview" / "mine.html").read_text() == "mine too"
    assert (outbox / "old.eml").read_text() == "a draft of mine"
    assert b"Another subject" in (outbox / "summary.eml").read_bytes()

    # An outbox/ reportgen never wrote is not replaced.
    other = _report_copy(out, tmp_path / "other")
    (other / "outbox" / "index.html").write_text("my own page")
    (other / "outbox" / "list.txt").write_text("mine")
    one_error(
        invoke("email", "--out", str(other), "--to", "a@example.org"), "is not an outbox reportgen wrote"
    )
    assert (other / "outbox" / "index.html").read_text() == "my own page"

    # An outbox/ the user made for a draft .eml of theirs is refused, the draft kept (it was deleted).
    draft = _report_copy(out, tmp_path / "draft")
    (draft / "outbox" / "draft.eml").write_text("mine\n")
    one_error(
        invoke("email", "--out", str(draft), "--to", "a@x.org"),
        "is not an outbox reportgen wrote (it holds 'draft.eml'",
    )
    assert (draft / "outbox" / "draft.eml").read_text() == "mine\n"
