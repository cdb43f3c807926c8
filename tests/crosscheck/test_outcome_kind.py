"""The outcome kind on the reviewed data sets: ChickWeight's whole grams are a measurement, epil's
seizures look like a count, a simulated 0/1 response is binary (finding 1 of the review)."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.outcome import BINARY, CONTINUOUS, COUNT, outcome_kind
from tests.support.r_datasets import r_dataset


def test_chickweight_grams_are_continuous() -> None:
    weight = r_dataset("ChickWeight")["weight"].to_numpy(float)
    assert np.all(weight == np.round(weight))  # whole numbers, yet not a count
    assert outcome_kind(weight) == CONTINUOUS


def test_epil_seizures_look_like_a_count() -> None:
    assert outcome_kind(r_dataset("epil", "MASS")["y"].to_numpy(float)) == COUNT


def test_orange_circumference_is_continuous() -> None:
    assert outcome_kind(r_dataset("Orange")["circumference"].to_numpy(float)) == CONTINUOUS


def test_simulated_zero_one_is_binary() -> None:
    rng = np.random.default_rng(42)
    assert outcome_kind((rng.random(360) < 0.55).astype(float)) == BINARY
