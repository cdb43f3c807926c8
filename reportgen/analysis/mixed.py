"""Q5 and Q6: the random-intercept mixed model, response ~ time + (1 | group), by REML."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.regression import Coefficient, Line
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RandomInterceptFit:
    """Fixed effects, variance components and each group's predicted random intercept."""

    intercept: Coefficient
    slope: Coefficient
    group_var: float
    residual_var: float
    converged: bool
    reml_loglik: float
    random_effects: dict[str, float]
    warnings: tuple[str, ...]

    def subject_line(self, group: str) -> Line:
        """The group's line: its own intercept (fixed + random) and the shared fixed slope."""
        n = 0  # not a per-subject fit; no observation count applies
        return Line(self.intercept.estimate + self.random_effects[group], self.slope.estimate, n)


def fit_random_intercept(frame: pd.DataFrame) -> RandomInterceptFit:
    """Fit with statsmodels ``mixedlm`` as the seminar does; warnings are kept, not lost.

    Raises:
        ModelError: the fit fails outright (e.g. a singular design).
    """
    import numpy as np
    import statsmodels.formula.api as smf

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = smf.mixedlm("response ~ time", frame, groups=frame["group"])
            fit = model.fit(reml=True)
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ModelError(f"the mixed model could not be fitted: {exc}") from exc
    ci = fit.conf_int(0.05)

    def coefficient(name: str) -> Coefficient:
        return Coefficient(
            estimate=float(fit.fe_params[name]),
            se=float(fit.bse_fe[name]),
            stat=float(fit.tvalues[name]),
            p=float(fit.pvalues[name]),
            ci_low=float(ci.loc[name, 0]),
            ci_high=float(ci.loc[name, 1]),
        )

    return RandomInterceptFit(
        intercept=coefficient("Intercept"),
        slope=coefficient("time"),
        group_var=float(fit.cov_re.iloc[0, 0]),
        residual_var=float(fit.scale),
        converged=bool(fit.converged),
        reml_loglik=float(fit.llf),
        random_effects={str(g): float(v.iloc[0]) for g, v in fit.random_effects.items()},
        warnings=tuple(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught)),
    )
