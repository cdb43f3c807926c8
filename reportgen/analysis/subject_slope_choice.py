"""Whether the subjects keep random slopes in the model with every level the headline reads, and
the one rule code (``headline.reason``) that says so.

Statistician P (session 7, raters crossed with subjects, ``--crossed rater``): the seminar's
one-grouping test (subjects alone, chi-square 3.96, boundary p = 0.092) leaves the subjects' slopes
out, while the model with the rater level, whose slope the headline reads, keeps them (chi-square
13.13, boundary p < 0.001, slope SD 0.24); ``headline.reason`` said ``slopes_not_supported`` beside
``headline.slope_sd`` 0.24. One decision: the headline's reason is read from its own model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit

# The rule codes of analysis.selection that leave the subjects' slopes out.
SLOPES_LEFT_OUT = ("slopes_not_supported", "slope_variance_zero", "slopes_not_identifiable")


def one_grouping_keeps(reason: str) -> bool:
    """Whether the one-grouping choice (its rule code) keeps the subjects' random slopes."""
    return reason not in SLOPES_LEFT_OUT


def subject_slopes_kept(fit: MultilevelFit) -> bool:
    """Whether the subjects (the innermost grouping term) keep random slopes in ``fit``."""
    from reportgen.analysis.multilevel import subject_term

    return fit.time in fit.random[subject_term(fit)]


def subject_slopes_tested(fit: MultilevelFit) -> bool:
    """Whether the rule tested the subjects' slopes in ``fit`` (a singular fit drops them untested)."""
    from reportgen.analysis.multilevel import subject_term

    return subject_term(fit) in fit.slope_tests


def stood_on_reason(one_grouping: str, kept: bool, tested: bool) -> str:
    """The rule code of the model with every level: the one-grouping code when both choices agree
    on the subjects' slopes (it says more: an uncorrelated refit, a zero variance), else the code
    of what the model with every level did: ``slopes_supported`` when it keeps them,
    ``slopes_not_supported`` when its test left them out, ``slope_variance_zero`` when a singular
    fit dropped them before any test."""
    if one_grouping_keeps(one_grouping) == kept:
        return one_grouping
    if kept:
        return "slopes_supported"
    return "slopes_not_supported" if tested else "slope_variance_zero"


def headline_reason(one_grouping: str, fit: MultilevelFit) -> str:
    """``headline.reason`` with an outer level: :func:`stood_on_reason` of the headline's model."""
    return stood_on_reason(one_grouping, subject_slopes_kept(fit), subject_slopes_tested(fit))
