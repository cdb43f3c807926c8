"""reportgen.narrative.axis: speed and start are time's words (issue 21, fifth read: Rabbit's Dose,
Dialyzer's pressure). The one rule ``is_time_axis`` decides; flip the axis, the words flip."""

from __future__ import annotations

import pytest

from reportgen.config import Labels
from reportgen.mail.compose import key_findings
from reportgen.narrative.axis import axis_ends, on_axis

# Sentences of the Rabbit and Dialyzer reports, as the rules write them for a time axis.
SENTENCES = {
    "Individuals differ mainly in how fast they change, which is the structure": (
        "Individuals differ mainly in how steeply they change with dose, which is the structure"
    ),
    "animals differ only in where they start, not in how fast they change.": (
        "animals differ only in their level at the lowest dose, not in how steeply they change with dose."
    ),
    "only in the middle of the observed times: at the first and the last the 95% intervals include 0.": (
        "only in the middle of the observed values of dose: at the lowest and the highest dose "
        "the 95% intervals include 0."
    ),
    "-0.04 at dose 6.25 (the first), 21.27 at dose 100 and 26.92 at dose 200 (the last), a change": (
        "-0.04 at dose 6.25 (the lowest), 21.27 at dose 100 and 26.92 at dose 200 (the highest), a change"
    ),
    "and -0.62 at dose 200, the last (change -0.92": "and -0.62 at dose 200, the highest (change -0.92",
    "R1's line is steeper: it rises faster, by 0.09": "R1's line is steeper: it rises more steeply, by 0.09",
    "At the start (dose 6.25), animal R1's values": "At the lowest dose (dose 6.25), animal R1's values",
    "These animals change at different rates, so": "These animals change at different rates with dose, so",
    "Difference at the first, average and last observed dose": (
        "Difference at the lowest, average and highest observed dose"
    ),
}


@pytest.mark.parametrize(("timed", "said"), SENTENCES.items())
def test_speed_and_start_are_said_of_a_dose(timed: str, said: str) -> None:
    assert on_axis(timed, "Dose") == said
    assert on_axis(timed, "Days") == timed  # the flip: a time axis keeps its words


def test_pressure_with_a_unit_is_not_time_but_hours_are() -> None:
    text = "subjects differ in how fast they change"
    assert on_axis(text, "pressure", "mmHg") == "subjects differ in how steeply they change with pressure"
    assert on_axis(text, "t", "hours") == text


def test_the_axis_ends_are_first_and_last_only_in_time() -> None:
    assert axis_ends("Days") == ("first", "last")
    assert axis_ends("conc") == ("lowest", "highest")


def _labels(time: str) -> Labels:
    return Labels(response="BPchange", response_unit="", time=time, time_unit="", group="Animal")


def test_the_emails_start_is_the_lowest_dose() -> None:
    assert [f.label for f in key_findings(_labels("Days"))][2] == "Average start"
    assert [f.label for f in key_findings(_labels("Dose"))][2] == "Average at the lowest dose"
