"""The fast loop stays fast by construction (tests/conftest.py): a test not marked slow that builds a
whole report fails, whether it builds the report itself or reads one a fixture built (a pytest run
in a subprocess, with two small builds; the marking of the layers: tests/unit/test_layers.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

CASES = """
import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import build_report


def small(folder):
    rows = [(s, t, 10 + 3 * t + s + (0.5 if (s + t) % 2 else -0.5)) for s in range(1, 6) for t in range(5)]
    path = folder / "small.csv"
    pd.DataFrame(rows, columns=["Subject", "Days", "Reaction"]).to_csv(path, index=False)
    return make_config(data_path=path, out_dir=folder / "out", formats=("html",))


@pytest.fixture(scope="session")
def shared(tmp_path_factory):
    return build_report(small(tmp_path_factory.mktemp("shared")))


def test_builds(tmp_path):
    build_report(small(tmp_path))


@pytest.mark.slow
def test_builds_marked_slow(shared):
    pass


def test_reads_a_report_a_fixture_built(shared):
    pass


def test_builds_nothing():
    pass
"""


def pytest_run(*args: str) -> str:
    """pytest in a subprocess, from the repository, with this project's conftest as a plugin."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True).stdout


def test_a_test_that_builds_a_whole_report_must_be_slow(tmp_path: Path) -> None:
    (tmp_path / "test_cases.py").write_text(CASES)
    out = pytest_run("-p", "tests.conftest", "--rootdir", str(tmp_path), str(tmp_path / "test_cases.py"))
    assert "2 failed, 2 passed" in out, out
    # The short summary may append " - <message>" (how much depends on the terminal's width).
    failed = sorted(re.findall(r"^FAILED \S+::(\w+)", out, flags=re.MULTILINE))
    assert failed == ["test_builds", "test_reads_a_report_a_fixture_built"], out
    assert "\nthis test builds a whole report: move it to tests/e2e" in out
    assert "\nthis test builds a whole report (through the fixture shared): move it to tests/e2e" in out
