"""Words of the family decision and of the GLMM of a binary or count response.

Each rule is a small function of the numbers (flip the input, the words flip): why this family,
which way an odds or rate ratio points, whether a Poisson fit is overdispersed and what was done.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from reportgen.analysis.glmm import OVERDISPERSION_RATIO
from reportgen.analysis.glmm_fit import lme4_name
from reportgen.i18n import number_text
from reportgen.narrative.count_words import underdispersed, underdispersion_words
from reportgen.narrative.model_rules import choice_reason, origin_note, structure_name
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.numbers import decimals_to_tell_apart
from reportgen.words import MODEL_WORDS, noun, plural, the_response_within

if TYPE_CHECKING:
    from reportgen.analysis.glmm import GlmmAnalysis, Overdispersion
    from reportgen.analysis.glmm_fit import GlmmFit, RatioEstimate
    from reportgen.config import Labels

UP, DOWN, UNCLEAR, SEPARATED = "up", "down", "unclear", "separated"


def per_unit(labels: Labels) -> str:
    """What a ratio is per: the time unit, or time's name ("per visit", "per week")."""
    return noun(labels.time_unit or labels.time)


# A binomial or Poisson report's title, when it was given none (the linear default would name the
# wrong model).
FAMILY_TITLES = {"binomial": "Logistic mixed models", "poisson": "Poisson mixed models"}


def report_title(title: str, labels: Labels, family: str | None) -> str:
    """The report's title: a given title as given; the default one names the family's model."""
    from reportgen.config import default_title

    if family in FAMILY_TITLES and title == default_title(labels):
        return f"{FAMILY_TITLES[family]}: {labels.response} over {labels.time}"
    return title


def family_label(family: str) -> str:
    """A family as prose names it (Poisson after the man)."""
    return "Poisson" if family == "poisson" else family


def model_words(family: str) -> str:
    """The model a family means, in words."""
    if family == "gaussian":
        return "a linear mixed model (gaussian family)"
    link = "logit" if family == "binomial" else "log"
    return f"a generalized linear mixed model with a {family_label(family)} family and {link} link"


def reason_words(reason: str) -> str:
    """Why the report fits this family (a rule code of reportgen.analysis.family)."""
    source, _, what = reason.partition("_")
    if source == "user":
        return f"because --family {what} was given"
    return {
        "binary": "because the response takes two values only (binary)",
        "count": "because the response looks like a count (whole numbers, none below 0)",
        "continuous": "because the response is a continuous measurement",
    }[what]


# A count's distribution is close to a normal one from about this mean on (Poisson skewness
# 1/sqrt(mean) below a third): such counts may keep a normal model.
NEAR_NORMAL_COUNT = 10.0


def count_considered(whole: bool, minimum: float, median: float, kind: str, unit: str = "") -> bool:
    """Whole numbers from 0 that look like counts (reportgen.analysis.outcome's reading: no unit,
    reaching 0 or a median up to 20), yet read as continuous: the report says why it kept them
    normal. A binary or count response, a measurement with a unit or a value below 0: no."""
    from reportgen.analysis.outcome import SMALL_COUNT_MEDIAN

    looks = not unit.strip() and (minimum == 0 or median <= SMALL_COUNT_MEDIAN)
    return kind == "continuous" and whole and minimum >= 0 and looks


def kept_normal_words(response: str, median: float) -> tuple[str, str]:
    """Why whole-number counts keep a normal model, around the skewness the caller gives (two parts:
    before it and after it). Far from 0 (median from 10) a Poisson count is near normal itself."""
    from reportgen.analysis.outcome import COUNT_SKEW

    near = (
        ", and they lie away from 0, where a Poisson count is itself close to a normal distribution"
        if median >= NEAR_NORMAL_COUNT
        else ""
    )
    return (
        f"The {response} are whole numbers, none below 0, so the report considered reading them as counts "
        "(a Poisson model); it keeps a normal linear mixed model because their distribution is close "
        "to symmetric (skewness ",
        f", below the {COUNT_SKEW:g} from which it reads whole numbers as counts){near}; "
        "--family poisson fits the count model instead.",
    )


