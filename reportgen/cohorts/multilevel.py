"""Cohorts as one multilevel model: sites as a random effect, patients nested in them.

    response ~ time + (time | site) + (time | site:subject)

fitted by REML with ``mixedlm`` (a port of lme4), imported lazily. When the fit is singular the model
is simplified as lme4 users do: first the sites' slopes are dropped, then the correlation of the
subjects' intercepts and slopes (:data:`CANDIDATES`, the first fit that is not singular is kept; when
all are, the simplest). The interface is small (a frame and its five column names in, a frozen
:class:`MultilevelFit` out) so another engine can stand behind it.

Each site's slope is its shrunken estimate, the fixed slope plus the site's conditional mode, with
the 95% interval from the mode's conditional SD (lme4's ``coef()`` and ``ranef(condVar = TRUE)``).
A new site's slope is expected within the 95% prediction interval
``slope ± t(k - 2) · sqrt(SE² + slope_sd²)`` for ``k`` sites (Higgins, Thompson & Spiegelhalter 2009).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

# Fewer sites than this are compared as fixed effects: their variance cannot be estimated usefully.
MIN_RANDOM_SITES = 5
Z_95 = 1.959963984540054

# The random-effects terms tried in turn, on the internal names; what each step drops.
CANDIDATES: tuple[tuple[str, str | None], ...] = (
    ("(time | site) + (time | site:subject)", None),
    ("(1 | site) + (time | site:subject)", "the sites' slopes"),
    (
        "(1 | site) + (1 | site:subject) + (0 + time | site:subject)",
        "the correlation of intercepts and slopes",
    ),
)


@dataclass(frozen=True)
class SiteSlope:
    """One site's shrunken slope: estimate, the conditional SD of its mode, and the 95% interval."""

    estimate: float
    sd: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class MultilevelFit:
    """The multilevel model of all sites (REML).

    ``slope_sd`` is 0 when the sites' slopes were dropped; then every site's slope is the mean slope
    and its interval the mean's (the model has no between-site spread of slopes).
    """

    formula: str  # lme4 notation on the caller's column names
    dropped: tuple[str, ...]  # what the simplification dropped, in order
    singular: bool  # the kept fit is singular too (every candidate was)
    log_likelihood: float  # REML
    intercept: float
    slope: float
    slope_se: float
    slope_df: float  # Satterthwaite
    intercept_sd: float  # sites
    slope_sd: float  # sites; 0 when dropped
    subject_intercept_sd: float
    subject_slope_sd: float
    residual_sd: float
    slopes: Mapping[str, SiteSlope]  # by site, in the frame's order of first appearance

    @property
    def sites(self) -> int:
        return len(self.slopes)

    @property
    def slope_ci(self) -> tuple[float, float]:
        """95% confidence interval of the mean slope (Satterthwaite df)."""
        from scipy import stats

        half = float(stats.t.ppf(0.975, self.slope_df)) * self.slope_se
        return self.slope - half, self.slope + half

    @property
    def prediction_interval(self) -> tuple[float, float]:
        """95% prediction interval of a new site's slope, on ``sites - 2`` df."""
        from scipy import stats

        quantile = float(stats.t.ppf(0.975, max(self.sites - 2, 1)))
        half = quantile * math.hypot(self.slope_se, self.slope_sd)
        return self.slope - half, self.slope + half


def lme4_formula(terms: str, response: str, time: str, site: str, subject: str) -> str:
    """A candidate's formula on the caller's column names (backquoted when not plain names)."""
    names = {"y": response, "time": time, "site": site, "subject": subject}
    quoted = {key: name if name.isidentifier() else f"`{name}`" for key, name in names.items()}
    spelled = terms.replace("site:subject", "SITE:SUBJECT")
    for key in ("time", "site", "subject"):
        spelled = spelled.replace(key, quoted[key])
    spelled = spelled.replace("SITE:SUBJECT", f"{quoted['site']}:{quoted['subject']}")
    return f"{quoted['y']} ~ {quoted['time']} + {spelled}"


