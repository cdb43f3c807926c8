"""Words for a curved GLMM trend (:mod:`reportgen.analysis.glmm_shape`): a curve has no one ratio
per unit of time, so it is told by a typical subject's probability or expected count at the first,
middle and last observed times and by the odds or rate ratio of the last to the first.

Small named rules (numbers in, words out), then the sentence that uses them. Each sentence is one
whole message with named placeholders (docs/development.md "Languages"), with its German entry in
reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.time_basis import LOG
from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun as noun
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.narrative.shape import shape_name
from reportgen.narrative.shape_choice import shape_reason_parts

if TYPE_CHECKING:
    from reportgen.analysis.glmm import GlmmAnalysis
    from reportgen.analysis.glmm_fit import RatioEstimate
    from reportgen.config import Labels

CURVE_KEY = ("glmm", "curve")
HIGHER, LOWER, UNCLEAR = "higher", "lower", "unclear"
# The doubling sentence's placeholders and the ratio's fields they read.
RATIO_FIELDS = (("ratio", "ratio"), ("low", "ci_low"), ("high", "ci_high"))


def curve_change_direction(ratio_ci_low: float, ratio_ci_high: float) -> str:
    """Is the curve's level at the last observed time clearly higher or lower than at the first:
    does the 95% interval of their odds or rate ratio lie wholly above or below 1?"""
    if ratio_ci_low > 1:
        return HIGHER
    if ratio_ci_high < 1:
        return LOWER
    return UNCLEAR


def change_words(direction: str, family: str, time: str = "time") -> str:
    """What the ratio of the last to the first level says, by its direction (``time``: its noun)."""
    binomial = family == "binomial"
    if direction == HIGHER:
        message = (
            _("the odds are clearly higher at the last %(time)s than at the first")
            if binomial
            else _("the expected count is clearly higher at the last %(time)s than at the first")
        )
    elif direction == LOWER:
        message = (
            _("the odds are clearly lower at the last %(time)s than at the first")
            if binomial
            else _("the expected count is clearly lower at the last %(time)s than at the first")
        )
    else:
        message = (
            _(
                "the data do not tell whether the odds are higher or lower at the last %(time)s "
                "than at the first"
            )
            if binomial
            else _(
                "the data do not tell whether the expected count is higher or lower at the last "
                "%(time)s than at the first"
            )
        )
    return message % {"time": time}


def _level(at: str, value: str) -> Num:
    return num(*CURVE_KEY, at, value, style="fixed")


def random_part_words(structure: str) -> str:
    """The random part every GLMM shape candidate was fitted with, by its fit's name."""
    base = structure.removesuffix("_observation_level")
    words = {
        "random_intercept": _("a random intercept"),
        "random_slope": _("correlated random slopes"),
        "uncorrelated_slope": _("uncorrelated random slopes"),
    }[base]
    if base == structure:
        return words
    return _("%(effects)s and an observation-level effect") % {"effects": words}


def comparison_sentence(family: str, structure: str, shape: str, time: str) -> Sentence:
    """How the GLMM shapes were compared and which curve the rule picks (the reasons follow)."""
    return filled(
        _(
            "Comparing shapes of the trend on %(family)s GLMM fits (Laplace, as lme4's glmer), each "
            "with the random part of the GLMM the report stands on (%(random)s), %(shape)s is chosen "
            "(AIC %(aic)s, the straight line's %(line)s): "
        ),
        family=_("binomial") if family == "binomial" else _("Poisson"),
        random=random_part_words(structure),
        shape=link_shape_name(shape, noun(time), family),
        aic=num("trend", "shapes", shape, "aic"),
        line=num("trend", "shapes", "linear", "aic"),
    )


def link_shape_name(shape: str, time: str, family: str) -> str:
    """A GLMM's shape in words: a log(time) curve on the log or logit scale multiplies the expected
    count or the odds by the same factor at each doubling of time (it adds the same change only on
    the link scale); other shapes as :func:`shape_name`."""
    if shape != LOG:
        return shape_name(shape, time)
    if family == "binomial":
        return _(
            "a straight line in the logarithm of %(time)s on the log-odds scale (each doubling of "
            "%(time)s multiplies the odds by the same factor)"
        ) % {"time": time}
    return _(
        "a straight line in the logarithm of %(time)s on the log scale (each doubling of %(time)s "
        "multiplies the expected count by the same factor)"
    ) % {"time": time}


def doubling_sentence(family: str, time: str, per_doubling: RatioEstimate | None) -> list[Sentence]:
    """A log(time) curve's factor per doubling of time, with its interval ([] for other shapes)."""
    if per_doubling is None:
        return []
    message = (
        _(
            "Each doubling of %(time)s multiplies the odds by %(ratio)s (95%% CI %(low)s to "
            "%(high)s, p %(p)s)."
        )
        if family == "binomial"
        else _(
            "Each doubling of %(time)s multiplies the expected count by %(ratio)s (95%% CI %(low)s "
            "to %(high)s, p %(p)s)."
        )
    )
    ratio = {key: num(*CURVE_KEY, "per_doubling", field, style="fixed") for key, field in RATIO_FIELDS}
    return [filled(message, time=noun(time), p=num(*CURVE_KEY, "per_doubling", "p", style="p_eq"), **ratio)]