def measure_words(family: str) -> tuple[str, str]:
    """What the model multiplies, and its ratio's name: the odds (binomial), the rate (Poisson)."""
    return ("odds", "odds ratio") if family == "binomial" else ("expected count", "rate ratio")


def ratio_direction(ratio: float, ci_low: float, ci_high: float) -> str:
    """UP when the whole 95% interval of a ratio lies above 1, DOWN below 1, SEPARATED when the
    ratio or its interval runs past the float's normal range (exp gives 0, a subnormal or inf:
    separated data), else UNCLEAR."""
    if not all(sys.float_info.min <= v <= sys.float_info.max for v in (ratio, ci_low, ci_high)):
        return SEPARATED
    if ci_low > 1:
        return UP
    if ci_high < 1:
        return DOWN
    return UNCLEAR


def separation_words(measure: str) -> str:
    """Why a ratio whose interval runs past the float range cannot be estimated: the fit's log odds
    or log rate run off to infinity because some time or level has every response 0 (or all 1)."""
    where = "every response is 0, or every one is 1" if measure == "odds" else "every count is 0"
    return f"the data separate (at some time or level {where}), so the fit runs off towards infinity"


def ratio_change_words(direction: str, measure: str, per: str) -> str:
    """What a ratio's direction says about the measure ("odds" is plural: "the odds rise")."""
    s = "" if measure == "odds" else "s"
    return {
        UP: f"the {measure} rise{s} with each {per}",
        DOWN: f"the {measure} fall{s} with each {per}",
        UNCLEAR: f"no clear change of the {measure} with {per} (the interval includes 1)",
        SEPARATED: separation_words(measure),
    }[direction]


def overdispersion_words(check: Overdispersion, singular_refit: bool = False) -> str:
    """Whether a Poisson fit's residual spread is what a Poisson model expects, and the remedy."""
    if underdispersed(check.ratio, check.p):
        return underdispersion_words()
    if not check.overdispersed:
        return (
            "The counts vary about as much as a Poisson model expects (no overdispersion by the rule "
            "below), so its standard errors can be read as they are"
        )
    if check.remedy == "observation_level":
        boundary = " (a singular fit, its random effects at a boundary)" if singular_refit else ""
        return (
            "The counts vary more than a Poisson model allows (overdispersion), which makes its standard "
            "errors too small; the random effects were therefore chosen again with an observation-level "
            "random effect (1 | obs) in both models compared (the test above), and the ratios and "
            f"predictions below come from the model that choice picks{boundary}"
        )
    return (
        "The counts vary more than a Poisson model allows (overdispersion) and the observation-level "
        "refit could not be fitted: its standard errors are too small, and a negative binomial model "
        "is needed"
    )


def checked_fit_words(fit: str) -> str:
    """Which Poisson fit the overdispersion check reads (the first choice, before any remedy)."""
    if not fit:
        return ""
    return (
        f" of the {MODEL_WORDS[fit]} Poisson fit (the random effects the first test chose, without an "
        "observation-level effect)"
    )


def overdispersion_sentence(g: GlmmAnalysis) -> Sentence:
    """The check's numbers and its rule, then what it says."""
    assert g.overdispersion is not None
    singular = g.fits[g.chosen].singular and g.chosen != g.model
    return (
        f"Overdispersion check{checked_fit_words(g.overdispersion.fit)}: Pearson chi-square over residual "
        "degrees of freedom = ",
        num("glmm", "overdispersion", "ratio"),
        " (chi-square test p ",
        num("glmm", "overdispersion", "p", style="p_eq"),
        f"; the rule: above {OVERDISPERSION_RATIO:g} with p < 0.05). ",
        overdispersion_words(g.overdispersion, singular),
        ".",
    )


def structure_test_words(g: GlmmAnalysis) -> str:
    """Which fits the deciding test compared: those with an observation-level effect when the
    choice was redone for overdispersion (``chosen`` is then ``model``'s observation-level fit)."""
    if g.chosen == g.model:
        return ""
    return (
        " (chosen with an observation-level random effect (1 | obs) in both models compared, as the "
        "counts are overdispersed; see below)"
    )


