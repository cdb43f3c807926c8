"""The wording findings of issue 21's seventh read, on the studies it read: Dialyzer (rate ~
pressure, QB), Rabbit (BPchange ~ Dose, Treatment), Soybean and clinics.csv. Each report is built
once, in memory; the rules themselves are unit-tested with their inputs flipped (tests/unit:
test_response_words, test_omitted_covariate, test_slope_spread, test_setting_words,
test_start_gap_reading, test_settings_shown_given)."""

from __future__ import annotations

import functools
import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.examples import write_examples
from reportgen.pipeline import read_source, render_report
from tests.crosscheck.test_reviewed_reports import built
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

STUDIES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "Dialyzer": ("nlme", "Dialyzer", {"response": "rate", "time": "pressure", "group": "Subject"}),
    "Rabbit": ("MASS", "Rabbit", {"response": "BPchange", "time": "Dose", "group": "Animal"}),
}
COVARIATE = {"Dialyzer": "QB", "Rabbit": "Treatment"}


def _text(page: str) -> str:
    page = re.sub(r'src="data:[^"]*"', "", page)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


@functools.cache
def report_text(study: str, profile: str = "seminar") -> str:
    """The report's words (whitespace collapsed), built with the study's covariate."""
    package, name, columns = STUDIES[study]
    frame = r_dataset(name, package)
    frame[columns["group"]] = frame[columns["group"]].astype(str)
    config = make_config(**columns, covariates=[COVARIATE[study]], profile=profile, formats=["html"])
    report = render_report(frame, config, {"file": f"{study}.csv", "sha256": ""})
    return _text(report.files["report.html"].decode())


def test_dialyzer_rate_response_is_told_apart_from_its_rate_of_change() -> None:
    text = report_text("Dialyzer")
    assert "its average value of rate rises over the observed pressures" in text
    assert "its average rate rises" not in text
    assert "the curve's average change in rate over the observed values of pressure" in text
    assert "curve's average rate over" not in text


def test_rabbit_names_the_left_out_treatment_as_the_first_remedy_and_counts_its_animals() -> None:
    text = report_text("Rabbit")
    assert "Treatment, given as a covariate that changes within a subject, is not in the model" in text
    assert "the first remedy is to add Treatment to the model" in text
    assert "each of the 5 animals" in text and "first 10" not in text
    assert "doubling doses do" not in text
    assert "a log of dose, as dose here runs over a factor of ten or more" in text


def test_dialyzer_between_subject_covariate_is_not_blamed() -> None:
    assert "given as a covariate that changes within" not in report_text("Dialyzer")  # QB: per subject


def test_rabbit_study_appendix_shows_only_given_settings() -> None:
    text = report_text("Rabbit", "study")
    settings = text[text.index("Settings:") :]
    assert "response_unit =" not in settings and "time_unit =" not in settings
    assert "--title" not in settings and "--author" not in settings


def test_soybean_own_slopes_from_0_28_to_0_42_are_not_similar() -> None:
    results, text = built("Soybean")
    first = results["first_subjects"]
    assert (first["slope_max"] - first["slope_min"]) / abs(results["ols"]["slope"]) > 0.2
    assert "the slopes vary moderately, from 0.28 to 0.42" in text
    assert "are similar, from" not in text
    assert "doubling doses do" not in text and "which it does not here" in text  # days start at 14


def test_clinics_start_in_the_lines_order_is_no_different_story(tmp_path: Path) -> None:
    write_examples(tmp_path)
    config = make_config(
        data_path=tmp_path / "clinics.csv", response="score", time="month", group="clinic/patient",
        formats=["html"],
    )  # fmt: skip
    frame, source = read_source(config)
    text = _text(render_report(frame, config, source).files["report.html"].decode())
    assert "different story at month 0" not in text
    assert "The data agree with the lines' order at month 0: patient C03/6 was measured at 48.20" in text
