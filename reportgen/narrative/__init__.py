"""Interpretation text: named rules over the numbers, composed into sentences.

A sentence is a tuple of plain text and :class:`Num` references into the results, so every
number in it is rendered by the same filter as the tables (and carries its key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportgen.i18n import speaking
from reportgen.narrative.axis import on_axis, sentence_on_axis
from reportgen.narrative.response_words import on_response, sentence_on_response
from reportgen.narrative.sentence import Num, Sentence, filled, num, sentence_from_json, sentence_to_json
from reportgen.words import capitalize_sentence

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

__all__ = [
    "Num",
    "Sentence",
    "figure_alt_texts",
    "filled",
    "interpret",
    "num",
    "sentence_from_json",
    "sentence_to_json",
]


def interpret(
    analysis: Analysis, data: CleanData, config: BuildConfig, sections: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """All interpretation sentences, keyed by the part of the report they belong to.

    Each section's words come from its registry entry (:mod:`reportgen.sections`); ``sections``
    are the results of the sections that compute their own and that this report shows (see
    :func:`reportgen.sections.shown_results`).
    """
    from reportgen.sections import section_sentences

    with speaking(config.lang):  # the rules' _(), ngettext() and numbers in the report's language
        sentences = section_sentences(analysis, data, config, sections or {})
    # Every sentence starts with a capital, whatever label or rule begins it; "time" is said of
    # the axis when the axis is not time (a concentration, a dose); a rate of change is said
    # unambiguously when the response is itself named "rate".
    time, unit, response = config.labels.time, config.labels.time_unit, config.labels.response
    return {
        key: [
            capitalize_sentence(sentence_on_response(sentence_on_axis(s, time, unit), response))
            for s in group
        ]
        for key, group in sentences.items()
    }


def figure_alt_texts(
    analysis: Analysis, config: BuildConfig, sections: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Alt text for each figure, saying what it shows (plain text, formatted numbers), from the
    sections' registry entries."""
    from reportgen.sections import section_alt_texts

    with speaking(config.lang):
        texts = section_alt_texts(analysis, config.labels, config.decimals, sections or {})
    labels = config.labels
    return {
        key: on_response(on_axis(text, labels.time, labels.time_unit), labels.response)
        for key, text in texts.items()
    }
