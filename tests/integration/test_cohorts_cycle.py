"""``reportgen cohorts --by grp --period 24`` on the seeded daily cycle (tests/support/daily_cycle.py):
comparison.json compares the cohorts by their cycles (amplitude, mean level, peak) and writes no
slope; sites that would be random effects are fixed ones when a period is given (the sites'
multilevel model fits straight lines); the index tells cycles, with no rate in its comparison.
The numbers against lme4: tests/crosscheck/test_cohorts_cycle.py."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.cohorts.comparison import compare_cohorts
from reportgen.cohorts.index import render_index
from reportgen.cohorts.manifest import CohortOutcome, CohortsResult
from reportgen.config import make_config
from reportgen.results import to_json_ready
from reportgen.schemas import check_document
from tests.support.daily_cycle import daily_cycle


def _config(tmp_path: Path, period: float | None = 24.0) -> Any:
    return make_config(
        data_path=tmp_path / "daily.csv",
        response="y",
        time="hour",
        group="subject",
        out_dir=tmp_path,
        period=period,
    )


def _by(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    return {str(name): rows.drop(columns=column) for name, rows in frame.groupby(column)}


@pytest.fixture(scope="module")
def comparison(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("cycle")
    document = to_json_ready(compare_cohorts(_by(daily_cycle(), "grp"), _config(tmp_path), "grp"))
    check_document(document, "comparison")
    return document


def test_cohorts_on_a_cycle_are_compared_by_their_cycles(comparison: dict[str, Any]) -> None:
    assert comparison["structure"] == "fixed"
    assert "slope_by_cohort" not in comparison  # a rate, which a cycle does not have
    cycles = comparison["cycles"]
    assert cycles["period"] == 24.0 and cycles["reference"] == "A"
    a, b = (cycles["by_level"][level] for level in ("A", "B"))
    assert 0 < a["amplitude"]["ci_low"] < a["amplitude"]["estimate"] < b["amplitude"]["ci_low"]
    assert cycles["amplitude_difference"]["B"]["ci_low"] > 0  # simulated 0.3 and 0.6
    assert comparison["interaction_test"]["p"] < 0.001  # the cohort x sine and cosine terms


def test_sites_with_a_period_are_compared_as_fixed_effects(tmp_path: Path) -> None:
    frame = daily_cycle().assign(site=lambda d: "S" + (d["subject"].str[1:].astype(int) % 6).astype(str))
    document = to_json_ready(
        compare_cohorts(_by(frame.drop(columns="grp"), "site"), _config(tmp_path), "site")
    )
    check_document(document, "comparison")
    assert document["structure"] == "fixed" and "cycles" in document
    assert document["structure_reason"].startswith("6 sites and a period given")
    assert "mean_slope" not in document and "slope_by_cohort" not in document


def _summary(amplitude: dict[str, Any]) -> dict[str, Any]:
    return {
        "data": {"rows": 375, "clean_rows": 375, "groups": 15},
        "headline": {
            "model": "m",
            "slope": 0.003,
            "slope_ci_low": 0.001,
            "slope_ci_high": 0.005,
            "slope_df": 9.0,
        },
        "model_choice": {"stands_on": "m", "intercept_sd": 0.2, "residual_sd": 0.1},
        "trend": {"curve": {"cycle": {"period": 24.0, "amplitude": amplitude, "peak_time": 16.0}}},
    }


def test_the_index_tells_the_cohorts_cycles_and_no_rate(comparison: dict[str, Any], tmp_path: Path) -> None:
    cohorts = tuple(
        CohortOutcome(name, name.lower(), "ok", None, None, None, (), 0.1, _summary(amplitude))
        for name, amplitude in (
            ("A", {"estimate": 0.29, "ci_low": 0.27, "ci_high": 0.30}),
            ("B", {"estimate": 0.58, "ci_low": 0.55, "ci_high": 0.60}),
        )
    )
    page = render_index(CohortsResult(tmp_path, "grp", cohorts), _config(tmp_path), comparison)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", page)))
    assert "Do the cohorts' cycles differ?" in text
    assert "there is strong evidence that the cycle (its amplitude, mean level or peak time) differs" in text
    assert "amplitude 0.29" in text and "amplitude 0.58" in text  # each cohort's row: no slope 0.0030
    assert "Amplitude 95% CI Intercept SD" in text and "Average slope" not in text  # the column's head
    assert "Amplitude of the cycle (y) in each cohort" in text  # the forest draws amplitudes
    comparison_section = text[text.index("Do the cohorts' cycles differ?") :]
    for rate_words in ("slope (", "rate of change", "per unit", "Slope"):
        assert rate_words not in comparison_section
    assert re.search(r'alt="Amplitude of the cycle of 2 cohorts', page)
