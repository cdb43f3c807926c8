"""Whole-number counts read as continuous (Ovary's follicles): the report says why it kept a normal
model (reportgen.narrative.family's count rule words)."""

from __future__ import annotations

from reportgen.narrative.family import count_considered, kept_normal_words


def test_the_count_reading_is_considered_only_for_count_like_whole_numbers() -> None:
    assert count_considered(True, 1.0, 12.0, "continuous")  # Ovary: whole, median 12
    assert not count_considered(False, 1.0, 12.0, "continuous")  # not whole numbers
    assert not count_considered(True, 1.0, 12.0, "count")  # read as counts: the GLMM speaks
    assert not count_considered(True, -1.0, 12.0, "continuous")  # below 0: no count
    assert not count_considered(True, 150.0, 250.0, "continuous")  # large, never 0: a measurement
    assert not count_considered(True, 1.0, 12.0, "continuous", unit="mm")  # a unit: a measurement


def test_far_from_zero_a_poisson_count_is_near_normal_and_the_words_say_so_only_there() -> None:
    before, after = kept_normal_words("follicles", 12.0)
    assert before.startswith("The follicles are whole numbers")
    assert "considered reading them as counts" in before
    assert "close to a normal distribution" in after and "--family poisson" in after
    _, near_zero = kept_normal_words("follicles", 3.0)
    assert "close to a normal distribution" not in near_zero and "--family poisson" in near_zero
