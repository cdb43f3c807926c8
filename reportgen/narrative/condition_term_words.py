"""Which numbers of a paired covariate carry the subject x condition term (Going further 4).

A covariate that varies within subjects at the same times (each rabbit under both treatments at
the same doses) is tested in a model with ``(1 | subject:condition)``
(:mod:`reportgen.analysis.condition_term`). Its type-III tests always come from that model; its
differences between levels, and their tests at the first and the average time, too when that
model could be read for them (``differences_paired``). The rest (the coefficient table, each
level's rate, the likelihood-ratio test of the interaction and the test of the measured values)
come from the covariate model without the term (statistician S, session 8, Rabbit: "The other
tests and intervals of Treatment below come from the model without it" while the printed
differences were the paired model's, 7.61 to 14.42 lower in lmerTest).
"""

from __future__ import annotations

from reportgen.i18n import gettext as _


def measured_at_levels(group: str, column: str, levels: int) -> str:
    """ "Each animal is measured at both levels of Treatment": "both" with two levels, else "several"."""
    if levels == 2:
        return _("Each %(group)s is measured at both levels of %(column)s at the same times") % {
            "group": group,
            "column": column,
        }
    return _("Each %(group)s is measured at several levels of %(column)s at the same times") % {
        "group": group,
        "column": column,
    }


def condition_term_caveat(
    column: str, group: str, group_column: str, time: str, levels: int = 0, differences_paired: bool = False
) -> str:
    """The caveat of a covariate paired within subjects whose type-III tests carry the subject x
    condition term: which numbers come from the model with the term and which from the one without.

    Args:
        column: the covariate's label.
        group: the subjects' noun; ``group_column`` their column (for lme4's notation).
        time: the time's noun.
        levels: how many levels the covariate has (two: "both levels").
        differences_paired: the differences between levels and their tests at the first and the
            average time come from the model with the term too.
    """
    values = {"group": group, "column": column, "group_column": group_column, "time": time}
    lead = measured_at_levels(group, column, levels)
    if differences_paired:
        rest = _(
            "so each %(group)s × %(column)s series is the unit measured repeatedly: the type-III "
            "tests of %(column)s and of %(time)s × %(column)s, and the differences between its "
            "levels with their tests and intervals, come from the model with a random effect for "
            "each %(group)s × %(column)s series (in lme4, + (1 | %(group_column)s:%(column)s)). The "
            "coefficient table, each level's rate, the likelihood-ratio test of the interaction and "
            "the test of the measured values come from the model without it: they ignore how the "
            "series are paired within each %(group)s and can overstate the evidence"
        )
    else:
        rest = _(
            "so each %(group)s × %(column)s series is the unit measured repeatedly: the type-III "
            "tests of %(column)s and of %(time)s × %(column)s come from the model with a random "
            "effect for each %(group)s × %(column)s series (in lme4, + (1 | "
            "%(group_column)s:%(column)s)). The other tests and intervals of %(column)s below come "
            "from the model without it: they ignore how the series are paired within each "
            "%(group)s and can overstate the evidence"
        )
    return f"{lead}, {rest % values}"
