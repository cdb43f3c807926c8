"""What the last careless-user round left open (issue 23, item 8): each refused with one line,
before any model is fitted, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["build", "--bogus"], "No such option '--bogus'"),
        (["bogus"], "No such command 'bogus'"),
        (["templates", "export"], "Missing argument 'FOLDER'; see '"),
        (["build", "--format", "xx"], "Invalid value for '--format'"),
    ],
)
def test_a_usage_error_is_one_line_without_clicks_usage_block(args: list[str], says: str) -> None:
    run = run_cli(*args)
    lines = [line for line in run.stderr.splitlines() if line]
    assert run.code == 2 and len(lines) == 1, run.stderr
    assert (
        lines[0].startswith("Error: ")
        and says in lines[0]
        and "--help'" in lines[0]
        and "Usage" not in run.stderr
    )


def test_separator_with_a_workbook_is_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "data.xlsx"
    sleepstudy().to_excel(workbook, index=False)
    run = run_cli("build", "--data", str(workbook), "--separator", ";", "--out", str(tmp_path / "out"))
    assert_one_error(run, "--separator applies to CSV and other text files", "is Excel; drop --separator")
    assert not (tmp_path / "out").exists()


def test_a_hyphen_before_a_wide_columns_number_is_not_guessed(tmp_path: Path) -> None:
    frame = sleepstudy().pivot(index="Subject", columns="Days", values="Reaction")
    frame.columns = ["Day-3" if day == 0 else f"Day{day}" for day in frame.columns]
    data = csv(tmp_path, frame.reset_index())
    run = run_cli(
        "build", "--data", data, "--wide", "Day*", "--response", "Reaction", "--time", "Days",
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert_one_error(
        run, "wide column 'Day-3'", "may be a minus sign (time -3) or a separator", "--wide-times"
    )


def test_a_large_offset_with_real_spread_is_not_called_constant(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy(Reaction=lambda f: 1e12 + f.Reaction))
    run = run_cli("build", "--data", data, "--out", str(tmp_path / "out"))
    line = assert_one_error(run, "column 'Reaction' varies by 272 around 1e+12", "subtract a constant first")
    assert "same value" not in line


def test_cohorts_by_a_covariate_is_refused_up_front(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy(Sex=lambda f: (f.Subject % 2).map({0: "F", 1: "M"})))
    run = run_cli(
        "cohorts", "--data", data, "--by", "Sex", "--covariate", "Sex", "--out", str(tmp_path / "o")
    )
    assert_one_error(run, "--by 'Sex' is also a --covariate", "leave out --covariate Sex")
    assert not (tmp_path / "o").exists()


def test_failed_cohorts_are_named_in_the_one_error_line_without_v(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy())
    (tmp_path / "reportgen.toml").write_text(
        f'[report]\nformats = ["html"]\nout = "site"\n\n[data]\npath = "{Path(data).name}"\n\n'
        '[[cohort]]\nname = "Ghosts"\ngroups = ["998"]\n\n[[cohort]]\nname = "Others"\ngroups = ["999"]\n'
    )
    run = run_cli("cohorts", "--config", str(tmp_path / "reportgen.toml"))
    line = assert_one_error(
        run, "all 2 cohorts failed (see", "cohort 'Ghosts' failed: ", "(and 1 more; -v lists each)"
    )
    assert "998" in line


def test_visits_before_the_study_start_are_refused(tmp_path: Path) -> None:
    import pandas as pd

    frame = sleepstudy()
    frame["Date"] = (pd.Timestamp("2024-03-01") + pd.to_timedelta(frame.Days, "D")).dt.strftime("%Y-%m-%d")
    data = csv(tmp_path, frame.drop(columns="Days"))
    run = run_cli(
        "build", "--data", data, "--time", "Date", "--study-start", "2024-03-05", "--out", str(tmp_path / "o")
    )
    assert_one_error(
        run, "72 dates in column 'Date' are before --study-start 2024-03-05", "line 2: 2024-03-01"
    )
    from reportgen.config import make_config
    from reportgen.prepare import time_from_dates

    config = make_config(data_path=Path(data), time="Date", study_start="2024-03-01")
    elapsed, _, origin = time_from_dates(pd.read_csv(data, dtype=str), config)
    assert origin == "2024-03-01" and elapsed["Date"].min() == 0


def test_a_covariate_beyond_the_arithmetics_range_is_refused_not_called_collinear(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy(Big=lambda f: f.Subject * 1e297))
    run = run_cli("build", "--data", data, "--covariate", "Big", "--out", str(tmp_path / "o"))
    line = assert_one_error(run, "covariate 'Big' has values as large as 3.72e+299", "rescale it")
    assert "collinear" not in line and len(line) < 300


@pytest.mark.parametrize("epoch", ["²", "99999999999999999", "-5", "1e9"])
def test_a_bad_source_date_epoch_is_one_line_before_any_work(
    epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = run_cli("build", "--out", str(tmp_path / "o"), "--format", "html")
    line = assert_one_error(run, "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC")
    assert "model" not in line


def test_source_date_epoch_gives_the_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen.provenance import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date().isoformat() == "2023-11-14"


@pytest.mark.parametrize("times", ["nan,1", "1,inf"])
def test_wide_times_must_be_finite(times: str, tmp_path: Path) -> None:
    frame = sleepstudy().pivot(index="Subject", columns="Days", values="Reaction").iloc[:, :2]
    frame.columns = ["a", "b"]
    data = csv(tmp_path, frame.reset_index())
    run = run_cli(
        "build", "--data", data, "--wide", "a,b", f"--wide-times={times}", "--out", str(tmp_path / "o")
    )
    assert_one_error(run, "a list of finite numbers (no nan or inf)")


def test_templates_export_into_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    run = run_cli("templates", "export", str(tmp_path / ("a" * 300)))
    assert_one_error(run, "cannot write", "File name too long")
