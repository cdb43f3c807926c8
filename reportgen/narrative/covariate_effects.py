"""Words for a covariate's effect: which level is higher and by how much, whether the gap changes,
the model the report stands on with two covariates, and a covariate model without random variance.

The rules are small pure functions of numbers (flip the sign, the words flip); the sentences put
the numbers in as references to ``results.json`` (``covariates.<column>.differences...``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.model_rules import ALPHA, evidence
from reportgen.narrative.rules import DIAGNOSTIC_ALPHA, SERIAL_MIN
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.time_terms import time_term_words
from reportgen.numbers import average_time_style
from reportgen.words import noun

if TYPE_CHECKING:
    from reportgen.analysis.covariate_effects import Differences, RandomPart
    from reportgen.analysis.covariates import CovariateEffect
    from reportgen.analysis.regression import Coefficient
    from reportgen.config import Labels


def direction(estimate: float, ci_low: float, ci_high: float) -> str:
    """ "higher" or "lower" when the 95% interval excludes 0; "unclear" when it includes it."""
    if ci_low > 0:
        return "higher"
    if ci_high < 0:
        return "lower"
    return "unclear"


def gap_change(
    first: float, last: float, p_change: float, first_clear: bool = True, last_clear: bool = True
) -> str:
    """How a difference between levels moves from the first to the last observed time.

    "steady" (no evidence of change at 0.05); when the estimate's sign flips: "reverses" (both
    ends' intervals exclude 0), "opens" (the first's includes 0, the last's does not: a gap that
    appears), "closes" (the other way round), "changes sign" (both include 0); otherwise "widens"
    or "narrows".
    """
    if p_change >= ALPHA:
        return "steady"
    if first * last < 0:
        if first_clear and last_clear:
            return "reverses"
        if first_clear != last_clear:
            return "opens" if last_clear else "closes"
        return "changes sign"
    return "widens" if abs(last) > abs(first) else "narrows"


def sign_change_words(first: float, last: float) -> str:
    """The tail for an estimate whose sign flips between the ends while neither end is clear."""
    start, end = ("below", "above") if first < 0 else ("above", "below")
    return (
        f": the estimated difference changes sign, from {start} 0 at the first to {end} 0 at the last, "
        "so the gap does not simply widen or narrow; at both ends its 95% interval includes 0"
    )


def middle_gap(first: Coefficient, middle: Coefficient, last: Coefficient) -> str:
    """On a curve, a gap the first and last times miss: clear at the average time only ("only in
    the middle"), or clear at every time and widest there; else "" (the ends tell the story)."""
    clear = [direction(c.estimate, c.ci_low, c.ci_high) != "unclear" for c in (first, middle, last)]
    if not clear[1]:
        return ""
    if not clear[0] and not clear[2]:
        # Not "closes again": an end's estimate may be large (of either sign) with a wide interval.
        return (
            "the levels differ clearly only in the middle of the observed times: at the first and "
            "the last the 95% intervals include 0"
        )
    if all(clear) and first.estimate * middle.estimate < 0 < first.estimate * last.estimate:
        return "the difference reverses in the middle of the observed times and returns by the last"
    if all(clear) and abs(middle.estimate) > max(abs(first.estimate), abs(last.estimate)):
        return "the gap is widest in the middle of the observed times"
    return ""


def covariate_rate_lead(carried: bool, rate: str, time: str, what: str, column: str) -> str:
    """The lead of the sentence of each level's rate: a straight line's slope, or on a curve the
    average rate over the observed times (the curve's change from first to last, over the range)."""
    if carried:
        return (
            f"The average rate ({rate}) over the observed {time} range (the curve's change from the "
            f"first to the last, over the range) at each {what} of {column}"
        )
    return f"The average slope ({rate}) at each {what} of {column}"


def curve_interaction_verdict(p: float, covariate: str) -> str:
    """Does the covariate change the curve's shape? Then the model keeps curve x covariate (p < 0.05);
    else it stands on parallel curves, the gap between levels the same at every time."""
    if p < ALPHA:
        return (
            f"there is {evidence(p)} that the curve's shape differs with {covariate}, so the covariate "
            f"model keeps the curve × {covariate} terms and the gap between levels changes along the curve"
        )
    return (
        f"the data give {evidence(p)} that the curve's shape differs with {covariate}, so the model "
        f"stands on parallel curves (the curve + {covariate}): the gap between levels is the same at "
        "every time"
    )


def interaction_choice(p_joint: float, column: str, other: str, in_time: str = "in the slope") -> str:
    """What the joint test of two covariates' interaction decides: this section's covariate model
    keeps it (p < 0.05) or is additive. One decision, said once: the trend and every other summary
    stand on the chosen model without covariates (``model_choice.stands_on``), not on this one.
    ``in_time``: where it acts in time (:func:`reportgen.narrative.time_terms.time_term_words`)."""
    rest = "(the trend and the report's other summaries stand on the chosen model, without covariates)"
    if p_joint < ALPHA:
        return (
            f"{evidence(p_joint)} that the difference between levels of {column} depends on {other}, so "
            f"this section's covariate model keeps the {column} × {other} interaction (in the level and "
            f"{in_time}) and reads the differences below at the level of the other covariate stated {rest}"
        )
    return (
        f"{evidence(p_joint)} that the difference between levels of {column} depends on {other}, so "
        f"this section's covariate model is additive, without the {column} × {other} interaction {rest}"
    )


def kept_partners(e: CovariateEffect) -> tuple[str, ...]:
    """The covariates whose interaction with this one the covariate model keeps."""
    return tuple(i.pair[1] if i.pair[0] == e.column else i.pair[0] for i in e.interactions if i.kept)


def lrt_scope(column: str, time: str, crossed: tuple[str, ...] = ()) -> str:
    """What the covariate model's likelihood-ratio test drops: the terms crossing time with the
    covariate, and with a kept interaction also those shared with the other covariate (the test
    then asks whether the trend differs with it at any level of the other, not only at the other's
    reference level)."""
    if not crossed:
        return "the likelihood-ratio test of the interaction"
    also = " and ".join(f"{time} × {column} × {other}" for other in crossed)
    return f"the likelihood-ratio test of every term crossing {time} with {column} ({also} too)"


# Which component of a singular fit is at its boundary (RandomPart.boundary), in words.
BOUNDARY_WORDS = {
    "level": "its starting levels' variance is estimated at 0",
    "slope": "its slope variance is estimated at 0",
    "correlation": "its correlation of levels and slopes is estimated at ±1",
}


def random_part_words(
    first: str, kept: str, no_variance: bool, group_plural: str, glmm: bool = False, boundary: str = ""
) -> str:
    """What happened to the random effects of a singular covariate model ("" when nothing did);
    ``boundary`` names the component at its boundary (``RandomPart.boundary``) when known."""
    from reportgen.narrative.model_rules import stood_on_words

    names = {
        "random_slope": "correlated random slopes",
        "uncorrelated_slope": "uncorrelated random slopes",
        "random_intercept": "random intercepts",
    }
    if first == kept and not no_variance:
        return ""
    which = f" ({BOUNDARY_WORDS[boundary]})" if boundary in BOUNDARY_WORDS else ""
    simplified = (
        f"With the covariates in, the fit with {names[first]} (those of {stood_on_words(glmm)}) is "
        f"singular{which}, so it is simplified as the model choice simplifies: to {names[kept]}"
        if first != kept
        else f"With the covariates in, the fit with {names[first]} is singular{which}"
    )
    if not no_variance:
        return simplified
    return (
        simplified + f"; even there the variance between {group_plural} is estimated at 0, so the model "
        "treats every observation as independent, which repeated measures of the same "
        f"{group_plural} are not"
    )


def serial_words(serial_corr: float | None, serial_p: float | None, group: str = "subject") -> str:
    """What the residuals' lag-1 correlation says about the independence the tests assume."""
    if serial_corr is None or serial_p is None:
        return "the tests assume independent observations; read their p-values as too small"
    # The thresholds of the residual diagnostics (Going further), in either direction.
    if serial_p < DIAGNOSTIC_ALPHA and abs(serial_corr) >= SERIAL_MIN:
        sign = "positive" if serial_corr > 0 else "negative"
        too = "too small" if serial_corr > 0 else "unreliable"
        return (
            f"consecutive residuals of the same {group} are {sign}ly correlated, so the observations "
            f"are not independent and these tests' standard errors and p-values are {too}"
        )
    return (
        "consecutive residuals show no clear serial correlation, so treating the observations as "
        "independent is not contradicted"
    )


def interval_caveat(within_subject: str, paired_fit: bool = False) -> str:
    """A covariate paired within subjects: its intervals ignore the pairing, as its tests do, unless
    they come from the model with the subject x condition term (``paired_fit``: then they do not)."""
    if within_subject != "same_times" or paired_fit:
        return ""
    return ", taken at face value: the interval ignores the pairing (see above)"


def _size(path: tuple[str, ...], c: Coefficient, against: str) -> tuple[str | Num, ...]:
    """ " is 0.35 lower than with A (95% CI 0.05 to 0.66 lower)", or with 0 inside the interval
    " differs from A by 0.12 (95% CI -0.20 to 0.44)": the words follow the sign."""
    word = direction(c.estimate, c.ci_low, c.ci_high)
    if word == "unclear":
        return (
            f" differs{against.replace(' than with', ' from')} by ",
            num(*path, "estimate"),
            " (95% CI ",
            num(*path, "ci_low"),
            " to ",
            num(*path, "ci_high"),
            ")",
        )
    near, far = ("ci_low", "ci_high") if word == "higher" else ("ci_high", "ci_low")
    return (
        " is ",
        num(*path, "estimate", style="abs"),
        f" {word}{against} (95% CI ",
        num(*path, near, style="abs"),
        " to ",
        num(*path, far, style="abs"),
        f" {word})",
    )


def difference_sentences(
    e: CovariateEffect, labels: Labels, key: tuple[str, ...], held: tuple[str | Num, ...] = ()
) -> list[Sentence]:
    """Each level against the reference at the average time, and how the gap moves over time; with
    a kept interaction, the same at each other level of the covariate it interacts with."""
    if e.differences is None:
        return []
    # A cycle: no change from the first to the last time (the same phase returns every period).
    changes = e.cycles is None
    sentences = _level_sentences(e, labels, (*key, "differences"), e.differences, held, changes=changes)
    for other, by in e.differences_by.items():
        for level, d in by.items():
            path = (*key, "differences_by", other, level)
            sentences += _level_sentences(e, labels, path, d, (f" (with {other} {level})",), changes=False)
    return sentences


def _level_sentences(
    e: CovariateEffect,
    labels: Labels,
    base: tuple[str, ...],
    d: Differences,
    held: tuple[str | Num, ...],
    *,
    changes: bool,
) -> list[Sentence]:
    """One :class:`Differences`: each level at the average time (and, with ``changes``, its change)."""
    response = noun(labels.response)
    sentences: list[Sentence] = []
    for level, by in d.at.items():
        if e.kind == "categorical":
            subject, against = f"With {e.column} {level}, {response}", f" than with {e.column} {d.reference}"
        else:
            subject, against = f"With one unit more of {e.column}, {response}", ""
        where = _at(labels, base, "mean", "the average observed time", d.times)
        c = by["mean"]
        unclear = direction(c.estimate, c.ci_low, c.ci_high) == "unclear"
        tail = (
            "; the interval includes no difference, so the data do not say which is higher" if unclear else ""
        )
        size = _size((*base, "at", level, "mean"), c, against)
        sentences.append(
            (
                subject,
                *size,
                ", ",
                *where,
                *held,
                tail + interval_caveat(e.within_subject, e.differences_paired) + ".",
            )
        )
        if changes:
            sentences.append(change_sentence(e, labels, base, level))
    return sentences


def f_test_words(*path: str) -> tuple[str | Num, ...]:
    """ "F = 5.12 on 1 and 25.0 df (p = 0.033)" for the F test at ``path`` in the results."""
    return (
        "F = ",
        num(*path, "F"),
        " on ",
        num(*path, "num_df", style="int"),
        " and ",
        num(*path, "den_df", style="df"),
        " df (p ",
        num(*path, "p", style="p_eq"),
        ")",
    )


def mean_time_style(times: dict[str, float]) -> str:
    """The style of the average observed time, from the first, average and last times (WHEN keys)."""
    return average_time_style(times["mean"], [times["first"], times["last"]])


def estimate_with_ci(path: tuple[str, ...], lead: str = " (95% CI ") -> tuple[str | Num, ...]:
    """ "0.35 (95% CI 0.05 to 0.66" from a coefficient's path (the caller closes the bracket)."""
    return (num(*path, "estimate"), lead, num(*path, "ci_low"), " to ", num(*path, "ci_high"))


def _at(
    labels: Labels, base: tuple[str, ...], when: str, name: str, times: dict[str, float] | None = None
) -> tuple[str | Num, ...]:
    """ "at time 202.4, the average observed time" with the time as a number of the results."""
    # The average time with the observed times' own decimals, one more at most (average_time_style,
    # as the table prints it: BodyWeight's days 1 to 64 average "33.5"); observed times as given.
    style = "auto"
    if when == "mean":
        style = mean_time_style(times) if times else "trim"
    return (f"at {noun(labels.time)} ", num(*base, "times", when, style=style), f", {name}")


def clear_end(word: str, first_clear: bool, last_clear: bool) -> str:
    """The one end ("first" or "last") whose difference is clear on its own, when the words for the
    gap's change (:func:`gap_change`) do not say it ("opens" and "closes" do); "" for none or both
    (final read, ChickWeight: Diet 2's 46.92 at day 21, 95% CI 0.64 to 93.19, went unsaid beside
    "no clear change between them")."""
    if first_clear == last_clear or word in ("opens", "closes"):
        return ""
    return "first" if first_clear else "last"


def clear_end_parts(e: CovariateEffect, base: tuple[str, ...], level: str, end: str) -> tuple[str | Num, ...]:
    """ "; by the last, Diet 2 is higher than Diet 1 (95% CI 0.64 to 93.19)" for :func:`clear_end`."""
    if not end:
        return ()
    d = e.differences
    assert d is not None
    c = d.at[level][end]
    when = "by the last" if end == "last" else "at the first"
    if e.kind == "categorical":
        higher = direction(c.estimate, c.ci_low, c.ci_high)
        words = f"{e.column} {level} is {higher} than {e.column} {d.reference}"
    else:
        words = f"the difference per unit is {'above' if c.estimate > 0 else 'below'} zero"
    return (
        f"; {when}, {words} (95% CI ",
        num(*base, "at", level, end, "ci_low"),
        " to ",
        num(*base, "at", level, end, "ci_high"),
        ")",
    )


def change_sentence(e: CovariateEffect, labels: Labels, base: tuple[str, ...], level: str) -> Sentence:
    """The difference at the first and the last observed time, and whether it changes."""
    d = e.differences
    assert d is not None
    what = f"The difference for {e.column} {level}" if e.kind == "categorical" else "The difference per unit"
    if not e.time_interaction:  # parallel curves: one difference at every time
        return (f"{what} is the same at every observed time: the model's curves run parallel.",)
    first, last, change = d.at[level]["first"], d.at[level]["last"], d.change[level]
    first_clear, last_clear = (direction(c.estimate, c.ci_low, c.ci_high) != "unclear" for c in (first, last))
    word = gap_change(first.estimate, last.estimate, change.p, first_clear, last_clear)
    tail = {
        "steady": ": no clear change between them",
        "reverses": ": it reverses direction over the observed times",
        "widens": ": the gap widens over the observed times",
        "narrows": ": the gap narrows over the observed times",
        "changes sign": sign_change_words(first.estimate, last.estimate),
        "opens": ": the gap opens: compatible with none at the first (its 95% interval includes 0), "
        "clear by the last",
        "closes": ": the gap closes: clear at the first, compatible with none by the last (its 95% "
        "interval includes 0)",
    }[word]
    middle = middle_gap(first, d.at[level]["mean"], last) if e.shape != "linear" else ""
    tail = f"{tail}; {middle}" if middle else tail
    return (
        f"{what} is ",
        num(*base, "at", level, "first", "estimate"),
        " ",
        *_at(labels, base, "first", "the first observed time"),
        ", and ",
        num(*base, "at", level, "last", "estimate"),
        " ",
        *_at(labels, base, "last", "the last (change "),
        *estimate_with_ci((*base, "change", level), ", 95% CI "),
        ", p ",
        num(*base, "change", level, "p", style="p_eq"),
        f"){tail}",
        *clear_end_parts(e, base, level, clear_end(word, first_clear, last_clear)),
        ".",
    )


def interaction_sentences(e: CovariateEffect, key: tuple[str, ...], time: str = "time") -> list[Sentence]:
    """Each interaction of this covariate with another: its tests and the model stood on (its
    part in time named by its df, ``time``: the time's noun)."""
    out: list[Sentence] = []
    for i in e.interactions:
        other = i.pair[1] if i.pair[0] == e.column else i.pair[0]
        path = (*key, "interactions", other)
        in_time = time_term_words(i.slope.num_df, time)
        out.append(
            (
                f"With {other} also in the model, their interaction is tested in the level (F = ",
                num(*path, "level", "F"),
                ", p ",
                num(*path, "level", "p", style="p_eq"),
                f") and {in_time} (F = ",
                num(*path, "slope", "F"),
                ", p ",
                num(*path, "slope", "p", style="p_eq"),
                "), jointly ",
                *f_test_words(*path, "joint"),
                ": " + interaction_choice(i.joint.p, e.column, other, in_time) + ".",
            )
        )
    return out


def random_part_sentences(
    part: RandomPart | None, key: tuple[str, ...], group: str, group_plural: str, glmm: bool = False
) -> list[Sentence]:
    """A singular covariate model: how it was simplified; with no variance left, the serial correlation."""
    if part is None:
        return []
    words = random_part_words(part.first, part.kept, part.no_variance, group_plural, glmm, part.boundary)
    if not words:
        return []
    if not part.no_variance:
        return [(words + ".",)]
    path = (*key, "random_part")
    serial = serial_words(part.serial_corr, part.serial_p, group)
    if part.serial_corr is None:
        return [(f"{words}; {serial}.",)]
    return [
        (
            words + ". The tests run on ",
            num(*path, "residual_df", style="df"),
            f" residual df; the lag-1 correlation of the residuals within each {group} is ",
            num(*path, "serial_corr"),
            " (p ",
            num(*path, "serial_p", style="p_eq"),
            ", ",
            num(*path, "serial_pairs", style="int"),
            f" pairs): {serial}.",
        )
    ]
