"""The subjects' random slopes in the model the report stands on when they are nested in an outer
level (``--group site/patient``): the test that kept or left them out, and how they spread.

Statistician N (session 7, the study profile of a seeded nested study): "The model and why" and
"Variation between patients" printed the one-grouping model's test of random slopes (chi-square
71.90, no clinic level, no arm), its slope SD 0.68 and correlation 0.27, right under "The report
stands on this model: score ~ month * arm + (1 | clinic) + (month | clinic:patient)", whose own test
gives 33.18 and whose patients' slope SD is 0.54, correlation 0.13. The study report shows these
sentences in their place (:data:`reportgen.profiles.STUDY_CHAPTERS`); the seminar keeps its
one-grouping steps, each saying which model it fits.

The numbers are ``multilevel.slope_tests`` (the model-choice rule's own test) and the ``model_choice``
keys that describe the subjects in that model (:func:`reportgen.multilevel_results.choice_with_levels`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun, label_plural
from reportgen.narrative.sentence import Sentence, filled, num

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def slopes_test_words(kept: bool, tested: bool, groups: str, term: str) -> Sentence:
    """The likelihood-ratio test of the random slopes of the subjects (``groups``, grouping ``term``
    in lme4's notation) in the model stood on: ``kept`` (p < 0.05: they change at different rates)
    or not; ``tested`` False: a singular fit dropped them before any test."""
    if not tested:
        return filled(
            _(
                "In the model the report stands on, with every level, random slopes for %(groups)s "
                "(%(term)s) were left out: the fit asked for more than the data hold (a singular fit)."
            ),
            groups=groups,
            term=term,
        )
    message = (
        _(
            "In the model the report stands on, with every level, random slopes for %(groups)s "
            "(%(term)s) are tested by the likelihood ratio of its maximum-likelihood fits with and "
            "without them, chi-square = %(chisq)s on %(df)s df, p %(p)s (boundary-corrected): "
            "%(groups)s change at different rates."
        )
        if kept
        else _(
            "In the model the report stands on, with every level, random slopes for %(groups)s "
            "(%(term)s) are tested by the likelihood ratio of its maximum-likelihood fits with and "
            "without them, chi-square = %(chisq)s on %(df)s df, p %(p)s (boundary-corrected): no "
            "evidence that %(groups)s change at different rates, so the model leaves their slopes out."
        )
    )
    test = ("multilevel", "slope_tests", term)
    return filled(
        message,
        groups=groups,
        term=term,
        chisq=num(*test, "chisq"),
        df=num(*test, "df", style="int"),
        p=num(*test, "p", style="p_eq"),
    )


def stood_on_terms(covariates: tuple[str, ...]) -> str:
    """What the model stood on has beside the trend, said where a summary quotes its numbers next
    to the headline's model without covariates (statistician P, session 8: In brief's slope SD 0.54
    is the model with arm, its slope -1.41 the model without): "with arm and every level", or
    "with every level" when it has no covariates."""
    if not covariates:
        return _("with every level")
    # A list of several: "with arm, sex and every level" (the last "and" is the message's own).
    return _("with %(covariates)s and every level") % {"covariates": ", ".join(covariates)}


def slopes_spread_words(
    has_slopes: bool,
    ranged: bool,
    groups: str,
    term: str,
    rate: str,
    time: str,
    covariates: tuple[str, ...] = (),
) -> Sentence:
    """How the subjects' slopes spread in the model stood on (named with its ``covariates``:
    :func:`stood_on_terms`): their SD (``model_choice.slope_sd``) around the slope the model gives
    them, the half-width of the range of 95% of them when there is one (``ranged``; none for a
    singular fit) and their correlation with the levels at time 0; without random slopes at that
    level, that they have none."""
    if not has_slopes:
        return filled(
            _(
                "In the model the report stands on, %(groups)s (%(term)s) have no slopes of their "
                "own: each follows the rate the model gives it."
            ),
            groups=groups,
            term=term,
        )
    message = (
        _(
            "In the model the report stands on, %(model)s, the slopes of %(groups)s (%(term)s) vary "
            "around the slope the model gives them with a standard deviation of %(sd)s %(rate)s "
            "(about 95%% of them within ± %(half)s of it); their correlation with the levels at "
            "%(time)s 0 is %(corr)s."
        )
        if ranged
        else _(
            "In the model the report stands on, %(model)s, the slopes of %(groups)s (%(term)s) vary "
            "around the slope the model gives them with a standard deviation of %(sd)s %(rate)s; their "
            "correlation with the levels at %(time)s 0 is %(corr)s."
        )
    )
    return filled(
        message,
        model=stood_on_terms(covariates),
        groups=groups,
        term=term,
        sd=num("model_choice", "slope_sd"),
        rate=rate,
        half=num("model_choice", "slope_range_halfwidth"),
        time=time,
        corr=num("model_choice", "corr"),
    )


def subject_slopes(fit: MultilevelFit, labels: Labels) -> dict[str, list[Sentence]]:
    """The two sentences (``g_levels_test``, ``g_levels_subjects``) for the model ``fit`` stood on
    (``model_choice.slope_range_halfwidth`` is null for a singular fit: no range then)."""
    from reportgen.multilevel_results import subject_term

    term = subject_term(fit)
    groups = label_plural(labels.group, labels.group_plural)
    has_slopes = fit.time in fit.random[term]
    test = slopes_test_words(has_slopes, term in fit.slope_tests, groups, term)
    spread = slopes_spread_words(
        has_slopes, not fit.singular, groups, term, labels.rate(), label_noun(labels.time), tuple(fit.held_at)
    )
    return {"g_levels_test": [test], "g_levels_subjects": [spread]}
