"""Findings of the final read (statistician L, session 6): the templates read the model's names
from ``model_choice`` after 1.5 made ``model_choice.model`` the model stood on and kept the chosen
random effects in ``model_choice.random_effects``.

- A nested seminar report (``--group clinic/patient``) did not build: Going further 3 looked up
  the stood-on model's name ("multilevel") among the one-grouping random effects.
- "Is the trend straight?" printed its quadratic model with ``(1 | Mare)`` on Ovary, a curve stood
  on with random slopes, although its chi-squared (9.52, as R's) is the test with ``(Time | Mare)``.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from reportgen.config import make_config
from reportgen.examples import write_examples
from reportgen.pipeline import read_source, render_report
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow


def _text(page: str) -> str:
    page = re.sub(r'src="data:[^"]*"', "", page)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_a_nested_seminar_report_builds_and_names_the_model_with_every_level(tmp_path: Path) -> None:
    write_examples(tmp_path)
    config = make_config(
        data_path=tmp_path / "clinics.csv",
        response="score",
        time="month",
        group="clinic/patient",
        formats=["html"],
    )
    frame, source = read_source(config)
    report = render_report(frame, config, source)
    text = _text(report.files["report.html"].decode())
    assert "Every level: clinic, patient (the report's model)" in text


def test_the_trend_equation_shows_the_random_effects_its_test_used() -> None:
    frame = r_dataset("Ovary", "nlme")
    frame["Mare"] = frame["Mare"].astype(str)
    config = make_config(response="follicles", time="Time", group="Mare", formats=["html"])
    report = render_report(frame, config, {"file": "Ovary.csv", "sha256": ""})
    text = _text(report.files["report.html"].decode())
    assert "follicles ~ Time + I(Time^2) + (Time | Mare)" in text
    assert "I(Time^2) + (1 | Mare)" not in text
