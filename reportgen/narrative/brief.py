"""The study report's "In brief": a few of the report's own sentences, picked by what they report.

A reader outside the class gets the answer first: the trend and its size with its interval (the
chosen curve's change over the observed range, or the average slope), each covariate's difference
at the average time with its direction and interval, how much the subjects vary, and the
diagnostics' verdict (the main caveat). Each is a sentence the report already says (the same rule,
the same numbers); a sentence the report does not have is left out, never made up here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fnmatch import fnmatchcase

from reportgen.narrative.measured_levels import BELOW_ZERO_LEADS, INTERVAL_BELOW_LEAD, MISSES_LEAD
from reportgen.narrative.model import START_SPREAD_LEAD
from reportgen.narrative.model_rules import CODES_WORDS
from reportgen.narrative.rules import INTERVALS_WRONG, VERDICT_LEADS
from reportgen.narrative.sentence import Num, Sentence
from reportgen.narrative.shape import SHAPE_USED, slope_lead

__all__ = ["in_brief"]


def _keys(sentence: Sentence) -> list[str]:
    return [".".join(part.path) for part in sentence if isinstance(part, Num)]


def _reports(pattern: str) -> Callable[[Sentence], bool]:
    """A sentence that prints a number whose results key matches ``pattern`` (fnmatch)."""
    return lambda sentence: any(fnmatchcase(key, pattern) for key in _keys(sentence))


def _verdict(sentence: Sentence) -> bool:
    return bool(sentence) and isinstance(sentence[0], str) and sentence[0].startswith(VERDICT_LEADS)


def _first(groups: Sequence[Sequence[Sentence]], *tests: Callable[[Sentence], bool]) -> list[Sentence]:
    """The first sentence of ``groups`` passing the first test any sentence passes (none: [])."""
    for test in tests:
        for group in groups:
            for sentence in group:
                if test(sentence):
                    return [sentence]
    return []


def in_brief(sentences: Mapping[str, Sequence[Sentence]]) -> list[Sentence]:
    """The summary's sentences, in the order a reader asks: trend, covariates, variation, caveat."""
    get = lambda key: sentences.get(key, ())  # noqa: E731
    trend = _first(
        [get("g_trend"), get("g_family"), get("g_choice")],
        _reports("trend.curve.cycle.amplitude.estimate"),  # a cycle: its amplitude (since 1.6)
        _reports("trend.curve.change.estimate"),  # a curve: its change over the observed range
        _reports("glmm.curve.change.ratio"),  # a curved GLMM: its ratio of the last to the first time
        _reports("glmm.time_ratio.ratio"),  # a GLMM: its odds or rate ratio per unit of time
        _reports("headline.slope"),  # a straight line: the average slope of the model stood on
    )
    # A curve's level below zero where nothing measured is, or missing what was: its caveats go with it.
    leads = (*BELOW_ZERO_LEADS, MISSES_LEAD)
    caveat = [s for s in get("g_trend") if trend and s and str(s[0]).startswith(leads)]
    # A numeric covariate that may be a code (Diet 1 to 4): its warning, not a per-unit difference.
    covariates = [
        sentence
        for key, group in sentences.items()
        if key.startswith("covariate:")
        for sentence in _first([group], _coded) or covariate_brief(group, key[10:])
    ]
    variation = _first(
        [get("g_levels_subjects"), get("g_choice"), get("g_slopes"), get("g_between")],
        _reports("model_choice.slope_sd"),
        _reports("model_choice.intercept_sd"),
        _reports("random_slope.slope_sd"),  # the straight-line random-slope model, when stood on
        _reports("random_intercept.icc"),
    )
    # The levels' spread at the start beside what was measured there, when the two disagree.
    start = _next_to(variation, [get("g_choice"), get("g_slopes"), get("g_between")], START_SPREAD_LEAD)
    verdict = _first([get("g_diagnostics")], _verdict)
    brief = [*map(_alone, trend), *caveat, *covariates, *variation, *start]
    if not intervals_wrong(verdict):
        return [*brief, *verdict]
    # Without intervals, a caveat about an interval below zero has nothing to stand on (final read).
    kept = [s for s in brief if not (s and str(s[0]).startswith(INTERVAL_BELOW_LEAD))]
    return [*map(without_intervals, kept), *verdict, INTERVALS_LEFT_OUT]


# More comparisons with the reference than this: the summary gives the overall test alone.
MAX_COMPARISONS = 4


