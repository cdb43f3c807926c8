"""How the tests stand behind the model the report stands on (eighth read, Orthodont).

"The report stands on the random-intercept model, which the tests support" was said where the test
of random slopes only failed to reject it (boundary p = 0.082) and AIC preferred random slopes. A
random-intercept model kept because slopes are not clearly needed is "not rejected"; AIC's
disagreement is said beside it.
"""

from __future__ import annotations

RANDOM_INTERCEPT = "random_intercept"


def stood_on_words(model: str, aic_intercept: float, aic_slopes: float) -> str:
    """ "which the tests support" for random slopes; "which the tests do not reject" for random
    intercepts, with "though AIC favours random slopes" when the random-slope AIC is lower."""
    if model != RANDOM_INTERCEPT:
        return "which the tests support"
    against = ", though AIC favours random slopes" if aic_slopes < aic_intercept else ""
    return f"which the tests do not reject{against}"
