"""The `reportgen build` command building whole reports: files written, options honoured.

Its refusals (one `Error:` line, the old report untouched) are in tests/integration/test_cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import SLEEPSTUDY, run, write


def test_build_html_only(tmp_path: Path) -> None:
    code, _, err = run("build", "--out", str(tmp_path), "--format", "html")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures", "report.html", "results.json"]
    assert len(list((tmp_path / "figures").glob("*.png"))) == 15  # + trend test, residual checks, SD by time
    assert "Wrote report.html, results.json" in err


def test_user_pairs_are_used_and_said(tmp_path: Path) -> None:
    code, _, err = run(
        "build", "--out", str(tmp_path), "--format", "html", "--pair", "330,331", "--mixed-pair", "308,309"
    )
    assert code == 0, err
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["subject_pair"]["first"] == "330" and results["subject_pair"]["reason"] == "user"
    assert results["mixed_pair"]["second"] == "309"
    assert "chosen by the user" in (tmp_path / "report.html").read_text()


def test_engine_option_switches_engine_and_agrees(tmp_path: Path, results: dict) -> None:
    code, _, err = run("build", "--out", str(tmp_path), "--format", "html", "--engine", "statsmodels")
    assert code == 0, err
    other = json.loads((tmp_path / "results.json").read_text())
    assert other["random_slope"]["engine"] == "statsmodels" and results["random_slope"]["engine"] == "exact"
    for model in ("random_intercept", "random_slope"):
        for key in ("intercept", "slope", "group_var", "residual_var", "reml_criterion"):
            assert other[model][key] == pytest.approx(results[model][key], rel=1e-4), (model, key)


def test_no_code_leaves_out_the_solutions_code_not_the_handouts(tmp_path: Path, built_report: Path) -> None:
    assert (built_report / "report.html").read_text().count('<div class="code">') == 6
    code, _, err = run("build", "--out", str(tmp_path), "--format", "html", "--no-code", "--variant", "both")
    assert code == 0, err
    assert '<div class="code">' not in (tmp_path / "report.html").read_text()
    assert (tmp_path / "handout.html").read_text().count('<div class="code">') == 6


def test_rows_entered_twice_are_kept_and_said(tmp_path: Path) -> None:
    rows = SLEEPSTUDY.read_text().splitlines()
    data = write(tmp_path / "x.csv", "\n".join([*rows, *rows[1:4]]) + "\n")
    code, _, stderr = run("build", "--data", str(data), "--out", str(tmp_path / "out"), "--format", "html")
    assert code == 0, stderr
    assert stderr.splitlines()[1] == (
        "Warning: 3 rows repeat an earlier row exactly (same group, time and response) and are each kept "
        "as a measurement of its own; remove repeats entered by mistake"
    )
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["data"]["duplicate_rows"] == 3 and results["data"]["clean_rows"] == 183
    html = (tmp_path / "out" / "report.html").read_text()
    assert "kept rows repeat an earlier row exactly (same subject, days of sleep deprivation and" in html
