"""Words for the x axis: "time" only when it is time.

The rules and sentences speak of time ("the first observed time", "the spread grows with time"),
as most studies measure over time. When the axis is something else (CO2's concentration ``conc``,
a dialyzer's ``pressure``, the rabbits' ``Dose``) those phrases are said of the axis instead
("the lowest observed conc", "the spread grows with conc"). The axis is time when its unit is a
unit of time or its name is a time-like word (:func:`is_time_axis`); :func:`on_axis` rewrites the
time phrases of :data:`TIME_PHRASES`, longest first, and leaves every other word alone ("4.7
times as steep" keeps its "times").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from reportgen.words import TIME_NAMES, TIME_UNITS, is_time_axis, noun

__all__ = [
    "TIME_NAMES",
    "TIME_PHRASES",
    "TIME_UNITS",
    "axis_ends",
    "is_time_axis",
    "on_axis",
    "replace_phrases",
    "sentence_on_axis",
]

Part = TypeVar("Part")

# Each phrase that speaks of time, and how it reads for another axis ({x}: the axis's noun).
TIME_PHRASES = (
    (
        "too small for early times and too large for late ones",
        "too small for low values of {x} and too large for high ones",
    ),
    (
        "too small for late times and too large for early ones",
        "too small for high values of {x} and too large for low ones",
    ),
    ("where time is counted from", "where {x} is counted from"),
    ("time counted from", "{x} counted from"),
    ("each bin of time", "each bin of {x}"),
    ("its mean time", "its mean {x}"),
    ("residuals against time", "residuals against {x}"),
    ("the first observed time", "the lowest observed {x}"),
    ("the average observed time", "the average observed {x}"),
    ("the first time", "the lowest {x}"),
    ("observed times", "observed values of {x}"),
    ("at more times", "at more values of {x}"),
    ("at several times", "at several values of {x}"),
    ("at the same times", "at the same values of {x}"),
    ("at the same time", "at the same value of {x}"),
    ("at each time", "at each value of {x}"),
    ("at every time", "at every value of {x}"),  # CO2: one residual SD "the same at every time"
    ("at each bin of time (its mean time)", "at each bin of {x} (its mean {x})"),
    ("at those times", "at those values of {x}"),
    ("at that time", "at that value of {x}"),
    ("around that time", "around that value of {x}"),
    ("at one time", "at one value of {x}"),
    ("one mean per time", "one mean per value of {x}"),
    ("neighbouring times", "neighbouring values of {x}"),
    ("time points", "values of {x}"),
    ("time point", "value of {x}"),
    ("common time grid", "common grid of {x}"),
    ("a squared time term", "a squared {x} term"),
    ("speeds up over time", "speeds up as {x} increases"),
    ("slows over time", "slows as {x} increases"),
    ("change over time", "change across {x}"),
    ("trend over time", "trend with {x}"),
    ("series over time", "series over {x}"),
    ("through time", "in {x}"),
    ("the whole period", "the whole range of {x}"),
    ("over time", "over {x}"),
    ("with time", "with {x}"),
    ("against time", "against {x}"),
    ("with time counted", "with {x} counted"),
    ("time varies", "{x} varies"),
    # Speed and start are time's words too: a dose or a pressure is climbed, not waited through.
    ("how fast they change", "how steeply they change with {x}"),
    ("how fast it changes", "how steeply it changes with {x}"),
    ("rises faster", "rises more steeply"),
    ("falls faster", "falls more steeply"),
    ("change at different rates", "change at different rates with {x}"),
    ("at the first and the last the", "at the lowest and the highest {x} the"),
    (
        "from below 0 at the first to above 0 at the last",
        "from below 0 at the lowest {x} to above 0 at the highest",
    ),
    (
        "from above 0 at the first to below 0 at the last",
        "from above 0 at the lowest {x} to below 0 at the highest",
    ),
    ("at the first or the last its", "at the lowest or the highest {x} its"),
    ("the first, average and last observed", "the lowest, average and highest observed"),
    ("from the first to the last", "from the lowest to the highest"),
    ("last minus first level", "level at the highest {x} minus that at the lowest"),
    ("(the first)", "(the lowest)"),
    ("(first)", "(lowest)"),
    ("(last)", "(highest)"),
    ("last − first", "highest − lowest"),
    ("(the last)", "(the highest)"),
    ("the last (change", "the highest (change"),
    ("where they start", "their level at the lowest {x}"),
    ("the measured start", "the measured level at the lowest {x}"),
    ("at the start", "at the lowest {x}"),
    ("starting levels' variance", "variance of the levels at the lowest {x}"),
    ("starting levels", "levels at the lowest {x}"),
    ("starting level", "level at the lowest {x}"),
    ("average start", "average at the lowest {x}"),
)
_PATTERN = re.compile(
    # Whole phrases only: no word character either side (a phrase may end in ")").
    "|".join(
        rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase, _ in sorted(TIME_PHRASES, key=lambda p: -len(p[0]))
    ),
    re.IGNORECASE,
)


def on_axis(text: str, label: str, unit: str = "", quote: Callable[[str], str] = str) -> str:
    """``text`` with its time phrases said of the axis, when the axis is not time (else unchanged).

    ``quote`` makes the new words safe for ``text`` (HTML escaping when ``text`` is markup).
    """
    if is_time_axis(label, unit):
        return text
    x = noun(label)
    return replace_phrases(
        _PATTERN, text, {phrase: quote(words.format(x=x)) for phrase, words in TIME_PHRASES}
    )


def replace_phrases(pattern: re.Pattern[str], text: str, replacements: dict[str, str]) -> str:
    """Each phrase ``pattern`` finds in ``text`` replaced by its words (keyed lower case), a
    capital kept where the phrase had one."""

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        words = replacements[found.lower()]
        return words[:1].upper() + words[1:] if found[:1].isupper() else words

    return pattern.sub(replace, text)


def axis_ends(label: str, unit: str = "") -> tuple[str, str]:
    """The words for the two ends of the axis: time's "first" and "last", else "lowest" and "highest"."""
    return ("first", "last") if is_time_axis(label, unit) else ("lowest", "highest")


def sentence_on_axis(sentence: tuple[Part, ...], label: str, unit: str = "") -> tuple[Part | str, ...]:
    """A sentence's text parts on the axis (its number references untouched)."""
    if is_time_axis(label, unit):
        return sentence
    return tuple(on_axis(part, label, unit) if isinstance(part, str) else part for part in sentence)
