"""The narrative rules in the report's language (reportgen.i18n.speaking, narrative.sentence.filled):
whole messages with named placeholders, numbers kept as references or written in the locale's
symbols, and the converted rules' words in German -- flip the input, the German words flip too."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import pytest

from reportgen.config import Labels
from reportgen.i18n import gettext, label_noun, label_plural, ngettext, number_text, speaking, spoken_language
from reportgen.narrative.rules import skew_shape, tail_note
from reportgen.narrative.sentence import Num, filled, num

LABELS = Labels("Reaktionszeit", "ms", "Tage", "Tag", "Proband", "Probanden")


def _text(sentence: tuple[str | Num, ...], values: dict[str, object]) -> str:
    """A sentence with each number reference replaced by its value ("#" for those not given)."""
    return "".join(
        part if isinstance(part, str) else str(values.get(part.path[-1], "#")) for part in sentence
    )


def test_filled_keeps_numbers_as_references_and_joins_text() -> None:
    rows = num("data", "rows", style="int")
    assert filled("The file has %(rows)s rows and %(cols)s.", rows=rows, cols="3 columns") == (
        "The file has ",
        rows,
        " rows and 3 columns.",
    )
    # a translation may move the number: the reference moves with it
    assert filled("%(rows)s Zeilen", rows=rows) == (rows, " Zeilen")
    assert filled("the middle 90%% of %(n)s", n="values") == ("the middle 90% of values",)
    clause = filled(", with %(n)s each", n=rows)
    assert filled("Every one%(more)s.", more=clause) == ("Every one, with ", rows, " each.")
    assert filled("Every one%(more)s.", more=()) == ("Every one.",)


def test_filled_says_which_placeholder_has_no_value() -> None:
    with pytest.raises(KeyError, match="columns"):
        filled("%(rows)s rows and %(columns)s columns", rows="3")


def test_speaking_sets_the_language_for_the_block_only() -> None:
    assert spoken_language() == "en" and gettext("roughly symmetric") == "roughly symmetric"
    with speaking("de"):
        assert spoken_language() == "de"
        assert gettext("roughly symmetric") == "annähernd symmetrisch"
        assert number_text(251.4053, "fixed", 2) == "251,41"
    assert spoken_language() == "en" and number_text(251.4053, "fixed", 2) == "251.41"
    with pytest.raises(RuntimeError), speaking("de"):
        raise RuntimeError
    assert spoken_language() == "en"  # reset after an error too


def test_plural_forms_follow_the_count_in_both_languages() -> None:
    singular, plural = (
        "%(n)s enters late, first seen at %(time)s %(times)s",
        ("%(n)s enter late, first seen at %(time)s %(times)s"),
    )
    assert ngettext(singular, plural, 1) == singular and ngettext(singular, plural, 2) == plural
    with speaking("de"):
        assert "kommt später hinzu" in ngettext(singular, plural, 1)
        assert "kommen später hinzu" in ngettext(singular, plural, 2)


def test_nouns_from_the_labels_english_lower_cased_german_as_written() -> None:
    assert label_noun("Days") == "days" and label_plural("Subject") == "subjects"
    assert label_plural("Subject", "people measured") == "people measured"  # given: it wins
    with speaking("de"):
        assert label_noun("Tage") == "Tage"  # German nouns keep their capital
        assert label_plural("Proband", "Probanden") == "Probanden"
        assert label_plural("Proband") == "Proband"  # inflect makes no German plurals


@pytest.mark.parametrize(
    ("skew", "english", "german"),
    [
        (0.6, "moderately right-skewed", "mäßig rechtsschief"),
        (-0.6, "moderately left-skewed", "mäßig linksschief"),
        (1.4, "strongly right-skewed", "stark rechtsschief"),
        (-1.4, "strongly left-skewed", "stark linksschief"),
        (0.1, "roughly symmetric", "annähernd symmetrisch"),
    ],
)
def test_the_shape_words_flip_with_the_skew_in_both_languages(skew: float, english: str, german: str) -> None:
    assert skew_shape(skew) == english
    with speaking("de"):
        assert skew_shape(skew) == german
        assert tail_note(skew) == (
            "keiner der beiden Ränder sticht hervor"
            if abs(skew) < 0.5
            else f"mit einem längeren Ausläufer zu {'hohen' if skew > 0 else 'niedrigen'} Werten"
        )


def _overview(skew: float) -> SimpleNamespace:
    return SimpleNamespace(
        response_skew=skew,
        response_bimodality=None,
        response_upper_share=None,
        response_p05=220.3169,
        response_p95=391.9746,
        response_median=288.65,
        response_max=466.35,
        response_whole=False,
    )


def test_question_1_speaks_german_with_the_numbers_as_references() -> None:
    from reportgen.narrative.seminar import q1_overview

    design = SimpleNamespace(shorter=0, dropouts=0, late_entries=0, shared_times=True, subjects=18)
    design.planned, design.time_points = 10, 10
    analysis = cast(Any, SimpleNamespace(overview=_overview(0.6), design=design))
    with speaking("de"):
        sentences = q1_overview(analysis, LABELS)
    values = {"rows": 180, "columns": 3, "response_skew": "0,59", "subjects": 18, "time_points": 10}
    assert _text(sentences[0], values) == "Die Datei hat 180 Zeilen und 3 Spalten."
    assert Num(("describe", "response_skew"), "fixed") in sentences[1]
    assert _text(sentences[1], values) == (
        "Die Verteilung von Reaktionszeit ist mäßig rechtsschief (Schiefe 0,59), mit einem längeren "
        "Ausläufer zu hohen Werten; die mittleren 90\xa0% der Werte liegen zwischen # und # ms, um einen "
        "Median von # ms."
    )
    assert any(
        "Alle 18 Probanden werden bei denselben 10 Werten von Tage gemessen" in _text(s, values)
        for s in sentences
    )
    # flip the skew: the German words flip
    analysis.overview = _overview(-0.6)
    with speaking("de"):
        assert "mäßig linksschief" in "".join(
            p for p in q1_overview(analysis, LABELS)[1] if isinstance(p, str)
        )


@pytest.mark.parametrize(("r", "german"), [(0.54, "steigt tendenziell"), (-0.54, "fällt tendenziell")])
def test_the_scatters_alt_text_in_german_flips_with_the_correlation_and_has_a_decimal_comma(
    r: float, german: str
) -> None:
    from reportgen.narrative.seminar import q2_alt

    analysis = cast(Any, SimpleNamespace(relationship=SimpleNamespace(correlation=r, rows=180)))
    with speaking("de"):
        text = q2_alt(analysis, LABELS, 2)["scatter"]
    assert text == (
        f"Streudiagramm von Reaktionszeit gegen Tage für 180 Beobachtungen; Reaktionszeit {german} mit "
        f"Tage (Korrelation {'-' if r < 0 else ''}0,54)."
    )
    english = q2_alt(analysis, Labels("Reaction time", "ms", "Days", "day", "Subject"), 2)["scatter"]
    assert f"reaction time tends to {'rise' if r > 0 else 'fall'} with days (correlation {r:.2f})" in english


@pytest.mark.parametrize(
    ("removed", "zeros", "english", "german"),
    [
        (0, True, "No row has missing values or a zero value, so all # rows are kept.", "Keine Zeile hat"),
        (0, False, "No row has missing values, so all # rows are kept.", "Keine Zeile hat fehlende Werte,"),
        (1, False, "# row had missing values and was removed", "# Zeile hatte fehlende Werte und wurde"),
        (2, True, "# rows had missing values or a zero value and were removed", "# Zeilen hatten fehlende"),
    ],
)
def test_question_2s_cleaning_sentence_agrees_with_the_count_in_both_languages(
    removed: int, zeros: bool, english: str, german: str
) -> None:
    from reportgen.narrative.seminar import _cleaning

    data = cast(Any, SimpleNamespace(removed=[object()] * removed))
    assert english in _text(_cleaning(data, zeros), {})
    with speaking("de"):
        assert german in _text(_cleaning(data, zeros), {})
