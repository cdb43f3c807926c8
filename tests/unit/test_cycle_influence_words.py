"""Influence of single subjects on a cycle in words (reportgen.narrative.cycle and the influence
section, reportgen.narrative.further.influence): statistician P 7, the daily cycle printed "the
fixed slope moves most ... No single subject flips the slope's sign or its significance" (a rate the
report does not give for a cycle) and "from 0.42 to 0.42 (0.80 standard errors)" for 0.4227 ->
0.4155. Flip the input, the words flip."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.i18n import speaking
from reportgen.narrative.cycle import amplitude_decimals, cycle_influence_sentence
from reportgen.narrative.further import influence
from reportgen.narrative.sentence import num

LABELS = SimpleNamespace(group="Subject", time="Hour")
PATH = ("influence", "curve", "cycle")


def _text(sentence: tuple) -> str:
    return "".join(part for part in sentence if isinstance(part, str))


def test_more_decimals_until_the_amplitudes_differ() -> None:
    assert amplitude_decimals(0.4227, 0.4155) == "d3"
    assert amplitude_decimals(0.42, 0.38) == "d2"
    assert amplitude_decimals(0.42271, 0.42269) == "d4"  # at most 4
    assert amplitude_decimals(1.5, 1.5, decimals=1) == "d1"


def test_the_amplitude_is_printed_in_the_style_given() -> None:
    said = cycle_influence_sentence((), "D16", LABELS, "d3")  # type: ignore[arg-type]
    assert num(*PATH, "amplitude", style="d3") in said and num(*PATH, "amplitude_without", style="d3") in said


def test_a_subject_that_changes_the_cycles_clarity_flips_the_words() -> None:
    quiet = _text(cycle_influence_sentence((), "D16", LABELS))  # type: ignore[arg-type]
    assert quiet.startswith("Refitting the cycle the report stands on with each subject left out")
    assert quiet.endswith("no single subject changes whether the amplitude's interval excludes 0.")
    loud = _text(cycle_influence_sentence(("D3",), "D16", LABELS))  # type: ignore[arg-type]
    assert "leaving out subject D3 changes whether the amplitude's interval excludes 0" in loud
    assert loud.endswith("read the cycle with care.")
    assert "slope" not in quiet + loud


def test_influence_on_a_cycle_reads_no_slope() -> None:
    cycle = SimpleNamespace(
        amplitude=0.4227, amplitude_without=0.4155, clarity_changers=(), most_influential="D16"
    )
    a = SimpleNamespace(influence=None, curve_influence=SimpleNamespace(cycle=cycle))
    said = influence(a, LABELS)  # type: ignore[arg-type]
    assert len(said) == 1
    assert "fixed slope" not in _text(said[0]) and "significance" not in _text(said[0])
    assert num(*PATH, "amplitude", style="d3") in said[0]


def test_the_sentence_speaks_german() -> None:
    with speaking("de"):
        said = _text(cycle_influence_sentence((), "D16", SimpleNamespace(group="Proband", time="Stunde")))  # type: ignore[arg-type]
    assert said.startswith("Wird der Zyklus")
