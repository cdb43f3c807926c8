"""`reportgen examples` refuses the root and the home folder, as build and ``.save()`` do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import reportgen.examples
from reportgen.cli import cli


def _never_written(_sleep: object, path: Path) -> None:
    pytest.fail(f"an example was written to {path}")  # so a failing run writes nothing into / or ~


def _examples_written_nowhere(folder: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    """``reportgen examples FOLDER`` with every example failing the test if it is written."""
    never = tuple(dataclasses.replace(e, make=_never_written) for e in reportgen.examples.EXAMPLES)
    monkeypatch.setattr(reportgen.examples, "EXAMPLES", never)
    return CliRunner().invoke(cli, ["examples", folder])


@pytest.mark.parametrize("where", ["/", "~"])
def test_examples_refuse_the_root_and_the_home_folder(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    folder = str(home) if where == "~" else where
    result = _examples_written_nowhere(folder, monkeypatch)
    assert result.exit_code == 1, result.output
    what = "the root folder" if where == "/" else "your home folder"
    assert result.stderr.startswith(f"Error: '{folder}' is {what}, where a run would replace")
    assert "reportgen examples ex/" in result.stderr and len(result.stderr.splitlines()) == 1
    assert list(home.iterdir()) == []


def test_examples_still_go_into_a_folder_below_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert CliRunner().invoke(cli, ["examples", str(tmp_path / "ex")]).exit_code == 0
    assert (tmp_path / "ex" / "growth.csv").is_file()


@pytest.mark.parametrize("link", ["ex", "ex/growth"])
def test_examples_never_write_through_a_symbolic_link(
    link: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break round 9: ``examples DIR`` with DIR a link wrote where the link points."""
    elsewhere = _linked(tmp_path, link)
    result = _examples_written_nowhere(str(tmp_path / "ex"), monkeypatch)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: '{tmp_path / link}' is a symbolic link, and examples never write through links; "
        "give a real folder, e.g. reportgen examples ex/\n"
    )
    assert list(elsewhere.iterdir()) == []


def _linked(tmp_path: Path, link: str) -> Path:
    """``tmp_path/link`` made a symbolic link to a folder elsewhere (``ex/`` made first if needed)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if link != "ex":
        (tmp_path / "ex").mkdir()
    (tmp_path / link).symlink_to(elsewhere, target_is_directory=True)
    return elsewhere
