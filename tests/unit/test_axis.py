"""reportgen.narrative.axis: "time" only when the axis is time; flip the axis, the words flip."""

from __future__ import annotations

import pytest

from reportgen.narrative.axis import is_time_axis, on_axis, sentence_on_axis
from reportgen.narrative.sentence import num


@pytest.mark.parametrize(
    ("label", "unit"),
    [("Days", ""), ("Time", ""), ("age", ""), ("period", ""), ("visit_no", ""), ("t2", "week")],
)
def test_time_like_names_and_units_are_time(label: str, unit: str) -> None:
    assert is_time_axis(label, unit)


@pytest.mark.parametrize(
    ("label", "unit"), [("conc", ""), ("pressure", "mmHg"), ("Dose", "mg"), ("Dose", "")]
)
def test_concentration_pressure_and_dose_are_not_time(label: str, unit: str) -> None:
    assert not is_time_axis(label, unit)


def test_time_phrases_are_said_of_the_axis_only_when_it_is_not_time() -> None:
    text = (
        "at conc 95, the first observed time, the spread grows with time; averaged at each time, "
        "outside the observed times, about 4.7 times as steep"
    )
    said = on_axis(text, "conc")
    assert said == (
        "at conc 95, the lowest observed conc, the spread grows with conc; averaged at each value of conc, "
        "outside the observed values of conc, about 4.7 times as steep"
    )
    assert on_axis(text, "Days") == text  # the flip: a time axis keeps "time"
    assert on_axis("the rise slows over time", "Dose") == "the rise slows as dose increases"


def test_a_sentences_numbers_are_left_alone() -> None:
    sentence = ("Against time, ", num("diagnostics", "funnel_rho"), " with time")
    assert sentence_on_axis(sentence, "pressure") == ("Against pressure, ", sentence[1], " with pressure")
    assert sentence_on_axis(sentence, "Time") == sentence


def test_the_whole_period_and_figure_captions_are_said_of_the_axis() -> None:
    # Statistician review (Rabbit, axis Dose): "straight lines fitted to the whole period" and the
    # caption "Residual standard deviation at each time".
    text = "straight lines fitted to the whole period"
    assert on_axis(text, "Dose") == "straight lines fitted to the whole range of dose"
    assert on_axis(text, "Time") == text
    assert on_axis("Residual standard deviation at each time", "Dose") == (
        "Residual standard deviation at each value of dose"
    )
    binned = "Residual standard deviation at each bin of time (its mean time)"
    assert on_axis(binned, "conc") == "Residual standard deviation at each bin of conc (its mean conc)"
    assert on_axis(binned, "Days") == binned


def test_the_spread_remedy_origin_and_bins_are_said_of_a_non_time_axis() -> None:
    text = (
        "unreliable (too small for early times and too large for late ones); it changes with where time "
        "is counted from; at each bin of time (its mean time); Residuals against time"
    )
    said = on_axis(text, "conc")
    assert "time" not in said.replace("times", "")
    assert "too small for low values of conc and too large for high ones" in said
    assert "with where conc is counted from" in said and "each bin of conc (its mean conc)" in said
    assert on_axis(text, "Days") == text  # the flip: a time axis keeps its words
