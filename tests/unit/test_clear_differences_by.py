"""Levels and slopes judged in one clause: its tail ("the rest are compatible with it") is said once,
and a second "differ clearly from the average" becomes "do" (the caterpillar sentence said both twice)."""

from __future__ import annotations

from reportgen.narrative.rules import clear_differences_by

REST = "the rest are compatible with it"


def test_some_by_both_says_the_rest_once() -> None:
    words = clear_differences_by("intercepts", 3, 2, 18)
    assert words == (
        "by their intercepts, these subjects differ clearly from the average; "
        "by their slopes, these do; the rest are compatible with it"
    )
    assert words.count(REST) == 1 and words.count("differ clearly") == 1


def test_one_by_each_is_this_one() -> None:
    assert clear_differences_by("levels", 1, 1, 12, "rat", "rats") == (
        "by their levels, this rat differs clearly from the average; by their slopes, this one does; " + REST
    )


def test_none_or_every_both_ways_is_one_judgement_with_no_rest() -> None:
    assert clear_differences_by("intercepts", 0, 0, 18) == (
        "by their intercepts and by their slopes, no subject differs clearly from the average"
    )
    assert clear_differences_by("intercepts", 18, 18, 18, "child", "children") == (
        "by their intercepts and by their slopes, every child differs clearly from the average"
    )


def test_flip_the_counts_and_the_words_flip() -> None:
    assert clear_differences_by("intercepts", 18, 0, 18) == (
        "by their intercepts, every subject differs clearly from the average; "
        "by their slopes, no subject differs clearly from the average"
    )
    assert clear_differences_by("intercepts", 0, 18, 18) == (
        "by their intercepts, no subject differs clearly from the average; "
        "by their slopes, every subject differs clearly from the average"
    )
    mixed = clear_differences_by("intercepts", 18, 4, 18)
    assert mixed.endswith("by their slopes, these subjects differ clearly from the average; " + REST)