def covariate_brief(group: Sequence[Sentence], column: str) -> list[Sentence]:
    """A covariate's difference at the average time: with one comparison, its sentence; with more
    (a factor of three or more levels), the overall test at that time and every level against the
    reference, or the overall test alone past :data:`MAX_COMPARISONS` (final read, ChickWeight by
    Diet: the brief gave Diet 2's unclear 16.10 alone, not F = 4.74, p = 0.006, nor Diets 3 and 4's
    clear 27.76 and 32.74)."""
    at_mean = [s for s in group if _reports(f"covariates.{column}.differences.at.*.mean.estimate")(s)]
    overall = _first([group], _reports(f"covariates.{column}.difference_at_mean_time.F"))
    if len(at_mean) <= 1 or not overall:
        return at_mean[:1]
    return [*overall, *(at_mean if len(at_mean) <= MAX_COMPARISONS else [])]


# When the checks call the model's intervals wrong, the summary does not print them as answers.
INTERVALS_LEFT_OUT = ("This summary therefore gives the model's estimates without their 95% intervals.",)
# ... and each chapter that prints them says so where they appear (statistician M, session 7: the
# Soybean study report printed "16.58 to 19.00" and "good evidence ... (p = 0.002)" after the
# summary had called them wrong).
INTERVALS_CAVEAT = (
    "The checks under Diagnostics and caveats find this model's standard errors wrong, not just "
    "uncertain: the intervals, p-values and verdicts in this chapter are the model's, printed for "
    "reference, and are not evidence to rely on.",
)


def intervals_caveat(sentences: Mapping[str, Sequence[Sentence]]) -> list[Sentence]:
    """The caveat of the chapters that print intervals and tests, when the diagnostics' verdict
    calls the model's intervals wrong (the summary then leaves them out); else none."""
    verdict = _first([sentences.get("g_diagnostics", ())], _verdict)
    return [INTERVALS_CAVEAT] if intervals_wrong(verdict) else []


def intervals_wrong(verdict: Sequence[Sentence]) -> bool:
    """Does the diagnostics' verdict say the model's intervals are wrong (not just uncertain)?"""
    return any(isinstance(part, str) and INTERVALS_WRONG in part for sentence in verdict for part in sentence)


def _text(part: str | Num) -> str:
    return part if isinstance(part, str) else ""


def without_intervals(sentence: Sentence) -> Sentence:
    """The sentence with each printed interval taken out, brackets and all: "a change of 18.41
    (95% CI 17.21 to 19.61); it rises" -> "a change of 18.41; it rises". A sentence whose interval
    does not sit in brackets is kept whole."""
    parts, out = list(sentence), list[str | Num]()
    i = 0
    while i < len(parts):
        part = parts[i]
        before = out[-1] if out and isinstance(out[-1], str) else ""
        opened = before.rfind("(") if before.rfind("(") > before.rfind(")") else -1  # a bracket still open
        if isinstance(part, Num) and part.path[-1] in ("ci_low", "ci_high") and opened >= 0:
            close = next((j for j in range(i + 1, len(parts)) if ")" in _text(parts[j])), None)
            if close is None:
                return sentence
            closing = _text(parts[close])
            out[-1] = before[:opened].rstrip()
            out.append(closing[closing.index(")") + 1 :])
            i = close + 1
            continue
        out.append(part)
        i += 1
    return tuple(part for part in out if part != "")


def _coded(sentence: Sentence) -> bool:
    return bool(sentence) and isinstance(sentence[0], str) and CODES_WORDS in sentence[0]


def _next_to(chosen: list[Sentence], groups: Sequence[Sequence[Sentence]], lead: str) -> list[Sentence]:
    """The sentence right after ``chosen``'s one in its group, when it opens with ``lead`` (none: [])."""
    for group in groups:
        for i, sentence in enumerate(group[:-1]):
            after = group[i + 1]
            if chosen and sentence == chosen[0] and isinstance(after[0], str) and after[0].startswith(lead):
                return [after]
    return []


# Openings that point to the sentence before, and how they read alone.
_POINTING = (
    (SHAPE_USED + "its ", "The model's "),
    (slope_lead("linear"), "In the model the report stands on, the average slope is "),
)


def _alone(sentence: Sentence) -> Sentence:
    """A sentence read without the one before it ("uses this shape; its", "In that model")."""
    first = sentence[0] if sentence else None
    for lead, alone in _POINTING:
        if isinstance(first, str) and first.startswith(lead):
            return (alone + first[len(lead) :], *sentence[1:])
    return sentence
