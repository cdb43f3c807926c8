"""The cohort index's verdict on fixed cohorts in the reports' language
(:func:`reportgen.i18n.speaking`): do the cohorts' slopes differ?

The bands are the rules' (:func:`~reportgen.narrative.model_rules.evidence`); each band is one whole
clause, so a translation never glues an English evidence grade into its own sentence. English reads
as :func:`~reportgen.narrative.model_rules.interaction_verdict` does for "the cohort". (A new site's
expectation, for random sites, is :func:`~reportgen.narrative.cohort_sites.new_site_expectation`.)
"""

from __future__ import annotations

from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.model_rules import evidence

# evidence(p) of the type-III F test of the slope differences -> clause.
SLOPES_DIFFER = {
    "strong evidence": N_("there is strong evidence that the rate of change differs with the cohort"),
    "good evidence": N_("there is good evidence that the rate of change differs with the cohort"),
    "some evidence": N_("there is some evidence that the rate of change differs with the cohort"),
    "weak evidence": N_("there is only weak evidence that the rate of change differs with the cohort"),
    "no evidence": N_("the data give no evidence that the rate of change differs with the cohort"),
}


def cohort_slopes_verdict(p: float) -> str:
    """Whether the cohorts' slopes differ, graded by the test's ``p``."""
    return _(SLOPES_DIFFER[evidence(p)])


# The random effects the model of all cohorts stands on (comparison.json "model") -> their name.
MODEL_NAMES = {
    "random_intercept": N_("random intercept"),
    "random_slope": N_("random slope"),
    "uncorrelated_slope": N_("uncorrelated slope"),
}


def cohort_model_name(model: str) -> str:
    """The cohort model's random effects by name in the language spoken ("random slope"); a name
    not in :data:`MODEL_NAMES` with its underscores as spaces, as the index wrote every one before."""
    return _(MODEL_NAMES[model]) if model in MODEL_NAMES else model.replace("_", " ")
