"""Cohorts as one multilevel model: sites as a random effect, patients nested in them.

A thin adapter over the report's own multilevel engine (:func:`reportgen.analysis.multilevel.
fit_multilevel` with the levels ``(site, subject)``): one fit path, one model-choice rule (a singular
fit loses the slope of a level at the boundary whose slope varies least, a slope left is kept only when the
likelihood-ratio test supports it), so ``cohorts --by site`` and ``--group site/patient`` fit the same
model to the same data. This module adds only what the comparison of sites asks of that fit.

Each site's slope is its shrunken estimate, the fixed slope plus the site's conditional mode (lme4's
``coef()``), with the 95% interval ``estimate ± 1.96 · sqrt(condSD² + SE²)``: the mode's conditional SD
(``ranef(condVar = TRUE)``) and the mean slope's SE, taken as independent. The conditional SD alone
is the interval of the site's departure from the mean slope, too narrow for the site's slope itself
(statistician R 8, session 8: S01 0.157 alone, 0.139 the mean's SE).
A new site's slope is expected within the 95% prediction interval
``slope ± t(k - 2) · sqrt(SE² + slope_sd²)`` for ``k`` sites (Higgins, Thompson & Spiegelhalter 2009).
Patient ids may repeat across sites: the patients' term is ``site:patient``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.analysis.inference import Z95
from reportgen.analysis.multilevel import INTERCEPT, fit_multilevel
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.multilevel import GroupEstimate, MultilevelFit

# Fewer sites than this are compared as fixed effects: their variance cannot be estimated usefully.
MIN_RANDOM_SITES = 5


@dataclass(frozen=True)
class SiteModel:
    """The sites' view of one multilevel fit: ``fit`` with ``site`` as its outer level, ``order``
    the sites in the frame's order of first appearance.

    ``slope_sd`` is 0 when the sites' slopes were left out; then every site's slope is the mean slope
    and its interval the mean's (the model has no between-site spread of slopes).
    """

    fit: MultilevelFit
    site: str
    order: tuple[str, ...]

    @property
    def formula(self) -> str:
        return self.fit.formula

    @property
    def dropped(self) -> tuple[str, ...]:
        """The levels whose random slopes were left out, and why (``"site (singular)"``)."""
        return tuple(f"{level} ({reason})" for level, reason in self.fit.simplified.items())

    @property
    def slope(self) -> float:
        return self.fit.fixed[self.fit.time].estimate

    @property
    def slope_se(self) -> float:
        return self.fit.fixed[self.fit.time].se

    @property
    def slope_df(self) -> float:
        """The mean slope's Satterthwaite df."""
        return self.fit.fixed[self.fit.time].df

    @property
    def intercept_sd(self) -> float:
        return self.fit.random[self.site][INTERCEPT].sd

    @property
    def slope_sd(self) -> float:
        """The sites' slope SD; 0 when their slopes were left out."""
        sds = self.fit.random[self.site]
        return sds[self.fit.time].sd if self.fit.time in sds else 0.0

    @property
    def sites(self) -> int:
        return len(self.order)

    @property
    def slopes(self) -> dict[str, GroupEstimate]:
        """Each site's shrunken slope, in the frame's order; the mean slope's interval for all
        when the sites have no slopes of their own."""
        from reportgen.analysis.multilevel import GroupEstimate

        if self.fit.top_term == "slope":
            return {name: self._with_mean_se(self.fit.top_groups[name]) for name in self.order}
        half = Z95 * self.slope_se
        return dict.fromkeys(self.order, GroupEstimate(self.slope, self.slope - half, self.slope + half))

    def _with_mean_se(self, group: GroupEstimate) -> GroupEstimate:
        """A site's shrunken slope with its interval widened by the mean slope's SE."""
        from reportgen.analysis.multilevel import GroupEstimate

        half = Z95 * math.hypot(group.sd, self.slope_se)
        return GroupEstimate(group.estimate, group.estimate - half, group.estimate + half)

    @property
    def slope_ci(self) -> tuple[float, float]:
        """95% confidence interval of the mean slope (Satterthwaite df)."""
        from scipy import stats

        half = float(stats.t.ppf(0.975, self.slope_df)) * self.slope_se
        return self.slope - half, self.slope + half

    @property
    def prediction_interval(self) -> tuple[float, float]:
        """95% prediction interval of a new site's slope, on ``sites - 2`` df (the report's own:
        :mod:`reportgen.analysis.new_group_range`)."""
        from reportgen.analysis.new_group_range import slope_prediction_interval

        return slope_prediction_interval(self.slope, self.slope_se, self.slope_sd, self.sites)


def fit_sites(frame: pd.DataFrame, response: str, time: str, site: str, subject: str) -> SiteModel:
    """Fit the sites' multilevel model to ``frame`` (rows with a missing value are dropped).

    Raises:
        ModelError: fewer than :data:`MIN_RANDOM_SITES` sites, or the model cannot be fitted.
    """
    order = tuple(dict.fromkeys(frame.dropna(subset=[response, time, site, subject])[site].astype(str)))
    if len(order) < MIN_RANDOM_SITES:
        raise ModelError(f"{len(order)} sites in the data; the multilevel model needs {MIN_RANDOM_SITES}")
    return SiteModel(fit_multilevel(frame, response, time, (site, subject), within=()), site, order)


def multilevel_document(model: SiteModel) -> dict[str, Any]:
    """The keys a multilevel fit adds to ``comparison.json``."""
    ci_low, ci_high = model.slope_ci
    low, high = model.prediction_interval
    return {
        "formula": model.formula,
        "simplified": list(model.dropped),
        "singular": model.fit.singular,
        "log_likelihood": model.fit.loglik,
        "random": {"intercept_sd": model.intercept_sd, "slope_sd": model.slope_sd},
        "mean_slope": {
            "estimate": model.slope,
            "se": model.slope_se,
            "df": model.slope_df,
            "ci_low": ci_low,
            "ci_high": ci_high,
        },
        "prediction_interval": {"low": low, "high": high},
        "slope_by_cohort": {
            site: {"estimate": s.estimate, "se": s.sd, "df": None, "ci_low": s.ci_low, "ci_high": s.ci_high}
            for site, s in model.slopes.items()
        },
    }
