"""The cohort index's verdict on fixed cohorts (reportgen/narrative/cohort_verdicts.py): graded by the
test's p, the words flip with it, in English as the model section says it and in German."""

from __future__ import annotations

import pytest

from reportgen.i18n import speaking
from reportgen.narrative.cohort_sites import new_site_expectation
from reportgen.narrative.cohort_verdicts import cohort_slopes_verdict
from reportgen.narrative.model_rules import interaction_verdict


@pytest.mark.parametrize(
    ("p", "german"),
    [
        (0.0001, "es gibt starke Hinweise darauf"),
        (0.005, "es gibt gute Hinweise darauf"),
        (0.03, "es gibt einige Hinweise darauf"),
        (0.07, "es gibt nur schwache Hinweise darauf"),
        (0.49, "die Daten geben keinen Hinweis darauf"),
    ],
)
def test_the_verdict_follows_the_test_in_both_languages(p: float, german: str) -> None:
    assert cohort_slopes_verdict(p) == interaction_verdict(p, "the cohort")
    with speaking("de"):
        assert cohort_slopes_verdict(p).startswith(german)


@pytest.mark.parametrize(
    ("low", "high", "german"),
    [
        (0.4, 2.1, "auch bei einer neuen Einheit Klinik ist zu erwarten, dass Schmerz mit Woche zunimmt"),
        (-2.1, -0.4, "auch bei einer neuen Einheit Klinik ist zu erwarten, dass Schmerz mit Woche abnimmt"),
        (-0.4, 2.1, "bei einer neuen Einheit Klinik könnte Schmerz mit Woche zu- oder abnehmen"),
    ],
)
def test_a_new_sites_direction_in_german(low: float, high: float, german: str) -> None:
    with speaking("de"):
        assert new_site_expectation(low, high, "Schmerz", "Woche", "Klinik").startswith(german)


def test_the_cohort_models_random_effects_are_named_in_the_language_spoken() -> None:
    from reportgen.narrative.cohort_verdicts import cohort_model_name

    assert cohort_model_name("random_slope") == "random slope"
    assert cohort_model_name("some_new_model") == "some new model"  # as the index wrote it before
    with speaking("de"):
        assert cohort_model_name("random_intercept") == "zufälliger Achsenabschnitt"
        assert cohort_model_name("uncorrelated_slope") == "unkorrelierte Steigung"
