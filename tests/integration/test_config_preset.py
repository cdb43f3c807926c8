"""The sleepstudy preset's "zero is missing" rule applies to the shipped data only, not to any file
that happens to use its column names (a 0/1 outcome, counts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from tests.conftest import REPO

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


def binary_outcome(folder: Path) -> Path:
    """sleepstudy's columns, its Reaction replaced by a 0/1 outcome (fast or not)."""
    lines = SLEEPSTUDY.read_text().splitlines()
    rows = [line.split(",") for line in lines[1:]]
    path = folder / "binary.csv"
    path.write_text(
        "\n".join([lines[0], *(",".join([str(int(float(r[0]) > 300)), r[1], r[2]]) for r in rows)]) + "\n"
    )
    return path


def test_the_rule_follows_the_file_not_the_column_names(tmp_path: Path) -> None:
    assert make_config().zero_is_missing  # the shipped data
    copy = tmp_path / "copy.csv"
    shutil.copyfile(SLEEPSTUDY, copy)
    assert make_config(data_path=copy).zero_is_missing  # byte for byte the shipped data
    assert not make_config(data_path=binary_outcome(tmp_path)).zero_is_missing
    assert not make_config(data_path=tmp_path / "missing.csv").zero_is_missing
    # Asked for, it applies to any file.
    assert make_config(data_path=binary_outcome(tmp_path), zero_is_missing=True).zero_is_missing


@pytest.mark.slow
def test_a_binary_outcome_with_sleepstudys_column_names_is_not_constant(tmp_path: Path) -> None:
    data = binary_outcome(tmp_path)
    result = CliRunner().invoke(
        cli, ["build", "--data", str(data), "--out", str(tmp_path / "o"), "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    assert "same value" not in result.output
