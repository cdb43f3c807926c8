"""Question 4's rules (reportgen/narrative/rules.py) in German: each rule's words flip with its input
in German as in English, numbers take the decimal comma, and who finds differences is German too."""

from __future__ import annotations

import pytest

from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER
from reportgen.i18n import speaking
from reportgen.narrative.finding_model import GLMMS_FIND
from reportgen.narrative.rules import (
    pair_difference,
    pair_reason,
    pick_note,
    ratio_phrase,
    start_comparison,
    steepness_lead,
)


@pytest.mark.parametrize(
    ("steep", "flat", "german"),
    [
        (21.8, 2.3, "Die Gerade von A ist steiler als die von B: Sie steigt schneller, um "),
        (-21.8, -2.3, "Die Gerade von A ist steiler als die von B: Sie fällt schneller, um "),
        (
            21.8,
            -2.3,
            "Die Gerade von A steigt, während die von B fällt: Ihre Steigungen unterscheiden sich um ",
        ),
        (
            -21.8,
            2.3,
            "Die Gerade von A fällt, während die von B steigt: Ihre Steigungen unterscheiden sich um ",
        ),
        (
            21.8,
            0.0,
            "Die Gerade von A steigt, während die von B gleich bleibt: Ihre Steigungen unterscheiden "
            "sich um ",
        ),
    ],
)
def test_the_steeper_line_in_german(steep: float, flat: float, german: str) -> None:
    with speaking("de"):
        assert steepness_lead(steep, flat, "A", "B") == german


def test_the_ratio_and_the_start_in_german() -> None:
    with speaking("de"):
        assert ratio_phrase(9.63) == ", etwa 9,6-mal so steil"
        assert ratio_phrase(1.1) == ", nur wenig steiler"
        assert start_comparison("308", "308", "Proband 308") == "sie beginnt auch höher"
        assert (
            start_comparison("309", "308", "Proband 308", " bei Tag 1")
            == "Proband 308 beginnt höher bei Tag 1"
        )
        assert (
            start_comparison("309", "308", "Proband 308", lines=True)
            == "die Gerade von Proband 308 liegt höher"
        )
    assert ratio_phrase(9.63) == ", about 9.6 times as steep"


@pytest.mark.parametrize(
    ("arguments", "german"),
    [
        ((9.6, True, True), "Diese Probanden ändern sich unterschiedlich schnell und von unterschiedlichen"),
        (
            (9.6, True, False),
            "Diese Probanden ändern sich unterschiedlich schnell, daher würde eine gemeinsame Steigung",
        ),
        (
            (9.6, False, False),
            "Ihre eigenen Geraden unterscheiden sich, aber die gemischten Modelle weiter unten finden",
        ),
        ((1.1, False, True), "Ihre Änderungsraten liegen nahe beieinander; sie unterscheiden sich vor allem"),
        (
            (1.1, False, False),
            "Ihre Änderungsraten liegen nahe beieinander, und die gemischten Modelle weiter unten",
        ),
    ],
)
def test_what_the_pair_says_flips_with_what_the_models_find(
    arguments: tuple[float, bool, bool], german: str
) -> None:
    with speaking("de"):
        assert pair_difference(*arguments, "Probanden").startswith(german)


def test_the_glmms_find_in_german_and_the_singular_case() -> None:
    with speaking("de"):
        said = pair_difference(9.6, False, False, "Probanden", finds=GLMMS_FIND)
        assert "aber die GLMMs finden keine klaren Unterschiede zwischen den Probanden" in said
        singular = pair_difference(9.6, False, False, "Probanden", slopes_singular_only=True)
        assert (
            singular.startswith("Ihre eigenen Geraden unterscheiden sich darin") and "singulären" in singular
        )
    assert "but the GLMMs find no clear differences between subjects" in pair_difference(
        9.6, False, False, "subjects", finds=GLMMS_FIND
    )


def test_why_these_two_and_a_pick_on_one_observation_in_german() -> None:
    with speaking("de"):
        assert pair_reason(FROM_PRESET, "") == "Es sind die beiden, die das Seminar vergleicht."
        assert pair_reason(FROM_USER, "").startswith("Sie wurden vom Benutzer gewählt")
        assert pair_reason(AUTOMATIC, "die Regel") == "Sie wurden automatisch ausgewählt: die Regel."
        assert pick_note(("308",), "Proband").startswith("Die Auswahl von Proband 308 beruht auf einer")
        both = pick_note(("308", "309"), "Proband")
        assert both.startswith("Die Auswahl von Proband 308 und Proband 309 beruht jeweils")
    assert pick_note(("308", "309"), "subject").startswith(
        "The picks of subject 308 and subject 309 each rest"
    )
