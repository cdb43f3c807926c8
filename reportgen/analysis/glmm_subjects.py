"""Which GLMM the subjects' multipliers, the latent ICC and Question 6's pair are read from.

Straight trend: the random-intercept GLMM (with the observation-level effect when overdispersion
put it in), as Question 5 reads it. A curved trend whose stood-on GLMM has random intercepts only
(``glmm.shaped``): that curve, as its SD is the one Going further 2 prints (statistician S,
session 8, binq: the SD 0.81 was the spline GLMM's, while the ids' odds ratios 0.51 and 2.73, the
ICC 12.0% and the pair's 5.32 came from the straight GLMM; glmer on the curve gives 0.42, 3.71,
16.6% and 8.89). A curve with random slopes keeps the straight random-intercept GLMM, whose name the
results say (``glmm.subjects_of``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis.glmm_fit import GlmmFit

INTERCEPT, OBSERVATION = "(Intercept)", "obs"


def intercepts_only(fit: GlmmFit) -> bool:
    """Does the fit's random part hold only the subjects' intercepts (and an observation level)?"""
    return set(fit.re_sd) <= {INTERCEPT, OBSERVATION}


def subjects_fit(random_intercept: GlmmFit, shaped: GlmmFit | None) -> GlmmFit:
    """The curved GLMM the report stands on when it has random intercepts only, else the
    straight random-intercept GLMM."""
    if shaped is not None and intercepts_only(shaped):
        return shaped
    return random_intercept
