"""Rules for the model a statistician would fit: supported structure, trend shape, covariates.

Numbers in, words out; each rule is unit-tested with its input flipped.
"""

from __future__ import annotations

import math

from reportgen.analysis.coded_covariate import looks_coded
from reportgen.i18n import N_
from reportgen.i18n import gettext as _
from reportgen.narrative.gap_change import differing_rates_words
from reportgen.narrative.sentence import Num
from reportgen.words import model_words

ALPHA = 0.05


def evidence(p: float) -> str:
    """Graded evidence against a null hypothesis, from its p-value."""
    if p < 0.001:
        return "strong evidence"
    if p < 0.01:
        return "good evidence"
    if p < ALPHA:
        return "some evidence"
    if p < 0.1:
        return "weak evidence"
    return "no evidence"


def structure_name(model: str) -> str:
    """A supported random-effects structure, in words."""
    return model_words(model)


def choice_reason(reason: str, group_plural: str) -> str:
    """Why the tests support a structure (the rule codes of analysis.selection)."""
    return {
        "slopes_supported": f"the likelihood-ratio test shows that {group_plural} change at different rates",
        "slopes_not_supported": "the likelihood-ratio test gives no clear evidence that rates of change "
        "differ, so the simpler model with one shared slope is kept",
        "slope_variance_zero": "the slope variance is estimated at zero, so the data give individual "
        "slopes no room",
        "slopes_not_identifiable": not_identifiable_words(group_plural),
        "uncorrelated_supported": f"the likelihood-ratio test shows that {group_plural} change at "
        "different rates, and the slopes are described with uncorrelated starting levels and slopes",
        "uncorrelated_level_variance_zero": f"the likelihood-ratio test shows that {group_plural} change "
        "at different rates, and the slopes are described with uncorrelated starting levels and slopes, "
        "whose starting levels' variance is estimated at zero: the model amounts to individual slopes "
        "from one shared starting level",
        "singular_slopes_supported": f"the likelihood-ratio test shows that {group_plural} change at "
        "different rates, and the singular fit is kept",
    }[reason]


def not_identifiable_words(group_plural: str) -> str:
    """Why random slopes were not fitted: no group has more than two times, where its own slope
    and the residual cannot be told apart (lme4 refuses such a model)."""
    return _(
        "the %(groups)s are measured at no more than 2 times each, and with 2 values each their own "
        "slopes cannot be told apart from the residual (lme4 refuses such a model), so the model with "
        "one shared slope is kept"
    ) % {"groups": group_plural}


def stood_on_words(glmm: bool, structure: str = "") -> str:
    """A linear mixed model's name by what the report stands on: the model itself for a gaussian
    response; for a binomial or Poisson one the GLMM is stood on and the linear model is an
    approximation ("the linear random-slope model (an approximation)")."""
    if not glmm:
        return f"the {structure + ' ' if structure else ''}model the report stands on"
    return f"the linear {structure + ' ' if structure else ''}model (an approximation)"


def narrow_interval_note(
    model: str, group: str, further_shown: bool = True, curve: bool = False, cycle: bool = False
) -> str:
    """Question 5's caveat: its shared-slope interval is too narrow when slopes differ. It points at
    the Going further sections, so it is left out when they are (a GLMM report: say less); with
    ``curve`` (the straight line with individual slopes is singular) at the curve's average rate;
    with ``cycle`` (a cyclic trend, whose summaries give no rate) at the cycle's amplitude."""
    if model == "random_intercept" or not further_shown:
        return ""
    lead = (
        f"The tests in Going further support individual slopes, so this model, which gives every "
        f"{group} the same rate of change, understates the uncertainty of the average slope: its "
        "interval is too narrow; "
    )
    if cycle:
        return lead + (
            "the trend is a cycle, which the report's summaries tell by its amplitude and peak time, "
            "not by an average rate (Going further: which model do the data support?)."
        )
    if curve:
        return lead + (
            "the report's summaries read the average rate and its interval from the curve the model "
            "stands on (Going further: which model do the data support?)."
        )
    return (
        lead
        + "read the slope's interval from the model the data support "
        + (
            "(Going further: which model do the data support?)."
            if model == "uncorrelated_slope"
            else "(Going further: random slopes)."
        )
    )


