"""Question 4's comparison names where it holds when the lines cross, and a 0/1 value is not read as
a time (statistician M, session 7, item 6: "id S25's line sits higher, by 0.76" for lines that cross;
"id S25 was measured at 0 and id S47 at 0" at visit 0)."""

from __future__ import annotations

from reportgen.narrative.pair_words import lines_cross, start_named
from reportgen.narrative.seminar import measured_pair
from reportgen.narrative.sentence import num


def test_crossing_lines_name_the_first_time_even_at_zero() -> None:
    assert lines_cross(0.76, -1.09) and lines_cross(-0.2, 0.3)
    assert not lines_cross(0.76, 0.2) and not lines_cross(-1.0, -3.0)
    assert start_named(0, crosses=True) and not start_named(0, crosses=False)
    assert start_named(14, crosses=False)


def test_a_whole_number_value_is_said_as_a_value() -> None:
    a, b = num("x", "a"), num("x", "b")
    said = measured_pair("id", "S25", "S47", a, b, several=False, whole=True)
    assert said == ("id S25's value there is ", a, " and id S47's is ", b)
    assert measured_pair("id", "S25", "S47", a, b, several=False)[0] == "id S25 was measured at "


def test_a_value_reads_as_a_time_only_inside_the_time_range() -> None:
    from reportgen.narrative.pair_words import reads_as_time

    assert reads_as_time((0.0, 1.0), 0.0, 5.0)  # a 0/1 response over visits 0 to 5
    assert not reads_as_time((32.0, 30.0), 118.0, 1582.0)  # Orange's circumferences at age 118
    assert not reads_as_time((250.8, 222.7), 0.0, 9.0) and not reads_as_time((None, 3.5), 0.0, 9.0)
