"""Rules: numbers in, words out. Small, named and unit-tested, flipped cases included."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER
from reportgen.analysis.selection import ALPHA, RANDOM_INTERCEPT, RANDOM_SLOPE
from reportgen.analysis.spread import (
    DIFFERS_BETWEEN_GROUPS,
    GROWS_WITH_LEVEL,
    GROWS_WITH_TIME,
    VARIES_OVER_TIME,
)
from reportgen.i18n import N_, localized_number, spoken_language
from reportgen.i18n import gettext as _
from reportgen.narrative.counts import of_the
from reportgen.words import model_name, model_words, possessive


def correlation_strength(r: float) -> str:
    """Conventional bands of |r|: negligible < 0.1 <= weak < 0.3 <= moderate < 0.7 <= strong."""
    size = abs(r)
    if size < 0.1:
        return "negligible"
    if size < 0.3:
        return "weak"
    if size < 0.7:
        return "moderate"
    return "strong"


# Simple fractions a share of variance is read as ("about two thirds"), smallest first.
SHARE_FRACTIONS: tuple[tuple[float, str], ...] = (
    (1 / 20, "a twentieth"),
    (1 / 10, "a tenth"),
    (1 / 5, "a fifth"),
    (1 / 4, "a quarter"),
    (1 / 3, "a third"),
    (2 / 5, "two fifths"),
    (1 / 2, "half"),
    (3 / 5, "three fifths"),
    (2 / 3, "two thirds"),
    (3 / 4, "three quarters"),
    (4 / 5, "four fifths"),
    (9 / 10, "nine tenths"),
)
# "About" a fraction only within this share of the fraction itself (5.4% is about a twentieth,
# not "about a tenth"; 15% is near no simple fraction and is left as its percentage).
FRACTION_CLOSE = 0.1


def fraction_words(share: float) -> str | None:
    """A share (0..1) as a reader says it: "hardly any" below 5%, "nearly all" above 95%, else
    "about" the nearest simple fraction ("about two thirds" for 0.66) when it is close (within
    ``FRACTION_CLOSE`` of the fraction), else None: the percentage says it better."""
    if share < 0.05:
        return "hardly any"
    if share > 0.95:
        return "nearly all"
    value, words = min(SHARE_FRACTIONS, key=lambda fraction: abs(fraction[0] - share))
    return f"about {words}" if abs(value - share) <= FRACTION_CLOSE * value else None


def icc_words(icc: float, group: str = "subject", groups: str = "subjects") -> str:
    """The ICC read as what it is here, a share of variance between subjects, not graded.

    Reliability grades (Koo & Li 2016: below 0.5 poor, 0.5 to 0.75 moderate, 0.75 to 0.9 good) rate
    a measurement's reliability; an ICC of a model's random intercept is the share of the
    unexplained variance between subjects, so it is said as a share: "about two thirds of it lies
    between patients" (0.66), and below 5% as two measurements hardly more alike than two subjects'.
    A share near no simple fraction (0.15) is left to its percentage, said before these words.
    """
    if icc < 0.05:
        return (
            f"two measurements of the same {group} are hardly more alike than those of two different {groups}"
        )
    fraction = fraction_words(icc)
    if fraction is None:
        return f"the rest of it lies within {groups}"
    return f"{fraction} of it lies between {groups}, the rest within them"


def correlation_clear(r: float, p: float | None = None, alpha: float = 0.05) -> bool:
    """Is a correlation worth a sentence about its direction?

    Not when it is negligible (|r| < 0.1), nor when its test (``p``, if there is one) gives no clear
    evidence: then "y tends to fall" would read a chance wobble as a relationship.
    """
    return correlation_strength(r) != "negligible" and (p is None or p < alpha)


def direction(value: float) -> str:
    """'positive', 'negative' or 'no' (exactly zero)."""
    return "positive" if value > 0 else "negative" if value < 0 else "no"


def trend_verb(value: float) -> str:
    """What the response does as time goes on, for a slope or correlation of this sign."""
    return "rise" if value > 0 else "fall" if value < 0 else "stay level"


# Sarle's bimodality coefficient of a uniform distribution: above it, values are flat or two-humped.
BIMODAL_LIMIT = 5 / 9


def two_humped(skew: float, bimodality: float | None) -> bool:
    """Is a distribution that skewness would call symmetric flat or two-humped instead?

    Sarle's bimodality coefficient above 5/9 with |skew| < 0.5: only a light-tailed, flat or
    two-humped shape gets there (CO2's uptake: 0.563). A skewed distribution can pass 5/9 through
    its skew alone (chick weights: 0.571 at skewness 0.96), so it is judged by its skew.
    """
    return abs(skew) < 0.5 and bimodality is not None and bimodality > BIMODAL_LIMIT


def skew_shape(skew: float, bimodality: float | None = None) -> str:
    """Bulmer's rule of thumb: |skew| < 0.5 symmetric, < 1 moderate, otherwise strong.

    A symmetric but flat or two-humped distribution (see :func:`two_humped`) is not "roughly
    symmetric" in the bell-shaped sense a reader takes it in.
    """
    if two_humped(skew, bimodality):
        return _("flat or two-humped rather than bell-shaped")
    if abs(skew) < 0.5:
        return _("roughly symmetric")
    if abs(skew) < 1:
        return _("moderately right-skewed") if skew > 0 else _("moderately left-skewed")
    return _("strongly right-skewed") if skew > 0 else _("strongly left-skewed")


def tail_note(skew: float) -> str:
    """Which tail is long, in words, or that neither stands out."""
    if abs(skew) < 0.5:
        return _("neither tail stands out")
    return _("with a longer tail of high values") if skew > 0 else _("with a longer tail of low values")


def value_style(whole: bool) -> str:
    """Number style of a measured value: whole numbers (counts, grams) without decimals."""
    return "auto" if whole else "fixed"


def significance(p: float, alpha: float = 0.05) -> str:
    return "statistically significant" if p < alpha else "not statistically significant"


def share_words(share: float) -> str:
    """How big a share (0..1) is, in words."""
    if share >= 0.5:
        return "most"
    if share >= 0.25:
        return "a large part"
    if share >= 0.1:
        return "some"
    return "little"


def explained_words(r_squared: float) -> str:
    """How much of the variation a fit explains, from R²."""
    if r_squared >= 0.6:
        return "most"
    if r_squared >= 0.3:
        return "a good part"
    if r_squared >= 0.1:
        return "a modest part"
    return "very little"


def single_line_verdict(between_share: float, groups: str = "subjects") -> str:
    """What the between-subject share of the scatter says (not how well the line fits: that is R²)."""
    if between_share >= 0.25:
        return (
            "so one line for everybody leaves much of the structure unexplained: "
            f"{groups} differ systematically from it"
        )
    return f"so most of the scatter around the line lies within {groups}, not between them"


def spread_words(value_range: float, scale: float) -> str:
    """How much a set of values differ, relative to a meaningful scale."""
    if scale <= 0:
        return "vary"
    ratio = value_range / scale
    if ratio >= 1:
        return "vary widely"
    if ratio >= 0.5:
        return "vary noticeably"
    return "are similar"


def levels_supported(level_var: float, residual_var: float, away: int) -> bool:
    """Does the chosen model find subjects' levels (at the first observed time) beyond noise?

    Its level variance there must be above zero (not a singular fit that gives every subject the
    same start: see :func:`levels_differ`) and some subject's level interval must exclude the
    average.
    """
    return levels_differ(level_var, residual_var) and away > 0


def slopes_supported(model: str, slope_var: float, span: float, residual_var: float) -> bool:
    """Does the chosen model give subjects their own slopes (a slope variance above zero)?

    The slope variance is judged by what it adds over the observed times (times ``span``²), in
    the response's units like the residual variance.
    """
    return model != RANDOM_INTERCEPT and levels_differ(slope_var * span * span, residual_var)


GLMM_SD_TOL = 1e-4  # lme4's singularity tolerance on a GLMM's relative covariance factor (an SD there)


def glmm_support(model: str, intercept_sd: float, slope_sd: float) -> tuple[bool, bool]:
    """(slopes, levels): does the GLMM the report stands on find subjects differing beyond noise?

    A binomial or Poisson report's question sentences follow its GLMM, not the linear fits: slopes
    when the tests kept random slopes with an SD above lme4's tolerance, levels when the subjects'
    intercept SD (logit or log scale) is above it.
    """
    return model != RANDOM_INTERCEPT and slope_sd > GLMM_SD_TOL, intercept_sd > GLMM_SD_TOL


# Who finds subjects differing, by default: the linear mixed models of the sections below.
MIXED_MODELS_FIND = N_("the mixed models below find")


def individual_differences(
    slopes_vary: bool,
    intercepts_vary: bool,
    slopes_supported: bool | None = None,
    levels_supported: bool | None = None,
    slopes_singular_only: bool = False,
    fanning: bool = False,
    start_unread: bool = False,
    finds: str = MIXED_MODELS_FIND,
) -> str:
    """Name what differs between individuals, as the mixed models find it.

    ``finds``: who finds it, with its verb (:func:`~reportgen.narrative.finding_model.finding_model`:
    the GLMM a binomial or Poisson report stands on, by name, as the linear models below may disagree).

    ``start_unread``: the own lines misplace the start and too few values are measured there to
    tell whether the levels differ (Ovary: one mare at the first time), so slopes alone are
    claimed, never "mainly".

    ``fanning``: the measured values spread apart over time (:func:`fans_out`), so individuals do
    not differ "mainly" in where they start, whatever the straight lines find.

    ``slopes_singular_only``: the random-slope test finds slopes differing, but only in a singular
    fit the report does not stand on (CO2: boundary p = 0.010 with the correlation at 1): then
    differing slopes are neither denied nor put down to chance (see :func:`singular_slopes_words`).

    ``*_vary``: the few own lines drawn look different; ``*_supported``: the chosen mixed model
    finds differences beyond noise (individual slopes; levels away from the average), None: as
    the own lines look. The model decides what is claimed: a difference it finds that the own
    lines hardly show is still claimed (soybean: slope SD 0.048, LRT chi2 = 91.75, though ten own
    slopes look alike), and one the lines show but it does not find is put down to chance.
    """
    slopes = slopes_vary if slopes_supported is None else slopes_supported
    levels = intercepts_vary if levels_supported is None else levels_supported
    rows = ((intercepts_vary, levels, "start"), (slopes_vary, slopes, "rate"))
    seen = tuple(what for vary, supported, what in rows if vary and not supported)
    hidden = [what for vary, supported, what in rows if supported and not vary]
    words = {"finds": _(finds), "singular": singular_slopes_words()}
    if not (slopes or levels):
        return _(OWN_LINES_ONLY[seen]) % words if seen else _("These individuals behave much alike")
    if slopes and levels:
        lead = "both"
    else:
        lead = ("start" if levels else "rate") + ("" if (fanning and levels) or start_unread else "_mainly")
    found = "all" if hidden and len(hidden) == int(slopes) + int(levels) else hidden[0] if hidden else None
    verdict = _(DIFFER_STRUCTURE[found]) % {"lead": _(DIFFER_LEAD[lead]), **words}
    if not seen:
        return verdict
    chance = "singular" if slopes_singular_only and seen == ("rate",) else seen
    return _("%(verdict)s; %(chance)s") % {"verdict": verdict, "chance": _(DIFFER_BY_CHANCE[chance]) % words}


# What individuals differ in, as the models find it (individual_differences): the lead clause ...
DIFFER_LEAD = {
    "both": N_("Individuals differ both in where they start and in how fast they change"),
    "start": N_("Individuals differ in where they start"),
    "start_mainly": N_("Individuals differ mainly in where they start"),
    "rate": N_("Individuals differ in how fast they change"),
    "rate_mainly": N_("Individuals differ mainly in how fast they change"),
}
# ... with what it means, and the differences the models find that the few own lines hardly show ...
DIFFER_STRUCTURE = {
    None: N_("%(lead)s, which is the structure a mixed model is built to describe"),
    "all": N_(
        "%(lead)s, which is the structure a mixed model is built to describe (%(finds)s these "
        "differences, though these few own lines hardly show them)"
    ),
    "start": N_(
        "%(lead)s, which is the structure a mixed model is built to describe (%(finds)s the "
        "differences in where they start, though these few own lines hardly show them)"
    ),
    "rate": N_(
        "%(lead)s, which is the structure a mixed model is built to describe (%(finds)s the "
        "differences in how fast they change, though these few own lines hardly show them)"
    ),
}
# ... and what the own lines show beyond it, put down to chance (or to a singular fit).
DIFFER_BY_CHANCE = {
    ("start",): N_(
        "these own lines also differ in where they start, but %(finds)s no clear differences there: "
        "lines fitted to a few noisy points differ by chance"
    ),
    ("rate",): N_(
        "these own lines also differ in how fast they change, but %(finds)s no clear differences "
        "there: lines fitted to a few noisy points differ by chance"
    ),
    "singular": N_("these own lines also differ in how fast they change, and %(singular)s"),
}
# Own lines that differ where the models find no differences at all.
OWN_LINES_ONLY = {
    ("start",): N_(
        "These own lines differ in where they start, but %(finds)s no clear differences between "
        "individuals: lines fitted to a few noisy points differ by chance"
    ),
    ("rate",): N_(
        "These own lines differ in how fast they change, but %(finds)s no clear differences between "
        "individuals: lines fitted to a few noisy points differ by chance"
    ),
    ("start", "rate"): N_(
        "These own lines differ in where they start and in how fast they change, but %(finds)s no "
        "clear differences between individuals: lines fitted to a few noisy points differ by chance"
    ),
}


def slopes_prompt(slopes_vary: bool, group: str, groups: str, q3_vary: bool = True) -> str:
    """Going further 1's prompt, as the own lines of questions 3 and 4 look (``slopes_vary``).

    "Yet the own lines differ in slope too" only when they do (Q3's rule: the range of the own
    slopes at least half the common slope, over the lines of both questions, ``further.drawn_slopes``);
    otherwise the question is whether slopes differ at all. When Question 3's lines alone are
    similar (``q3_vary`` False, its own verdict by the same rule), only Question 4's pair is said to
    differ: one statistic, one verdict (Dialyzer: Q3's ten "are similar, from 9.29 to 15.30").
    """
    if slopes_vary and not q3_vary:
        lead = (
            "Question 6 forced one slope on everybody; the own lines of question 3 are similar in "
            "slope, but the two of question 4 differ in slope."
        )
    elif slopes_vary:
        lead = (
            "Question 6 forced one slope on everybody, yet the own lines of questions 3 and 4 differ "
            "in slope too."
        )
    else:
        lead = (
            "Question 6 forced one slope on everybody, and the own lines of questions 3 and 4 differ "
            f"little in slope: do {groups} differ in how fast they change at all?"
        )
    return (
        f"{lead} Let each {group} have its own slope as well as its own intercept, and see how much "
        "the slopes vary."
    )


def singular_slopes_words() -> str:
    """Differing slopes that only a singular random-slope fit finds: said, not denied."""
    return _(
        "the random-slope test finds such differences (Going further 2), but only in a singular fit "
        "that the report does not stand on, so how much rates differ is left open"
    )


# Subjects fan out when the spread of their measured values at least doubles from the first
# common time to the last (CO2: 2.74 at conc 95, 10.41 at conc 1000).
FAN_OUT = 2.0


def fans_out(sd_first: float | None, sd_last: float | None) -> bool:
    """Do the subjects' measured values spread at least twice as widely at the end as at the start?"""
    if sd_first is None or sd_last is None or sd_first <= 0:
        return False
    return sd_last >= FAN_OUT * sd_first


def fan_out_words(groups: str, time: str, slopes_supported: bool) -> str:
    """What a measured fan-out says, beside what the mixed models find about the slopes.

    A spread of the measured values that grows over time is what differing slopes give, but also
    what a noise growing with the level gives. Claimed as differing change only when the models
    find the slopes differ (``slopes_supported``; a random-slope test that finds them only in a
    singular fit counts, as CO2's); otherwise named, with what the test asks, as no evidence of it
    on its own (Rabbit: SD 0.69 at dose 6.25 and 6.22 at 200, no slope variance).
    """
    words = {"groups": groups, "time": time}
    if slopes_supported:
        return (
            _(
                "the %(groups)s fan out, so they differ in how much they change as well, not only in where "
                "they start"
            )
            % words
        )
    return (
        _(
            "the values spread apart as %(time)s increases, but the mixed models below, which ask whether "
            "the %(groups)s' slopes differ beyond the measurement noise, do not find that they do: the "
            "spread alone does not show %(groups)s changing at different rates"
        )
        % words
    )


def start_comparison(
    steeper: str, higher: str, higher_name: str, at: str = "", lines: bool = False, steeper_name: str = ""
) -> str:
    """Whether the steeper line also starts higher, or the other one does.

    ``higher`` is read at the first observed time; ``at`` names it when it is not time 0
    (" at day 14, the first observed time"). ``lines``: the lines misplace where the two were
    measured there, so the words speak of the lines, not of the subjects. ``steeper_name``: the
    steeper one named ("subject 49") where "it" would be ambiguous, after a clause that names the
    other last (statistician Q, epil: "subject 49's line falls while subject 25's rises: ...; its
    line also sits higher" meant subject 49's).
    """
    words = {"higher": higher_name, "at": at}
    if lines:
        if steeper == higher:
            if steeper_name:
                return _("%(steeper)s's line also sits higher%(at)s") % {**words, "steeper": steeper_name}
            return _("its line also sits higher%(at)s") % words
        return _("%(higher)s's line sits higher%(at)s") % words
    if steeper == higher:
        if steeper_name:
            return _("%(steeper)s also starts higher%(at)s") % {**words, "steeper": steeper_name}
        return _("it also starts higher%(at)s") % words
    return _("%(higher)s starts higher%(at)s") % words


def steepness_lead(steeper_slope: float, flatter_slope: float, steeper: str, flatter: str) -> str:
    """Which of two lines is steeper (by |slope|), in words, up to the slope difference.

    When both rise or both fall, the steeper one rises or falls faster; when one rises and the
    other falls (or stays level), neither is "steeper" in a useful sense, so the sentence says so.
    """
    names = {"steeper": steeper, "flatter": flatter}
    if steeper_slope * flatter_slope > 0:
        return _(STEEPER_LEADS[steeper_slope > 0]) % names
    return _(OPPOSITE_LEADS[_sign(steeper_slope), _sign(flatter_slope)]) % names


# The lead of Question 4's sentence, up to the slope difference that follows it (translators: the
# number and its unit come next): both lines rise (True) or both fall (False) ...
STEEPER_LEADS = {
    True: N_("%(steeper)s's line is steeper than %(flatter)s's: it rises faster, by "),
    False: N_("%(steeper)s's line is steeper than %(flatter)s's: it falls faster, by "),
}
# ... or they move apart: (sign of the steeper slope, sign of the flatter one) -> lead.
OPPOSITE_LEADS = {
    (1, -1): N_("%(steeper)s's line rises while %(flatter)s's falls: their slopes differ by "),
    (-1, 1): N_("%(steeper)s's line falls while %(flatter)s's rises: their slopes differ by "),
    (1, 0): N_("%(steeper)s's line rises while %(flatter)s's stays level: their slopes differ by "),
    (-1, 0): N_("%(steeper)s's line falls while %(flatter)s's stays level: their slopes differ by "),
    (0, 0): N_("%(steeper)s's line stays level while %(flatter)s's stays level: their slopes differ by "),
}


def _sign(value: float) -> int:
    return 1 if value > 0 else -1 if value < 0 else 0


def ratio_phrase(ratio: float | None) -> str:
    """Describe how many times steeper a line is; empty when a ratio means nothing."""
    if ratio is None:
        return ""
    if ratio >= 1.5:
        return _(", about %(ratio)s times as steep") % {
            "ratio": localized_number(f"{ratio:.1f}", spoken_language())
        }
    return _(", only slightly steeper")


def pair_difference(
    slope_ratio: float | None,
    slopes_supported: bool,
    levels_supported: bool,
    group_plural: str,
    lines_misplace_start: bool = False,
    slopes_singular_only: bool = False,
    finds: str = MIXED_MODELS_FIND,
) -> str:
    """What two subjects' own lines say about their differing, only as far as the mixed models agree
    (``finds``: who finds it, as in :func:`individual_differences`).

    Two own lines always differ; with a few points each (IGF: 4 to 6) they differ by chance. The
    pair's differences are claimed only where the mixed models find subjects differing beyond
    noise (``*_supported``, as in :func:`individual_differences`). ``slope_ratio`` None: the
    slopes have opposite signs (or one is zero), so the rates differ. ``lines_misplace_start``: the
    lines' gap at the start is not the measured one, so no claim is made about where they start.
    """
    rates_differ = slope_ratio is None or slope_ratio >= 1.5
    words = {"groups": group_plural, "finds": _(finds), "singular": singular_slopes_words()}
    if rates_differ and not slopes_supported and slopes_singular_only:
        return _("Their own lines differ in how fast they change, and %(singular)s.") % words
    if rates_differ and not slopes_supported:
        return (
            _(NOT_FOUND_RATES if lines_misplace_start or levels_supported else NOT_FOUND_RATES_OR_STARTS)
            % words
        )
    if lines_misplace_start:
        if rates_differ:
            return (
                _(
                    "These %(groups)s change at different rates, so one shared slope would misdescribe "
                    "both; where they start is read from the measured values, not from the lines."
                )
                % words
            )
        return _(
            "Their rates of change are close; where they start is read from the measured values, not "
            "the lines."
        )
    if rates_differ and levels_supported:
        return (
            _(
                "These %(groups)s change at different rates and from different starting levels, "
                "so one shared line would misdescribe both."
            )
            % words
        )
    if rates_differ:
        return (
            _(
                "These %(groups)s change at different rates, so one shared slope would misdescribe both; "
                "%(finds)s no clear differences in where %(groups)s start, so the gap in starting levels "
                "may be chance."
            )
            % words
        )
    if levels_supported:
        return _("Their rates of change are close; they differ mostly in where they start.")
    return (
        _(
            "Their rates of change are close, and %(finds)s no clear differences in where %(groups)s "
            "start: lines fitted to a few noisy points differ by chance."
        )
        % words
    )


# Own lines that differ in rate where the mixed models find no such differences (pair_difference) ...
NOT_FOUND_RATES = N_(
    "Their own lines differ, but %(finds)s no clear differences between %(groups)s in how fast they "
    "change: lines fitted to a few noisy points differ by chance, so these two need not differ."
)
# ... nor in where the subjects start.
NOT_FOUND_RATES_OR_STARTS = N_(
    "Their own lines differ, but %(finds)s no clear differences between %(groups)s in how fast they "
    "change or in where they start: lines fitted to a few noisy points differ by chance, so these two "
    "need not differ."
)


def levels_differ(group_var: float, residual_var: float) -> bool:
    """Does the model estimate any differences between subjects' levels (variance above ~0)?

    A variance below a millionth of the residual variance (a singular fit) makes every predicted
    random intercept 0: there is nothing to rank.
    """
    return group_var > 1e-6 * residual_var


def variance_comparison(group_sd: float, residual_sd: float) -> str:
    """Compare between- and within-subject standard deviations (within 10% is "about the same")."""
    if residual_sd <= 0 or group_sd > 1.1 * residual_sd:
        return "larger than"
    if group_sd < 0.9 * residual_sd:
        return "smaller than"
    return "about the same as"


def pair_reason(reason: str, automatic_rule: str) -> str:
    """Why the report compares these two subjects."""
    if reason == FROM_USER:
        return _("They were chosen by the user (command line or config file).")
    if reason == FROM_PRESET:
        return _("They are the two subjects the seminar compares.")
    if reason == AUTOMATIC:
        return _("They were picked automatically: %(rule)s.") % {"rule": automatic_rule}
    raise ValueError(f"unknown pair reason {reason!r}")


def convergence_note(
    converged: bool,
    warnings: list[str] | tuple[str, ...],
    optimizers_agree: bool = False,
    shown_above: bool = True,
) -> str:
    """What the optimizer's report means (the engine checks the gradient at the optimum).

    ``shown_above``: the section lists the fit's warnings above its interpretation; otherwise
    they are in the appendix's list of model warnings.
    """
    where = "above" if shown_above else "in the appendix (Model warnings)"
    if not converged and optimizers_agree:
        return (
            "The gradient at the optimum is slightly above the strict tolerance, but different optimizers "
            f"reach the same optimum, so the estimates stand; the warnings are listed {where}."
        )
    if not converged:
        return (
            "The optimizer did not report convergence: treat these estimates with caution "
            f"and check the warnings {where}."
        )
    if warnings:
        return f"The fit converged, with the warnings listed {where}."
    return "The fit converged without warnings."


# --- going further ---------------------------------------------------------------------------


def same_shown(before: float, after: float, style: str) -> bool:
    """Do two numbers print alike in this style ("from -39.73 to -39.73" is no change to a reader)?"""
    from reportgen.numbers import format_number

    return format_number(before, style) == format_number(after, style)


def se_change(before: float, after: float) -> str:
    """How a standard error moved between two models."""
    if after > 1.1 * before:
        return "grows"
    if after < 0.9 * before:
        return "shrinks"
    return "barely changes"


# The 95% range of rates reaches "the opposite direction" only when its far end lies beyond zero
# by more than this share of its width (BodyWeight: -0.093 of a 1.35-wide range is not).
OPPOSITE_MARGIN = 0.1


def opposite_expected(slope_sd: float, fixed_slope: float, own_slopes: Sequence[float] | None = None) -> bool:
    """Are some subjects expected to change in the direction opposite to the average?

    When the model's 95% range of rates crosses zero clearly (its far end beyond zero by more than
    ``OPPOSITE_MARGIN`` of its width), or a subject's own least-squares slope points the other way
    (sleepstudy's subject 335). nlme::BodyWeight's range -0.093 to 1.26, with all 16 own slopes
    positive (0.20 to 1.34), does neither: it does not say that any rat loses weight.
    """
    half = 1.96 * slope_sd
    beyond = half - abs(fixed_slope)  # how far the range's far end lies past zero
    if half > 0 and beyond > OPPOSITE_MARGIN * 2 * half:
        return True
    return own_slopes is not None and any(slope * fixed_slope < 0 for slope in own_slopes)


def slope_variation(slope_sd: float, fixed_slope: float, own_slopes: Sequence[float] | None = None) -> str:
    """How much individual rates of change differ, judged by their 95% range around the average.

    The half-width of that range relative to the average rate, 1.96 SD / |slope|, is what a
    reader sees: at 0.33 (spruce: 0.0022 to 0.0044 per day) the fastest change twice as fast as
    the slowest, which is not "little", however small the SD looks. Past 1 the range crosses zero;
    only a clear crossing is read as some changing the other way (:func:`opposite_expected`).
    """
    spread = 1.96 * slope_sd / abs(fixed_slope) if fixed_slope else float("inf")
    if spread >= 1 and opposite_expected(slope_sd, fixed_slope, own_slopes):
        return "a lot, enough that some are expected to change in the opposite direction"
    if spread >= 0.5:  # the fastest at least 3 times as fast as the slowest
        return "a lot"
    if spread >= 0.2:  # at least 1.5 times
        return "substantially"
    return "modestly"


def slope_variation_words(
    slope_sd: float,
    fixed_slope: float,
    supported: bool = True,
    singular: bool = False,
    own_slopes: Sequence[float] | None = None,
    identifiable: bool = True,
) -> str:
    """Individual rates of change, in words; an unsupported slope SD is only an estimate.

    Graded ("a lot", "substantially") only when the test supports slopes and the fit is regular: a
    slope SD the test does not support is not graded at all (rabbits: "would differ substantially"
    read a size into noise), and one from a singular fit (epil: correlation -1; the nested sites'
    patients) is no finding, nor is a range of rates drawn from it: the section that calls the fit
    singular gives no "95% of patients between" (the caller leaves the range out).
    Not ``identifiable`` (no group measured at more than 2 times: the slopes and the residual
    cannot be told apart) it is no finding either, and no range is drawn from it.
    """
    if not identifiable:
        return _(
            "with no more than 2 times for each, this standard deviation cannot be told apart from the "
            "residual (lme4 refuses this model), so it is not a finding, and no range of rates is drawn "
            "from it"
        )
    if singular:
        return (
            "the fit is singular (see below), so this standard deviation is not a finding, and no range "
            "of rates is drawn from it"
        )
    if not supported:
        return (
            "taken at face value, this standard deviation would give each its own rate of change, but "
            "the likelihood-ratio test below gives no clear evidence that rates differ at all"
        )
    return f"individual rates of change differ {slope_variation(slope_sd, fixed_slope, own_slopes)}"


def criteria_verdict(
    aic_ri: float, aic_rs: float, bic_ri: float, bic_rs: float, shape: str = "linear"
) -> str:
    """What AIC and BIC (lower is better) say, together, of the models with the trend ``shape``."""
    aic = RANDOM_SLOPE if aic_rs < aic_ri else RANDOM_INTERCEPT
    bic = RANDOM_SLOPE if bic_rs < bic_ri else RANDOM_INTERCEPT
    if aic == bic:
        return f"AIC and BIC both favour the {model_name(aic, shape)}"
    return (
        f"AIC favours the {model_name(aic, shape)} but BIC, which penalises complexity more, "
        f"the {model_name(bic, shape)}"
    )


def subject_vs_time(marginal: float, conditional: float, groups: str = "subjects") -> str:
    """Compare what subjects add (conditional - marginal R²) with what the fixed effects explain."""
    if conditional - marginal > marginal:
        return f"differences between {groups} explain more of the variance than the shared trend over time"
    return f"the shared trend over time explains more of the variance than differences between {groups}"


def shrinkage_words(shrinkage: float) -> str:
    """How strongly partial pooling pulls subjects toward the population."""
    if shrinkage >= 0.3:
        return "strong"
    if shrinkage >= 0.1:
        return "moderate"
    if shrinkage > 0:
        return "slight"
    return "no"


def pooling_words(level_shrinkage: float, slope_shrinkage: float | None, levels_vary: bool = True) -> str:
    """The verdict on partial pooling, levels and slopes judged apart.

    ``slope_shrinkage`` None: the model gives every subject the average slope (said elsewhere), so
    only the levels are judged. ``levels_vary`` False: the model's level variance is 0, so every
    level is the average: that is no variance, not "strong pooling". A negative shrinkage means the
    spread grows: no pooling. One word when levels and slopes agree ("moderate pooling").
    """
    if not levels_vary:
        level = "the model gives the levels no variance, so every level is the average"
    elif level_shrinkage < 0:
        level = "no pooling of the levels, whose spread grows"
    else:
        level = f"{shrinkage_words(level_shrinkage)} pooling of the levels"
    if slope_shrinkage is None:
        return level
    same = shrinkage_words(level_shrinkage) == shrinkage_words(slope_shrinkage)
    if levels_vary and level_shrinkage >= 0 and same:
        return f"{shrinkage_words(slope_shrinkage)} pooling"
    return f"{level}; {shrinkage_words(slope_shrinkage)} pooling of the slopes"


def pooling_lead(level_shrinkage: float, model: str, group: str, groups: str) -> str:
    """The partial-pooling sentence's opening (``model``: its name, "random-intercept model"):
    "pulls ... toward the population line" only when the
    spread of levels shrinks; a spread that grows (a negative shrinkage: one slope forced on every
    subject moves their levels at the first observed time apart, CO2, Rabbit) is no pull toward it.
    """
    if level_shrinkage >= 0:
        return f"The {model} pulls each {group}'s line toward the population line: compared with "
    return f"The {model} does not pull the {groups}' levels toward the population line here: compared with "


def shrinkage_phrase(shrinkage: float) -> tuple[str, str]:
    """Words before and after a shrinkage percentage: "shrinks by 18%", or "grows instead (...)".

    A model that forces one slope on every subject can spread their levels at the first observed
    time more than their own lines do (CO2: -26.5%): that is no shrinkage.
    """
    if shrinkage >= 0:
        return "shrinks by ", ""
    return "grows instead (a shrinkage of ", ")"


def second_shrinkage_phrase(first: float, second: float) -> tuple[str, str]:
    """Words around the slopes' shrinkage after the levels': the verb is left out only when both shrink.

    "the spread of levels shrinks by 10% and the spread of slopes by 52%", but "grows instead (a
    shrinkage of -6.0%), while the spread of slopes shrinks by 51.6%" (CO2): each direction its own verb.
    """
    if first >= 0 and second >= 0:
        return " and the spread of slopes by ", ""
    before, after = shrinkage_phrase(second)
    return f", while the spread of slopes {before}", after


def clear_differences(away: int, total: int, group: str = "subject", groups: str = "subjects") -> str:
    """How many subjects differ clearly from the average, in words."""
    if away == 0:
        return f"no {group} differs clearly from the average"
    if away == total:
        return f"every {group} differs clearly from the average"
    if away == 1:
        return f"this {group} differs clearly from the average; the rest are compatible with it"
    return f"these {groups} differ clearly from the average; the rest are compatible with it"


_REST = "; the rest are compatible with it"


def clear_differences_by(
    levels: str,
    levels_away: int,
    slopes_away: int,
    total: int,
    group: str = "subject",
    groups: str = "subjects",
) -> str:
    """How many subjects differ clearly by their levels and by their slopes, in one clause: "the rest
    are compatible with it" is said once, and a second "differ clearly from the average" is "do"."""
    first = clear_differences(levels_away, total, group, groups).removesuffix(_REST)
    second = clear_differences(slopes_away, total, group, groups).removesuffix(_REST)
    if first == second and levels_away in (0, total):  # none, or every one, both ways
        return f"by their {levels} and by their slopes, {first}"
    if 0 < levels_away < total and 0 < slopes_away < total and (levels_away == 1) == (slopes_away == 1):
        second = "this one does" if slopes_away == 1 else "these do"
    rest = _REST if 0 < levels_away < total or 0 < slopes_away < total else ""
    return f"by their {levels}, {first}; by their slopes, {second}{rest}"


def tail_weight(excess_kurtosis: float, se: float = 0.0) -> str:
    """Tails compared with a normal distribution (excess kurtosis 0), beyond 2 standard errors."""
    limit = max(1.0, 2.0 * se)
    if excess_kurtosis > limit:
        return "heavier tails than a normal distribution"
    if excess_kurtosis < -limit:
        return "lighter tails than a normal distribution"
    return "tails close to a normal distribution"


# A random effect's standard deviation below this counts as estimated at zero.
ZERO_EFFECT_SD = 1e-6


def effect_tails(excess_kurtosis: float | None, sd: float) -> str:
    """Predicted random effects' tails, or why there is no verdict: zero variance makes them all 0."""
    if sd < ZERO_EFFECT_SD or excess_kurtosis is None:
        return "are all zero (the model gives them no variance: their tails admit no verdict)"
    return f"have {tail_weight(excess_kurtosis)}"


def own_effects(group: str, level_sd: float, slope_sd: float) -> str:
    """What each subject adds in a random-slope model: only the parts with variance."""
    parts = [name for name, sd in (("starting level", level_sd), ("slope", slope_sd)) if sd >= ZERO_EFFECT_SD]
    if not parts:
        return f"with each {group}'s own effects, all estimated at zero"
    return f"with each {group}'s " + " and ".join(parts)


# Diagnostic checks flag a pattern at this p (strict, because residuals are many and correlated).
DIAGNOSTIC_ALPHA = 0.01
GROWS, SHRINKS, CONSTANT = "grows", "shrinks", "constant"


def spread_trend(rho: float, p: float, alpha: float = DIAGNOSTIC_ALPHA) -> str:
    """Does the residual spread change (Spearman test of |residual|, so the threshold follows n)?"""
    if p >= alpha:
        return CONSTANT
    return GROWS if rho > 0 else SHRINKS


# A p-value below this but not below DIAGNOSTIC_ALPHA is a hint: never called "no clear" change.
HINT_ALPHA = 0.05
STRICTER = f"short of the {DIAGNOSTIC_ALPHA} threshold these checks use, as residuals are many and correlated"


def is_hint(p: float, alpha: float = DIAGNOSTIC_ALPHA) -> bool:
    """Below the usual 0.05 but not below the diagnostics' stricter threshold."""
    return alpha <= p < HINT_ALPHA


def funnel_shape(rho: float, p: float) -> str:
    """Spread of residuals against fitted values, in words (a p below 0.05 is never "no clear")."""
    trend = spread_trend(rho, p)
    if trend == GROWS:
        return "a funnel: the spread grows with the fitted value"
    if trend == SHRINKS:
        return "a reversed funnel: the spread shrinks as the fitted value grows"
    if is_hint(p):
        return (
            f"at most a hint that the spread {'grows' if rho > 0 else 'shrinks'} with the fitted value, "
            + STRICTER
        )
    return "no clear change in spread"


def time_spread_words(
    trend: str,
    rho: float = 0.0,
    p: float = 1.0,
    after_clear: bool = True,
    threshold_named: bool | None = None,
) -> str:
    """The spread of residuals over time, in words (the rank correlation follows in brackets).

    "Either" only follows a clear "no change" against the fitted values (``after_clear``). "The
    same threshold" only after the sentence named it (``threshold_named``: the check against the
    fitted values was itself a hint; None: whenever it was not a clear no, as before).
    """
    if trend == GROWS:
        return "the spread grows with time"
    if trend == SHRINKS:
        return "the spread shrinks with time"
    named = not after_clear if threshold_named is None else threshold_named
    if is_hint(p):
        return f"at most a hint that the spread {'grows' if rho > 0 else 'shrinks'} with time, " + (
            "short of the same threshold" if named else STRICTER
        )
    return "no clear change either" if after_clear else "no clear change"


def spread_remedy(trend: str, positive: bool, response: str = "the response", binary: bool = False) -> str:
    """What to try when the spread is not constant (for a 0/1 response: a logistic model)."""
    if trend == CONSTANT:
        return ""
    if binary:
        return (
            f"the spread of a 0/1 {response} follows its mean by nature (p(1 − p)), which a transformation "
            "cannot remove: a logistic mixed model (lme4's glmer with a binomial family) would suit it better"
        )
    if trend == GROWS and positive:
        return f"a log scale evens out a spread that grows with the level, so try modelling log({response})"
    return (
        "a model with a variance that changes with the fitted value (or a transformation) "
        "would suit it better"
    )


def curvature_verdict(p: float, size: float, alpha: float = DIAGNOSTIC_ALPHA) -> bool:
    """Is there a curved trend left in the residuals (significant and at least 0.25 residual SD)?"""
    return p < alpha and size >= 0.25


def curvature_words(curved: bool, p: float = 1.0, line_misses: bool = False, curve: bool = False) -> str:
    """Whether the residual means bend over time (a p below 0.05 is never "no sign").

    ``line_misses``: the trend check found the residual means missing zero at more times than
    chance allows; then they do not "stay level", bend or not. ``curve``: the model already fits a
    curved trend (reportgen.analysis.shape), so a bend left is one the curve misses.
    """
    if curved and curve:
        return "the residuals bend with time: the fitted curve misses part of the trend"
    if curved:
        return (
            "the residuals bend with time: a straight line misses a curved trend, "
            "so a quadratic term (or another curved trend) is worth trying"
        )
    if line_misses:
        return (
            "the residual mean does not stay level: it misses zero at more times than chance allows, "
            "so the straight trend misdescribes the average trajectory even without a smooth bend"
        )
    if p < DIAGNOSTIC_ALPHA:
        return "the residual mean bends only slightly over time, by less than a quarter of a residual SD"
    if is_hint(p):
        return f"the residual mean shows at most a hint of a bend over time, {STRICTER}"
    if curve:
        return "the residual mean stays level over time: no clear sign that the fitted curve misses the trend"
    return "the residual mean stays level over time: no clear sign that the trend bends"


def curve_misses(residual_means_test: str, p: float) -> bool:
    """Does a fitted curve's residual mean miss zero at more times than chance allows (the binned
    test, ``residual_means_test`` "binned", with p below the trend check's ``ALPHA``, as
    ``line_misses``)? Never for a straight line, which the quadratic test reads."""
    return residual_means_test == "binned" and p < ALPHA


def curve_residual_words(misses: bool) -> str:
    """Whether a fitted curve's residual means stay level (the binned test: more means missing
    zero than chance allows). A curve's residuals have no quadratic trend by construction, so a
    quadratic test of them could say nothing else."""
    if misses:
        return (
            "the residual mean does not stay level: it misses zero at more times than chance allows, "
            "so the fitted curve misses part of the average trajectory"
        )
    return "the residual mean stays level over time: no clear sign that the fitted curve misses the trend"


def curvature_agreement(curved: bool, trend_curved: bool | None) -> str:
    """Reconcile the residual check with the likelihood-ratio trend test (empty when they agree)."""
    if trend_curved is None or curved == trend_curved:
        return ""
    if trend_curved:
        return (
            "The likelihood-ratio test of a squared time term (is the trend straight?) is the more "
            "direct test, and it does find a curved trend."
        )
    return (
        "The likelihood-ratio test of a squared time term (is the trend straight?) finds no clear "
        "curvature in the average trend: the bend here may come from a part of the data."
    )


def outlier_verdict(observed: int, p: float, alpha: float = 0.05) -> bool:
    """More residuals beyond ±3 than normal errors would produce (Poisson tail p below alpha)?"""
    return observed > 0 and p < alpha


def outlier_words(excess: bool, observed: int) -> str:
    """The count of residuals beyond ±3 against the count normal errors would give.

    Zero is "in line with normal errors" (not "none is in line", which reads as a verdict on
    residuals that do not exist); one residual is "that one", many are "those".
    """
    if excess:
        which = "that observation deserves" if observed == 1 else "those observations deserve"
        return f"more than chance would produce, so {which} a look"
    if observed == 0:
        return "that is in line with normal errors"
    if observed == 1:
        return "one is no more than chance would produce"
    return "no more than chance would produce"


def outlier_lead(observed: int) -> str:
    """How the count of residuals beyond ±3 opens its sentence: "No standardized residual lies"."""
    if observed == 0:
        return "No standardized residual lies"
    return f" standardized {'residual lies' if observed == 1 else 'residuals lie'}"


SERIAL_MIN = 0.2
# Residuals around lines fitted to each subject's own points correlate negatively even when the
# errors are independent (analysis.diagnostics.expected_serial_correlation); a departure from that
# expected value of at least this much, and clear by its test, is named.
SERIAL_DEPARTURE_MIN = 0.1
ABOVE, BELOW = "above", "below"


def serial_verdict(
    r: float,
    p: float,
    expected: float = math.nan,
    p_expected: float = math.nan,
    alpha: float = DIAGNOSTIC_ALPHA,
) -> str:
    """Do consecutive residuals depart from what independent errors give? "above", "below" or "".

    Against ``expected`` (the lag-1 correlation of these residuals under independence, about
    -1/(m - 1) for a random intercept and m visits) by its test ``p_expected``: a clear departure
    of at least 0.1 either way is named (nested sites: -0.34 where -0.22 is expected is "below",
    not "expected"). Without an expected value, the test against 0 of a positive correlation of
    at least 0.2.
    """
    if math.isfinite(expected) and math.isfinite(p_expected):
        if p_expected < alpha and abs(r - expected) >= SERIAL_DEPARTURE_MIN:
            return ABOVE if r > expected else BELOW
        return ""
    return ABOVE if r >= SERIAL_MIN and p < alpha else ""


def serial_remedy(curved: bool, straight_adequate: bool = False) -> str:
    """What would describe residuals that move together: an error structure, and a curved trend
    only while the trend's shape is in doubt (not when the model follows a curve already, nor when
    the trend tests found the straight line adequate)."""
    if curved:
        return "an autocorrelated error structure"
    if straight_adequate:
        return "an autocorrelated error structure (the trend tests find the line adequate)"
    return "a curved trend or an autocorrelated error structure"


def serial_words(
    departure: str,
    group: str = "subject",
    hint: str = "",
    curved: bool = False,
    relative: bool = False,
    straight_adequate: bool = False,
) -> str:
    """Lag-1 correlation of residuals, in words, by :func:`serial_verdict`'s departure.

    ``hint``: ABOVE or BELOW the expected value with 0.01 <= p < 0.05 (no departure, but not "as
    independent errors" either); ``curved``: the model already follows a curve, so only an error
    structure is left to offer; ``straight_adequate``: nor when the trend tests find the line
    adequate (:func:`serial_remedy`). ``relative``: the correlation is above the expected value but not
    itself clearly positive (Dialyzer: -0.0017 where -0.27 is expected), so the residuals are said
    to move together more than chance, against that value, not outright.
    """
    line = "curve" if curved else "line"
    if departure == ABOVE:
        remedy = serial_remedy(curved, straight_adequate)
        together = (
            "that is above what independent errors give, so consecutive residuals of the same "
            f"{group} move together more than chance would make them"
            if relative
            else f"consecutive residuals of the same {group} move together"
        )
        return (
            f"{together}, which the model (independent "
            f"errors around each {line}) does not allow for; {remedy} would describe it, and standard "
            "errors may be too small"
        )
    if departure == BELOW:
        return (
            f"consecutive residuals of the same {group} correlate more negatively than independent errors "
            f"around each {line} would make them, so the errors are not independent as the model assumes "
            "and its standard errors may be off"
        )
    if hint:
        more = "more" if hint == ABOVE else "more negative"
        return (
            f"consecutive residuals of the same {group} show at most a hint of {more} correlation than "
            "independent errors give, " + STRICTER
        )
    return f"consecutive residuals of the same {group} correlate about as independent errors would"


def wave_words(peak_first: bool) -> str:
    """What a mean trajectory with a clear peak and a clear trough does (see analysis.waves)."""
    return "rises and falls again over time" if peak_first else "falls and rises again over time"


def wave_remedy(curved: bool, repeats: bool = True) -> str:
    """What a wave left in the residual means is, and what would describe it (``curved``: the model
    follows a curve, which still misses the wave; otherwise its straight line does).

    ``repeats``: the residual means turn regularly, a whole period or more (analysis.waves'
    ``regular_cycle``), a cycle; one trough and one peak, or turns at uneven times, are a shape the
    fit misses (Soybean's growth around its spline), not evidence of a cycle.
    """
    fitted = "the fitted curve" if curved else "a straight line (or a parabola, one turn at most)"
    if not repeats:  # say less: the cause may be the design (seasons sampled on different days)
        return (
            f"{fitted} misses the average trajectory around those times; turns that do not repeat "
            "regularly show no cycle"
        )
    return (
        f"that is a wave, as a cycle makes, which {fitted} does not follow: terms that repeat over the "
        "cycle (the sine and cosine of time over its period) would describe it"
    )


def spread_problem(spread: str, time: str = "time") -> str:
    """The spread's departure as the diagnostics' verdict names it (old codes "grows"/"shrinks" too)."""
    return {
        "grows": "a spread that grows",
        "shrinks": "a spread that shrinks",
        GROWS_WITH_TIME: f"a spread that grows with {time}",
        GROWS_WITH_LEVEL: "a spread that grows with the level",
        SHRINKS: "a spread that shrinks",
        VARIES_OVER_TIME: f"a spread that changes with {time}",
        DIFFERS_BETWEEN_GROUPS: "a spread that differs between covariate levels",
    }.get(spread, "a spread that changes")


def diagnostic_problems(
    *,
    heavy_tails: bool,
    excess_outliers: bool,
    spread: str,
    curved: bool,
    serial: bool | str,
    line_misses: bool = False,
    time: str = "time",
    cyclic: bool = False,
    curve_misses: bool = False,
    missed: tuple[int, int, str] | None = None,
) -> list[str]:
    """The departures found, named once each (the verdict lists exactly these). ``missed``: how
    many residual means miss zero, of how many, and of what ("observed times", "groups of
    neighbouring times"): counted words, not "several"; ``serial``: the serial problem's own words
    (narrative.serial_problem), or True for "serially correlated residuals"."""
    problems = []
    where = f"at {of_the(*missed)}" if missed else "at several times"
    if cyclic:
        problems.append("a wave in the residual means over time")
    if curved:
        problems.append("a curved trend left in the residuals")
    elif line_misses:
        problems.append(f"a straight trend that misses the average {where}")
    elif curve_misses:
        problems.append(f"a fitted curve that misses the average {where}")
    if spread != CONSTANT:
        problems.append(spread_problem(spread, time))
    if heavy_tails:
        problems.append("heavy tails")
    if excess_outliers:
        problems.append("more extreme residuals than expected")
    if serial:
        problems.append(serial if isinstance(serial, str) else "serially correlated residuals")
    return problems


# How the diagnostics' verdict opens: nothing found, or what was (the study report's summary finds it so).
VERDICT_LEADS = ("Nothing here contradicts", "The checks find")


# A residual SD that changes this many times over (last against first, either way) is beyond
# what one residual variance can stand for: the model's intervals are wrong, not just uncertain.
SPREAD_FOLD_LIMIT = 10.0
# What the verdict says of them then (the study report's summary drops its intervals on reading it).
INTERVALS_WRONG = "the model's standard errors, intervals and p-values are wrong, not just uncertain"


def spread_breaks_intervals(sd_ratio: float | None) -> bool:
    """Does the residual SD change ``SPREAD_FOLD_LIMIT``-fold or more from the first time to the
    last (Soybean: 36-fold), so that the "estimates stay usable" verdict would be false?"""
    if sd_ratio is None or not math.isfinite(sd_ratio) or sd_ratio <= 0:
        return False
    return max(sd_ratio, 1 / sd_ratio) >= SPREAD_FOLD_LIMIT


def diagnostic_verdict(
    problems: list[str], trend: str = "a straight trend", intervals_wrong: bool = False
) -> str:
    """Overall judgement, consistent with the checks before it (it names what they found).

    ``trend``: the model's trend in words ("a straight trend", or "the fitted curve").
    ``intervals_wrong``: the spread changes so much (:func:`spread_breaks_intervals`) that the
    model's intervals are wrong, said so instead of "the estimates stay usable".
    """
    if not problems:
        return (
            f"{VERDICT_LEADS[0]} the model's assumptions of normal, equal-variance, "
            f"independent residuals around {trend}."
        )
    listed = problems[0] if len(problems) == 1 else ", ".join(problems[:-1]) + " and " + problems[-1]
    if intervals_wrong:
        return (
            f"{VERDICT_LEADS[1]} {listed}: the residual spread changes tenfold or more over time, "
            f"which one residual variance cannot describe, so {INTERVALS_WRONG}; read its fitted levels "
            "beside the means and SDs measured at each time."
        )
    return (
        f"{VERDICT_LEADS[1]} {listed}: the fixed-effect estimates stay usable, but standard errors "
        "and p-values deserve caution until the model accounts for this."
    )


# --- evidence, influence, within and between ---------------------------------------------------


def evidence_strength(p: float, aic_prefers: bool, bic_prefers: bool) -> str:
    """How much evidence a test and the information criteria give for the larger model.

    ``strong``: p < 0.01 with AIC and BIC agreeing; ``some``: p < 0.05; ``weak``: p < 0.10 or
    AIC prefers the larger model; ``no`` otherwise.
    """
    if p < 0.01 and aic_prefers and bic_prefers:
        return "strong"
    if p < 0.05:
        return "some"
    if p < 0.10 or aic_prefers:
        return "weak"
    return "no"


# Correlations further apart than this differ, even inside one strength band (CO2: 0.49 and 0.69).
AGREE_GAP = 0.1


def correlation_agreement(pooled: float, within: float) -> str:
    """Do the pooled and the within-subject correlations tell the same story?

    They agree only when they fall in the same strength band and lie within ``AGREE_GAP``.
    """
    if direction(pooled) != direction(within) and min(abs(pooled), abs(within)) >= 0.1:
        return "opposite"
    gap = abs(abs(within) - abs(pooled))
    if correlation_strength(within) == correlation_strength(pooled) and gap < AGREE_GAP:
        return "agree"
    return "within_stronger" if abs(within) > abs(pooled) else "within_weaker"


def correlation_disagreement(
    agreement: str, group: str, groups: str, within_clear: bool = True, in_each_group: str = ""
) -> str:
    """Why the pooled and within-subject correlations differ, in words (empty when they agree).

    ``within_clear``: the within-subject correlation's test gives clear evidence (see
    :func:`correlation_clear`); only then is it "a relationship that holds inside each of them".
    ``in_each_group``: the group's inflected form a translation may use (``group_forms``).
    """
    words = {"group": group, "groups": groups, "in_each_group": in_each_group or group}
    if agreement == "agree":
        return _("The two agree: pooling the %(groups)s hides nothing here.") % words
    if agreement == "within_stronger" and not within_clear:
        return (
            _(
                "The within-%(group)s correlation is stronger, but its test gives no clear evidence of a "
                "relationship inside each %(group)s: the difference between the two may be chance."
            )
            % words
        )
    if agreement == "within_stronger":
        return (
            _(
                "The within-%(group)s correlation is stronger: the pooled one mixes change over time "
                "with the differences between %(groups)s, which blur a relationship that holds inside "
                "each of them."
            )
            % words
        )
    if agreement == "within_weaker":
        return (
            _(
                "The within-%(group)s correlation is weaker: part of the pooled association comes "
                "from differences between %(groups)s, not from change within each of them."
            )
            % words
        )
    return (
        _(
            "The two point in opposite directions (a Simpson-type reversal): differences between %(groups)s "
            "run against the change inside each of them, so the pooled correlation misleads."
        )
        % words
    )


def independence_note(groups: str) -> str:
    """Question 3's tests assume independent rows; repeated measures break that."""
    return _(
        "These least-squares standard errors and p-values assume independent observations; "
        "repeated measurements of the same %(groups)s are not independent, so they are too optimistic. "
        "The mixed models below account for this."
    ) % {"groups": groups}


def design_kind(shorter: int, dropouts: int, shared_times: bool) -> str:
    """Which design: "balanced", "dropout", "missing" (gaps) or "different_times" (unbalanced)."""
    if shorter == 0 and shared_times:
        return "balanced"
    if dropouts > 0:
        return "dropout"
    if shorter > 0:
        return "missing"
    return "different_times"


def measured_order_words(reversed_order: bool, lines: str, tied: bool = False) -> str:
    """Q5's highest and lowest subjects as measured at the start, against the lines' ranking.

    ``lines`` names what the lines' levels are (see ``lines_start_words``). The ranking stands when
    the measured values keep its order; only the gap is the lines'. Equal measured values
    (``tied``: MASS::bacteria's 1 and 1) hold no ranking at all.
    """
    words = {"lines": lines}
    if tied:
        return _("measured there, the two are level, so the ranking above is between %(lines)s") % words
    if reversed_order:
        return _("measured there, their order is reversed, so the ranking above is between %(lines)s") % words
    return (
        _("the ranking above holds there, but the gap the random intercepts give is between %(lines)s")
        % words
    )


def sharing(values: dict[str, float], name: str) -> int:
    """How many subjects share ``name``'s value (itself included), to a millionth of the values'
    range: subjects with the same data get the same random intercept (MASS::bacteria: 17 IDs with
    every week a 1 share the highest)."""
    spread = max(values.values()) - min(values.values())
    target = values[name]
    return sum(abs(v - target) <= 1e-6 * spread for v in values.values())


def extreme_name(group: str, groups: str, name: str, shared: int) -> str:
    """A highest or lowest subject as the range names it: "ID Z19", or "ID Z19 and others at the same
    value" when several share it (the one named is only the first by id)."""
    if shared <= 1:
        return f"{group} {name}"
    other = f"another {group}" if shared == 2 else f"other {groups}"
    return f"{group} {name} and {other} at the same value"


def extreme_lines_words(group: str, groups: str, high: str, n_high: int, low: str, n_low: int) -> str:
    """Which line sits highest and which lowest; a level several subjects share is said to be
    shared, not given to the one subject named (flip ``n_high`` to 1 and the one is named)."""
    several = f"several {possessive(groups)} lines"
    top = f"{group} {high}'s line sits highest" if n_high <= 1 else f"{several} share the highest level"
    bottom = f"{group} {low}'s lowest" if n_low <= 1 else f"{several} share the lowest"
    return f"{top} and {bottom}"


def starts_disagree(
    observed_difference: float, model_difference: float, start_sd: float | None = None
) -> bool:
    """Does the data's first observation contradict the model's ordering of two intercepts?

    Both first observations must be made at the same time. True when the subject with the higher
    predicted intercept was first measured below the other (the order reverses), or when the
    measured gap is clearly smaller than the lines' (less than half of it) and less than half a
    yardstick: the spread of all values measured at that time (``start_sd``) when known, else the
    model's difference. The model's lines are parallel, so their gap is not expected at the start
    (CO2: a gap of 8.5 where the lines differ by 23 is still the highest and the lowest plant,
    2.7 being the spread there). A measured gap in the lines' order and of about their size agrees
    with them, however wide the spread there (clinics: 0.90 measured, 0.96 between the lines).
    """
    yardstick = model_difference if start_sd is None else start_sd
    if model_difference <= 0:
        return False
    reversed_order = observed_difference <= 0
    clearly_smaller = observed_difference < 0.5 * model_difference and observed_difference < 0.5 * yardstick
    return reversed_order or clearly_smaller


def start_gap_reading(
    observed_difference: float, model_difference: float, start_sd: float | None = None
) -> str:
    """How the measured first values read against two lines' order: "disagree"
    (:func:`starts_disagree`), "agree" when they do not but the measured gap is within half the
    spread there (a reader could doubt it: the clinics' 0.90 against the lines' 0.96, the spread
    wider), else "" (nothing worth a sentence)."""
    if starts_disagree(observed_difference, model_difference, start_sd):
        return "disagree"
    yardstick = model_difference if start_sd is None else start_sd
    return "agree" if model_difference > 0 and observed_difference < 0.5 * yardstick else ""


def influence_verdict(changes_conclusion: bool, change_in_se: float) -> str:
    """Whether a single subject drives the results."""
    if changes_conclusion:
        return "changes a conclusion"
    if change_in_se >= 1:
        return "moves the slope by more than one standard error but changes no conclusion"
    return "moves the slope by less than one standard error and changes no conclusion"


def quiet_flip(subject: str, group: str) -> str:
    """A sign flip of a slope that is not significant either way: worth knowing, no conclusion."""
    return (
        f"Leaving out {group} {subject} flips the slope's sign, but the slope is not significant with "
        f"or without that {group}: its direction was not a conclusion to begin with."
    )


def pick_note(rests_on_one: tuple[str, ...], group: str, two_values: bool = False) -> str:
    """Warn when an automatic pick rests on a single extreme observation (empty otherwise).

    On a response with two values only (0/1) every observation is at an extreme and a line's slope
    turns on any one of them: the warning says nothing there, so it is left out."""
    if not rests_on_one or two_values:
        return ""
    named = [f"{group} {s}" for s in rests_on_one]
    if len(named) == 1:
        return _(
            "The pick of %(name)s rests on one extreme observation: without it, that line would not be the "
            "most extreme."
        ) % {"name": named[0]}
    return _(
        "The picks of %(first)s and %(second)s each rest on one extreme observation: without it, neither "
        "line would be the most extreme."
    ) % {"first": named[0], "second": " and ".join(named[1:])}


def singular_note(
    singular: bool, chosen: str = RANDOM_INTERCEPT, chosen_singular: bool = False, shape: str = "linear"
) -> str:
    """What a singular fit means, in plain words (empty when the fit is regular).

    It names the model the report stands on (``chosen``, with its trend ``shape``) rather than "the
    simpler model", and says when that one is singular too (Orange: the uncorrelated refit's level
    variance is 0). A curved trend's model is another model than this straight line's, whatever
    its random effects.
    """
    if not singular:
        return ""
    lead = (
        "This fit is singular: a variance is estimated at zero (or a correlation at ±1), so the "
        "model is more complex than these data can support"
    )
    if shape != "linear":
        also = ", which is singular too: read its variance components with care" if chosen_singular else ""
        return f"{lead}; the report stands on the {model_name(chosen, shape)} instead (next section){also}."
    if chosen == RANDOM_SLOPE:
        return (
            f"{lead}; its test still supports individual slopes and no simpler model keeps them, so the "
            "report stands on it (next section): its correlation is not interpreted, and its variance "
            "components are read with care."
        )
    if chosen_singular:
        return (
            f"{lead}; the report stands on the {model_words(chosen)} model (next section), which is "
            "singular too: read its variance components with care."
        )
    return f"{lead}; read the {model_words(chosen)} model the report stands on instead (next section)."
