"""Words of a covariate's section when the trend is a cycle (the harmonic shape): what the covariate
changes in the cycle, each level's amplitude, mean level and peak with the amplitudes' difference
(:mod:`reportgen.analysis.covariate_cycle`), never a rate or a change from the first to the last
observed time (on a cycle both only say where the observed times start and end within a cycle).

Small named rules (numbers in, words out), then the sentences that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.selection import ALPHA
from reportgen.narrative.covariate_effects import estimate_with_ci
from reportgen.narrative.model_rules import evidence
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.words import noun

if TYPE_CHECKING:
    from reportgen.analysis.covariates import CovariateEffect
    from reportgen.config import Labels


def amplitude_comparison(
    estimate: float, ci_low: float, ci_high: float, more: str = "larger", less: str = "smaller"
) -> str:
    """How one level's amplitude (or, with ``more``/``less`` "higher"/"lower", its mean level)
    compares with the reference's: "larger than", "smaller than", or "not clearly different from"
    when the difference's 95% interval includes 0 (``estimate``: the difference, for the record)."""
    if ci_low > 0:
        return f"{more} than"
    if ci_high < 0:
        return f"{less} than"
    return "not clearly different from"


def cycle_gap_verdict(p_difference: float, p_cycles_differ: float, covariate: str) -> str:
    """What a difference between the levels' curves at one time means on a cycle: at one point of
    the cycle, and, when the levels' cycles differ, a gap that rises and falls with the cycle and
    comes back every period (not a gap that changes over the observed times)."""
    words = evidence(p_difference)
    if p_cycles_differ < ALPHA:
        return (
            f"{words} of a difference at that point of the cycle; the cycles of the levels of {covariate} "
            "differ too, so the gap between them rises and falls within each cycle and comes back "
            "every period"
        )
    return (
        f"{words} of a difference at that point of the cycle; with no evidence that their cycles "
        "differ, the curves run side by side, this far apart, at every point of the cycle"
    )


def cycle_interaction_verdict(p: float, covariate: str) -> str:
    """Does the covariate change the cycle? On a cycle the curve x covariate terms let each level's
    amplitude, mean level and peak differ (p < 0.05: the model keeps them); else the levels share
    one cycle, shifted up or down: the same amplitude and peak, only the mean level may differ. No
    gap that "changes along the curve": on a cycle it rises and falls and comes back every period."""
    from reportgen.i18n import gettext as _

    if p < ALPHA:
        return _(
            "there is %(evidence)s that the cycle differs with %(covariate)s, so the covariate model "
            "keeps the cycle × %(covariate)s terms: the levels' amplitudes, mean levels or peak "
            "times differ (each level's are given above)"
        ) % {"evidence": evidence(p), "covariate": covariate}
    return _(
        "the data give %(evidence)s that the cycle differs with %(covariate)s, so the model stands "
        "on one cycle shared by the levels (the cycle + %(covariate)s): the same amplitude and peak "
        "time at every level, only the mean level may differ"
    ) % {"evidence": evidence(p), "covariate": covariate}


def cycle_alt_words(e: CovariateEffect, decimals: int, time: str) -> str:
    """The covariate figure's alt-text tail on a cycle: each level's amplitude and peak time
    (``time``: the time's noun)."""
    from reportgen.i18n import number_text

    assert e.cycles is not None
    return "; ".join(
        f"{level}: amplitude {number_text(c.amplitude.estimate, 'fixed', decimals)}, "
        f"highest at {time} {number_text(c.peak_time, 'fixed', decimals)}"
        for level, c in e.cycles.by_level.items()
    )


def _level_name(e: CovariateEffect, level: str) -> str:
    return f"{e.column} {level}" if e.kind == "categorical" else level


def cycle_level_sentences(e: CovariateEffect, labels: Labels, key: tuple[str, ...]) -> list[Sentence]:
    """Each level's cycle (amplitude, mean level, peak) and each other level's amplitude and mean
    level against the reference's, with their intervals."""
    assert e.cycles is not None
    base = (*key, "cycles")
    time = noun(labels.time)
    parts: list[str | Num] = [
        f"On a cycle there is no rate of change: what {e.column} can change is the cycle itself. "
        "Each level's amplitude (how far its curve rises above and falls below its mean level), "
        f"mean level over a cycle and the {time} of its peak: "
    ]
    for i, level in enumerate(e.cycles.by_level):
        path = (*base, "by_level", level)
        parts += [
            "; " if i else "",
            f"{_level_name(e, level)}: amplitude ",
            *estimate_with_ci((*path, "amplitude")),
            "), mean level ",
            num(*path, "mean_level", "estimate"),
            f", highest at {time} ",
            num(*path, "peak_time"),
        ]
    sentences: list[Sentence] = [(*parts, ".")]
    reference = _level_name(e, e.cycles.reference)
    for level, diff in e.cycles.amplitude_difference.items():
        mean = e.cycles.mean_level_difference[level]
        compared = amplitude_comparison(diff.estimate, diff.ci_low, diff.ci_high)
        level_words = amplitude_comparison(mean.estimate, mean.ci_low, mean.ci_high, "higher", "lower")
        path = (*base, "amplitude_difference", level)
        mean_path = (*base, "mean_level_difference", level)
        sentences.append(
            (
                f"The amplitude with {_level_name(e, level)} is {compared} the amplitude with {reference} "
                "(difference ",
                *estimate_with_ci(path, ", 95% CI "),
                ", p ",
                num(*path, "p", style="p_eq"),
                f"); its mean level is {level_words} that with {reference} (difference ",
                *estimate_with_ci(mean_path, ", 95% CI "),
                ", p ",
                num(*mean_path, "p", style="p_eq"),
                ").",
            )
        )
    return sentences
