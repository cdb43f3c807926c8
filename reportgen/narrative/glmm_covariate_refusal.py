"""The sentence a report says when its covariate GLMM could not be fitted reliably (issue 21): the
covariates' GLMM sections are dropped, the report still stands on the main GLMM, and the reader is
told which covariates have no section and why (the refusal's reason, in words)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.narrative.sentence import Sentence, filled

if TYPE_CHECKING:
    from reportgen.analysis.glmm_covariates import CovariateRefusal


def refusal_reason_words(reason: str) -> str:
    """Why a GLMM fit is refused, in words (:mod:`reportgen.analysis.glmm_reached`'s reasons)."""
    if reason == "below_bound":
        return _("its optimizer stopped below the log-likelihood of the same model without random effects")
    if reason == "not_converged":
        return _("its optimizer did not converge")
    return _("its optimizer found no finite deviance")


def covariate_refusal_sentences(refusal: CovariateRefusal | None, family: str) -> list[Sentence]:
    """One sentence naming the covariates whose GLMM could not be fitted reliably and why, and that
    their sections are left out; [] when the covariate GLMM was fitted (or there are no covariates)."""
    if refusal is None:
        return []
    message = (
        _(
            "The logistic mixed model with %(covariates)s could not be fitted reliably (%(why)s), so "
            "its estimates would not be the model's: this report has no GLMM section on "
            "%(covariates)s, and stands on the model above without them."
        )
        if family == "binomial"
        else _(
            "The Poisson mixed model with %(covariates)s could not be fitted reliably (%(why)s), so "
            "its estimates would not be the model's: this report has no GLMM section on "
            "%(covariates)s, and stands on the model above without them."
        )
    )
    return [filled(message, covariates=", ".join(refusal.columns), why=refusal_reason_words(refusal.reason))]
