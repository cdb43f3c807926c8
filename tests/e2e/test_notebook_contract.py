"""The notebook API keeps the CLI's contract where the refusal comes after the analysis (issue 23
item 5): ``report()`` and ``.save()`` raise a ``ReportError`` whose message is the line ``reportgen
build`` prints after ``Error: `` for the same input; the cases refused up front are in
tests/integration/test_notebook_contract.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import reportgen
from reportgen.cli import capped
from reportgen.errors import ReportError, printable
from reportgen.notebook import NotebookReport
from tests.support.contract import SLEEPSTUDY, assert_one_error, run_cli, tree_state


@pytest.fixture(scope="module")
def built() -> NotebookReport:
    return reportgen.report(SLEEPSTUDY)


def _same_message(cli: list[str], call: Callable[[], object]) -> None:
    run = run_cli("build", "--format", "html", *cli)
    line = assert_one_error(run)
    with pytest.raises(ReportError) as caught:
        call()
    assert line == f"Error: {capped(printable(str(caught.value)))}"


def test_a_pair_not_in_the_data(tmp_path: Path) -> None:
    _same_message(
        ["--out", str(tmp_path / "out"), "--pair", "1,2"],
        lambda: reportgen.report(SLEEPSTUDY, pair=("1", "2")),
    )
    assert not (tmp_path / "out").exists()


def test_a_missing_templates_folder(tmp_path: Path) -> None:
    folder = str(tmp_path / "templates")
    _same_message(
        ["--out", str(tmp_path / "out"), "--templates", folder],
        lambda: reportgen.report(SLEEPSTUDY, templates_dir=folder),
    )


def _users_folder(folder: Path) -> None:
    (folder / "figures").mkdir(parents=True)
    (folder / "report.html").write_text("my own report")
    (folder / "figures" / "histogram.png").write_bytes(b"mine")


def _a_file(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")


def _under_a_file(folder: Path) -> None:
    _a_file(folder.parent)


@pytest.mark.parametrize(
    "make",
    [_users_folder, _a_file, _under_a_file],
    ids=["a folder not reportgen's", "a file", "a folder inside a file"],
)
def test_save_refuses_what_build_refuses(
    built: NotebookReport, make: Callable[[Path], None], tmp_path: Path
) -> None:
    out = tmp_path / "place" / "out"
    make(out)
    before = tree_state(tmp_path)
    _same_message(["--out", str(out)], lambda: built.save(out, ["html"]))
    assert tree_state(tmp_path) == before