def compared_fits(g: GlmmAnalysis) -> tuple[str, str]:
    """The two fits the deciding test compared (with (1 | obs) when the choice was redone)."""
    tail = "" if g.chosen == g.model else "_observation_level"
    return f"random_intercept{tail}", f"random_slope{tail}"


def slope_test_strength(g: GlmmAnalysis) -> str:
    """The docs' rule (docs/explanation/statistics.md, as the linear model's test is read): the
    boundary-corrected p taken with AIC and BIC of the two fits compared ("strong", "some", ...)."""
    import math

    from reportgen.narrative.rules import evidence_strength

    ri, rs = (g.fits[name] for name in compared_fits(g))

    def bic(fit: GlmmFit) -> float:
        return -2.0 * fit.loglik + math.log(fit.n_obs) * fit.df

    return evidence_strength(g.lrt_p_boundary, rs.aic < ri.aic, bic(rs) < bic(ri))


def slope_reason_words(reason: str, groups: str, strength: str) -> str:
    """Why the tests support a GLMM's random effects, with the evidence graded: "shows" only for
    strong evidence; p between 0.01 and 0.05, or AIC and BIC disagreeing, is "some evidence"
    (simulated Poisson counts: chi-square 6.09, p = 0.031, BIC prefers the random intercept)."""
    words = choice_reason(reason, groups)
    shows = f"the likelihood-ratio test shows that {groups} change at different rates"
    if strength == "strong" or not words.startswith(shows):
        return words
    graded = (
        f"the likelihood-ratio test, taken with AIC and BIC, gives {strength} evidence that {groups} "
        "change at different rates"
    )
    return graded + words[len(shows) :]


def boundary_p_words(df: int) -> str:
    """What the test's p is read against: the boundary's 50:50 mixture of chi-square(df - 1) and
    chi-square(df), as lme4's anova's plain chi-square(df) p is not."""
    return f"boundary-corrected p (50:50 mixture of χ²({df - 1}) and χ²({df})) "


def _random_intercept_fit(g: GlmmAnalysis) -> str:
    """The random-intercept GLMM of the subjects' multipliers (with (1 | obs) when ``chosen`` has it)."""
    return "random_intercept_observation_level" if g.chosen != g.model else "random_intercept"


def stands_on_words(chosen: str, model: str) -> str:
    """Which fit the report's ratios come from."""
    name = structure_name(model)
    if chosen == model:
        return f"the {name} model"
    return f"the {name} model with an observation-level random effect"


def warning_words(singular: list[str], unconverged: list[str], chosen: str) -> str:
    """Which GLMMs are singular (a variance at zero or a correlation at ±1: a boundary fit) or did
    not converge, and whether the one the report stands on is among them (names as in the table)."""

    def listed(names: list[str]) -> str:
        return ", ".join(name.replace("_", " ") for name in names)

    if not singular and not unconverged:
        return "Every GLMM fitted converged, and none is singular."
    parts = []
    if singular:
        parts.append(f"singular (a boundary fit: a variance at 0 or a correlation at ±1): {listed(singular)}")
    if unconverged:
        parts.append(f"did not converge: {listed(unconverged)}")
    bad = chosen in singular or chosen in unconverged
    verdict = (
        "the model the report stands on is one of them, so read its random effects with care"
        if bad
        else "the model the report stands on is not among them"
    )
    return f"Model warnings: {'; '.join(parts)}; {verdict}."


def fit_warning_words(g: GlmmAnalysis) -> str:
    """:func:`warning_words` of the GLMMs compared."""
    singular = [name for name, fit in g.fits.items() if fit.singular]
    unconverged = [name for name, fit in g.fits.items() if not fit.converged]
    return warning_words(singular, unconverged, g.chosen)


def coding_sentence() -> Sentence:
    """How a binary response not coded 0/1 is read (the higher value as 1)."""
    return (
        "The response's two values are read as 0 (",
        num("glmm", "coded_from", "0", style="auto"),
        ") and 1 (",
        num("glmm", "coded_from", "1", style="auto"),
        "): the model describes the higher value.",
    )


