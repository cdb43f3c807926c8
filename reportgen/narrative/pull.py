"""What sets partial pooling's pull, said only as far as it holds (statistician T, session 8, 4).

With every subject measured at the same times, a single random intercept pulls each subject's
line by one proportion, and uncorrelated random effects pull each term (level, slope) by its own
proportion. Correlated random effects pull by a matrix: Sitka's straight line ``(t0 | tree)``
pulls the trees' slope deviations by -0.27 to 2.25 of their own, so no proportion is claimed.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.words import capitalized

# How the pull works out, by the random part: one proportion, one per term, or neither.
ONE = "one"
PER_TERM = "per_term"
MATRIX = "matrix"


def pull_kind(balanced: bool, random_part: str) -> str:
    """``ONE`` for a single random intercept, ``PER_TERM`` for uncorrelated random effects, both
    with every subject measured at the same times; ``MATRIX`` otherwise (correlated random
    effects, or unbalanced times, where each subject's data set its pull)."""
    if not balanced:
        return MATRIX
    return {"random_intercept": ONE, "uncorrelated_slope": PER_TERM}.get(random_part, MATRIX)


def pull_driver(balanced: bool, random_part: str, group: str, groups: str) -> str:
    """What decides how far each subject is pulled toward the population (``random_part``: the
    chosen model's random effects, "random_intercept", "random_slope" or "uncorrelated_slope")."""
    kind = pull_kind(balanced, random_part)
    names = {"group": group, "groups": groups}
    if kind == ONE:
        return (
            _(
                "Every %(group)s is measured at the same times, so the model pulls each one's line by the "
                "same proportion: what sets the pull is the noise of the measurements relative to the "
                "spread between %(groups)s; the model borrows strength from the others."
            )
            % names
        )
    if kind == PER_TERM:
        return (
            _(
                "Every %(group)s is measured at the same times, so the model pulls each one's level by one "
                "proportion and each one's slope by another: what sets each pull is the noise of the "
                "measurements relative to the spread between %(groups)s; the model borrows strength from "
                "the others."
            )
            % names
        )
    if balanced:  # correlated random effects: the pull is a matrix, no one proportion
        return (
            _(
                "What sets the pull is the noise of the measurements relative to the spread between "
                "%(groups)s and how their levels and slopes go together; the model borrows strength from "
                "the others."
            )
            % names
        )
    return _(
        "%(Groups)s whose own lines rest on few or noisy observations are pulled furthest: the model "
        "borrows strength from the others."
    ) % {"Groups": capitalized(groups)}
