"""Bad input refused before any build: one clear ``Error:`` line and nothing written (the output
folder: empty, the root, home, another program's files, a figures folder of one's own).

The cases that need an earlier report or a build are in tests/e2e/test_cli_bad_input.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from tests.support.contract import (
    assert_one_error,
    csv,
    run_cli,
    sleepstudy,
    tree_state,
)


def test_empty_out_is_refused_like_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("build", "--out", "", "--format", "html")
    assert_one_error(run, "--out must not be empty")
    assert list(tmp_path.iterdir()) == []


def test_root_is_never_an_output_folder() -> None:
    from reportgen.export import refuse_shared_folder

    with pytest.raises(OutputError, match="'/' is the root folder"):
        refuse_shared_folder(Path("/"))


@pytest.mark.parametrize("command", ["build", "cohorts"])
def test_home_and_the_folders_above_it_are_refused(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "users" / "ann"
    (home / "figures").mkdir(parents=True)
    (home / "figures" / "holiday.png").write_bytes(b"mine")
    monkeypatch.setenv("HOME", str(home))
    extra = ["--by", "Subject"] if command == "cohorts" else []
    for out, what in ((home, "your home folder"), (tmp_path / "users", "a folder above your home folder")):
        before = tree_state(tmp_path)
        run = run_cli(command, "--out", str(out), "--format", "html", *extra)
        assert_one_error(run, f"'{out}' is {what}", "give the report a folder of its own")
        assert tree_state(tmp_path) == before


def test_build_refuses_to_replace_files_of_another_program(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "report.html").write_text("my own report")  # no results.json: not an earlier build
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert_one_error(run, f"'{out / 'report.html'}' exists but '{out}' holds no results.json")
    assert tree_state(out) == before


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda out: (out / "index.html").write_text("my site"), "holds no manifest.json"),
        # A cohort's folder holding the user's notes.txt is updated as a build's folder is (the
        # notes stay): tests/e2e/test_user_files_kept.py. A manifest.json reportgen did not write
        # does not make the folder reportgen's.
        (
            lambda out: (
                (out / "manifest.json").write_text('{"cohorts": []}'),
                (out / "a").mkdir(),
                (out / "a" / "notes.txt").write_text("x"),
            ),
            "is not a manifest.json reportgen wrote",
        ),
    ],
    ids=[
        "an index.html of another program",
        "a manifest.json of another program",
    ],
)
def test_cohorts_refuse_to_replace_what_they_did_not_write(
    setup: Callable[[Path], object], message: str, tmp_path: Path
) -> None:
    data = csv(tmp_path, sleepstudy(site=lambda f: f["Subject"].map(lambda s: "a" if s < 340 else "b")))
    out = tmp_path / "by-site"
    out.mkdir()
    setup(out)
    before = tree_state(out)
    run = run_cli("cohorts", "--data", data, "--by", "site", "--out", str(out), "--format", "html", "-j", "1")
    assert_one_error(run, message, "choose another folder with --out")
    assert tree_state(out) == before


def test_build_refuses_to_replace_a_figures_folder_of_ones_own(tmp_path: Path) -> None:
    out = tmp_path / "paper"
    (out / "figures").mkdir(parents=True)
    (out / "figures" / "plot.png").write_bytes(b"my own figure")  # a .png, but no earlier build here
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert_one_error(run, f"'{out / 'figures'}' exists but '{out}' holds no results.json")
    assert tree_state(out) == before
