"""Words of the outcome check: what kind of response this is, and the model such data call for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import number_text
from reportgen.narrative.count_words import count_look_words, few_values_sentence
from reportgen.narrative.model_rules import stood_on_words, structure_name
from reportgen.narrative.sentence import Sentence, num
from reportgen.words import named_after, noun, noun_for, the_response, the_response_within, verb_for

if TYPE_CHECKING:
    from reportgen.analysis.outcome import OutcomeCheck
    from reportgen.config import Labels


def kind_words(kind: str, response: str = "", skewness: float = 1.0, median: float = 0.0) -> str:
    """What the response is (or looks like), in words, for a kind of ``reportgen.analysis.outcome``.

    A count is read off the values, not known: it "looks like" one. A response named after its
    kind ("count") is not said to look like itself ("The count looks like a count"): its values
    are said to fit the name. A count's size and skew words follow its median and skewness
    (:func:`reportgen.narrative.count_words.count_look_words`).
    """
    look = count_look_words(skewness, median)
    if named_after(kind, response):
        return {
            "binary": "is binary, as its name says: it takes two values only",
            "count": f"has the values its name leads one to expect: {look}",
            "continuous": "is a continuous measurement",
        }[kind]
    return {
        "binary": "is binary: it takes two values only",
        "count": f"looks like a count: {look}",
        "continuous": "is a continuous measurement",
    }[kind]


def glmer_call(family: str) -> str:
    """How lme4 fits the model a family calls for (the response and terms as in this report)."""
    return f"lme4's glmer(..., family = {family})"


def family_name(family: str) -> str:
    """A family as prose names it (Poisson after the man, binomial as a word)."""
    return "Poisson" if family == "poisson" else family


def linear_fit_words(glmm: bool, structure: str) -> str:
    """The linear model whose fitted values are counted. In a GLMM report the linear models'
    choice of random effects is introduced nowhere else, so it is said to be theirs, not the
    GLMM's ("the linear uncorrelated random-slope model" alone reads as a model already met)."""
    if not glmm:
        return stood_on_words(glmm, structure)
    return (
        f"the linear {structure} model (the random effects the linear models' own tests choose; "
        "an approximation)"
    )


def impossible_verdict(below: int, above: int) -> str:
    """Whether the linear model's fitted values leave the range the response can take."""
    return "leave the possible range" if below + above > 0 else "stay inside the possible range"


def outcome_sentences(check: OutcomeCheck, labels: Labels, decimals: int = 2) -> dict[str, list[Sentence]]:
    """Why a linear mixed model is an approximation for this response, and what to fit instead."""
    model = structure_name(check.model)
    family = check.family or "gaussian"
    glmm = check.fitted_family != "gaussian"  # the report stands on the GLMM, not these linear fits
    low, high = num("outcome", "minimum", style="auto"), num("outcome", "maximum", style="auto")
    kind = kind_words(check.kind, labels.response, check.skewness, check.median)
    what = f"{the_response(labels.response)} {kind}"
    first: Sentence = (
        (f"{what}, ", low, " and ", high, ".")
        if check.kind == "binary"
        else (
            f"{what} (from ", low, " to ", high,
            ", median ",
            num("outcome", "median", style="auto"), ", skewness ", num("outcome", "skewness"), "; ",
            num("outcome", "zero_share", style="pct"), " of the values are 0).",
        )
    )  # fmt: skip
    fitted: Sentence
    if check.fitted_below + check.fitted_above > 0:
        below = (
            num("outcome", "fitted_below", style="int"),
            f" {verb_for(check.fitted_below, 'is', 'are')} below ",
            num("outcome", "lower_bound", style="auto"),
        )
        above = (
            " and ",
            num("outcome", "fitted_above", style="int"),
            " above ",
            num("outcome", "upper_bound", style="auto"),
        )
        outside = below if check.upper_bound is None else below + above
        fitted = (
            f"The seminar's linear mixed models are made for a continuous response, and they can "
            f"predict values {the_response_within(labels.response)} cannot take: of the ",
            num("outcome", "fitted_n", style="int"),
            f" fitted values of {linear_fit_words(glmm, model)}, ",
            *outside,
            " (",
            num("outcome", "impossible_share", style="pct"),
            ").",
        )
    else:
        fitted = (
            "The seminar's linear mixed models are made for a continuous response; here all ",
            num("outcome", "fitted_n", style="int"),
            f" fitted values of {linear_fit_words(glmm, model)} {impossible_verdict(0, 0)} (from ",
            num("outcome", "fitted_min"),
            " to ",
            num("outcome", "fitted_max"),
            "), but its tests and intervals still assume normal errors with one spread, which such "
            "data do not have.",
        )
    few = few_values_sentence(check.distinct_values) if check.kind == "count" else None
    return {
        "g_outcome": [
            first,
            *([few] if few else []),
            fitted,
            (fitted_model_words(family, check.fitted_family),),
        ]
    }


def fitted_model_words(called_for: str, fitted: str) -> str:
    """Whether the report fits the GLMM such data call for, or keeps the linear approximation."""
    glmm = (
        f"a generalized linear mixed model with a {family_name(called_for)} family ({glmer_call(called_for)})"
    )
    if fitted == called_for:
        return (
            f"The model such data call for is {glmm}: the next section fits it, and its estimates "
            "replace the linear model's; the seminar's questions keep their linear models as an "
            "approximation."
        )
    if fitted == "gaussian":
        return (
            f"The model such data call for is {glmm}; --family gaussian was given, so read this "
            "report's estimates as a linear approximation."
        )
    return (
        f"The kind of data calls for {glmm}; --family {fitted} was given, and the next section fits "
        f"a {family_name(fitted)} GLMM."
    )


def _kind_response(kind: str, response: str) -> str:
    """ "a count response y", or "the response count" when its name already says its kind."""
    return (
        f"the response {noun(response)}"
        if named_after(kind, response)
        else f"a {kind} response {noun(response)}"
    )


def outcome_alt_texts(check: OutcomeCheck, labels: Labels, decimals: int = 2) -> dict[str, str]:
    """Alt text of the outcome figure."""
    n = check.fitted_below + check.fitted_above
    low = number_text(check.lower_bound, "auto", decimals)
    bounds = f"{low} to {number_text(check.upper_bound, 'auto', decimals)}"
    where = f"below {low}" if check.upper_bound is None else f"outside {bounds}"
    return {
        "outcome_fitted": f"Histogram of the {check.fitted_n} fitted values of the "
        f"{'linear ' if check.fitted_family != 'gaussian' else ''}{structure_name(check.model)} model "
        f"for {_kind_response(check.kind, labels.response)}, with the values it can take marked; "
        f"{n} {noun_for(n, 'fitted value')} {'lies' if n == 1 else 'lie'} {where}."
    }
