"""``reportgen.report`` gives every warning ``reportgen build`` prints on the same data, as a
``ReportWarning`` each: a DataFrame whose nested groups are crossed got none (issue 23)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import reportgen
from reportgen.cli import cli
from reportgen.examples import write_examples


def _api_warnings(data: pd.DataFrame | Path, **settings: str) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # the model library's own warnings are recorded, not raised
        reportgen.report(data, **settings)
    return [str(w.message) for w in caught if issubclass(w.category, reportgen.ReportWarning)]


def test_the_api_warns_of_crossed_groups_as_the_cli_does(tmp_path: Path) -> None:
    write_examples(tmp_path)
    study = pd.read_csv(tmp_path / "study.csv")
    crossed = study.assign(arm2=study["Days"] % 2)  # arm2 varies within each subject
    crossed = pd.concat([crossed, crossed.iloc[[0]]], ignore_index=True)  # a row entered twice, too
    crossed.to_csv(tmp_path / "crossed.csv", index=False)

    result = CliRunner().invoke(
        cli,
        [
            "build",
            "--data",
            str(tmp_path / "crossed.csv"),
            "--group",
            "arm2/Subject",
            "--format",
            "html",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    printed = [
        line.removeprefix("Warning: ") for line in result.stderr.splitlines() if line.startswith("Warning: ")
    ]
    assert len(printed) == 2 and printed[0].startswith("18 Subject ids appear under both values of arm2")

    assert _api_warnings(crossed, group="arm2/Subject") == printed  # a DataFrame
    assert _api_warnings(tmp_path / "crossed.csv", group="arm2/Subject") == printed  # the file
