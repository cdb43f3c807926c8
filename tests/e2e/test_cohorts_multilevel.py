"""`reportgen cohorts --by site` on a multi-site study: the random-site comparison and its forest plot.

One build of a seeded nested study (six sites, patients within them, ``tests/support/nested.py``);
the model's numbers are checked against lme4 in tests/crosscheck/test_cohorts_multilevel.py.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from reportgen.numbers import format_number
from reportgen.schemas import validate_file
from tests.integration.test_cohorts import invoke
from tests.support.nested import simulate_nested


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("multisite")
    csv = folder / "nested.csv"
    simulate_nested(11, 6, 6, 5).to_csv(csv, index=False)
    out = folder / "out"
    result = invoke(
        "cohorts", "--by", "site", "--data", str(csv), "--response", "score", "--time", "month",
        "--group", "patient", "--format", "html", "--jobs", "2", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_comparison_is_the_random_site_model(built: Path) -> None:
    assert validate_file(built / "comparison.json")[0] == "comparison"
    comparison = json.loads((built / "comparison.json").read_text())
    assert comparison["structure"] == "random"
    # one model-choice rule with --group site/patient: the patients' slopes are not supported here
    assert comparison["formula"] == "score ~ month + (month | site) + (1 | site:patient)"
    assert set(comparison["random"]) == {"intercept_sd", "slope_sd"}
    assert list(comparison["slope_by_cohort"]) == [f"S0{k}" for k in range(1, 7)]
    low, high = comparison["prediction_interval"]["low"], comparison["prediction_interval"]["high"]
    assert low < comparison["mean_slope"]["estimate"] < high


def test_index_shows_the_sites_forest_plot_with_numbers_in_its_alt_text(built: Path) -> None:
    page = (built / "index.html").read_text()
    comparison = json.loads((built / "comparison.json").read_text())
    figure = re.search(
        r'<figure id="fig-site-slopes">\s*<img src="data:image/png;base64,[^"]+" alt="([^"]+)"', page
    )
    assert figure is not None
    alt = html.unescape(figure.group(1))
    interval = comparison["prediction_interval"]
    for value in (comparison["mean_slope"]["estimate"], interval["low"], interval["high"]):
        assert format_number(value, "fixed", 2) in alt
    assert "6 sites" in alt and "a new site's slope" in alt
    assert "6 sites: enough to estimate how much sites vary, so site is a random effect" in page