# A correlation of random effects this close to +-1 sits at the edge of its range (as in selection).
EDGE_CORR = 0.99


def start_correlation(
    corr: float | None,
    group_plural: str,
    mean_slope: float = 1.0,
    slope_clear: bool = True,
    singular: bool = False,
    lines: bool = False,
    sign_clear: bool = True,
) -> str:
    """What the correlation of starting levels and slopes says (read at the first observed time).

    A positive correlation means higher starters have larger (more positive) slopes: with a rising
    average trend they rise faster, with a falling one they fall more slowly. When the average
    slope is not clearly away from zero (``slope_clear`` false) there is no direction to be
    faster or slower in, so the words speak of higher or lower slopes. A singular fit's
    correlation is not interpreted: at +-1 it is forced to the edge of its range by a covariance
    the data cannot support, not estimated (IGF: -1.00 with 4 to 6 points per lot).
    ``lines``: the lines misplace the measured start (:func:`lines_misplace_start`), so the words
    speak of where the lines start (chick weights: lines 11.85 apart in SD at day 0, measured 1.13).
    ``sign_clear``: the test against uncorrelated levels and slopes supports a correlation
    (:mod:`reportgen.analysis.correlation_sign`); else its sign is not read (clinics: -0.14,
    p = 0.30, was read as "patients that start higher tend to rise more slowly").
    """
    if corr is None:
        return "it cannot be estimated because a variance is zero"
    if abs(corr) >= EDGE_CORR:
        return (
            "the correlation sits at the edge of its range (±1), where a fit the data cannot support "
            "puts it, so it cannot be interpreted"
        )
    if singular:
        return "the fit is singular, so its correlation cannot be interpreted"
    where = f"where {group_plural}' lines start" if lines else f"where {group_plural} start"
    who = f"{group_plural} whose lines start higher" if lines else f"{group_plural} that start higher"
    if abs(corr) < 0.1:
        if not slope_clear:
            return f"{where} tells little about their slopes"
        return f"{where} tells little about how fast they change"
    if not sign_clear:
        return (
            "the data cannot tell this correlation's sign (uncorrelated levels and slopes fit about "
            "as well), so nothing is read from it about how start and change go together"
        )
    if not slope_clear:
        return f"{who} tend to have {'higher' if corr > 0 else 'lower'} slopes"
    verb = "rise" if mean_slope > 0 else "fall"
    faster = (corr > 0) == (mean_slope > 0)
    return f"{who} tend to {verb} {'faster' if faster else 'more slowly'}"


def trend_shape(
    supported: str,
    curvature: float,
    slope: float = 1.0,
    data_turn: bool = False,
    line_misses: bool = False,
    curve_turns: bool | None = None,
) -> str:
    """What the quadratic test says about the shape of the average trajectory.

    ``line_misses``: the residual means miss zero at more times than chance allows; a straight line
    is then inadequate even when the quadratic test finds no clear bend.

    The bend is worded relative to the direction of the trend (``slope``, the straight line's
    average slope): an upward bend of a falling trend means the fall slows, not that change speeds
    up. Only when the observed means turn the way the curve bends (``data_turn``, wherever the
    parabola's own vertex lies) does a rise turn into a fall (or a fall into a rise), and then only
    if the curve the report stands on turns back clearly inside the observed range (``curve_turns``;
    None: no chosen curve to ask). Means that turn where the chosen curve does not (Dialyzer: bin
    means 50.5, 51.0, 51.4 under a curve that rises to the end) say the rise levels off.
    """
    if supported == "linear" and line_misses:
        return (
            "a straight line is nevertheless inadequate for the average trajectory: its residual means "
            "miss zero at more times than chance allows (a growth curve or one mean per time, occasion "
            "effects, would describe it)"
        )
    if supported == "linear":
        return "a straight line is adequate for the average trajectory"
    bend = "bends downward" if curvature < 0 else "bends upward"
    if data_turn and curve_turns is not False:
        turn = "a rise turns into a fall" if curvature < 0 else "a fall turns into a rise"
        return f"the average trajectory {bend}: {turn}"
    if data_turn and slope != 0 and (curvature < 0) == (slope > 0):
        return f"the average trajectory {bend}: the {'rise' if slope > 0 else 'fall'} levels off"
    if slope == 0:
        return f"the average trajectory {bend}"
    change = "rise" if slope > 0 else "fall"
    # A bend against the direction of change slows it; a bend with it speeds it up.
    slows = (curvature < 0) == (slope > 0)
    return f"the average trajectory {bend}: the {change} {'slows' if slows else 'speeds up'} over time"


