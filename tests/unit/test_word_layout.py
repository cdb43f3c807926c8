"""The Word document's layout rules (reportgen.word_layout): number cells, column widths, bookmark names."""

from __future__ import annotations

import pytest

from reportgen.word_layout import bookmark_name, column_widths, is_number_cell, longest_word, text_width


@pytest.mark.parametrize(
    "text",
    [
        "249.56",
        "-0.25",
        "−0.25",
        "1,234.5",
        "12%",
        "< 0.001",
        "= 0.042",
        "n/a",
        "8.02 to 12.91",
        "[8.02, 12.91]",
    ],
)
def test_numbers_and_ranges_of_numbers_are_number_cells(text: str) -> None:
    assert is_number_cell(text)


@pytest.mark.parametrize(
    "text", ["", "Days", "Reaction time (ms)", "p = 0.04", "Question 1", "R²", "12 subjects", "random slope"]
)
def test_words_are_not_number_cells(text: str) -> None:
    assert not is_number_cell(text)


def test_a_word_added_to_a_number_makes_it_text() -> None:
    assert is_number_cell("0.91") and not is_number_cell("0.91 ms")


def test_columns_that_fit_get_what_they_want() -> None:
    assert column_widths([10, 20], [30, 40], 100) == [30, 40]


def test_a_long_column_takes_the_spare_width_never_less_than_its_longest_word() -> None:
    # Equal widths (50, 50) would break the first column's 60-wide word; fitted ones do not.
    widths = column_widths([60, 10], [60, 200], 100)
    assert widths[0] >= 60 and sum(widths) == pytest.approx(100)
    # The spare width goes to the column that wants more than its longest word.
    assert column_widths([10, 20], [30, 100], 100) == pytest.approx([24, 76])


def test_when_even_the_longest_words_do_not_fit_they_shrink_in_proportion() -> None:
    assert column_widths([60, 60], [70, 70], 100) == pytest.approx([50, 50])


def test_widths_are_measured_by_character_shape() -> None:
    assert text_width("Minimum") > text_width("iiiiiii")  # the same count of letters, wider ones
    assert text_width("Minimum") > 7 * 0.5  # wider than half an em a letter
    assert longest_word("Days of sleep deprivation") == text_width("deprivation")


def test_bookmark_names_are_words_word_accepts() -> None:
    assert bookmark_name("tab-q1-head") == "tab_q1_head"
    assert bookmark_name("1st") == "r1st"  # a letter first
    assert len(bookmark_name("x" * 60)) == 40


def test_bookmark_names_are_unique() -> None:
    assert bookmark_name("g-trend", {"g_trend"}) == "g_trend_2"
    assert bookmark_name("g-trend", {"g_trend", "g_trend_2"}) == "g_trend_3"
    long = "fig-covariate_" + "x" * 40
    first = bookmark_name(long)
    second = bookmark_name(long + "y", {first})
    assert second != first and len(second) == 40 and second.endswith("_2")
