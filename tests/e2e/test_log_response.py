"""A report built with --log-response: every model on log(response), its solution code reproducing
the report's numbers on the log scale, and the words reading the slope as a ratio."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_handout import code_blocks
from tests.support.contract import run_cli

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def logged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("log") / "report"
    run = run_cli("build", "--out", str(out), "--format", "html", "--log-response")
    assert run.code == 0, run.stderr
    return out


def test_the_solution_code_takes_the_log_and_gives_the_reports_numbers(
    logged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results: dict[str, Any] = json.loads((logged / "results.json").read_text())
    monkeypatch.chdir(REPO / "data")
    namespace: dict[str, Any] = {}
    try:
        for block in code_blocks(logged / "report.html")[:3]:
            exec(compile(block, "<solution>", "exec"), namespace)  # noqa: S102 (the point of the test)
    finally:
        plt.close("all")
    assert len(namespace["clean"]) == results["data"]["clean_rows"]
    assert namespace["ols"].params.iloc[1] == pytest.approx(results["ols"]["slope"], rel=1e-10)
    assert results["ols"]["intercept"] < 10  # log milliseconds, not milliseconds


def test_the_words_read_the_log_scale(logged: Path) -> None:
    results: dict[str, Any] = json.loads((logged / "results.json").read_text())
    d = results["diagnostics"]
    assert d["spread_remedy"] == "log_applied" and d["spread_log"]["applied"]
    assert d["spread_log"]["slope_ratio"] == pytest.approx(math.exp(results[d["model"]]["slope"]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (logged / "report.html").read_text()))
    assert "fitted to log reaction time (--log-response)" in text
    assert "reaction time is multiplied by" in text and "per day" in text
    assert results["provenance"]["config"]["log_response"] is True
