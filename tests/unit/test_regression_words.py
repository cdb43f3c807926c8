"""Question 3's single-line words (reportgen/narrative/regression_words.py): each band picks its own
whole sentence, the words flip with the input, and German has a German sentence for each."""

from __future__ import annotations

import pytest

from reportgen.i18n import gettext, speaking
from reportgen.narrative.regression_words import (
    BETWEEN_SHARES,
    EXPLAINED,
    LINE_STARTS,
    SLOPE_READINGS,
    between_sentence,
    explained_sentence,
    line_sentence,
    slope_reading,
)
from reportgen.narrative.rules import independence_note
from reportgen.narrative.sentence import num

NUMBERS = {
    "intercept": num("ols", "intercept"),
    "slope": num("ols", "slope"),
    "low": num("ols", "slope_ci_low"),
    "high": num("ols", "slope_ci_high"),
    "p": ("p ", num("ols", "slope_p", style="p")),
}
WORDS = {"unit": " ms", "time": "days", "response": "reaction time", "rate": "ms/day", "reading": "R"}


def _text(sentence: tuple[object, ...]) -> str:
    return "".join(part if isinstance(part, str) else "#" for part in sentence)


@pytest.mark.parametrize(
    ("slope", "p", "english", "german"),
    [
        (
            10.5,
            0.001,
            "a positive slope that is statistically significant",
            "eine positive Steigung, statistisch",
        ),
        (
            -10.5,
            0.001,
            "a negative slope that is statistically significant",
            "eine negative Steigung, statistisch",
        ),
        (
            10.5,
            0.2,
            "a positive slope that is not statistically significant",
            "eine positive Steigung, nicht",
        ),
    ],
)
def test_the_slope_reading_flips_with_sign_and_test(
    slope: float, p: float, english: str, german: str
) -> None:
    assert slope_reading(slope, p) == english
    with speaking("de"):
        assert slope_reading(slope, p).startswith(german)


def test_the_line_agrees_with_the_labels_and_says_an_extrapolation() -> None:
    assert _text(line_sentence(NUMBERS, WORDS, (True, False), outside=False)) == (
        "The fitted line starts at # ms when days are 0, and reaction time changes by # ms/day "
        "(95% CI # to #; p #): R."
    )
    extrapolated = _text(line_sentence(NUMBERS, {**WORDS, "time": "age"}, (False, True), outside=True))
    assert (
        "when age is 0 (outside the data, so an extrapolation), and reaction time change by" in extrapolated
    )
    with speaking("de"):
        german = _text(line_sentence(NUMBERS, WORDS, (True, False), outside=True))
    assert german.startswith(
        "Die angepasste Gerade beginnt bei # ms, wenn days gleich 0 ist (außerhalb der Daten"
    )
    assert "(95%-KI # bis #; p #)" in german


@pytest.mark.parametrize(
    ("r_squared", "english", "german"),
    [
        (0.7, "most", "den größten Teil"),
        (0.29, "a modest part", "einen mäßigen Teil"),
        (0.05, "very little", "sehr wenig"),
    ],
)
def test_the_explained_share_picks_its_sentence(r_squared: float, english: str, german: str) -> None:
    r2 = num("ols", "r_squared")
    assert (
        explained_sentence(r_squared, "weight", r2)[0]
        == f"The line explains {english} of the variation in weight (R² = "
    )
    with speaking("de"):
        assert (
            explained_sentence(r_squared, "Gewicht", r2)[0]
            == f"Die Gerade erklärt {german} der Streuung von Gewicht (R² = "
        )


def test_the_between_share_says_its_verdict() -> None:
    share = num("ols", "between_subject_share", style="pct")
    large = _text(between_sentence(0.62, "subjects", "subjects", share))
    small = _text(between_sentence(0.05, "subjects", "subjects", share))
    assert "(most of it), so one line for everybody leaves much of the structure unexplained" in large
    assert "(little of it), so most of the scatter around the line lies within subjects" in small
    with speaking("de"):
        assert "(der größte Teil davon), also lässt eine einzige Gerade" in _text(
            between_sentence(0.62, "Probanden", "Probanden", share)
        )
        assert independence_note("Probanden").startswith("Diese Standardfehler")


def test_every_band_has_a_german_sentence_of_its_own() -> None:
    for table in (LINE_STARTS, SLOPE_READINGS, EXPLAINED, BETWEEN_SHARES):
        with speaking("de"):
            german = {gettext(message) for message in table.values()}
        assert not german & set(table.values())
    assert len({gettext(m) for m in BETWEEN_SHARES.values()}) == len(BETWEEN_SHARES)
