"""The first remedy when the residuals come from a model that leaves out a covariate that varies
within subjects.

The diagnostics read the residuals of the model the tests support, which has no covariate. When
they find serial correlation or an uneven spread and a given covariate changes within subjects
(Rabbit: Treatment, each animal measured under both), the covariate's effect is left in each
series of residuals: a likelier cause than the level or the error structure, so the first remedy
is to add it, before an autocorrelated error structure or a log scale. A covariate constant within
subjects is mostly absorbed by the subjects' own levels and slopes, so nothing is said of it
(Soybean's spread grows with the growth itself, not with Variety).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["omitted_covariate_remedy"]


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def omitted_covariate_remedy(varying: Sequence[str], *, serial: bool, uneven_spread: bool) -> str:
    """The remedy sentence, or "" when no such covariate is left out or the checks find neither problem.

    Args:
        varying: the given covariates that vary within subjects, left out of the residuals' model.
        serial: the residuals are serially correlated.
        uneven_spread: their spread changes (over time, with the level or between levels).
    """
    if not varying or not (serial or uneven_spread):
        return ""
    one = len(varying) == 1
    names = _listed(varying)
    seen = (("the serial correlation", serial), ("the uneven spread", uneven_spread))
    found = " and ".join(words for words, shown in seen if shown)
    its = "its" if one else "their"
    kind = "a covariate that changes within a subject" if one else "covariates that change within subjects"
    return (
        f"{names}, given as {kind}, "
        f"{'is' if one else 'are'} not in the model these "
        f"residuals come from: {its} effect, left in each series of residuals, is the likelier cause "
        f"of {found}, so the first remedy is to add {names} to the model (as {its} own section does) "
        "and check again, before an autocorrelated error structure or a log scale."
    )
