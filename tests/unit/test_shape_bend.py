"""How the chosen curve bends, read from the curve itself (analysis.shape.bend_of) and worded
(narrative.model_rules.curve_bend): flip the curve, the words flip. Soybean's S-shaped spline was
worded from the parabola's sign ("the rise speeds up over time"); R's check is in
tests/crosscheck/test_curve_reading.py."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis.shape import bend_of
from reportgen.narrative.model_rules import curve_bend
from reportgen.narrative.sentence import Num
from reportgen.narrative.shape import fastest_parts, line_level_note

T = np.linspace(14.0, 84.0, 401)


def logistic(t: np.ndarray) -> np.ndarray:
    return 20.0 / (1.0 + np.exp(-(t - 52.0) / 8.0))


@pytest.mark.parametrize(
    ("levels", "kind"),
    [
        (logistic(T), "s_shaped"),  # a growth curve: speeds up, then slows
        (-logistic(T), "s_shaped"),  # the same, falling
        (np.exp(T / 20.0), "speeds_up"),
        (-np.exp(T / 20.0), "speeds_up"),  # a fall that speeds up
        (np.log(T), "slows"),
        (1.0 - np.exp(-(T - 14.0) / 8.0), "levels_off"),  # rate at the end near 0
        ((T - 49.0) ** 3 / 1000.0 + 0.5 * T, "slows_then_speeds_up"),
        (3.0 + 0.3 * T, "steady"),
        (0.3 * T + 0.0001 * (T - 49.0) ** 2, "steady"),  # a bend far too small to word
    ],
)
def test_bend_is_read_from_the_curves_own_rate(levels: np.ndarray, kind: str) -> None:
    assert bend_of(T, levels)[0] == kind


def test_an_s_shape_names_where_it_changes_fastest() -> None:
    kind, index = bend_of(T, logistic(T))
    assert kind == "s_shaped" and index is not None
    assert T[index] == pytest.approx(52.0, abs=0.2)
    shifted = bend_of(T, 20.0 / (1.0 + np.exp(-(T - 40.0) / 8.0)))[1]
    assert shifted is not None and T[shifted] == pytest.approx(40.0, abs=0.2)
    assert bend_of(T, np.exp(T / 20.0))[1] is None  # only an S shape has an inside fastest point


def test_a_flat_curve_has_no_direction_to_read() -> None:
    assert bend_of(T, np.cos((T - 14.0) / 70.0 * 2 * np.pi)) == ("", None)


def test_curve_words_flip_with_the_curve() -> None:
    assert curve_bend("s_shaped", True) == "the rise speeds up, then slows"
    assert curve_bend("s_shaped", False) == "the fall speeds up, then slows"
    assert curve_bend("speeds_up", True) == "the rise speeds up over time"
    assert curve_bend("slows", True) == "the rise slows over time"
    assert curve_bend("levels_off", True) == "the rise levels off"
    assert curve_bend("slows_then_speeds_up", False) == "the fall slows, then speeds up again"
    assert curve_bend("steady", True) == "the rise keeps a nearly steady pace"


def test_a_curve_that_turns_back_says_so_first() -> None:
    assert curve_bend("levels_off", True, "peak") == "a rise turns into a fall"
    assert curve_bend("levels_off", False, "trough") == "a fall turns into a rise"


def test_only_an_s_shape_names_its_fastest_time() -> None:
    parts = fastest_parts("s_shaped", True, "day")
    assert parts[0] == "; it rises fastest at day " and isinstance(parts[1], Num)
    assert parts[1].path == ("trend", "curve", "fastest_time")
    assert fastest_parts("s_shaped", False, "day")[0] == "; it falls fastest at day "
    assert fastest_parts("speeds_up", True, "day") == ()


def test_a_straight_summarys_level_is_said_to_be_a_lines_on_a_curve() -> None:
    # Soybean: the straight-line version's level at day 14 is -2.60, weights start at 0.03.
    note = line_level_note(-2.60, -0.04, 0.03, "-0.04")
    assert note == (
        " (a straight line's level and below every measured value; the curve the report stands on "
        "is at -0.04 there)"
    )
    assert "below every measured value" not in line_level_note(2.60, 3.1, 0.03, "3.10")
    assert "below every measured value" not in line_level_note(-2.60, -0.04, -5.0, "-0.04")
    assert line_level_note(-2.60, None, 0.03, "") == ""  # a straight trend: the line is the model
