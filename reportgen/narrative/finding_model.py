"""Who finds subjects differing, named when the models disagree (eighth read, bacteria).

A binomial or Poisson report's questions follow its GLMM, which can find no differences in rates
(bacteria: the random-slope GLMM's test p = 0.281) where the linear random-slope model of Going
further 1 finds them (boundary p = 0.0019): "the mixed models below find no clear differences"
was then false of the one below. The GLMMs are named (the one stood on and the random-slope GLMM
tested against it: a random-intercept model alone cannot find slopes differing); a linear report
keeps the mixed models.

When overdispersion adds an observation-level effect and that changes the choice (epil: the
random-slope Poisson GLMM's slope test gives chi2 = 20.3, p < 0.001, chosen by the first test; with
``(1 | obs)`` it falls to 0.016), "the GLMMs" would include the one that does find slopes differing:
the models that find none are named by their observation-level effect (statistician M, session 7).
"""

from __future__ import annotations

from reportgen.analysis.glmm_fit import OBSERVATION_LEVEL
from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.rules import MIXED_MODELS_FIND

# Who finds, as a clause's subject and verb; translated where a sentence takes it (rules.pair_difference).
GLMMS_FIND = N_("the GLMMs find")
GLMMS_WITH_OBSERVATION_LEVEL_FIND = N_("the GLMMs with an observation-level effect find")


def finding_model(glmm: bool, observation_level_decides: bool = False) -> str:
    """ "the GLMMs find" in a binomial or Poisson report (``glmm``; "the GLMMs with an
    observation-level effect find" when that effect changed the choice, :func:`observation_level_decides`),
    else the linear mixed models ("the mixed models below find")."""
    if not glmm:
        return MIXED_MODELS_FIND
    return GLMMS_WITH_OBSERVATION_LEVEL_FIND if observation_level_decides else GLMMS_FIND


def observation_level_decides(first_choice: str | None, final_choice: str, chosen: str) -> bool:
    """Did the observation-level effect change the random-effects choice: the first test chose
    ``first_choice`` (the overdispersion check's fit), the refit with ``(1 | obs)`` chose
    ``final_choice``, and the model stood on (``chosen``) has that effect?"""
    return chosen.endswith(OBSERVATION_LEVEL) and first_choice is not None and first_choice != final_choice


def pair_ratio_message(odds: bool, observation_level: bool) -> str:
    """Question 6's whole sentence: the pair's odds (``odds``) or expected counts compared in the
    random-intercept GLMM, named by its observation-level effect when it has one
    (``observation_level``: overdispersion put ``(1 | obs)`` in the models compared, and the subjects'
    effects are read from that fit). Two random-intercept GLMMs are then fitted, and they differ
    (statistician Q, session 8, epil: 104.42 with ``(1 | obs)``, 124.7 without it in R)."""
    if odds:
        if observation_level:
            return _(
                "In the random-intercept GLMM with an observation-level effect the odds of %(group)s "
                "%(first)s are %(ratio)s times those of %(group)s %(second)s at every %(time)s."
            )
        return _(
            "In the random-intercept GLMM the odds of %(group)s %(first)s are %(ratio)s times those of "
            "%(group)s %(second)s at every %(time)s."
        )
    if observation_level:
        return _(
            "In the random-intercept GLMM with an observation-level effect the expected count of "
            "%(group)s %(first)s is %(ratio)s times that of %(group)s %(second)s at every %(time)s."
        )
    return _(
        "In the random-intercept GLMM the expected count of %(group)s %(first)s is %(ratio)s times "
        "that of %(group)s %(second)s at every %(time)s."
    )
