"""The model that finds no differences in rates is named when it is the GLMM (eighth read,
bacteria: "the mixed models below find no clear differences there" while Going further 1's linear
random-slope model found them, boundary p = 0.0019; only the GLMMs, p = 0.281, find none)."""

from __future__ import annotations

from reportgen.narrative.finding_model import finding_model
from reportgen.narrative.rules import MIXED_MODELS_FIND, individual_differences, pair_difference


def test_a_glmm_report_names_its_glmm_and_a_linear_report_the_mixed_models() -> None:
    assert finding_model(True) == "the GLMMs find"
    assert finding_model(False) == MIXED_MODELS_FIND == "the mixed models below find"


def test_the_question_sentences_say_who_finds_no_differences() -> None:
    finds = finding_model(True)
    # bacteria's Q3: the own lines differ in rates, the GLMM finds levels but not slopes
    q3 = individual_differences(True, True, False, True, finds=finds)
    assert "but the GLMMs find no clear differences there" in q3
    assert "mixed models below" not in q3
    assert "but the mixed models below find no clear differences there" in individual_differences(
        True, True, False, True
    )
    q4 = pair_difference(3.0, False, True, "IDs", finds=finds)
    assert q4.startswith("Their own lines differ, but the GLMMs find no clear differences between IDs")
    assert "mixed models below find" in pair_difference(3.0, False, True, "IDs")