def curve_bend(bend: str, rising: bool, turn: str = "") -> str:
    """How the chosen curve's rate changes, read from the curve itself (not a parabola's sign).

    ``bend``: :func:`reportgen.analysis.shape.bend_of`'s kind; ``rising``: the curve's overall
    change is up; ``turn``: "peak" or "trough" when the curve turns back clearly inside the range
    (:attr:`CurveSummary.turns`), which is said first. A falling curve reads the same words for
    its fall (a fall that slows is not "bending upward" in words a reader needs).
    """
    if turn:
        return "a rise turns into a fall" if turn == "peak" else "a fall turns into a rise"
    change = "rise" if rising else "fall"
    return {
        "s_shaped": f"the {change} speeds up, then slows",
        "speeds_up": f"the {change} speeds up over time",
        "slows": f"the {change} slows over time",
        "levels_off": f"the {change} levels off",
        "slows_then_speeds_up": f"the {change} slows, then speeds up again",
        "steady": f"the {change} keeps a nearly steady pace",
    }.get(bend, f"the average trajectory {'rises' if rising else 'falls'} along a curve")


def trend_verdict(supported: str, line_misses: bool) -> str:
    """The trend's verdict in a table cell: the quadratic test's, unless the residual means overrule it."""
    if supported == "linear" and line_misses:
        return "no clear bend, but a straight line is inadequate (residual means)"
    return supported


def curvature_connector(supported: str, line_misses: bool) -> str:
    """How the curvature verdict leads to the shape: "but" only when the shape goes against it.

    Only a test that finds no clear bend, followed by residual means that say a straight line is
    inadequate, is a contrast; evidence of curvature followed by the bend is a consequence.
    """
    return "but" if supported == "linear" and line_misses else "so"


def turning_point(curvature: float, observed_turn: str | None, agrees: bool) -> str:
    """What the fitted parabola's turning point means, checked against the observed means.

    A parabola has to turn somewhere; the average trajectory peaks (or bottoms out) there only
    when the observed means do too. ``observed_turn`` is where they do (as text), if anywhere.
    """
    peaks = "peak" if curvature < 0 else "bottom out"
    if observed_turn is not None and agrees:
        return (
            f"the observed means also {peaks} near there (at {observed_turn}), so the average "
            f"trajectory {'peaks' if curvature < 0 else 'bottoms out'} around that time"
        )
    if observed_turn is not None:
        return (
            "a parabola is only a summary of the bend, and the observed means do not turn there: "
            f"they {peaks} at {observed_turn}"
        )
    return (
        "a parabola is only a summary of the bend, and the observed means do not turn there: "
        f"they do not {peaks} inside the observed times"
    )


def beyond_chance(hits: int, trials: int, rate: float = 0.05) -> bool:
    """Are ``hits`` of ``trials`` 95% intervals missing zero more than chance explains (p < 0.05)?"""
    from reportgen.analysis.trend import bins_off_zero_p

    return bins_off_zero_p(hits, trials, rate) < 0.05


def residual_bin_words(binned: bool) -> tuple[str, str]:
    """What a residual bin is, singular and plural: an observed time, or a group of them.

    Binned times are means of neighbouring times, not times anyone measured at, so they are not
    called time points (milk: 19 weeks in 12 bins).
    """
    if binned:
        return "group of neighbouring times", "groups of neighbouring times"
    return "time point", "time points"