def left_out_words(family: str) -> str:
    """What the report leaves out for a GLMM, and why (the registry's ``gaussian`` sections)."""
    kind = "binary" if family == "binomial" else "count"
    return (
        "The sections on the linear mixed model's random slopes, model comparison, straight-trend test, "
        "variance split, partial pooling and residual diagnostics are left out: they read normal "
        f"residuals with one spread, which a {kind} response does not have; this section's GLMM "
        "takes their place, and each covariate's section reads this GLMM with the covariate in it. "
        "The seminar's questions keep their linear models, an approximation here."
    )


def ratio_with_interval(direction: str, *path: str, style: str = "fixed") -> Sentence:
    """A ratio with its interval, or "not estimable" when the data separate."""
    return ("not estimable",) if direction == SEPARATED else with_interval(*path, style=style)


def with_interval(*path: str, value: str = "ratio", lead: str = "95% CI ", style: str = "fixed") -> Sentence:
    """A number in results with its interval: "1.54 (95% CI 1.30 to 1.81)"."""
    low, high = num(*path, "ci_low", style=style), num(*path, "ci_high", style=style)
    return (num(*path, value, style=style), f" ({lead}", low, " to ", high, ")")


def interval_style(ratio: RatioEstimate, decimals: int = 2) -> str:
    """The style of a ratio and its interval: more decimals when its ends would print alike (a
    million counts' "1.05 (95% CI 1.05 to 1.05)" hid 1.0453 to 1.0459)."""
    k = decimals_to_tell_apart([ratio.ci_low], [ratio.ci_high], decimals)
    return "fixed" if k == decimals else f"d{k}"


def time_ratio_sentence(g: GlmmAnalysis, ratio: RatioEstimate, path: tuple[str, ...], per: str) -> Sentence:
    """The ratio per unit of time, then what its direction says."""
    measure, name = measure_words(g.family)
    direction = ratio_direction(ratio.ratio, ratio.ci_low, ratio.ci_high)
    return (
        f"The {name} per {per} is ",
        *ratio_with_interval(direction, *path, style=interval_style(ratio)),
        *((", p ", num(*path, "p", style="p_eq")) if direction != SEPARATED else ()),
        f": {ratio_change_words(direction, measure, per)}.",
    )


def family_words(g: GlmmAnalysis, labels: Labels, decimals: int = 2) -> dict[str, list[Sentence]]:
    """The family section's sentences."""
    from reportgen.narrative.glmm_covariate_refusal import covariate_refusal_sentences

    refused = covariate_refusal_sentences(g.covariates_refused, g.family)  # its sections are dropped
    return {"g_family": glmm_sentences(g, g.family_reason, labels) + refused}


def subjects_differ(intercept_sd: float, lowest: float, highest: float, decimals: int = 2) -> bool:
    """Whether a random-intercept GLMM tells the subjects apart: its intercept SD is positive and the
    lowest and highest subject's multipliers print as different numbers (a zero variance gives every
    subject 1; lme4's near-zero SD, 2e-9 on review-break4's binary.csv, gives 1.00 and 1.00)."""
    shown = number_text(lowest, "fixed", decimals), number_text(highest, "fixed", decimals)
    return intercept_sd > 0 and lowest < highest and shown[0] != shown[1]


def ri_intercept_sd(g: GlmmAnalysis) -> float:
    """The subjects' intercept SD in the random-intercept GLMM of their multipliers (0 when absent):
    the curve stood on when they read it (``subjects_of``, analysis.glmm_subjects)."""
    fit = g.shaped if subjects_on_curve(g) else g.fits.get(_random_intercept_fit(g))
    return fit.re_sd.get("(Intercept)", 0.0) if fit is not None else 0.0


def subjects_on_curve(g: GlmmAnalysis) -> bool:
    """Do the subjects' multipliers read the curved GLMM the report stands on?"""
    return g.shaped is not None and g.subjects_of == g.shaped.name


