"""The first remedy when the residuals come from a model that leaves out a given covariate.

The diagnostics read the residuals of the model the tests support, which has no covariate. When
they find serial correlation or an uneven spread and a covariate was given (Rabbit: Treatment, each
animal measured under both), the covariate's effect left in the residuals is a likelier cause
than the level or the error structure: the first remedy is to add it, before an autocorrelated
error structure or a log scale. A covariate that varies within subjects leaves its effect in
each series of residuals ("the likelier cause"); one constant within subjects is partly absorbed
by the subjects' own levels and slopes ("a possible cause").
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["omitted_covariate_remedy"]


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def omitted_covariate_remedy(
    missing: Sequence[str], *, within: bool, serial: bool, uneven_spread: bool
) -> str:
    """The remedy sentence, or "" when no covariate is left out or the checks find neither problem.

    Args:
        missing: the given covariates the residuals' model leaves out.
        within: whether one of them varies within subjects.
        serial: the residuals are serially correlated.
        uneven_spread: their spread changes (over time, with the level or between levels).
    """
    if not missing or not (serial or uneven_spread):
        return ""
    one = len(missing) == 1
    names = _listed(missing)
    seen = (("the serial correlation", serial), ("the uneven spread", uneven_spread))
    found = " and ".join(words for words, shown in seen if shown)
    cause = "the likelier cause" if within else "a possible cause"
    its = "its" if one else "their"
    return (
        f"{names}, given as {'a covariate' if one else 'covariates'}, {'is' if one else 'are'} not in "
        f"the model these residuals come from: {its} effect, left in the residuals, is {cause} of "
        f"{found}, so the first remedy is to add {names} to the model (as {its} own section does) and "
        "check again, before an autocorrelated error structure or a log scale."
    )
