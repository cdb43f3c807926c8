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

from reportgen.narrative.family_covariates import chisq_parts
from reportgen.narrative.sentence import Sentence, num
from reportgen.words import noun, plural

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.config import Labels


def subjects_within(group: str, top: str, crossed: bool) -> str:
    """The subjects as the model groups them: "patients within their clinic", or, crossed with the
    other grouping, "patients"."""
    return plural(group) if crossed else f"{plural(group)} within their {noun(top)}"


def slopes_test_words(kept: bool, tested: bool, subjects: str, group: str, term: str) -> Sentence:
    """The likelihood-ratio test of the subjects' random slopes (grouping ``term``) in the model
    stood on: ``kept`` (p < 0.05: they change at different rates) or not; ``tested`` False: a
    singular fit dropped them before any test."""
    lead = f"In the model the report stands on, with every level, random slopes for {subjects}"
    if not tested:
        return (f"{lead} were left out: the fit asked for more than the data hold (a singular fit).",)
    verdict = (
        f"{plural(group)} change at different rates"
        if kept
        else f"no evidence that {plural(group)} change at different rates, so the model leaves "
        "their slopes out"
    )
    return (
        f"{lead} are tested by the likelihood ratio of its maximum-likelihood fits with and without them, ",
        *chisq_parts(("multilevel", "slope_tests", term)),
        f" (boundary-corrected): {verdict}.",
    )


def slopes_spread_words(
    has_slopes: bool, ranged: bool, subjects: str, group: str, rate: str, time: str
) -> Sentence:
    """How the subjects' slopes spread in the model stood on: their SD (``model_choice.slope_sd``)
    around their outer group's slope, the half-width of the range of 95% of them when there is one
    (``ranged``; none for a singular fit) and their correlation with the levels at time 0; without
    random slopes at that level, that they share a slope."""
    if not has_slopes:
        return (
            f"In the model the report stands on, {subjects} have no slopes of their own: every "
            f"{noun(group)} follows the model's rate.",
        )
    spread = (
        (" (about 95% of them within ± ", num("model_choice", "slope_range_halfwidth"), " of it)")
        if ranged
        else ()
    )
    return (
        f"In the model the report stands on, the slopes of {subjects} vary around the slope the model "
        "gives them with a standard deviation of ",
        num("model_choice", "slope_sd"),
        f" {rate}",
        *spread,
        f"; their correlation with the levels at {time} 0 is ",
        num("model_choice", "corr"),
        ".",
    )


def subject_slopes(fit: MultilevelFit, labels: Labels) -> dict[str, list[Sentence]]:
    """The two sentences (``g_levels_test``, ``g_levels_subjects``) for the model ``fit`` stood on
    (``model_choice.slope_range_halfwidth`` is null for a singular fit: no range then)."""
    from reportgen.multilevel_results import subject_term

    term = subject_term(fit)
    subjects = subjects_within(labels.group, fit.levels[0], fit.crossed)
    has_slopes = fit.time in fit.random[term]
    test = slopes_test_words(has_slopes, term in fit.slope_tests, subjects, labels.group, term)
    spread = slopes_spread_words(
        has_slopes, not fit.singular, subjects, labels.group, labels.rate(), noun(labels.time)
    )
    return {"g_levels_test": [test], "g_levels_subjects": [spread]}