def residual_pattern(
    bins_off_zero: int, bins: int, supported: str = "linear", where: str = "", binned: bool = False
) -> str:
    """What the residual means over time show, consistent with the quadratic test's verdict."""
    one, many = residual_bin_words(binned)
    if bins_off_zero == 0:
        return f"no {one} has a mean residual clearly away from zero"
    at = f" ({where})" if where else ""
    if bins_off_zero == 1:
        found = f"1 of {bins} {many}{at} has a mean residual whose interval excludes zero"
    else:
        found = f"{bins_off_zero} of {bins} {many}{at} have mean residuals whose intervals exclude zero"
    if not beyond_chance(bins_off_zero, bins):
        return found + ", about as many as chance gives with 95% intervals"
    if supported == "linear":
        return found + (
            "; as a smooth bend does not explain them, look at what happened at those times "
            "(an occasion effect, a change of method)"
        )
    return found


def interaction_verdict(p: float, covariate: str, curved: bool = False) -> str:
    """Whether the time trend differs between levels of a covariate.

    ``curved``: the report's trend is a curve, so the straight lines tested here give the average
    rate of change over the observed range, and the words say so (the curve's own test by the
    covariate is :func:`curve_differs_note`'s).
    """
    words = evidence(p)
    rate = "the average rate of change (the straight lines' slope)" if curved else "the rate of change"
    if p < ALPHA:
        return f"there is {words} that {rate} differs with {covariate}"
    if words == "weak evidence":
        return f"there is only weak evidence that {rate} differs with {covariate}"
    return f"the data give no evidence that {rate} differs with {covariate}"


def curve_differs_note(line_p: float, curve_p: float | None, covariate: str, time: str) -> str:
    """When the straight lines' slopes do not differ with a covariate but the curve does (the
    trend section's test of the shape's time terms crossed with it): say both, each with what it
    tests (Rabbit: slopes p = 0.786, the quadratic by Treatment chi2 = 20.53); else empty."""
    if curve_p is None or curve_p >= ALPHA or line_p < ALPHA:
        return ""
    return (
        f"; the curve's shape does differ with {covariate} (the trend section's test of the curve's "
        f"{time} terms crossed with {covariate}), so {covariate} changes how the response changes "
        f"along {time}, though not clearly its average rate over the range"
    )


def mean_time_verdict(
    p_difference: float,
    p_interaction: float,
    covariate: str,
    kind: str,
    drawn: str = "lines",
    change_p: float | None = None,
) -> str:
    """What the lines of a covariate's levels compared at the average observed time say.

    With no evidence that the slopes differ, a difference there is one across the observed times
    (the lines run side by side), which a test at the first time alone can miss.
    """
    words = evidence(p_difference)
    levels = "levels" if kind == "categorical" else "values"
    if p_difference >= ALPHA:
        return f"{words} of a difference at that time"
    if p_interaction >= ALPHA:
        return (
            f"{words} that the {levels} of {covariate} differ there; with no evidence that their rates "
            f"of change differ, the model reads their {drawn} as running side by side, this far apart, "
            "across the observed times"
        )
    rates = differing_rates_words(drawn == "curves", change_p)  # ``change_p``: the gap's own test
    return f"{words} of a difference at that time; {rates}"


def explained_away(
    before_supported: bool,
    after_p: float | None,
    together: bool = False,
    singular: bool = False,
    boundary: str = "slope",
    simplified: bool = True,
) -> str:
    """Do the covariates explain the differences in slopes?

    ``before_supported``: the same test before any covariate found the slopes differing (see
    ``analysis.covariates.slopes_supported_before``); ``together``: the test's model holds several
    covariates, so none is credited alone; ``singular``: the random-slope fit with the covariates
    is singular; ``boundary``: which of its components is at the boundary
    (``RandomPart.boundary``). Only a slope variance at 0 leaves the test unable to show that rates
    differ; a level variance at 0 or a correlation at ±1 beside a clearly non-zero slope variance
    does not (Soybean with Variety: level SD 0, slope SD 0.041, chi2 = 143). ``simplified``: the
    covariate model was simplified because of it (else it is kept, as the model choice keeps it).
    """
    if after_p is None:
        return ""
    it, is_, explains = ("they", "are", "together they explain") if together else ("it", "is", "it explains")
    them = "them" if together else "it"
    if singular and boundary in ("level", "correlation"):
        at_edge = (
            "its starting levels' variance is estimated at 0"
            if boundary == "level"
            else "its correlation of levels and slopes is estimated at ±1"
        )
        return (
            f"the random-slope fit with {them} in the model is singular only because {at_edge}; its "
            "slope variance is clearly above 0, so the test still reads the slopes: "
            + explained_away(before_supported, after_p, together)
        )
    if singular and after_p < ALPHA:
        why = (
            "the covariate model is simplified for that reason"
            if simplified
            else "its slope variance is estimated at 0"
        )
        return (
            f"but the random-slope fit with {them} in the model is singular ({why}), so this test "
            "does not show that individual rates of change differ"
        )
    if before_supported and after_p >= ALPHA:
        return (
            f"once {it} {is_} in the model, individual slopes are no longer needed: "
            f"{explains} the differences in rates"
        )
    if after_p < ALPHA and not before_supported:
        return f"individual rates of change are supported only once {it} {is_} in the model"
    if after_p < ALPHA:
        return f"even with {them} in the model, individual rates of change still differ"
    return (
        "the same test found no clear slope variance before any covariate either, so there is none "
        f"for {them} to explain"
    )


