"""Words from the labels: plurals, agreement, capitals, p-values and enough digits."""

from __future__ import annotations

import pytest

from reportgen.narrative.sentence import num
from reportgen.numbers import format_number
from reportgen.words import (
    agreeing,
    capitalize_sentence,
    capitalized,
    counted,
    decimals_to_separate,
    is_plural,
    noun,
    noun_for,
    p_equals,
    plural,
    shared_decimals,
    verb_for,
)


@pytest.mark.parametrize(
    "label, one, many",
    [
        ("Child", "child", "children"),
        ("Chick", "chick", "chicks"),
        ("Subject", "subject", "subjects"),
        ("Rat", "rat", "rats"),
        ("person", "person", "people"),
        ("Growth curve", "growth curve", "growth curves"),
        ("ID", "ID", "IDs"),
    ],
)
def test_nouns_agree_with_their_count(label: str, one: str, many: str) -> None:
    assert noun(label) == one and plural(label) == many
    assert counted(1, label) == f"1 {one}"
    assert counted(2, label) == f"2 {many}"
    assert noun_for(1, label) == one and noun_for(27, label) == many


def test_possessive_of_plurals() -> None:
    from reportgen.words import possessive

    assert possessive("chicks") == "chicks'"
    assert possessive("children") == "children's"


def test_verbs_agree_with_their_count() -> None:
    assert verb_for(1, "has", "have") == "has"
    assert verb_for(27, "has", "have") == "have"
    assert verb_for(0, "lies", "lie") == "lie"


def test_every_sentence_starts_with_a_capital() -> None:
    assert capitalized("age runs from 8 to 14") == "Age runs from 8 to 14"
    assert capitalized("mRNA level") == "MRNA level"  # first letter only; the rest untouched
    assert capitalize_sentence(("age runs from ", num("a", "b"), ".")) == (
        "Age runs from ",
        num("a", "b"),
        ".",
    )
    assert capitalize_sentence((num("a", "b"), " of them")) == (num("a", "b"), " of them")


def test_p_values_read_with_a_sign() -> None:
    assert p_equals(0.124) + format_number(0.124, "p") == "p = 0.124"
    assert p_equals(1e-9) + format_number(1e-9, "p") == "p < 0.001"


def test_decimals_tell_apart_values_that_round_alike() -> None:
    assert decimals_to_separate([0.996, 0.999], 2) == 3  # not "1.00 ... 1.00"
    assert decimals_to_separate([0.28, 0.70, 0.80], 2) == 2
    assert decimals_to_separate([0.5, 0.5], 2) == 2  # equal values need no more digits


def test_both_ends_of_a_range_share_their_decimals() -> None:
    assert shared_decimals([8.0, 17.92]) == 2
    assert format_number(8.0, f"d{shared_decimals([8.0, 17.92])}") == "8.00"
    assert shared_decimals([0.0, 9.0]) == 0


def test_a_small_value_is_not_written_as_zero() -> None:
    # Sitka spruce over days: a slope of 0.0033 per day is not "0.00", nor its interval "0.00 to 0.00".
    assert format_number(0.0033, "fixed", 2) == "0.0033"
    assert format_number(0.00296, "fixed", 2) == "0.0030"
    assert format_number(-0.00056, "fixed", 2) == "-0.00056"
    assert format_number(-0.0033, "abs", 2) == "0.0033"
    assert format_number(0.3, "d0") == "0.30"
    # Below 0.1, two significant digits, so an estimate and its interval share a precision
    # (milk: "-0.013 (95% CI -0.019 to 0.0022)", not "-0.01 (95% CI -0.02 to 0.0022)").
    assert format_number(-0.0125, "fixed", 2) == "-0.013"
    assert format_number(-0.02, "fixed", 2) == "-0.020"
    assert format_number(0.0049, "fixed", 3) == "0.0049"
    # Zero stays zero; larger numbers keep the report's decimals, whole times stay whole.
    assert format_number(0.0, "fixed", 2) == "0.00"
    assert format_number(0.25, "fixed", 2) == "0.25"
    assert format_number(10.467, "fixed", 2) == "10.47"
    assert format_number(5.0, "d0") == "5"
    assert format_number(0.25, "d1") == "0.2"


def test_p_eq_style_carries_its_sign() -> None:
    assert "p " + format_number(0.198, "p_eq") == "p = 0.198"
    assert "p " + format_number(2e-5, "p_eq") == "p < 0.001"


@pytest.mark.parametrize(
    "label, plural_noun",
    [
        ("Follicles", True),
        ("CD4 counts", True),
        ("children", True),
        ("Days", True),
        ("Reaction time", False),
        ("Weight", False),
        ("Body mass", False),  # inflect alone would read "mass" as the plural of "mas"
        ("Stress", False),
        ("Status", False),
        ("Series", False),
        ("Days of sleep deprivation", True),  # the head noun, before "of"
        ("Rate of growth", False),
        ("ID", False),
    ],
)
def test_verbs_agree_with_the_labels_noun(label: str, plural_noun: bool) -> None:
    assert is_plural(label) is plural_noun
    assert agreeing(label, "tends") == ("tend" if plural_noun else "tends")
    assert agreeing(label, "is") == ("are" if plural_noun else "is")
