"""A figure's alt text names the average response as a value, not a change, when the response is
called "rate" (statistician M, session 7, item 4: Dialyzer's "Right: the average change in rate over
pressure" described a panel of the average rate itself)."""

from __future__ import annotations

from reportgen.narrative.response_words import average_response, on_response


def test_the_average_rate_panel_is_the_average_value_of_rate() -> None:
    alt = f"Right: {average_response('rate', 'the')} over pressure with the straight line"
    said = on_response(alt, "rate")
    assert said.startswith("Right: the average value of rate over pressure") and "change in" not in said


def test_another_response_keeps_its_plain_average() -> None:
    assert average_response("weight", "the") == "the average weight"
    assert average_response("weight") == "its average weight"
