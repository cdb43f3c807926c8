"""A plain install works outside the repository: templates and data ship inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("reportgen-*.whl")
    return built


def test_wheel_carries_templates_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "reportgen/data/sleepstudy.csv" in names
    assert "reportgen/templates/report.html.j2" in names
    templates = {p.relative_to(REPO).as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()}
    assert {f"reportgen/{t}" for t in templates} <= names
    schemas = {p.name for p in (REPO / "reportgen" / "schemas").glob("*.schema.json")}
    assert len(schemas) == 4
    assert {f"reportgen/schemas/{s}" for s in schemas} <= names


def test_installed_package_builds_a_report_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = "import reportgen, sys; print(reportgen.__file__); from reportgen.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "build", "--format", "html"],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(site))
    assert (elsewhere / "output" / "report.html").stat().st_size > 100_000
    # The schemas are read from the installed package.
    checked = subprocess.run(
        [sys.executable, "-c", script, "validate", "output/results.json"],
        cwd=elsewhere,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == "output/results.json: valid, results schema 1.2\n"
