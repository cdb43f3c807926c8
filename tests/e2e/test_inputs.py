"""Data as people have it, built into whole reports: each format, wide tables and dates give the
report the bundled CSV gives (results.json, provenance aside).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.load import read_input
from tests.integration.test_inputs import (
    FORMATS,
    MODEL_KEYS,
    SLEEPSTUDY,
    assert_code_reproduces,
    build,
    dated,
    run_solution_code,
    sleepstudy,
    without_provenance,
    write_european,
    write_excel,
    write_wide,
)


@pytest.fixture(scope="module")
def csv_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build(tmp_path_factory.mktemp("csv"), "--data", str(SLEEPSTUDY))


@pytest.mark.slow
@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_builds_the_same_report_as_the_csv(
    kind: str, tmp_path: Path, csv_results: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, write, options = FORMATS[kind]
    path = write(tmp_path / name)
    # The seminar's zero-is-missing rule comes with the shipped file only; the same data in another
    # file asks for it, so that both reports rest on the same cleaning.
    config = tmp_path / "reportgen.toml"
    config.write_text("[data]\nzero_is_missing = true\n")
    results = build(tmp_path, "--data", str(path), "--config", str(config), *options)
    assert without_provenance(results) == without_provenance(csv_results)
    # The report's code reads the file as it is (read_excel, sep=";", ...) and reproduces it.
    assert_code_reproduces(run_solution_code(tmp_path / "out", tmp_path, monkeypatch), results)
    assert results["data"]["file"] == name
    expected_format = "csv" if kind == "european csv" else kind
    assert results["data"]["input"]["format"] == expected_format
    assert results["provenance"]["config"]["data_path"] == name


def test_provenance_shows_in_the_appendix_and_results(tmp_path: Path) -> None:
    table = read_input(write_excel(tmp_path / "data.xlsx"), sheet="Visits")
    assert table.provenance() == {
        "format": "excel",
        "format_name": "Excel",
        "sheet": "Visits",
        "encoding": None,
        "dialect": None,
    }


@pytest.mark.slow
def test_the_appendix_names_the_format_and_dialect(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = write_european(tmp_path / "data.csv")
    result = CliRunner().invoke(cli, ["build", "--format", "html", "--out", str(out), "--data", str(path)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text()
    appendix = html.split('id="appendix"', 1)[1]
    assert "<td>CSV</td>" in appendix
    assert "<td>utf-8-sig</td>" in appendix
    assert "semicolon-separated, decimal comma (sniffed)" in appendix


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["Day*", "Day0,Day1,...,Day9"])
def test_wide_data_give_the_same_models_as_long(
    spec: str, tmp_path: Path, csv_results: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_wide(tmp_path / "wide.csv")
    results = build(tmp_path, "--data", str(path), "--wide", spec)
    for key in MODEL_KEYS:
        assert results[key] == csv_results[key], key
    assert_code_reproduces(run_solution_code(tmp_path / "out", tmp_path, monkeypatch), results)
    assert results["data"]["wide"]["columns"] == [f"Day{d}" for d in range(10)]
    assert results["data"]["clean_rows"] == 180


@pytest.mark.slow
def test_a_report_from_dates_in_weeks(
    tmp_path: Path, csv_results: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dated.csv"
    dated(1).to_csv(path, index=False)
    results = build(tmp_path, "--data", str(path), "--date-unit", "weeks")
    assert_code_reproduces(run_solution_code(tmp_path / "out", tmp_path, monkeypatch), results)
    # Same data, time in weeks instead of days: the slope per week is 7 times the slope per day.
    assert results["ols"]["slope"] == pytest.approx(7 * csv_results["ols"]["slope"], rel=1e-9)
    assert results["random_intercept"]["slope"] == pytest.approx(
        7 * csv_results["random_intercept"]["slope"], rel=1e-6
    )
    assert results["report"]["labels"]["time"] == "Weeks since first visit"
    assert results["data"]["time_from_dates"]["unit"] == "weeks"


@pytest.mark.slow
def test_cohorts_of_an_spss_file_carry_its_labels_and_provenance(tmp_path: Path) -> None:
    import pyreadstat

    from reportgen.cohorts import build_cohorts

    data = sleepstudy().assign(site=lambda d: (d["Subject"] > 340).map({True: 2.0, False: 1.0}))
    path = tmp_path / "study.sav"
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels={
            "Reaction": "Mean reaction time",
            "Days": "Day",
            "Subject": "Participant",
            "site": "Site",
        },
    )
    config = make_config(data_path=path, out_dir=tmp_path / "out", formats=["html"])
    result = build_cohorts(config, by="site", jobs=1)
    assert [c.status for c in result.cohorts] == ["ok", "ok"]
    for slug in ("1", "2"):
        results = json.loads((tmp_path / "out" / slug / "results.json").read_text())
        assert results["data"]["input"]["format"] == "spss"
        assert results["report"]["labels"]["response"] == "Mean reaction time"