def with_curve_words(fit_words: str, curved: bool) -> str:
    """A GLMM's name, with "and the curve the report stands on" when the numbers read that curve."""
    return f"{fit_words} with the curve the report stands on" if curved else fit_words


def subjects_sentence(g: GlmmAnalysis, labels: Labels) -> Sentence:
    """The lowest and highest subject against a typical one, or that the subjects do not differ."""
    measure, _ = measure_words(g.family)
    fit = with_curve_words(
        stands_on_words(_random_intercept_fit(g), "random_intercept"), subjects_on_curve(g)
    )
    verb = "are" if measure == "odds" else "is"
    sd = ri_intercept_sd(g)
    if not subjects_differ(sd, g.subject_multiplier_min, g.subject_multiplier_max):
        why = "estimated as zero" if sd == 0 else "so close to zero that their multiples print alike"
        return (
            f"The {plural(labels.group)} do not differ in {fit}: the standard deviation of their random "
            f"intercepts is {why}, so every {noun(labels.group)}'s {measure} {verb} a typical one's.",
        )
    return (
        f"The {plural(labels.group)} differ: in {fit}, the {measure} of "
        f"{noun(labels.group)} {g.lowest_subject} {verb} ",
        num("glmm", "subject_multiplier_min"),
        f" times a typical one's, {'those' if measure == 'odds' else 'that'} of {noun(labels.group)} "
        f"{g.highest_subject} ",
        num("glmm", "subject_multiplier_max"),
        " times.",
    )


def glmm_sentences(g: GlmmAnalysis, reason: str, labels: Labels) -> list[Sentence]:
    """What was fitted and why, which random effects, the ratio per unit of time (or a curve's
    shape comparison, levels and change), the predictions."""
    groups, per = plural(labels.group), per_unit(labels)
    measure, _ = measure_words(g.family)
    predicted = "probability of a 1" if g.family == "binomial" else "expected count"
    sentences: list[Sentence] = [
        (f"This report fits {model_words(g.family)} to {the_response_within(labels.response)}, "
         f"{reason_words(reason)}, "
         "by the Laplace approximation as lme4's glmer does; its tests are Wald z tests, "
         "as glmer reports them.",),
        (f"Random effects{structure_test_words(g)}: the data support the {structure_name(g.model)} "
         "model, because "
         f"{slope_reason_words(g.reason, groups, slope_test_strength(g))} (likelihood-ratio test, "
         "chi-square = ", num("glmm", "lrt_chisq"),
         f", {boundary_p_words(g.lrt_df)}", num("glmm", "lrt_p_boundary", style="p_eq"), ").",),
    ]  # fmt: skip
    if g.curve is not None:  # the random-slope test is of the straight GLMMs (straight_ratio_words)
        from reportgen.narrative.straight_ratio_words import straight_test_words

        sentences.append((straight_test_words(True, noun(labels.time)),))
    sentences.append((fit_warning_words(g),))
    if g.coded_from is not None:
        sentences.append(coding_sentence())
    if g.overdispersion is not None:
        sentences.append(overdispersion_sentence(g))
    if g.curve is not None:  # a curve: the shapes compared, its levels and change, no one ratio
        from reportgen.narrative.glmm_curve import glmm_curve_sentences

        sentences += glmm_curve_sentences(g, labels)
    else:
        sentences += straight_sentences(g, labels, per, predicted)
    sentences.append(random_effects_sentence(g, labels))
    if g.slope_sd is None:  # with slopes kept a subject's multiplier changes with time: no one number
        sentences.append(subjects_sentence(g, labels))
    if g.icc_latent is not None:
        sentences.append(
            (
                f"On the latent (logistic) scale, where the residual variance is fixed at pi²/3, the "
                f"{groups} hold ",
                num("glmm", "icc_latent", style="pct"),
                " of the variance (the intraclass correlation of a binomial GLMM).",
            )
        )
    sentences.append((left_out_words(g.family),))
    return sentences