def glmm_curve_sentences(g: GlmmAnalysis, labels: Labels) -> list[Sentence]:
    """A curved GLMM trend (the family section): the shapes compared on GLMM fits and why the rule
    picks this one, then its levels and change."""
    assert g.shapes is not None and g.curve is not None
    shapes, time = g.shapes.comparison, noun(labels.time)
    direction = curve_change_direction(g.curve.change.ci_low, g.curve.change.ci_high)
    return [
        (
            *comparison_sentence(g.family, shapes.random, shapes.shape, labels.time),
            *shape_reason_parts(shapes, time),
            ".",
        ),
        curve_sentence(g.family, labels.time, labels.group, direction),
        *doubling_sentence(g.family, labels.time, g.curve.per_doubling),
        *turn_sentence(g.curve.extreme_kind, labels.time),
    ]


def turn_sentence(kind: str, time: str) -> list[Sentence]:
    """A clear interior peak or trough of the curve, with its level ([] without one)."""
    if not kind:
        return []
    message = (
        _(
            "The curve peaks inside the observed range, at %(time)s %(at)s with %(level)s (95%% CI "
            "%(low)s to %(high)s), clearly above its levels at the first and the last %(time)s."
        )
        if kind == "peak"
        else _(
            "The curve bottoms out inside the observed range, at %(time)s %(at)s with %(level)s (95%% CI "
            "%(low)s to %(high)s), clearly below its levels at the first and the last %(time)s."
        )
    )
    return [
        filled(
            message,
            time=noun(time),
            at=num(*CURVE_KEY, "extreme", "time", style="auto"),
            level=_level("extreme", "value"),
            low=_level("extreme", "ci_low"),
            high=_level("extreme", "ci_high"),
        )
    ]


def curve_sentence(family: str, time: str, group: str, direction: str) -> Sentence:
    """The GLMM's curved trend: a typical subject's level at the first, middle and last observed
    times with intervals, and the ratio of the last to the first with what it says."""
    binomial = family == "binomial"
    message = (
        _(
            "No single odds ratio per %(time)s describes this curve: for a typical %(group)s "
            "(random effects 0) the probability of a 1 is %(first)s (95%% CI %(first_low)s to "
            "%(first_high)s) at %(time)s %(first_time)s, "
            "%(middle)s at %(time)s %(middle_time)s and %(last)s (95%% CI %(last_low)s to "
            "%(last_high)s) at %(time)s %(last_time)s; the odds ratio of the last to the first is "
            "%(ratio)s (95%% CI %(ratio_low)s to %(ratio_high)s, p %(p)s): %(says)s."
        )
        if binomial
        else _(
            "No single rate ratio per %(time)s describes this curve: for a typical %(group)s "
            "(random effects 0) the expected count is %(first)s (95%% CI %(first_low)s to "
            "%(first_high)s) at %(time)s %(first_time)s, "
            "%(middle)s at %(time)s %(middle_time)s and %(last)s (95%% CI %(last_low)s to "
            "%(last_high)s) at %(time)s %(last_time)s; the rate ratio of the last to the first is "
            "%(ratio)s (95%% CI %(ratio_low)s to %(ratio_high)s, p %(p)s): %(says)s."
        )
    )
    time_word = noun(time)
    return filled(
        message,
        time=time_word,
        group=noun(group),
        first=_level("first", "value"),
        first_low=_level("first", "ci_low"),
        first_high=_level("first", "ci_high"),
        first_time=num(*CURVE_KEY, "first", "time", style="auto"),
        middle=_level("middle", "value"),
        middle_time=num(*CURVE_KEY, "middle", "time", style="auto"),
        last=_level("last", "value"),
        last_low=_level("last", "ci_low"),
        last_high=_level("last", "ci_high"),
        last_time=num(*CURVE_KEY, "last", "time", style="auto"),
        ratio=num(*CURVE_KEY, "change", "ratio", style="fixed"),
        ratio_low=num(*CURVE_KEY, "change", "ci_low", style="fixed"),
        ratio_high=num(*CURVE_KEY, "change", "ci_high", style="fixed"),
        p=num(*CURVE_KEY, "change", "p", style="p_eq"),
        says=change_words(direction, family, time_word),
    )


def straight_covariate_note(shape: str, time: str, family: str) -> list[Sentence]:
    """Said before a GLMM covariate section when the trend stood on is a curve: the covariate GLMM
    still has time as a straight line, so its ratios and levels are that line's ([] for a straight
    trend)."""
    if shape == "linear":
        return []
    return [
        filled(
            _(
                "The trend the report stands on is %(shape)s, but this covariate model keeps "
                "%(time)s as a straight line on the link scale: its ratios and levels below are that "
                "line's, not the curve's."
            ),
            shape=link_shape_name(shape, noun(time), family),
            time=noun(time),
        )
    ]
