"""The caterpillar of nested subjects shows the ids as the data give them, not lme4's
"site:patient" path (issue 24, item 4)."""

from __future__ import annotations

from reportgen.figures.subject_ids import data_ids


def test_unique_ids_are_shown_alone() -> None:
    assert data_ids(["S01:S01-p0", "S02:S02-p0"], 1) == ["S01-p0", "S02-p0"]


def test_ids_that_repeat_across_sites_keep_their_site() -> None:
    # Flip: the same patient id in two clinics needs the clinic to tell them apart.
    assert data_ids(["C01:P01", "C02:P01", "C02:P02"], 1) == ["C01/P01", "C02/P01", "C02/P02"]


def test_three_levels_and_ids_with_colons() -> None:
    assert data_ids(["R1:C1:P1", "R1:C2:P1"], 2) == ["R1/C1/P1", "R1/C2/P1"]
    assert data_ids(["C1:10:30", "C2:11:00"], 1) == ["10:30", "11:00"]  # the id keeps its own colon


def test_crossed_or_unnested_names_stay_as_they_are() -> None:
    assert data_ids(["P01", "P02"], 0) == ["P01", "P02"]
    assert data_ids(["P01", "P02"], 1) == ["P01", "P02"]
