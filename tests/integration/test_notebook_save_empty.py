"""``.save('')`` is refused as an empty ``--out`` is, with the CLI's line (break round 8: it wrote
the report into the current folder, while the docs say an empty --out or ``out = ""`` is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.errors import ConfigError
from reportgen.notebook import NotebookReport


@pytest.mark.parametrize("folder", ["", "  "])
def test_save_refuses_an_empty_folder_as_build_refuses_an_empty_out(
    folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cli_run = CliRunner().invoke(cli, ["build", "--out", str(folder)])
    assert cli_run.exit_code != 0
    # the folder is refused before the report is looked at: no build is needed to show it
    report = NotebookReport(config=None, analysed=None, html="")  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as refused:
        report.save(folder, ["html"])
    assert cli_run.output.strip() == f"Error: {refused.value}"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_taken_as_given() -> None:
    """The flip: a named folder passes the check (the empty report then fails further on)."""
    report = NotebookReport(config=None, analysed=None, html="")  # type: ignore[arg-type]
    with pytest.raises(Exception) as failed:  # noqa: B017 -- any failure but the folder's
        report.save("out", ["html"])
    assert not isinstance(failed.value, ConfigError)
