"""Shared fixtures: the default report is built once per test session and reused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import BuildConfig, make_config

REPO = Path(__file__).resolve().parent.parent
# A verbatim copy of ../shared/reference/sleepstudy_reference.json (lme4's published figures);
# test_reference.py checks the copy still matches the shared original when that is present.
REFERENCE_FILE = REPO / "tests" / "reference" / "sleepstudy_reference.json"
SHARED_REFERENCE = REPO.parent / "shared" / "reference" / "sleepstudy_reference.json"


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    """lme4's published sleepstudy figures (independent of this project)."""
    return json.loads(REFERENCE_FILE.read_text())


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Output folder of ``reportgen build`` on the bundled data (HTML and PDF)."""
    from reportgen.pipeline import build_report

    out = tmp_path_factory.mktemp("report")
    build_report(make_config(out_dir=out))
    return out


@pytest.fixture(scope="session")
def results(built_report: Path) -> dict[str, Any]:
    return json.loads((built_report / "results.json").read_text())


@pytest.fixture()
def config(tmp_path: Path) -> BuildConfig:
    return make_config(out_dir=tmp_path / "out")
