"""The statistician's nested study (3 sites x 10 patients x 5 visits, site as covariate): the words
their read found false now follow the numbers (issue 21)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.support.nested import nested_sites

pytestmark = pytest.mark.slow


@functools.cache
def _built(first_visit: int = 1) -> tuple[dict[str, Any], str, str]:
    """results.json, the report's text (whitespace collapsed) and its HTML, visits from ``first_visit``."""
    frame = nested_sites()
    frame["visit"] = frame["visit"] - 1 + first_visit
    config = make_config(
        response="score", time="visit", group="patient", covariates=["site"], formats=["html"]
    )
    report = render_report(frame, config, {"file": "nested.csv", "sha256": ""})
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    return report.results, re.sub(r"\s+", " ", text), page


def test_the_random_slope_fit_is_singular_and_gives_no_range_of_rates() -> None:
    results, text, _ = _built()
    assert results["random_slope"]["singular"]
    assert "95% of patients are expected between" not in text
    assert "this standard deviation is not a finding" in text


def test_the_icc_is_a_share_of_variance_not_a_grade() -> None:
    results, text, _ = _built()
    icc = results["random_intercept"]["icc"]
    assert 0.6 < icc < 0.75
    assert "about two thirds of it lies between patients" in text
    assert not re.search(r"intraclass correlation\): [^.]*\b(moderate|strong|weak)\b", text)


def test_the_serial_correlation_is_read_against_its_expected_value() -> None:
    results, text, _ = _built()
    d = results["diagnostics"]
    m = 5
    # Patients differ much, so the expected value is near -1/(m - 1) = -0.25, clearly below 0.
    assert -0.25 <= d["serial_expected"] < -0.2 and d["serial_expected"] == pytest.approx(
        -1 / (m - 1), abs=0.05
    )
    assert "independent errors would give about" in text and "a small negative value is expected" not in text


def test_a_first_visit_at_zero_shows_the_start_test_once() -> None:
    results, _, page = _built(first_visit=0)
    tests = re.search(r"Tests of site.*?</table>", page, flags=re.S)
    assert tests is not None
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", tests.group(0))
    cells = [re.sub(r"<[^>]+>", "", row) for row in rows]
    shown = [re.sub(r"^.*?\(([^()]*)\)(?=\S)", "", row) for row in cells]  # statistic, df and p
    assert len(shown) == len(set(shown)), cells  # no test twice under two labels
    assert any("type-III main effect: at visit 0, the first observed time" in row for row in cells)
    site = results["covariates"]["site"]
    assert site["main_test"]["F"] == pytest.approx(site["difference_at_start"]["F"])  # the same test
