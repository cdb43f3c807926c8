"""Question 3c's verdict and fan-out, Question 4's start check and the intercept caveat in the
language spoken (rules.individual_differences, rules.fan_out_words, model_rules.lines_start_words,
caveats.intercept_caveat): English as before, German from the catalogue, each case its own message."""

from __future__ import annotations

import pytest

from reportgen.i18n import gettext, speaking
from reportgen.narrative.caveats import INTERCEPT_CAVEATS, intercept_caveat
from reportgen.narrative.model_rules import LINES_START, lines_start_words
from reportgen.narrative.rules import (
    DIFFER_BY_CHANCE,
    DIFFER_LEAD,
    DIFFER_STRUCTURE,
    OWN_LINES_ONLY,
    fan_out_words,
    individual_differences,
)


def test_what_the_models_find_flips_the_verdict() -> None:
    assert individual_differences(True, True).startswith("Individuals differ both in where they start")
    assert individual_differences(False, True).startswith("Individuals differ mainly in where they start")
    assert individual_differences(True, False).startswith("Individuals differ mainly in how fast they change")
    assert individual_differences(False, False) == "These individuals behave much alike"
    # Fanning values: not "mainly" where they start.
    fanning = individual_differences(False, True, fanning=True)
    assert fanning.startswith("Individuals differ in where they start")


def test_own_lines_the_models_do_not_back_are_put_down_to_chance() -> None:
    seen = individual_differences(True, True, slopes_supported=False, levels_supported=True)
    assert seen == (
        "Individuals differ mainly in where they start, which is the structure a mixed model is built to "
        "describe; these own lines also differ in how fast they change, but the mixed models below find no "
        "clear differences there: lines fitted to a few noisy points differ by chance"
    )
    hidden = individual_differences(False, True, slopes_supported=True, levels_supported=True)
    assert hidden.endswith(
        "(the mixed models below find the differences in how fast they change, though these few own lines "
        "hardly show them)"
    )
    nothing = individual_differences(True, True, slopes_supported=False, levels_supported=False)
    assert nothing.startswith("These own lines differ in where they start and in how fast they change, but")


def test_german_verdicts_are_whole_german_sentences() -> None:
    with speaking("de"):
        both = individual_differences(True, True)
        chance = individual_differences(True, True, slopes_supported=False, levels_supported=True)
        alike = individual_differences(False, False)
        singular = individual_differences(
            True, True, slopes_supported=False, levels_supported=True, slopes_singular_only=True
        )
    assert both.startswith("Die Einzelnen unterscheiden sich sowohl darin, wo sie beginnen")
    assert "die gemischten Modelle weiter unten finden dort keine klaren Unterschiede" in chance
    assert alike == "Diese Einzelnen verhalten sich weitgehend gleich"
    assert "singulären Anpassung" in singular
    for text in (both, chance, alike, singular):
        assert not {"individuals", "differ", "which", "these", "the"} & set(text.replace(",", " ").split())


def test_fan_out_flips_with_the_slope_test_in_both_languages() -> None:
    assert fan_out_words("animals", "dose", True).startswith("the animals fan out")
    assert fan_out_words("animals", "dose", False).startswith("the values spread apart as dose increases")
    with speaking("de"):
        assert fan_out_words("Tiere", "Dosis", True).startswith("die Tiere laufen auseinander")
        assert "auseinander, während Dosis zunimmt" in fan_out_words("Tiere", "Dosis", False)


def test_the_lines_levels_and_the_intercept_caveat_flip_by_their_case() -> None:
    assert lines_start_words(False, False) == "the lines' levels, not the measured start"
    assert lines_start_words(True, True).endswith("from straight lines forced through a curved trend")
    assert "below 0" in intercept_caveat([-2.0, 3.0], 30.0, "age", "circumference")
    assert "below 0" not in intercept_caveat([-2.0], -5.0, "age", "change")  # negatives were measured
    assert "this line is" in intercept_caveat([50.0], 30.0, "age", "circumference")
    with speaking("de"):
        assert lines_start_words(False, False) == "den Niveaus der Geraden, nicht dem gemessenen Anfang"
        german = intercept_caveat([-2.0, 3.0], 30.0, "Alter", "Umfang")
    assert german.startswith("Bei Alter 0, außerhalb der beobachteten Zeiten, sind diese Geraden")
    assert "unter 0" in german


@pytest.mark.parametrize(
    "table", [DIFFER_LEAD, DIFFER_STRUCTURE, DIFFER_BY_CHANCE, OWN_LINES_ONLY, LINES_START, INTERCEPT_CAVEATS]
)
def test_every_case_has_german(table: dict[object, str]) -> None:
    with speaking("de"):
        for message in table.values():
            assert gettext(message) != message
