"""`reportgen examples DIR`: the data sets the guides read, written from the package, never over a file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import reportgen.examples
from reportgen.cli import cli
from reportgen.examples import EXAMPLES
from tests.conftest import REPO


def test_examples_writes_every_data_set_the_guides_read_and_says_what_each_shows(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["examples", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for example in EXAMPLES:
        assert (tmp_path / example.name).is_file(), example.name
        assert re.search(rf"^{re.escape(example.name)} +{re.escape(example.shows)}$", result.stdout, re.M)
    assert result.stderr == f"Wrote {len(EXAMPLES)} example data files to {tmp_path}/\n"
    growth = pd.read_csv(tmp_path / "growth.csv")
    assert list(growth.columns) == ["child", "age", "height"] and growth.shape == (12 * 9, 3)
    assert (tmp_path / "growth.csv").read_bytes() == (tmp_path / "growth" / "growth.csv").read_bytes()
    sleep = pd.read_csv(REPO / "data" / "sleepstudy.csv")
    exported = pd.read_csv(tmp_path / "export.csv", sep=";", decimal=",")
    pd.testing.assert_frame_equal(exported, sleep)
    assert pd.read_csv(tmp_path / "wide.csv").shape == (sleep["Subject"].nunique(), 11)


def test_the_simulated_data_are_the_same_every_time(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert CliRunner().invoke(cli, ["examples", str(tmp_path / name)]).exit_code == 0
    for name in ("growth.csv", "study.csv", "visits.csv", "orthodont.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_examples_never_overwrite_a_file(tmp_path: Path) -> None:
    (tmp_path / "study.csv").write_text("my own study")
    result = CliRunner().invoke(cli, ["examples", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: '{tmp_path / 'study.csv'}' exists, and examples never overwrite a file; "
        "move it, or choose another folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.csv"]
    assert (tmp_path / "study.csv").read_text() == "my own study"


def test_a_file_whose_package_is_missing_is_skipped_with_its_install_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reportgen.examples, "_missing", lambda module: module == "pyreadstat")
    result = CliRunner().invoke(cli, ["examples", str(tmp_path)])
    assert result.exit_code == 0
    assert re.search(r"^study\.sav +skipped: needs pip install 'reportgen\[spss\]'$", result.stdout, re.M)
    assert not (tmp_path / "study.sav").exists() and (tmp_path / "study.xlsx").is_file()
    assert result.stderr == f"Wrote {len(EXAMPLES) - 2} example data files to {tmp_path}/\n"


def test_every_data_file_a_guide_or_the_readme_names_is_an_example() -> None:
    names = {e.name for e in EXAMPLES}
    texts = [REPO / "README.md", *sorted((REPO / "docs" / "how-to").glob("*.md"))]
    own = {"sites.csv"}  # the data of a transcript the cohort tests build
    for page in texts:
        for name in re.findall(r"--data ([\w/.-]+\.(?:csv|xlsx|parquet|sav|dta))", page.read_text()):
            assert name in names | own, f"{page.name}: --data {name} is not written by reportgen examples"