def covariate_structure_note(
    structure: str,
    group_plural: str,
    paired: bool = False,
    reason: str = "",
    glmm: bool = False,
    cycle: bool = False,
) -> str:
    """The covariate model's random effects: those of the model the report stands on, and why.

    ``reason`` is the choice's rule code (analysis.selection); ``paired``: see pairing_caveat;
    ``cycle``: the trend is a cycle, whose random slopes are drifts, not rates of change.
    """
    if structure == "random_intercept":
        why = {
            "slopes_not_supported": "the likelihood-ratio test gives no clear evidence that rates of "
            "change differ",
            "slope_variance_zero": "the random-slope fit puts the slope variance at zero",
            "slopes_not_identifiable": not_identifiable_words(group_plural),
        }.get(reason, "")
        if cycle and reason == "slopes_not_supported":
            why = (
                f"the likelihood-ratio test gives no clear evidence that {group_plural} drift apart over time"
            )
        return f"The model gives {group_plural} their own levels only, like {stood_on_words(glmm)}" + (
            f": {why}." if why else "."
        )
    kind = "uncorrelated " if structure == "uncorrelated_slope" else ""
    keeps = (
        f"The model keeps {kind}random slopes, like {stood_on_words(glmm)} (time varies "
        f"within {group_plural})"
    )
    if paired:
        return keeps + "."
    return keeps + ": the covariate's tests then do not overstate the evidence when rates of change differ."


def covariate_reading(kind: str, distinct: int, codes: bool = False) -> str:
    """Where a covariate's lines are read: each "level" (categorical), "value" (a numeric one with
    two values: Dialyzer's QB, 200 or 300, has no subject at a median of 250; or one that may be a
    code, :func:`looks_coded`: ChickWeight's Diet 1 to 4 has no "quartiles") or "quartile"."""
    if kind == "categorical":
        return "level"
    if codes and distinct > 2:
        return "value it is held at"
    return "value" if distinct == 2 else "quartile"


# What :func:`numbers_or_codes` says of a covariate that may be a code (the brief picks it by these words).
CODES_WORDS = "distinct values, all whole numbers; the model treats them as numbers"


def quantile_name(column: str, quantile: str, value: Num, codes: bool) -> tuple[str | Num, ...]:
    """Where a numeric covariate's line is read: "the median of Diet", but for a covariate that may
    be a code (:func:`numbers_or_codes`) the value it is held at ("Diet = 2", an observed value since
    session 7: analysis.coded_covariate.reading_values), not "the median of Diet"."""
    return (f"{column} = ", value) if codes else (f"the {quantile} of {column}",)


def numbers_or_codes(column: str, kind: str, distinct: int, whole: bool) -> str:
    """Warn that a numeric covariate with few whole-number values is read as an amount.

    Codes read as numbers get a straight-line effect in their arbitrary order (plot 3 is "one
    more" than plot 2), and it is read at values it takes, not at quartiles no subject has: only
    the user knows which it is.
    """
    if not looks_coded(kind, distinct, whole):
        return ""
    read_at = (
        "those two values"
        if distinct == 2
        else "values it takes: its lowest, one near its median, its highest"
    )
    return (
        f"The covariate {column} takes only {distinct} {CODES_WORDS}, so {column}'s effect is a "
        f"straight line in them, read at {read_at}. If they are codes (labels of groups, not amounts), "
        f"build with --factor {column} instead of --covariate {column} to compare the groups"
    )


