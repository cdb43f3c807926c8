"""The cohorts' cycles of ``reportgen cohorts --by grp --period 24`` (comparison.json's ``cycles``)
against lmerTest: the model of all cohorts is R's
``lmer(y ~ (sin(2 * pi * hour/24) + cos(2 * pi * hour/24)) * grp + (1 | subject))``, each cohort's
amplitude its delta-method contrast (``contest1D``), as tests/crosscheck/test_covariate_cycle.py
reads a covariate's cycles. The words: tests/integration/test_cohorts_cycle.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.analysis.models import LMER_CONTROL
from reportgen.cohorts.comparison import compare_cohorts
from reportgen.config import make_config
from reportgen.results import to_json_ready
from tests.crosscheck.test_covariate_cycle import CYCLE_R
from tests.support.daily_cycle import daily_cycle
from tests.support.r_run import run_r


def _close(ours: dict, theirs: dict) -> None:
    for field in ("estimate", "se", "ci_low", "ci_high"):
        assert ours[field] == pytest.approx(theirs[field], rel=1e-3, abs=1e-6), field
    assert ours["df"] == pytest.approx(theirs["df"], rel=2e-2)


def test_each_cohort_s_cycle_is_lmertest_s(tmp_path: Path) -> None:
    raw = daily_cycle()
    frames = {name: rows.drop(columns="grp") for name, rows in raw.groupby("grp")}
    config = make_config(
        data_path=tmp_path / "daily.csv",
        response="y",
        time="hour",
        group="subject",
        out_dir=tmp_path,
        period=24.0,
    )
    cycles = to_json_ready(compare_cohorts(frames, config, "grp"))["cycles"]

    frame = raw.rename(columns={"y": "response", "hour": "time", "subject": "group"})
    frame.to_csv(tmp_path / "data.csv", index=False, float_format="%.17g")
    (tmp_path / "cycle.R").write_text(CYCLE_R)
    run_r(tmp_path / "cycle.R", str(tmp_path / "data.csv"), str(tmp_path / "out.json"), LMER_CONTROL)
    theirs = json.loads((tmp_path / "out.json").read_text())

    _close(cycles["by_level"]["A"]["amplitude"], theirs["A"])
    _close(cycles["by_level"]["B"]["amplitude"], theirs["B"])
    _close(cycles["by_level"]["A"]["mean_level"], theirs["mean_A"])
    _close(cycles["amplitude_difference"]["B"], theirs["difference"])
    _close(cycles["mean_level_difference"]["B"], theirs["mean_difference"])
    assert cycles["by_level"]["A"]["peak_time"] == pytest.approx(theirs["peak_A"], abs=1e-3)
    assert cycles["by_level"]["B"]["peak_time"] == pytest.approx(theirs["peak_B"], abs=1e-3)
