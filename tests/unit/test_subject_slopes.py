"""The study report's sentences on the subjects' slopes in the model stood on with an outer level
(reportgen.narrative.subject_slopes): flip the input, the words flip."""

from __future__ import annotations

from reportgen.narrative.sentence import Num
from reportgen.narrative.subject_slopes import slopes_spread_words, slopes_test_words


def _text(parts: tuple[object, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in parts)


def _keys(parts: tuple[object, ...]) -> list[str]:
    return [".".join(p.path) for p in parts if isinstance(p, Num)]


def test_kept_slopes_say_the_subjects_differ_and_left_out_ones_do_not() -> None:
    kept = _text(slopes_test_words(True, True, "patients", "clinic:patient"))
    left = _text(slopes_test_words(False, True, "patients", "clinic:patient"))
    assert kept.endswith("(boundary-corrected): patients change at different rates.")
    assert "no evidence that patients change at different rates" in left
    assert kept.startswith("In the model the report stands on, with every level, random slopes for patients")


def test_the_test_reads_the_stood_on_models_own_test() -> None:
    keys = _keys(slopes_test_words(True, True, "patients", "clinic:patient"))
    assert keys == [f"multilevel.slope_tests.clinic:patient.{key}" for key in ("chisq", "df", "p")]
    crossed = _keys(slopes_test_words(True, True, "patients", "patient"))
    assert crossed[0] == "multilevel.slope_tests.patient.chisq"


def test_slopes_a_singular_fit_dropped_have_no_test() -> None:
    words = slopes_test_words(False, False, "patients", "clinic:patient")
    assert _keys(words) == [] and "singular" in _text(words)


def test_spread_reads_the_stood_on_models_sd_and_says_none_without_slopes() -> None:
    spread = slopes_spread_words(True, True, "patients", "clinic:patient", "per unit of month", "month")
    assert _keys(spread) == [
        "model_choice.slope_sd",
        "model_choice.slope_range_halfwidth",
        "model_choice.corr",
    ]
    singular = slopes_spread_words(True, False, "patients", "clinic:patient", "per unit of month", "month")
    assert "model_choice.slope_range_halfwidth" not in _keys(singular)
    none = slopes_spread_words(False, True, "patients", "clinic:patient", "per unit of month", "month")
    assert _keys(none) == [] and "no slopes of their own" in _text(none)
