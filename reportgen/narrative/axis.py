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
from typing import TypeVar

from reportgen.words import noun

Part = TypeVar("Part")

# Units of elapsed time, as a label's unit may name them (singular or plural, long or short).
TIME_UNITS = frozenset(
    "s sec second seconds min minute minutes h hr hour hours d day days wk week weeks mo month "
    "months y yr year years ms millisecond milliseconds".split()
)
# Names of columns that count time (a word of the label): Days, Time, age, visit, period, wave.
TIME_NAMES = frozenset(
    "time times t day days week weeks month months year years hour hours minute minutes age "
    "visit visits period periods wave waves session sessions occasion occasions date dates "
    "timepoint timepoints followup cycle cycles".split()
)


def is_time_axis(label: str, unit: str = "") -> bool:
    """Is the axis time: a unit of time, or a time-like word in its name ("Days", "age", "Time")?

    A concentration (``conc``), a pressure or a dose is not, whatever its unit (mmHg, mg).
    """
    if unit.strip().lower() in TIME_UNITS:
        return True
    words = re.findall(r"[a-z]+", label.lower().replace("_", " "))
    return any(word in TIME_NAMES for word in words)


# Each phrase that speaks of time, and how it reads for another axis ({x}: the axis's noun).
TIME_PHRASES = (
    ("the first observed time", "the lowest observed {x}"),
    ("the average observed time", "the average observed {x}"),
    ("the first time", "the lowest {x}"),
    ("observed times", "observed values of {x}"),
    ("at more times", "at more values of {x}"),
    ("at several times", "at several values of {x}"),
    ("at the same times", "at the same values of {x}"),
    ("at the same time", "at the same value of {x}"),
    ("at each time", "at each value of {x}"),
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
)
_PATTERN = re.compile(
    # Whole phrases only: no word character either side (a phrase may end in ")").
    "|".join(
        rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase, _ in sorted(TIME_PHRASES, key=lambda p: -len(p[0]))
    ),
    re.IGNORECASE,
)


def on_axis(text: str, label: str, unit: str = "") -> str:
    """``text`` with its time phrases said of the axis, when the axis is not time (else unchanged)."""
    if is_time_axis(label, unit):
        return text
    x = noun(label)
    replacements = {phrase: words.format(x=x) for phrase, words in TIME_PHRASES}

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        words = replacements[found.lower()]
        return words[:1].upper() + words[1:] if found[:1].isupper() else words

    return _PATTERN.sub(replace, text)


def sentence_on_axis(sentence: tuple[Part, ...], label: str, unit: str = "") -> tuple[Part | str, ...]:
    """A sentence's text parts on the axis (its number references untouched)."""
    if is_time_axis(label, unit):
        return sentence
    return tuple(on_axis(part, label, unit) if isinstance(part, str) else part for part in sentence)