def pairing_caveat(within_subject: str, column: str, group: str, group_column: str) -> str:
    """A covariate with several levels at the same times within a subject: the pairing is ignored."""
    if within_subject != "same_times":
        return ""
    return (
        f"Each {group} is measured at several levels of {column} at the same times, so each "
        f"{group} × {column} series is the unit measured repeatedly; this model's only grouping is "
        f"the {group}, so its tests of {column} ignore how the series are paired within each {group} "
        "and can overstate the evidence. Read them as descriptive; a model with a random effect for "
        f"each {group} × {column} series (in lme4, + (1 | {group_column}:{column})) tests {column} "
        "properly"
    )


def paired_verdict(verdict: str, within_subject: str) -> str:
    """A test's verdict, marked as ignoring the pairing when the covariate is paired within subjects."""
    if within_subject != "same_times":
        return verdict
    return f"taken at face value, {verdict}, but the test ignores the pairing (see above)"


def straight_line_caveat(supported: str) -> str:
    """When the trend is curved, a straight-line model's values at one time are not measurements."""
    if supported == "linear":
        return ""
    return (
        "The trend is curved (see the trend test), so these come from straight lines forced through "
        "curved trajectories: read them as summaries of the lines, not as measured values"
    )


# Fewer subjects measured at the start than this and their spread says too little to judge the
# model's: the SD of 5 values ranges over a factor of almost 5 by sampling alone.
MIN_SUBJECTS_TO_COMPARE_SPREAD = 10


def spread_sampling_range(subjects: int) -> tuple[float, float]:
    """The central 95% range of (sample SD / true SD) for ``subjects`` independent normal values.

    Counts subjects, not values: several values of one subject at the same time share its level,
    so they add less than a value each (the range is then a little wide, never too narrow).
    """
    from scipy.special import chdtri

    df = subjects - 1
    return math.sqrt(chdtri(df, 0.975) / df), math.sqrt(chdtri(df, 0.025) / df)


def start_spread_departs(model_sd: float, observed_sd: float | None, subjects: int) -> bool:
    """Do the values measured at the start spread more or less than sampling explains around the
    model's SD of a measurement there (:func:`levels_agree` finds them wider or narrower)?"""
    if observed_sd is None or subjects < MIN_SUBJECTS_TO_COMPARE_SPREAD or model_sd <= 0:
        return False
    low, high = spread_sampling_range(subjects)
    return not low <= observed_sd / model_sd <= high


# Why the measurements at the start spread less than the model says (start_narrow_cause).
LINES_SPREAD, GROWING_SPREAD, ONE_RESIDUAL = "lines", "growing_spread", "residual"


def start_narrow_cause(level_sd: float, residual_sd: float, spread_grows: bool) -> str:
    """Which part of the model's SD of a measurement at the start is too wide: the levels' spread
    there, from lines fitted to the whole period (LINES_SPREAD), when it is the larger part; else
    the one residual SD, under a spread the diagnostics find growing over time (GROWING_SPREAD;
    final read, Soybean: level SD 0 at day 14, residual SD 1.40 where the spread grows ~45-fold)
    or not (ONE_RESIDUAL)."""
    if level_sd >= residual_sd:
        return LINES_SPREAD
    return GROWING_SPREAD if spread_grows else ONE_RESIDUAL


def _narrower_words(cause: str) -> str:
    if cause == GROWING_SPREAD:
        return (
            "narrower than sampling alone explains: most of the model's figure is its one residual "
            "standard deviation, the same at every time, while the diagnostics find the spread "
            "growing over time, so the model overstates the spread at the start"
        )
    if cause == ONE_RESIDUAL:
        return (
            "narrower than sampling alone explains: most of the model's figure is its one residual "
            "standard deviation, the same at every time, which is wider than the measurements spread "
            "at the start"
        )
    return (
        "narrower than sampling alone explains: straight lines fitted to the whole period spread "
        "more at the start than the measurements do, so read the model's starting levels as "
        "summaries of the lines, not as the measured start"
    )


