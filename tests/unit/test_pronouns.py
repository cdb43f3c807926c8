"""reportgen.narrative.pronouns: "who" for people only; words.the_response_within: no "the y"."""

from __future__ import annotations

import pytest

from reportgen.narrative.pronouns import relative_pronoun
from reportgen.words import the_response_within


@pytest.mark.parametrize(
    ("label", "pronoun"),
    [
        ("Subject", "who"),
        ("patients", "who"),
        ("child", "who"),
        ("study participant", "who"),
        ("tree", "that"),
        ("Plant", "that"),
        ("Plot", "that"),
        ("Animal", "that"),
        ("ID", "that"),
    ],
)
def test_who_only_for_people(label: str, pronoun: str) -> None:
    assert relative_pronoun(label) == pronoun


def test_a_bare_column_name_reads_as_the_response() -> None:
    assert the_response_within("y") == "the response y"  # "fits ... to the y" read wrong
    assert the_response_within("weight") == "the weight"
    assert the_response_within("Reaction time") == "the reaction time"
