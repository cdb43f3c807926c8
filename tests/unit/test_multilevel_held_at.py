"""Which covariate values the range at a new site is for (issue 24, review H item 2: 58.99 +- 1.96 x
3.774 was the drug arm at visit 2.5, and the report did not say so): flip the input, the words flip."""

from __future__ import annotations

import pandas as pd

from reportgen.analysis.multilevel import covariates_held
from reportgen.narrative.multilevel import held_words
from reportgen.narrative.sentence import Num


def test_no_covariates_no_words() -> None:
    assert held_words({}) == ()


def test_the_reference_level_is_named() -> None:
    assert held_words({"trt": "drug"}) == (" for trt ", "drug")
    assert held_words({"trt": "placebo"}) == (" for trt ", "placebo")


def test_a_number_carries_its_results_key_and_several_are_joined() -> None:
    words = held_words({"trt": "drug", "age": 0.0})
    assert words[:3] == (" for trt ", "drug", " and age ")
    assert words[3] == Num(("multilevel", "held_at", "age"), "auto")


def test_the_reference_is_the_first_level_in_sorted_order_and_numbers_sit_at_zero() -> None:
    frame = pd.DataFrame({"trt": ["placebo", "drug", "placebo"], "age": [40.0, 50.0, 60.0]})
    assert covariates_held(frame, ("trt", "age"), {"trt"}) == {"trt": "drug", "age": 0.0}
    assert covariates_held(frame.assign(trt=["b", "c", "c"]), ("trt",), {"trt"}) == {"trt": "b"}
