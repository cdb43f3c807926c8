"""What a straight line's odds or rate ratio per unit of time says when the report stands on a
curved GLMM (Questions 3 and 5 of a binary or count response).

Question 3's pooled regression and Question 5's random-intercept GLMM are straight lines in time on
the link scale; their ratio per unit of time is one factor for every step. When the GLMM the report
stands on is a curve (``glmm.curve``), that factor is only a straight line's summary: statistician
S, session 8, binq: "its odds ratio per visit is 1.21 ..., so the odds rise with each visit" beside
a curve that peaks at visit 2.81 and falls to the last visit. So on a curve the ratio is said to be
a straight-line summary that no single ratio per unit of time describes, and "with each" is not
claimed; a straight trend keeps :func:`reportgen.narrative.family.ratio_change_words`.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _

PEAK, TROUGH = "peak", "trough"


def curve_ratio_words(name: str, per: str, extreme_kind: str) -> str:
    """The clause after a straight line's ratio when the report stands on a curve: a straight-line
    summary, and the curve's interior peak or trough (``extreme_kind``, "" for none) when it has one.

    Args:
        name: the ratio's name ("odds ratio", "rate ratio").
        per: the unit of time ("visit").
        extreme_kind: PEAK, TROUGH or "" (:class:`reportgen.analysis.glmm_shape.GlmmCurve`).
    """
    values = {"name": name, "per": per}
    if extreme_kind == PEAK:
        return (
            _(
                "but that is a straight line's summary: the report stands on a curve (going further) "
                "that peaks inside the observed range, so no single %(name)s per %(per)s describes it"
            )
            % values
        )
    if extreme_kind == TROUGH:
        return (
            _(
                "but that is a straight line's summary: the report stands on a curve (going further) "
                "that falls to its lowest inside the observed range, so no single %(name)s per %(per)s "
                "describes it"
            )
            % values
        )
    return (
        _(
            "but that is a straight line's summary: the report stands on a curve (going further), "
            "which no single %(name)s per %(per)s describes"
        )
        % values
    )


def straight_test_words(curved: bool, time: str) -> str:
    """What the random-slope test of a curved GLMM compared: the straight-line GLMMs in ``time``,
    whose choice the curve keeps (statistician S 2, binq: chi-square 0.86 from the linear-time
    GLMMs; glmer on the curve gives 0.15, the same verdict); nothing for a straight trend."""
    if not curved:
        return ""
    return _(
        "The test compares the straight-line GLMMs in %(time)s; the curve the report stands on "
        "keeps the random effects they chose."
    ) % {"time": time}