def levels_agree(model_sd: float, observed_sd: float | None, subjects: int, cause: str = LINES_SPREAD) -> str:
    """Do the measurements at the start spread as the model says a measurement there spreads?

    ``model_sd`` must be the model's SD of a measurement at that time (the subjects' levels there
    and the residual together), not of the levels alone: the measured values carry both. The
    observed SD differs from it only when the ratio falls outside its sampling range; narrower,
    the words follow ``cause`` (:func:`start_narrow_cause`).
    """
    if observed_sd is None or subjects < MIN_SUBJECTS_TO_COMPARE_SPREAD:
        return ""
    low, high = spread_sampling_range(subjects)
    ratio = observed_sd / model_sd if model_sd > 0 else math.inf
    if ratio > high:
        return (
            "wider than sampling alone explains: the measurements start more spread out than the "
            "model's lines and residuals allow, so the model understates how much the starting "
            "values differ"
        )
    if ratio < low:
        return _narrower_words(cause)
    return (
        "a difference within what sampling alone gives: the model describes how widely the measurements start"
    )


def too_few_to_compare_spread(observed_sd: float | None, subjects: int) -> bool:
    """Values at the start exist but come from too few subjects for :func:`levels_agree`."""
    return observed_sd is not None and subjects < MIN_SUBJECTS_TO_COMPARE_SPREAD


def refit_role(reason: str) -> str:
    """What the uncorrelated refit (time counted from the first observed time) is for.

    The decision rests on tests that do not depend on where time 0 is; the refit's own test does
    (it is reported, but it describes the slopes and never decides).
    """
    own_test = "that refit's own test changes with where time is counted from, so it does not decide"
    if reason == "singular_slopes_supported":
        return f"counted from there the slopes get no variance; {own_test}"
    return f"it describes the slopes the test supports; {own_test}"


def not_stood_on(chosen: str, shape: str = "linear", outer: str | tuple[str, ...] = "") -> str:
    """The (straight-line) random-slope fit, named by its relation to the model the report stands
    on (``chosen`` with its trend ``shape``: a curve's random slopes are another model; ``outer``:
    the subjects' outer groupings when they are nested, outermost first, the report then standing
    on the model with every level, never on this one)."""
    if outer:
        from reportgen.narrative.level_names import levels_named

        levels = (outer,) if isinstance(outer, str) else outer
        return f"the random-slope model without the {levels_named(levels)}"
    if chosen == "random_slope" and shape == "linear":
        return "this model"
    return "the random-slope model, which the report does not stand on"


def starts_narrower(model_sd: float, observed_sd: float | None, subjects: int) -> bool:
    """Do the measurements at the start spread less than the model's lines allow (levels_agree)?"""
    if observed_sd is None or subjects < MIN_SUBJECTS_TO_COMPARE_SPREAD or model_sd <= 0:
        return False
    low, _ = spread_sampling_range(subjects)
    return observed_sd / model_sd < low


def lines_misplace_start(curved: bool, narrower: bool, lines_p: float, measured_p: float | None) -> bool:
    """Do the model's lines misplace the start? Curved trend, start spread narrower, or verdicts differ.

    Straight lines forced through curved growth, or lines that spread more at the first time than
    the measurements there, put the levels' difference "at the start" where the data do not.
    """
    disagree = measured_p is not None and (lines_p < ALPHA) != (measured_p < ALPHA)
    return curved or narrower or disagree


def lines_start_verdict(lines_p: float, misplaced: bool, drawn: str = "lines") -> str:
    """The lines' difference at the first observed time: at the start only when the lines are there."""
    if misplaced:
        return (
            f"{evidence(lines_p)} of a difference between the {drawn} there, which is not the measured start"
        )
    return f"{evidence(lines_p)} of a difference at the start"


