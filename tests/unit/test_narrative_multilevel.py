"""The words of the model at every level: flip the numbers, the words flip."""

from __future__ import annotations

import pytest

from reportgen.narrative.multilevel import (
    share_words,
    simplified_words,
    slope_sign_words,
    within_words,
)


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.62, "most of the variation"),
        (0.25, "a sizeable part of the variation"),
        (0.04, "little of the variation"),
    ],
)
def test_share_between_sites(share: float, words: str) -> None:
    assert share_words(share) == words


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [(0.2, 3.1, "would rise"), (-3.1, -0.2, "would fall"), (-0.5, 2.0, "could rise or fall")],
)
def test_a_new_sites_slope(low: float, high: float, words: str) -> None:
    assert slope_sign_words(low, high) == words


def test_the_subject_by_condition_term_is_said_with_the_datas_nouns() -> None:
    text = within_words("Dog", ("Side",))
    assert "dog x side term" in text and "tests side against it" in text
    assert within_words("Dog", ()) == ""


def test_a_left_out_slope_says_why() -> None:
    assert "singular" in simplified_words({"site": "singular"})
    assert "likelihood-ratio" in simplified_words({"site:patient": "not supported"})
    assert "slopes of the patients within sites were left out" in simplified_words(
        {"site:patient": "not supported"}
    )
    assert "slopes of the sites were left out" in simplified_words({"site": "singular"})
    assert simplified_words({}) == ""
