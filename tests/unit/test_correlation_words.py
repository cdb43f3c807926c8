"""Question 2's correlation words (reportgen/narrative/correlation_words.py): each reading flips with
its input, English keeps its agreement with the labels, and German writes whole German phrases."""

from __future__ import annotations

import pytest

from reportgen.i18n import gettext, speaking
from reportgen.narrative.correlation_words import (
    POOLED_TRENDS,
    RELATIONSHIPS,
    WITHIN_TRENDS,
    pooled_meaning,
    pooled_sentence,
    relationship_words,
    within_meaning,
    within_sentence,
)
from reportgen.narrative.rules import correlation_disagreement
from reportgen.narrative.sentence import num

NOUNS = {"group": "subject", "time": "days", "response": "reaction time", "in_each_group": "je subject"}


@pytest.mark.parametrize(
    ("r", "english", "german"),
    [
        (0.54, "a moderate positive relationship", "ein mäßiger positiver Zusammenhang"),
        (-0.54, "a moderate negative relationship", "ein mäßiger negativer Zusammenhang"),
        (0.72, "a strong positive relationship", "ein starker positiver Zusammenhang"),
        (0.2, "a weak positive relationship", "ein schwacher positiver Zusammenhang"),
        (0.0, "a negligible no relationship", "kein Zusammenhang"),
    ],
)
def test_the_relationship_flips_with_size_and_sign(r: float, english: str, german: str) -> None:
    assert relationship_words(r) == english
    with speaking("de"):
        assert relationship_words(r) == german


def test_the_pooled_reading_follows_the_sign_and_the_labels_number() -> None:
    assert pooled_meaning(0.5, "days", "reaction time", True, False) == (
        "as days increase, reaction time tends to rise"
    )
    assert pooled_meaning(-0.5, "age", "follicles", False, True) == "as age increases, follicles tend to fall"
    assert pooled_meaning(0.05, "days", "weight", True, False) == (
        "pooled over all rows there is hardly any linear relationship"
    )
    with speaking("de"):
        assert pooled_meaning(-0.5, "Tage", "Gewicht", True, False) == (
            "mit wachsendem Wert von Tage fällt Gewicht tendenziell"
        )


def test_the_within_reading_needs_a_clear_test() -> None:
    assert within_meaning(0.7, 0.001, NOUNS, True, False) == (
        "inside each subject, reaction time tends to rise as days increase"
    )
    assert within_meaning(0.7, 0.3, NOUNS, True, False) == (
        "inside each subject there is no clear linear relationship (the test could be chance)"
    )
    assert within_meaning(0.01, 0.001, NOUNS, True, False) == (
        "inside each subject there is hardly any linear relationship"
    )
    with speaking("de"):
        assert within_meaning(
            0.7, 0.3, {"group": "Proband", "time": "Tage", "response": "y"}, True, False
        ).startswith(
            "je Proband gibt es keinen klaren"  # no gender given: no article (group_forms)
        )


def test_every_agreement_case_has_its_own_english_and_a_german_entry() -> None:
    for table in (POOLED_TRENDS, WITHIN_TRENDS):
        assert len(set(table.values())) == 8
        with speaking("de"):
            german = [gettext(table[key]) % NOUNS for key in table]
        assert not any(" to " in text for text in german)
    assert len(set(RELATIONSHIPS.values())) == len(RELATIONSHIPS)


def test_the_sentences_keep_their_numbers_as_references_in_both_languages() -> None:
    r = num("describe", "correlation")
    english = pooled_sentence(
        r, "as days increase, y tends to rise", "a moderate positive relationship", "d", "y"
    )
    assert english == (
        "The Pearson correlation between d and y over all rows is ",
        r,
        ": a moderate positive relationship; as days increase, y tends to rise.",
    )
    p = ("p ", num("describe", "within_correlation_p", style="p"))
    with speaking("de"):
        german = within_sentence(r, p, "m", "ein starker positiver Zusammenhang", "Proband", "Probanden")
    assert german[0].startswith("Innerhalb der Probanden (die Messwiederholungskorrelation")
    assert german[1:4] == (r, " (p ", p[1])
    assert german[-1] == "): ein starker positiver Zusammenhang; m."


@pytest.mark.parametrize(
    ("agreement", "german"),
    [
        ("agree", "Beide stimmen überein"),
        ("within_stronger", "Die Korrelation je Proband ist stärker: "),
        ("within_weaker", "Die Korrelation je Proband ist schwächer"),
        ("opposite", "Beide zeigen in entgegengesetzte Richtungen"),
    ],
)
def test_the_disagreement_of_the_two_correlations_in_german(agreement: str, german: str) -> None:
    with speaking("de"):
        assert correlation_disagreement(agreement, "Proband", "Probanden").startswith(german)
    assert correlation_disagreement(agreement, "subject", "subjects").startswith(
        ("The two", "The within-subject")
    )