def measured_start_verdict(
    measured_p: float,
    misplaced: bool,
    covariate: str,
    drawn: str = "lines",
    lines_p: float | None = None,
    spread: str = "",
) -> str:
    """What the values measured at the first observed time say about the covariate's levels there;
    "as the lines say" only when the lines' test there (``lines_p``) grades the evidence alike
    (statistician N, session 7, Orthodont: the lines' p = 0.104, "no evidence", then the measured
    values' p = 0.075, "weak evidence ... as the lines say"). ``spread``: the two differences agree
    in size and only their standard errors differ (narrative.start_disagreement), which is said
    instead of blaming the lines."""
    from reportgen.narrative.start_disagreement import spread_cause_words

    words = f"{evidence(measured_p)} that the measured values differ with {covariate} at the start"
    if misplaced and spread:
        return f"{words}; {spread_cause_words(spread, drawn)}"
    if misplaced:
        fitted = "straight lines" if drawn == "lines" else "the model's curves"
        return (
            f"{words}; the {drawn}' difference there is a product of {fitted} fitted to the whole "
            "period, so read the start from the measurements"
        )
    if lines_p is not None and evidence(lines_p) != evidence(measured_p):
        return f"{words}, where the {drawn}' test above gives {evidence(lines_p)}"
    return f"{words}, as the {drawn} say"


def pair_start_misplaced(
    misplaced: bool, line_gap: float, measured_gap: float | None, start_sd: float | None
) -> bool:
    """Do two subjects' lines misplace where they were measured at the first observed time?

    Yes when the lines misplace the start for everybody (``misplaced``: see :func:`lines_misplace_start`),
    or when the lines' gap there (``line_gap``, higher minus lower line) misses the measured gap
    (the same two subjects, same order) by more than the spread of all values measured there
    (``start_sd``; CO2: lines 16.17 apart, measured 5.9, spread 2.74).
    """
    if misplaced:
        return True
    if measured_gap is None or start_sd is None:
        return False
    return abs(line_gap - measured_gap) > start_sd


def outside_observed(low: float, high: float, lowest: float, highest: float) -> bool:
    """Do levels from ``low`` to ``high`` leave the observed response range (``lowest`` to ``highest``)?"""
    return low < lowest or high > highest


def lines_start_words(impossible: bool, curved: bool) -> str:
    """What the lines' levels at the first observed time are, when they misplace the measured start.

    ``impossible``: they leave the observed range of the response (soybean: weights of -4.30);
    ``curved``: the trend test finds a curved trend, which is then the cause.
    """
    return _(LINES_START[impossible, curved])


# What the lines' levels at the first observed time are, by (outside the measured range?, curved trend?).
LINES_START = {
    (True, False): N_(
        "the lines' levels, reaching outside the range of the measured values, where no measurement lies"
    ),
    (False, False): N_("the lines' levels, not the measured start"),
    (True, True): N_(
        "the lines' levels, reaching outside the range of the measured values, where no measurement lies, "
        "from straight lines forced through a curved trend"
    ),
    (False, True): N_(
        "the lines' levels, not the measured start, from straight lines forced through a curved trend"
    ),
}


def origin_note(low: float, high: float) -> str:
    """Where time 0 sits: ", outside the observed times" when it lies outside [low, high] (the
    first and last observed times), else "" (Oxboys' centred age runs -1 to 1: 0 is inside)."""
    return "" if low <= 0 <= high else ", outside the observed times"


def few_at_start_words(few: bool, group_plural: str, time: str) -> str:
    """Why the values measured at the first observed time are not compared (``few``: see
    :func:`reportgen.analysis.selection.few_at_start`), after "Only 3 of 20"; "" when they are."""
    if not few:
        return ""
    return (
        f"{group_plural} were measured at {time}, the first observed time: too few values at that time "
        "to compare the measured start, so the report does not compare it"
    )


def singular_line_words(line_singular: bool, curve_singular: bool) -> str:
    """A curve's straight line with the same random effects, singular where the curve's own fit is
    not (Dialyzer: slope SD 2.91, correlation -1 on the line; regular on the spline): what is read
    off that line (its slope's interval, leave-one-out refits) is no finding. "" otherwise."""
    if not line_singular or curve_singular:
        return ""
    return (
        "the straight line with these random effects is a singular fit (the curve's own fit is not), "
        "so its slope's interval and what is read from it are no finding"
    )
