"""With nested (or crossed) subjects, the estimates' test of random slopes is the model stood on's
(``multilevel.slope_tests``: 33.18 on the nested study, not the one-grouping 35.24), and the study
report's estimates say once which of their numbers fit the subjects alone (statistician P 2)."""

from __future__ import annotations

from reportgen.narrative.every_level_slope_test import every_level_slope_test
from reportgen.narrative.outer_level import every_level_note, study_estimates_note
from reportgen.narrative.sentence import Num


def _refs(sentence: tuple[object, ...]) -> list[tuple[str, ...]]:
    return [part.path for part in sentence if isinstance(part, Num)]


def test_the_slope_test_reads_the_model_stood_on() -> None:
    sentence = every_level_slope_test("arm", "clinic", "patients", "clinic:patient", "they differ")
    text = "".join(p for p in sentence if isinstance(p, str))
    assert text.startswith(
        "In the model the report stands on, with arm and the clinic level, the random slopes"
    )
    assert "of patients (clinic:patient)" in text and text.endswith("): they differ.")
    assert _refs(sentence) == [
        ("multilevel", "slope_tests", "clinic:patient", "chisq"),
        ("multilevel", "slope_tests", "clinic:patient", "df"),
        ("multilevel", "slope_tests", "clinic:patient", "p"),
    ]


def test_the_study_note_names_the_one_grouping_numbers_nested_or_crossed() -> None:
    nested = study_estimates_note(("clinic", "patient"), "patient", "month", crossed=False, covariates=True)
    assert nested.startswith(
        "The test of month squared, the comparison of shapes by AIC and the likelihood-ratio"
    )
    assert "fit the patients alone (clinic:patient), without the clinic level" in nested
    # Flip: crossed, the interaction's likelihood ratio is the model stood on's (not named).
    crossed = study_estimates_note(("site", "patient"), "patient", "visit", crossed=True, covariates=True)
    assert "interaction" not in crossed
    assert "fit the patients alone (patient), without the site level" in crossed
    plain = study_estimates_note(("clinic", "patient"), "patient", "month", crossed=False, covariates=False)
    assert "interaction" not in plain and "(clinic:patient)" in plain


def test_the_seminar_covariate_note_gives_the_slope_test_to_the_model_with_every_level() -> None:
    note = every_level_note("clinic", "patient", "Going further 7")
    assert "(clinic:patient), and so does its test of random slopes;" in note
    assert "its likelihood-ratio test of the interaction with the trend" in note
