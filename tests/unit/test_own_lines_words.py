"""Question 3c's first sentence (reportgen/narrative/own_lines_words.py): the bands pick their clauses,
the intercepts or the levels at the first observed time, with or without a verdict, in English as
before and in German."""

from __future__ import annotations

from reportgen.i18n import gettext, speaking
from reportgen.narrative.own_lines_words import INTERCEPTS, LEVELS, SLOPES, own_lines_sentence
from reportgen.narrative.sentence import num

N, LOW, HIGH = num("first_subjects", "count", style="int"), num("a", "low"), num("a", "high")


def _text(band: str, level: str | None, at: str | None) -> str:
    sentence = own_lines_sentence(N, "subjects", (band, LOW, HIGH, "ms/day"), (level, LOW, HIGH, " ms"), at)
    return "".join(part if isinstance(part, str) else "#" for part in sentence)


def test_the_intercepts_at_time_zero_and_the_levels_at_the_first_time() -> None:
    assert _text("vary widely", "vary widely", None) == (
        "Across these # subjects the slopes vary widely, from # to # ms/day, and the intercepts vary "
        "widely, from # to # ms."
    )
    assert _text("are similar", "vary noticeably", " at day 14, the first observed time") == (
        "Across these # subjects the slopes are similar, from # to # ms/day, and their levels at day 14, "
        "the first observed time, vary noticeably, from # to # ms."
    )


def test_lines_that_misplace_the_start_give_their_levels_without_a_verdict() -> None:
    assert _text("vary moderately", None, None).endswith("and the intercepts run from # to # ms.")
    assert _text("vary", None, " at day 14, the first observed time").endswith(
        "and their lines' levels at day 14, the first observed time, run from # to # ms."
    )


def test_german_has_its_own_clause_for_every_band() -> None:
    with speaking("de"):
        german = _text("vary widely", "are similar", " bei Tag 14, dem ersten beobachteten Zeitpunkt")
        assert german == (
            "Bei diesen # subjects gilt: die Steigungen streuen stark, von # bis # ms/day, und ihre "
            "Niveaus bei Tag 14, dem ersten beobachteten Zeitpunkt, sind ähnlich, von # bis # ms."
        )
        for table in (SLOPES, INTERCEPTS, LEVELS):
            assert all(gettext(message) != message for message in table.values())
