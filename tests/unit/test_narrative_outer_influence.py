"""The sentences on leaving out one outer group (reportgen.narrative.outer_influence): flip the
input, the words flip."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.i18n import speaking
from reportgen.narrative.outer_influence import (
    outer_influence_sentences,
    outer_verdict,
    subjects_left_out_line,
)
from reportgen.narrative.sentence import num


def test_no_single_site_changes_a_conclusion() -> None:
    assert outer_verdict("site", (), ()) == (
        "No single site flips the average slope's sign or whether its 95% interval excludes 0."
    )


def test_a_site_that_flips_the_sign_is_named() -> None:
    said = outer_verdict("Clinic", ("C3",), ("C4",))
    assert said == "Leaving out clinic C3 flips the average slope's sign: read it with care."


def test_a_site_that_changes_the_interval_is_named() -> None:
    said = outer_verdict("school", (), ("S2",))
    assert said.startswith(
        "Leaving out school S2 changes whether the average slope's 95% interval excludes 0"
    )


def test_the_reason_names_the_subjects_and_the_outer_level_from_the_labels() -> None:
    pupils = subjects_left_out_line("Pupil", "school")
    assert pupils == (
        "Each pupil is left out of the one-grouping model only: with every level that would take ",
        num("influence", "outer", "subjects", style="int"),
        " refits of the model, one per pupil, so each school is left out of it instead.",
    )
    patients = subjects_left_out_line("patient", "Site")
    assert patients[0].startswith("Each patient is") and patients[-1].endswith(
        "so each site is left out of it instead."
    )


def test_the_verdict_speaks_german_with_the_label_as_written() -> None:
    with speaking("de"):
        said = outer_verdict("Klinik", (), ("K2",))
    assert said.startswith(
        "Ohne Klinik K2 ändert sich, ob das 95-%-Intervall der mittleren Steigung 0 ausschließt"
    )


def test_nothing_is_said_with_one_grouping() -> None:
    assert outer_influence_sentences(SimpleNamespace(outer_influence=None, multilevel=None), None) == []  # type: ignore[arg-type]


def _left_out(headline_formula: str) -> list:
    """The sentences for a nested study whose stood-on model has arm and the headline's does not."""
    moved = SimpleNamespace(estimate=-1.339)
    outer = SimpleNamespace(
        level="clinic",
        without={"C10": moved},
        most_influential="C10",
        slope=SimpleNamespace(estimate=-1.408),
        sign_changers=(),
        significance_changers=(),
        not_fitted=(),
    )
    stood_on = SimpleNamespace(
        formula="score ~ month + arm + month:arm + (1 | clinic) + (month | clinic:patient)", time="month"
    )
    headline = SimpleNamespace(formula=headline_formula, time="month")
    a = SimpleNamespace(outer_influence=outer, multilevel=stood_on, headline_multilevel=headline)
    labels = SimpleNamespace(group="patient", rate=lambda: "per unit of month")
    return outer_influence_sentences(a, labels)  # type: ignore[arg-type]


def test_the_formula_printed_is_the_refitted_headline_model() -> None:
    """Statistician P 3: the clinics were left out of ``(month | clinic)`` (the headline's model),
    but the sentence printed the stood-on model's ``(1 | clinic)``."""
    said = "".join(
        p
        for p in _left_out("score ~ month + (month | clinic) + (month | clinic:patient)")[1]
        if isinstance(p, str)
    )
    assert "(score ~ month + (month | clinic) + (month | clinic:patient))" in said
    other = "".join(
        p for p in _left_out("score ~ month + (1 | clinic) + (1 | clinic:patient)")[1] if isinstance(p, str)
    )
    assert "(score ~ month + (1 | clinic) + (1 | clinic:patient))" in other
