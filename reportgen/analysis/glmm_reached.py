"""Whether a GLMM fit reached its optimum, by a bound every GLMM has: the same fixed effects without
random effects (every variance 0) is a point of the GLMM's parameter space, where the Laplace
log-likelihood is the GLM's exactly, so the GLMM's maximum is at least the GLM's maximum.

A fit below that bound (or at a non-finite log-likelihood) stopped short of its optimum; mixedlm does
so on some count data with many large values (PIRLS diverges; measured on 80 subjects x calendar
years 2000-2009, log-likelihood -1.2e36 where glmer reaches -3673.1). A fit mixedlm reports as not
converged is no better (measured: -2034.8 where glmer reaches -1974.3). Such a fit is refused with
one clear line rather than carried as the report's model (a confident wrong model); a shape
candidate refused so is dropped from the comparison, an observation-level refit so leaves the
overdispersion remedy to a negative binomial model.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from reportgen.analysis.family import BINOMIAL
from reportgen.errors import UnreliableFitError

# How far below the GLM bound a fit may land and still count as converged (log-likelihood units;
# the crosschecks compare logLik with glmer's within 0.01).
BOUND_TOLERANCE = 0.01


def glm_loglik(y: np.ndarray, x: np.ndarray, family: str) -> float:
    """The maximised log-likelihood of the GLM (binomial or Poisson, canonical link) on design ``x``;
    -inf when statsmodels cannot fit it (no bound then)."""
    import statsmodels.api as sm

    kind = sm.families.Binomial() if family == BINOMIAL else sm.families.Poisson()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = float(sm.GLM(y, x, family=kind).fit().llf)
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        return -math.inf
    return value if math.isfinite(value) else -math.inf


def reached(loglik: float, bound: float, tolerance: float = BOUND_TOLERANCE) -> bool:
    """A GLMM's log-likelihood is finite and not below its GLM bound (less ``tolerance``)."""
    return math.isfinite(loglik) and loglik >= bound - tolerance


def refuse_unreached(loglik: float, bound: float, converged: bool, formula: str, family_name: str) -> None:
    """Raise one clear ModelError (an UnreliableFitError, with the formula and the reason) when a fit
    did not converge or stopped short of its optimum."""
    if converged and reached(loglik, bound):
        return
    why = (
        f"its optimizer stopped at log-likelihood {loglik:.6g}, below the {bound:.6g} of the same "
        "model without random effects"
        if not reached(loglik, bound)
        else f"its optimizer did not converge (log-likelihood {loglik:.6g})"
    )
    raise UnreliableFitError(
        f"the {family_name} mixed model {formula} could not be fitted reliably: {why}, so its "
        "estimates are not the model's; no report is built on it "
        "(try --family gaussian, or check the response's largest values)",
        formula=formula,
        reason="not_converged" if reached(loglik, bound) else "below_bound",
    )
