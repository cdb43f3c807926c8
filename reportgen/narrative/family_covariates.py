"""Words of a covariate in the GLMM of a binary or count response (one section per covariate).

Each rule is a small function of the numbers (flip the input, the words flip): which level is
higher at a time, at which of the first, average and last observed times the difference is clear,
and whether the odds or rate ratio changes over time (the time interaction kept or not).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportgen.analysis.selection import ALPHA
from reportgen.narrative.family import (
    SEPARATED,
    direction_words,
    interaction_words,
    measure_words,
    per_unit,
    ratio_direction,
    separated_covariate_words,
    with_interval,
)
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.numbers import average_time_style
from reportgen.words import noun

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.glmm import GlmmAnalysis
    from reportgen.analysis.glmm_covariate_effects import GlmmCovariateEffect, LevelAtTime
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig, Labels

# The observed times a covariate is compared at, and how prose names each.
WHEN = {
    "first": "the first observed time",
    "mean": "the average observed time",
    "last": "the last observed time",
}


def value_words(family: str) -> str:
    """What a typical subject's value on the response scale is: a probability or an expected count."""
    return "probability of a 1" if family == "binomial" else "expected count"


def level_name(column: str, term: str, reference: str | None) -> tuple[str, str]:
    """The compared level and the reference, as prose names them (a numeric covariate: one unit
    above its mean against its mean)."""
    if reference is None:
        return f"{column} one unit above its mean", f"{column} at its mean"
    from reportgen.analysis.glmm_fit import lme4_name

    name = lme4_name(column)
    # A covariate given as a factor is named factor(dose) or factor(dose, levels = c(...)) in its terms.
    level = term.rpartition(")")[2] if term.startswith(f"factor({name}") else term.removeprefix(name)
    return f"{column} = {level}", f"{column} = {reference}"


def higher_words(difference: float, ci_low: float, ci_high: float, level: str, reference: str) -> str:
    """Which level is higher, from a difference (level - reference) and its 95% interval."""
    if ci_low > 0:
        return f"higher at {level}"
    if ci_high < 0:
        return f"higher at {reference}"
    return "the interval includes no difference, so the data do not say which is higher"


def where_clear_words(p_by_when: dict[str, float]) -> str:
    """At which of the compared times the difference is clear (p < 0.05)."""
    clear = [WHEN[when] for when, p in p_by_when.items() if p < ALPHA]
    if not clear:
        return "at none of these times is the difference clear (every p ≥ 0.05)"
    if len(clear) == len(p_by_when):
        return "the difference is clear at every one of these times (every p < 0.05)"
    return f"the difference is clear only at {' and '.join(clear)} (p < 0.05 there, not at the others)"


def ratio_over_time_words(kept: bool, column: str, per: str, name: str) -> str:
    """Whether the ratio is one for every time or changes with time, by the interaction test."""
    if kept:
        return (
            f"the {noun(per)} × {column} interaction is kept (p < 0.05), so the {name} differs from time "
            "to time and is given at each"
        )
    return (
        f"the {noun(per)} × {column} interaction is not kept (p ≥ 0.05), so the model gives one {name} "
        "for every time; on the response scale the difference still changes with time, as the level "
        "it starts from does"
    )


def level_time_sentence(
    path: tuple[str, ...],
    at: LevelAtTime,
    when: str,
    family: str,
    names: tuple[str, str],
    labels: Labels,
    time_style: str = "auto",
) -> Sentence:
    """One level against the reference at one time: both values, their difference, which is higher.

    ``time_style``: how the time is written (an average of observed times with their own decimals,
    :func:`reportgen.numbers.average_time_style`)."""
    level, reference = names
    return (
        f"At {noun(labels.time)} ",
        num(*path, "time", style=time_style),
        f" ({WHEN[when]}) the {value_words(family)} is ",
        num(*path, "value"),
        f" at {level} against ",
        num(*path, "reference_value"),
        f" at {reference}: difference ",
        *with_interval(*path, value="difference"),
        ", p ",
        num(*path, "p", style="p_eq"),
        f": {higher_words(at.difference, at.ci_low, at.ci_high, level, reference)}.",
    )


def ratio_at_time_sentence(
    path: tuple[str, ...], at: LevelAtTime, when: str, family: str, names: tuple[str, str]
) -> Sentence:
    """The odds or rate ratio at one time (a kept time interaction makes it differ by time)."""
    measure, name = measure_words(family)
    direction = ratio_direction(at.ratio.ratio, at.ratio.ci_low, at.ratio.ci_high)
    return (
        f"The {name} of {names[0]} against {names[1]} at {WHEN[when]} is ",
        *with_interval(*path, "ratio"),
        ", p ",
        num(*path, "ratio", "p", style="p_eq"),
        f" ({direction_words(direction, measure)}).",
    )


