"""A residual SD "the same at every time" is said of the axis when it is not time (statistician M,
session 7, item 5: CO2's axis is the CO2 concentration conc)."""

from __future__ import annotations

from reportgen.narrative.axis import on_axis

SENTENCE = "most of the model's figure is its one residual standard deviation, the same at every time"


def test_every_time_is_every_value_of_conc() -> None:
    said = on_axis(SENTENCE, "conc")
    assert said.endswith("the same at every value of conc") and "every time" not in said


def test_time_keeps_every_time() -> None:
    assert on_axis(SENTENCE, "Time", "days") == SENTENCE
