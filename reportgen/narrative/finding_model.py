"""Who finds subjects differing, named when the models disagree (eighth read, bacteria).

A binomial or Poisson report's questions follow its GLMM, which can find no differences in rates
(bacteria: the random-slope GLMM's test p = 0.281) where the linear random-slope model of Going
further 1 finds them (boundary p = 0.0019): "the mixed models below find no clear differences"
was then false of the one below. The GLMMs are named (the one stood on and the random-slope GLMM
tested against it: a random-intercept model alone cannot find slopes differing); a linear report
keeps the mixed models.
"""

from __future__ import annotations

from reportgen.narrative.rules import MIXED_MODELS_FIND

GLMMS_FIND = "the GLMMs find"


def finding_model(glmm: bool) -> str:
    """ "the GLMMs find" in a binomial or Poisson report (``glmm``), else the linear mixed models
    ("the mixed models below find")."""
    return GLMMS_FIND if glmm else MIXED_MODELS_FIND
