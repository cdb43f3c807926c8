"""Shares of variance said of the right model when the subjects are nested in an outer level.

With ``--group school/pupil`` a one-grouping model (``(1 | school:pupil)``) counts the schools'
variance as the pupils': its ICC (79% on the review's nested study, where lme4's three-level model
gives schools ~38% and pupils ~42%) is not the study's. The between-subjects sentences then give
the shares per level of the model the report stands on (``multilevel.shares``) first, and say of
every one-grouping share that it leaves the outer level out (issue 24, nest24c).
"""

from __future__ import annotations

from reportgen.words import noun, plural

# How the shares of the model with every level are introduced in a section on the subjects.
STOOD_ON_SHARES = "In the model the report stands on, with every level, "


def without_outer_level(top: str, group: str) -> str:
    """The opening of a sentence on a one-grouping model's share, ``top`` the outermost level."""
    return f"Without the {noun(top)} level (which it counts as the {plural(group)}' own variance), "


def next_share_lead(top: str | None) -> str:
    """The opening of the R² sentence right after the intraclass correlation's: with an outer level
    (``top``), that sentence has said "Without the school level" and the next points back to it
    rather than saying it a second time (statistician P 9, session 7)."""
    return (
        "In the random-intercept model"
        if top is None
        else "On the same grouping, in the random-intercept model"
    )


def between_every_level(levels: tuple[str, ...], group: str, crossed: bool = False) -> str:
    """The groups whose differences the random effects of every level hold, outermost first:
    ("school", "pupil") -> "schools and between pupils within schools" (``group``: the subjects'
    label, said for the innermost level); ``crossed``: "sites and between patients"."""
    if crossed:
        from reportgen.narrative.crossed import between_crossed

        return between_crossed(levels, group)
    names = (*levels[:-1], group)
    return " and between ".join(
        " within ".join(plural(name) for name in reversed(names[: k + 1])) for k in range(len(names))
    )


def without_outer_clause(levels: tuple[str, ...] | None) -> str:
    """Before a one-grouping share inside a sentence: "without the school level, " ("" without an
    outer level; ``levels``: the grouping columns, outermost first)."""
    return "" if not levels else f"without the {noun(levels[0])} level, "


def subjects_with_outer(groups: str, levels: tuple[str, ...] | None) -> str:
    """The subjects whose differences a one-grouping share holds: with an outer level, theirs and
    their outer groups' ("pupils (their schools' differences included)")."""
    return groups if not levels else f"{groups} (their {plural(levels[0])}' differences included)"
