"""Words for change when the response is itself named like a change ("rate", "slope", "level").

The report says "the average rate over the observed times" for the curve's change per unit of
time, and "its average weight rises" for the response's level. A dialyzer's response is called
``rate``: "its average rate rises ... 2.21" then reads as the rate of change, and "the curve's
average rate ... 17.36" as the average response. When the response's name collides with the
report's change words (:func:`names_change`), the response's level is said as "its average value
of rate" (:func:`average_response`) and every phrase of :data:`RATE_PHRASES` says the change
unambiguously (:func:`on_response`: "the average change in rate", "its own rate of change").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from reportgen.narrative.axis import replace_phrases
from reportgen.words import noun

__all__ = [
    "CHANGE_WORDS",
    "RATE_PHRASES",
    "average_response",
    "names_change",
    "on_response",
    "sentence_on_response",
]

Part = TypeVar("Part")

# The words the report uses for change along the axis and for the lines' height.
CHANGE_WORDS = ("rate", "rates", "slope", "slopes", "change", "changes", "trend", "trends", "level", "levels")
_CHANGE = re.compile("|".join(CHANGE_WORDS), re.IGNORECASE)

# Each phrase where "rate" means the change per unit of the axis, and how it reads when the
# response is itself a rate ({r}: the response's noun). Longest first when applied.
RATE_PHRASES = (
    ("average rates", "average changes in {r}"),
    ("average rate", "average change in {r}"),
    ("own rate", "own rate of change"),
    ("range of rates", "range of rates of change"),
    ("this is the rate", "this is the rate of change"),
    ("no rate is read", "no rate of change is read"),
    ("headline rate", "headline rate of change"),
)
_PATTERN = re.compile(
    # Whole phrases only, and not one already followed by "of change".
    "|".join(
        rf"(?<!\w){re.escape(phrase)}(?!\w)(?! of change)"
        for phrase, _ in sorted(RATE_PHRASES, key=lambda p: -len(p[0]))
    ),
    re.IGNORECASE,
)


def names_change(response: str) -> bool:
    """Is a word of the response's label one of the report's change words ("rate", "Slope")?"""
    return any(_CHANGE.fullmatch(word) for word in noun(response).split(" "))


def average_response(response: str, article: str = "its") -> str:
    """The response's average level as the curve's sentence opens it: "its average weight", or
    "its average value of rate" when the name would read as a rate of change (``article`` "the":
    a figure's alt text, Dialyzer's "the average value of rate over pressure")."""
    r = noun(response)
    return f"{article} average value of {r}" if names_change(response) else f"{article} average {r}"


def _rates(response: str) -> bool:
    """Does the response's name collide with "rate", the word :data:`RATE_PHRASES` rewrite?"""
    return any(re.fullmatch("rates?", word, re.IGNORECASE) for word in noun(response).split(" "))


def on_response(text: str, response: str, quote: Callable[[str], str] = str) -> str:
    """``text`` with its rate-of-change phrases unambiguous when the response is named "rate"
    (else unchanged). ``quote`` makes the new words safe for ``text`` (escaping for markup)."""
    if not _rates(response):
        return text
    r = noun(response)
    return replace_phrases(
        _PATTERN, text, {phrase: quote(words.format(r=r)) for phrase, words in RATE_PHRASES}
    )


def sentence_on_response(sentence: tuple[Part, ...], response: str) -> tuple[Part | str, ...]:
    """A sentence's text parts with :func:`on_response` (its number references untouched)."""
    if not _rates(response):
        return sentence
    return tuple(on_response(part, response) if isinstance(part, str) else part for part in sentence)
