"""The subject x condition term's pieces (``reportgen/analysis/condition_term.py``) and its words."""

from __future__ import annotations

from reportgen.analysis.condition_term import condition_terms, subject_terms
from reportgen.narrative.condition_term_words import condition_term_caveat
from reportgen.narrative.model_rules import paired_verdict
from reportgen.narrative.multilevel import pairing_left


def test_subject_terms_follow_the_covariate_models_random_effects() -> None:
    assert subject_terms(1, "unstructured", "day", "Dog") == "(1 | Dog)"
    assert subject_terms(2, "unstructured", "day", "Dog") == "(day | Dog)"
    assert subject_terms(2, "diagonal", "t", "Dog") == "(1 | Dog) + (0 + t | Dog)"


def test_one_condition_term_per_paired_covariate() -> None:
    assert condition_terms("Dog", ("Side",)) == ("(1 | Dog:Side)",)
    assert condition_terms("g", ("c0", "c1")) == ("(1 | g:c0)", "(1 | g:c1)")


def test_a_test_on_the_model_with_the_term_is_not_marked_as_ignoring_the_pairing() -> None:
    assert paired_verdict("they differ", pairing_left("same_times", carried=True)) == "they differ"
    assert paired_verdict("they differ", pairing_left("same_times", carried=False)).startswith(
        "taken at face value, they differ, but the test ignores the pairing"
    )


def test_the_caveat_names_the_term_and_what_does_not_carry_it() -> None:
    words = condition_term_caveat("Side", "dog", "Dog", "day")
    assert "the type-III tests of Side and of day × Side come from the model" in words
    assert "(1 | Dog:Side)" in words
    assert "The other tests and intervals of Side below come from the model without it" in words
    assert "(1 | Animal:Treatment)" in condition_term_caveat("Treatment", "animal", "Animal", "dose")
