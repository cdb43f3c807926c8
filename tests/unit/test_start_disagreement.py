"""Why the model's test at the first time and the measured values' test disagree (statistician Q,
session 8): Soybean's curves differ by 0.040 at day 14 and the measured means by 0.037 (lmerTest
contest: SE 0.41, p = 0.923; the measured means' F = 10.15), the same size: the standard errors
differ, not the curves. CO2's measured means were pooled over Treatment while the curves sit at
Treatment chilled."""

from __future__ import annotations

import pandas as pd

from reportgen.analysis.start_subset import held_levels, rows_at
from reportgen.narrative.model import measured_against_lines
from reportgen.narrative.model_rules import measured_start_verdict
from reportgen.narrative.start_disagreement import (
    OVERSTATES,
    SIZES,
    UNDERSTATES,
    spread_cause_words,
    start_disagreement,
)


def test_same_size_differences_with_a_wider_model_se_blame_the_one_residual_sd() -> None:
    # Soybean at day 14: curves 0.11 and 0.15 (gap 0.040, F = 0.0093), means 0.072 and 0.11 (F = 10.15).
    assert start_disagreement(0.040, 0.038, 0.0093, 10.15) == OVERSTATES
    # flipped: the model's SE the smaller one
    assert start_disagreement(0.040, 0.038, 10.15, 0.0093 * (0.040 / 0.038) ** 2 * 0.5) == UNDERSTATES


def test_differences_of_another_size_or_sign_keep_the_lines_as_the_cause() -> None:
    assert start_disagreement(0.40, 0.038, 0.93, 10.15) == SIZES  # 0.36 apart, SE 0.012
    assert start_disagreement(-0.040, 0.038, 0.0093, 10.15) == SIZES  # opposite directions
    assert start_disagreement(0.040, 0.038, 0.0, 10.15) == SIZES  # no test to read an SE from


def test_the_verdict_names_the_spread_instead_of_the_curves() -> None:
    blamed = measured_start_verdict(0.003, True, "Variety", "curves", 0.923)
    assert "product of the model's curves" in blamed
    spread = measured_start_verdict(0.003, True, "Variety", "curves", 0.923, OVERSTATES)
    assert "product of" not in spread and "overstates the spread at the start" in spread
    assert "see the spread check" in spread and "too weak" in spread
    under = spread_cause_words(UNDERSTATES, "lines")
    assert "understates the spread at the start" in under and "too strong" in under
    assert spread_cause_words(SIZES, "lines") == ""


def test_the_measured_values_are_taken_at_the_level_the_lines_are_drawn_at() -> None:
    held: dict[str, str | float] = {"Treatment": "chilled", "dose": 3.5}
    assert held_levels(held, ["Treatment", "dose"]) == {"Treatment": "chilled"}  # a mean has no rows
    assert held_levels(held, []) == {}  # no kept interaction: pooled, as the lines' gap is the same
    frame = pd.DataFrame({"Treatment": ["chilled", "nonchilled", "chilled"], "response": [1.0, 2.0, 3.0]})
    assert rows_at(frame, {"Treatment": "chilled"})["response"].tolist() == [1.0, 3.0]
    assert rows_at(frame, {}) is frame


def test_the_words_say_where_the_measured_means_are_taken() -> None:
    held: dict[str, str | float] = {"Treatment": "chilled"}
    pooled = measured_against_lines(True, held, "curve")
    assert pooled == "measured mean, pooled over Treatment, against the curve there at Treatment chilled"
    same = measured_against_lines(True, held, "curve", {"Treatment": "chilled"})
    assert same == "measured mean at Treatment chilled against the curve there"
    assert measured_against_lines(True, {}, "line") == "measured mean against the line there"
