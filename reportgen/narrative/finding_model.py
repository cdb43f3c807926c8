"""Who finds subjects differing, named when the models disagree (eighth read, bacteria).

A binomial or Poisson report's questions follow its GLMM, which can find no differences in rates
(bacteria: the random-slope GLMM's test p = 0.281) where the linear random-slope model of Going
further 1 finds them (boundary p = 0.0019): "the mixed models below find no clear differences"
was then false of the one below. The GLMM is named; a linear report keeps the plural.
"""

from __future__ import annotations

from reportgen.narrative.rules import MIXED_MODELS_FIND
from reportgen.words import model_words


def finding_model(glmm_model: str | None) -> str:
    """ "the random-intercept GLMM the report stands on finds" for a GLMM's rule code, else the
    linear mixed models ("the mixed models below find")."""
    if glmm_model is None:
        return MIXED_MODELS_FIND
    return f"the {model_words(glmm_model)} GLMM the report stands on finds"
