"""Config files and `validate` inputs that are not ordinary files: one Error line, exit 1, no hang."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

NESTED = "x = " + "[" * 600 + "]" * 600 + "\n"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


@pytest.mark.parametrize("command", [["build"], ["cohorts", "--by", "Subject"], ["email"]])
def test_a_fifo_or_device_as_config_is_refused(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "x.toml"
    os.mkfifo(fifo)
    one_error(run(tmp_path, *command, "--config", str(fifo)), "'", "is not a regular file")
    one_error(run(tmp_path, *command, "--config", "/dev/zero"), "'/dev/zero' is not a regular file")


def test_a_huge_config_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 2**20 + "\n")
    one_error(run(tmp_path, "build", "--config", str(big)), "larger than 1 MiB")


@pytest.mark.parametrize("command", [["build"], ["cohorts", "--by", "Subject"], ["email"]])
def test_a_deeply_nested_toml_value_is_one_error(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "deep.toml").write_text(NESTED)
    one_error(run(tmp_path, *command, "--config", "deep.toml"), "deep.toml", "nested too deeply")


def test_validate_refuses_a_fifo_and_a_device(tmp_path: Path) -> None:
    fifo = tmp_path / "results.json"
    os.mkfifo(fifo)
    one_error(run(tmp_path, "validate", "results.json"), "'results.json' is not a regular file")
    one_error(run(tmp_path, "validate", "--kind", "results", "/dev/zero"), "is not a regular file")