def straight_sentences(g: GlmmAnalysis, labels: Labels, per: str, predicted: str) -> list[Sentence]:
    """A straight GLMM trend: its ratio per unit of time and a typical subject's first and last level."""
    return [
        time_ratio_sentence(g, g.time_ratio, ("glmm", "time_ratio"), per),
        (
            f"For a typical {noun(labels.group)} (random effects 0) in {stands_on_words(g.chosen, g.model)}, "
            f"the {predicted} is ",
            *with_interval("glmm", "first", value="value"),
            f" at {noun(labels.time)} ",
            num("glmm", "first", "time", style="auto"),
            " and ",
            *with_interval("glmm", "last", value="value", lead=""),
            f" at {noun(labels.time)} ",
            num("glmm", "last", "time", style="auto"),
            ", the first and last observed times.",
        ),
    ]


def random_effects_sentence(g: GlmmAnalysis, labels: Labels) -> Sentence:
    """The random-effect SDs of the GLMM the report stands on (link scale) and, with slopes from a
    regular fit, the range of 95% of the subjects' odds or rate ratios per unit of time."""
    _, name = measure_words(g.family)
    scale = "log odds" if g.family == "binomial" else "log rates"
    groups, time, per = plural(labels.group), noun(labels.time), per_unit(labels)
    at = (
        ""
        if g.slope_sd is None  # without slopes a subject's level is the same at every time
        else f" at {time} {number_text(g.intercept_time, 'auto')}"
        + (origin_note(g.first.time, g.last.time) if g.intercept_time == 0 else "")
    )
    parts: list[str | Num] = [
        f"In {stands_on_words(g.chosen, g.model)}, the {groups}' {scale}{at} vary with a standard "
        "deviation of ",
        num("glmm", "intercept_sd"),
    ]
    if g.slope_sd is not None:
        parts += [f", their slopes (change in {scale} per {per}) with ", num("glmm", "slope_sd")]
    if g.obs_sd is not None:
        parts += [" and single observations with ", num("glmm", "obs_sd")]
    if g.slope_ratio_low is not None:
        parts += [
            f"; about 95% of {groups} have a {name} per {per} between ",
            num("glmm", "slope_ratio_low"),
            " and ",
            num("glmm", "slope_ratio_high"),
        ]
    elif g.slope_sd is not None:
        parts.append("; the fit is singular, so no range of the subjects' ratios is drawn from it")
    return (*parts, ".")


def separated_covariate_words(name: str, measure: str, column: str, term: str, reference: str | None) -> str:
    """A covariate's ratio the data separate: which one, and why it has no number."""
    which = (
        f"per unit of {column}"
        if reference is None
        else f"of {column} = {term.removeprefix(lme4_name(column))} against {column} = {reference}"
    )
    return f"The {name} {which} is not estimable: {separation_words(measure)}."


def interaction_words(p: float, column: str, per: str, curved: bool = False) -> str:
    """Whether the change over time differs with a covariate, from its interaction test's p.
    ``curved``: the covariate model carries a curve, whose test is the curve's time terms crossed
    with the covariate (binq: 2 df), so it says the curve's shape, not a line's change per unit
    (statistician T, session 8, 6)."""
    from reportgen.narrative.model_rules import evidence

    if curved:
        return f"{evidence(p)} that the curve's shape differs with {column}"
    return f"{evidence(p)} that the change with each {per} differs with {column}"


def direction_words(direction: str, measure: str) -> str:
    """A covariate ratio's direction in words."""
    return {
        UP: f"higher {measure}",
        DOWN: f"lower {measure}",
        UNCLEAR: "no clear difference: the interval includes 1",
        SEPARATED: separation_words(measure),
    }[direction]


def family_alt(g: GlmmAnalysis, labels: Labels, decimals: int = 2) -> dict[str, str]:
    """Alt text of the family figure."""
    what = "share of 1s" if g.family == "binomial" else "mean count"
    curve = "predicted probability" if g.family == "binomial" else "expected count"
    return {
        "family_curve": f"The observed {what} of {the_response_within(labels.response)} at each "
        f"{noun(labels.time)} (points) with the {curve} of a typical {noun(labels.group)} from the "
        f"{family_label(g.family)} GLMM and its 95% band, on the response's own scale."
    }
