"""A response named like a change word ("rate"): its level and its rate of change are told apart
(issue 21, Dialyzer: "its average rate rises ... 2.21" read as the rate of change)."""

from __future__ import annotations

import pytest

from reportgen.narrative.response_words import (
    average_response,
    names_change,
    on_response,
    sentence_on_response,
)
from reportgen.narrative.sentence import num


@pytest.mark.parametrize(
    ("label", "collides"),
    [("rate", True), ("Rate", True), ("heart rate", True), ("Slope", True), ("levels", True),
     ("weight", False), ("BPchange", False), ("Reaction", False), ("uptake", False)],
)  # fmt: skip
def test_names_change_finds_the_report_change_words_in_the_label(label: str, collides: bool) -> None:
    assert names_change(label) is collides


def test_the_level_of_a_rate_named_response_is_said_as_its_value() -> None:
    assert average_response("weight") == "its average weight"
    assert average_response("rate") == "its average value of rate"


def test_rate_of_change_phrases_are_rewritten_only_for_a_rate_named_response() -> None:
    text = (
        "With these random effects the curve's average rate over the observed times is; "
        "this is the rate the report's summaries use; so no rate is read from it; "
        "once each subject may have its own rate; no range of rates is drawn; "
        "the straight-line slopes are average rates, and the headline rate is the curve's."
    )
    rate = on_response(text, "rate")
    assert "the curve's average change in rate over" in rate
    assert "this is the rate of change the report's" in rate
    assert "no rate of change is read" in rate and "its own rate of change;" in rate
    assert "no range of rates of change is drawn" in rate
    assert "are average changes in rate, and the headline rate of change is" in rate
    assert on_response(text, "weight") == text  # the same words for any other response


def test_rewrite_keeps_capitals_and_phrases_already_unambiguous() -> None:
    assert on_response("Average rate over the range", "rate") == "Average change in rate over the range"
    assert on_response("the average rate of change", "rate") == "the average rate of change"
    assert on_response("a separate rate", "rate") == "a separate rate"  # not a listed phrase


def test_sentence_parts_are_rewritten_and_numbers_kept() -> None:
    number = num("trend", "curve", "change", "estimate")
    sentence = ("The average rate is ", number, " per unit.")
    assert sentence_on_response(sentence, "rate") == ("The average change in rate is ", number, " per unit.")
    assert sentence_on_response(sentence, "weight") is sentence