def additive_ratio_sentences(g: GlmmAnalysis, column: str, interaction_kept: bool = False) -> list[Sentence]:
    """The covariate's ratios in the additive GLMM (adjusted for time and the other covariates).

    ``interaction_kept``: the time interaction's test keeps it, so this one ratio is an average over
    the observed times that the model with the interaction replaces (review E's binary study: 0.66,
    p = 0.167, beside a kept interaction, chi-square 5.48): said so, its verdict not given as the answer.
    """
    c = g.covariates
    assert c is not None
    measure, name = measure_words(g.family)
    reference = c.reference[column]
    sentences: list[Sentence] = []
    for term in c.term_of[column]:
        path = ("glmm", "covariates", "ratios", term)
        ratio = c.ratios[term]
        direction = ratio_direction(ratio.ratio, ratio.ci_low, ratio.ci_high)
        if direction == SEPARATED:
            sentences.append((separated_covariate_words(name, measure, column, term, reference),))
            continue
        level, ref = level_name(column, term, reference)
        sentences.append(
            (
                f"In {c.fit.formula}, adjusted for the other terms, the {name} of {level} against {ref} is ",
                *with_interval(*path),
                ", p ",
                num(*path, "p", style="p_eq"),
                (
                    " (an average over the observed times; the time interaction below is kept, so the "
                    "comparison at each time that follows is the answer)."
                    if interaction_kept
                    else f" ({direction_words(direction, measure)})."
                ),
            )
        )
    return sentences


def pair_words(p: float, column: str, other: str, name: str) -> str:
    """What the test of two covariates' interaction says: no evidence (the model stays additive in
    them), or evidence (p < 0.05) that one's effect depends on the other, so the additive model's
    ratios below are averages over it, not the effect at any one value of the other."""
    from reportgen.narrative.model_rules import evidence

    if p >= ALPHA:
        return (
            f"{evidence(p)} that the {name} of {column} depends on {other}, so the model stays additive "
            f"in {column} and {other}"
        )
    return (
        f"{evidence(p)} that the {name} of {column} depends on {other}; the model below is additive in "
        f"them, so its {name}s of {column} are averages over {other}, not the effect at any one value "
        f"of {other}"
    )


def pair_sentences(g: GlmmAnalysis, column: str) -> list[Sentence]:
    """This covariate's interaction with each other covariate, as its test says (issue 21: epil's
    trt × lbase, R chi-square 1.95, p = 0.16)."""
    c = g.covariates
    assert c is not None
    _, name = measure_words(g.family)
    from reportgen.analysis.glmm_fit import lme4_name

    out: list[Sentence] = []
    names = list(c.term_of)  # the covariates, in the order the pairs were tested
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if column in (a, b)]
    for a, b in pairs:
        key = f"{lme4_name(a)}:{lme4_name(b)}"
        if key not in c.pairs:
            continue
        test, other = c.pairs[key], b if column == a else a
        path = ("glmm", "covariates", "pairs", key)
        out.append(
            (
                f"Adding the {a} × {b} interaction: ",
                *chisq_parts(path),
                f": {pair_words(test.p, column, other, name)}.",
            )
        )
    return out


def chisq_parts(path: tuple[str, ...]) -> tuple[str | Num, ...]:
    """ "chi-square = 1.95 on 1 df, p = 0.162" of a likelihood-ratio test's results path."""
    return (
        "chi-square = ",
        num(*path, "chisq"),
        " on ",
        num(*path, "df", style="int"),
        " df, p ",
        num(*path, "p", style="p_eq"),
    )


def covariate_sentences(
    g: GlmmAnalysis, column: str, labels: Labels, times: Sequence[float] = ()
) -> list[Sentence]:
    """One covariate's section: its ratios, its time interaction, and each level at the three times."""
    c = g.covariates
    assert c is not None
    effect: GlmmCovariateEffect = c.effects[column]
    _, name = measure_words(g.family)
    per = per_unit(labels)
    test = c.interactions[column]
    tpath = ("glmm", "covariates", "interactions", column)
    sentences = additive_ratio_sentences(g, column, effect.interaction_kept)
    if g.curve is not None and c.shape == "linear":  # straight in time (curve refused): said, not hidden
        from reportgen.narrative.glmm_curve import straight_covariate_note

        sentences = straight_covariate_note(g.curve.shape, labels.time, g.family) + sentences
    sentences.append(
        (
            f"Adding {noun(labels.time)} × {column}: ",
            *chisq_parts(tpath),
            f": {interaction_words(test.p, column, per, c.shape != 'linear')}; "
            f"{ratio_over_time_words(effect.interaction_kept, column, labels.time, name)}.",
        )
    )
    sentences += pair_sentences(g, column)
    for term, by_when in effect.levels.items():
        names = level_name(column, term, c.reference[column])
        sentences.append(
            (f"For a typical {noun(labels.group)} (random effects 0; other covariates at their reference "
             f"level or mean) in {effect.formula}:",)
        )  # fmt: skip
        for when, at in by_when.items():
            path = ("glmm", "covariates", "effects", column, "levels", term, when)
            style = average_time_style(at.time, times or [at.time]) if when == "mean" else "auto"
            sentences.append(level_time_sentence(path, at, when, g.family, names, labels, style))
            if effect.interaction_kept:
                sentences.append(ratio_at_time_sentence(path, at, when, g.family, names))
        verdict = where_clear_words({when: at.p for when, at in by_when.items()})
        sentences.append((f"On the response scale, {verdict}.",))
    return sentences


def glmm_covariate_words(
    analysis: Analysis, data: CleanData, config: BuildConfig
) -> dict[str, list[Sentence]]:
    """Every GLMM covariate section's sentences, keyed ``glmm_covariate:<column>``."""
    g = analysis.glmm
    if g is None or g.covariates is None:
        return {}
    times = sorted(set(data.frame["time"].astype(float)))
    return {
        f"glmm_covariate:{column}": covariate_sentences(g, column, config.labels, times)
        for column in g.covariates.effects
    }