def fit_multilevel(frame: pd.DataFrame, response: str, time: str, site: str, subject: str) -> MultilevelFit:
    """Fit the sites' multilevel model to ``frame`` (rows with a missing value are dropped).

    Raises:
        ModelError: fewer than :data:`MIN_RANDOM_SITES` sites, or no candidate model can be fitted.
    """
    import pandas as pd

    data = pd.DataFrame(
        {
            "y": pd.to_numeric(frame[response], errors="coerce"),
            "time": pd.to_numeric(frame[time], errors="coerce"),
            "site": frame[site].astype(str),
            "subject": frame[subject].astype(str),
        }
    ).dropna()
    order = list(dict.fromkeys(data["site"]))
    if len(order) < MIN_RANDOM_SITES:
        raise ModelError(f"{len(order)} sites in the data; the multilevel model needs {MIN_RANDOM_SITES}")
    model, dropped, singular = _simplified(data)
    return _result(
        model,
        lme4_formula(CANDIDATES[len(dropped)][0], response, time, site, subject),
        tuple(dropped),
        singular,
        order,
    )


def _simplified(data: pd.DataFrame) -> tuple[Any, list[str], bool]:
    """The first candidate whose fit is not singular (or the last), and what was dropped to reach it."""
    dropped: list[str] = []
    model = None
    for terms, drops in CANDIDATES:
        if drops is not None:
            dropped.append(drops)
        model = _lmer(f"y ~ time + {terms}", data)
        if not model.isSingular():
            return model, dropped, False
    return model, dropped, True


def _lmer(formula: str, data: pd.DataFrame) -> Any:
    """mixedlm's lmer (REML); its failures as a ModelError."""
    import mixedlm

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence notes: the singular check decides
            return mixedlm.lmer(formula, data, REML=True)
    except (ValueError, ArithmeticError, RuntimeError, IndexError) as exc:
        raise ModelError(f"the multilevel model {formula} could not be fitted: {exc}") from None


def _sds(model: Any) -> dict[tuple[str, str], float]:
    """Every random-effect SD by (group, term), the residual's as ("Residual", "")."""
    import numpy as np

    sds: dict[tuple[str, str], float] = {("Residual", ""): float(model.sigma)}
    for block in model.VarCorr().groups.values():
        for i, term in enumerate(block.term_names):
            sds[block.grouping_factor, term] = float(np.sqrt(block.cov[i, i]))
    return sds


def _result(
    model: Any, formula: str, dropped: tuple[str, ...], singular: bool, order: list[str]
) -> MultilevelFit:
    import mixedlm
    import numpy as np

    fixed = model.fixef()
    slope_se = float(np.sqrt(model.vcov()[1, 1]))
    satterthwaite = mixedlm.satterthwaite_df(model)  # every coefficient's (its index argument is ignored)
    slope_df = float(satterthwaite.df[satterthwaite.param_names.index("time")])
    sds = _sds(model)
    ranef = model.ranef(condVar=True)
    structure = next(s for s in model.matrices.random_structures if s.grouping_factor == "site")
    slope = float(fixed["time"])
    has_slope = "time" in ranef.values["site"]
    slopes = {}
    for name in order:
        if has_slope:
            index = structure.level_map[name]
            estimate = slope + float(ranef.values["site"]["time"][index])
            sd = float(np.sqrt(ranef.condVar["site"]["time"][index]))
            slopes[name] = SiteSlope(estimate, sd, estimate - Z_95 * sd, estimate + Z_95 * sd)
        else:
            slopes[name] = SiteSlope(slope, slope_se, slope - Z_95 * slope_se, slope + Z_95 * slope_se)
    return MultilevelFit(
        formula=formula,
        dropped=dropped,
        singular=singular,
        log_likelihood=float(model.logLik().value),
        intercept=float(fixed["(Intercept)"]),
        slope=slope,
        slope_se=slope_se,
        slope_df=slope_df,
        intercept_sd=sds["site", "(Intercept)"],
        slope_sd=sds.get(("site", "time"), 0.0),
        subject_intercept_sd=sds["site:subject", "(Intercept)"],
        subject_slope_sd=sds["site:subject", "time"],
        residual_sd=sds["Residual", ""],
        slopes=slopes,
    )
