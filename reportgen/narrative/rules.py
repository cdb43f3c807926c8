"""Rules: numbers in, words out. Small, named and unit-tested, flipped cases included."""

from __future__ import annotations

from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER


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


def direction(value: float) -> str:
    """'positive', 'negative' or 'no' (exactly zero)."""
    return "positive" if value > 0 else "negative" if value < 0 else "no"


def trend_verb(value: float) -> str:
    """What the response does as time goes on, for a slope or correlation of this sign."""
    return "rise" if value > 0 else "fall" if value < 0 else "stay level"


def skew_shape(skew: float) -> str:
    """Bulmer's rule of thumb: |skew| < 0.5 symmetric, < 1 moderate, otherwise strong."""
    if abs(skew) < 0.5:
        return "roughly symmetric"
    side = "right" if skew > 0 else "left"
    return f"{'moderately' if abs(skew) < 1 else 'strongly'} {side}-skewed"


def tail_note(skew: float) -> str:
    """Which tail is long, in words, or that neither stands out."""
    if abs(skew) < 0.5:
        return "neither tail stands out"
    return "a longer tail of high values" if skew > 0 else "a longer tail of low values"


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


def single_line_verdict(between_share: float) -> str:
    """Whether one line for everybody is adequate, judged by the between-subject share."""
    if between_share >= 0.25:
        return (
            "so one line for everybody leaves much of the structure unexplained: "
            "subjects differ systematically from it"
        )
    return "so a single line describes these data reasonably well"


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


def individual_differences(slopes_vary: bool, intercepts_vary: bool) -> str:
    """Name what differs between individuals' own lines."""
    if slopes_vary and intercepts_vary:
        return "Individuals differ both in where they start and in how fast they change"
    if intercepts_vary:
        return "Individuals differ mainly in where they start"
    if slopes_vary:
        return "Individuals differ mainly in how fast they change"
    return "These individuals behave much alike"


def start_comparison(steeper: str, higher: str, higher_name: str) -> str:
    """Whether the steeper line also starts higher, or the other one does."""
    if steeper == higher:
        return "it also starts higher"
    return f"{higher_name} starts higher"


def ratio_phrase(ratio: float | None) -> str:
    """Describe how many times steeper a line is; empty when a ratio means nothing."""
    if ratio is None:
        return ""
    if ratio >= 1.5:
        return f", about {ratio:.1f} times as steep"
    return ", only slightly steeper"


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
        return "They were chosen by the user (command line or config file)."
    if reason == FROM_PRESET:
        return "They are the two subjects the seminar compares."
    if reason == AUTOMATIC:
        return f"They were picked automatically: {automatic_rule}."
    raise ValueError(f"unknown pair reason {reason!r}")


def convergence_note(converged: bool, warnings: list[str] | tuple[str, ...]) -> str:
    if not converged:
        return (
            "The optimizer did not report convergence: treat these estimates with caution "
            "and check the warnings below."
        )
    if warnings:
        return "The fit converged, with the warnings listed below."
    return "The fit converged without warnings."


# --- going further ---------------------------------------------------------------------------

RANDOM_SLOPE = "random_slope"
RANDOM_INTERCEPT = "random_intercept"


def se_change(before: float, after: float) -> str:
    """How a standard error moved between two models."""
    if after > 1.1 * before:
        return "grows"
    if after < 0.9 * before:
        return "shrinks"
    return "barely changes"


def slope_variation(slope_sd: float, fixed_slope: float) -> str:
    """How much individual rates of change differ, relative to the average rate."""
    ratio = slope_sd / abs(fixed_slope) if fixed_slope else float("inf")
    if ratio >= 0.5:
        return "a lot"
    if ratio >= 0.2:
        return "moderately"
    return "little"


def model_name(key: str) -> str:
    return {RANDOM_SLOPE: "random-slope", RANDOM_INTERCEPT: "random-intercept"}[key]


def criteria_verdict(aic_ri: float, aic_rs: float, bic_ri: float, bic_rs: float) -> str:
    """What AIC and BIC (lower is better) say, together."""
    aic = RANDOM_SLOPE if aic_rs < aic_ri else RANDOM_INTERCEPT
    bic = RANDOM_SLOPE if bic_rs < bic_ri else RANDOM_INTERCEPT
    if aic == bic:
        return f"AIC and BIC both favour the {model_name(aic)} model"
    return (
        f"AIC favours the {model_name(aic)} model but BIC, which penalises complexity more, "
        f"the {model_name(bic)} model"
    )


def subject_vs_time(marginal: float, conditional: float) -> str:
    """Compare what subjects add (conditional - marginal R²) with what the fixed effects explain."""
    if conditional - marginal > marginal:
        return "differences between subjects explain more of the variance than the shared trend over time"
    return "the shared trend over time explains more of the variance than differences between subjects"


def shrinkage_words(shrinkage: float) -> str:
    """How strongly partial pooling pulls subjects toward the population."""
    if shrinkage >= 0.3:
        return "strong"
    if shrinkage >= 0.1:
        return "moderate"
    if shrinkage > 0:
        return "slight"
    return "no"


def clear_differences(away: int, total: int) -> str:
    """How many subjects differ clearly from the average, in words."""
    if away == 0:
        return "no subject differs clearly from the average"
    if away == total:
        return "every subject differs clearly from the average"
    return "these subjects differ clearly from the average; the rest are compatible with it"


def tail_weight(excess_kurtosis: float) -> str:
    """Tails compared with a normal distribution (excess kurtosis 0)."""
    if excess_kurtosis > 1:
        return "heavier tails than a normal distribution"
    if excess_kurtosis < -1:
        return "lighter tails than a normal distribution"
    return "tails close to a normal distribution"


def funnel_shape(rho: float) -> str:
    """Spread of residuals against fitted values, from the rank correlation of |residual| and fit."""
    if rho > 0.3:
        return "a funnel: the spread grows with the fitted value"
    if rho < -0.3:
        return "a reversed funnel: the spread shrinks as the fitted value grows"
    return "a roughly constant spread"


def diagnostic_verdict(excess_kurtosis: float, rho: float, outliers: int) -> str:
    """Overall judgement of the residual checks."""
    problems = excess_kurtosis > 1 or abs(rho) > 0.3 or outliers > 0
    if problems:
        return (
            "These are departures from the model's assumptions: estimates stay usable, but "
            "standard errors and p-values deserve some caution; look at the outlying observations."
        )
    return "Nothing here contradicts the model's assumptions of normal, equal-variance residuals."


def singular_note(singular: bool) -> str:
    """What a singular fit means, in plain words (empty when the fit is regular)."""
    if not singular:
        return ""
    return (
        "This fit is singular: a variance is estimated at zero (or a correlation at ±1), so the "
        "model is more complex than these data can support; read the simpler model instead."
    )
