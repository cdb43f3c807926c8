"""The outer groups' own random slopes in the headline's model are said beside its slope, from that
model's keys (statistician P 4: the clinics' chi-square 15.5, SD 0.42, correlation 0.80 were never
said), with or without their correlation."""

from __future__ import annotations

from reportgen.narrative.headline_top_slopes import top_slopes_words
from reportgen.narrative.sentence import Num

MODEL = ("models", "multilevel_no_covariates")


def _text(sentence: tuple[object, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in sentence)


def _paths(sentence: tuple[object, ...]) -> list[tuple[str, ...]]:
    return [p.path for p in sentence if isinstance(p, Num)]


def test_the_clinics_slopes_with_their_test_sd_and_correlation() -> None:
    words = top_slopes_words(MODEL, "clinics", "clinic", "month", "month", "per unit of month", True)
    assert _text(words) == (
        "In that model the clinics keep random slopes of their own (clinic: chi-square = # on # df, "
        "p #, boundary-corrected): they spread around the average slope with a standard deviation of "
        "# per unit of month, correlated # with their levels at month 0."
    )
    assert _paths(words) == [
        (*MODEL, "slope_tests", "clinic", "chisq"),
        (*MODEL, "slope_tests", "clinic", "df"),
        (*MODEL, "slope_tests", "clinic", "p"),
        (*MODEL, "random", "clinic", "month", "sd"),
        (*MODEL, "correlations", "clinic"),
    ]


def test_uncorrelated_slopes_say_no_correlation() -> None:
    """Flip the input: without a correlation the clause and its key go."""
    words = top_slopes_words(("multilevel",), "sites", "site", "Week", "week", "per week", False)
    assert "correlated" not in _text(words)
    assert ("multilevel", "random", "site", "Week", "sd") in _paths(words)
    assert all("correlations" not in path for path in _paths(words))
