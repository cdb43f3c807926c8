"""Why a nested design's levels section is left out: one line, only for a non-Gaussian response."""

from __future__ import annotations

from reportgen.narrative.multilevel import levels_left_out


def test_a_binomial_nested_report_says_why_the_levels_are_left_out() -> None:
    assert levels_left_out(("site",), "binomial") == (
        "the model at every level (between sites) is left out: the response is binomial, and that "
        "section fits a linear mixed model; a multilevel model for this family is not built yet",
    )


def test_nothing_is_said_for_a_gaussian_response_or_one_grouping() -> None:
    assert levels_left_out(("site",), "gaussian") == ()
    assert levels_left_out((), "poisson") == ()
