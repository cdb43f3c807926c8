"""The diagnostics name a given covariate that varies within subjects, left out of their model, as
the first remedy (issue 21, Rabbit: the lag-1 correlation 0.55 and the spread were blamed on the
level while Treatment, given to each animal in turn, was left out)."""

from __future__ import annotations

from reportgen.narrative.omitted_covariate import omitted_covariate_remedy


def test_a_left_out_covariate_is_named_first_when_residuals_are_serially_correlated() -> None:
    words = omitted_covariate_remedy(("Treatment",), serial=True, uneven_spread=True)
    assert words.startswith(
        "Treatment, given as a covariate that changes within a subject, is not in the model"
    )
    assert "the likelier cause of the serial correlation and the uneven spread" in words
    assert "the first remedy is to add Treatment to the model" in words
    assert "before an autocorrelated error structure or a log scale" in words


def test_no_such_covariate_or_no_problem_says_nothing() -> None:
    assert omitted_covariate_remedy((), serial=True, uneven_spread=True) == ""
    assert omitted_covariate_remedy(("Treatment",), serial=False, uneven_spread=False) == ""


def test_the_cause_named_is_the_one_found() -> None:
    words = omitted_covariate_remedy(("Treatment",), serial=False, uneven_spread=True)
    assert "the likelier cause of the uneven spread" in words and "serial" not in words


def test_several_covariates_agree_in_number() -> None:
    words = omitted_covariate_remedy(("Type", "Treatment"), serial=True, uneven_spread=False)
    assert words.startswith("Type and Treatment, given as covariates that change within subjects, are")
