"""Interpretation sentences of the "going further" sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.rules import (
    clear_differences,
    convergence_note,
    criteria_verdict,
    diagnostic_verdict,
    funnel_shape,
    se_change,
    shrinkage_words,
    singular_note,
    slope_variation,
    subject_vs_time,
    tail_weight,
)
from reportgen.narrative.sentence import Sentence, num

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import Labels


def random_slopes(a: Analysis, labels: Labels) -> list[Sentence]:
    rs, ri = a.random_slope, a.mixed
    g = labels.group.lower()
    sentences: list[Sentence] = [
        (
            "The average slope is ",
            num("random_slope", "slope"),
            f" {labels.rate()} (95% CI ",
            num("random_slope", "slope_ci_low"),
            " to ",
            num("random_slope", "slope_ci_high"),
            "); its standard error ",
            se_change(ri.slope.se, rs.slope.se),
            " from ",
            num("random_intercept", "slope_se"),
            " to ",
            num("random_slope", "slope_se"),
            f" once each {g} may have its own rate.",
        ),
        (
            f"{labels.group}s' slopes vary around the average with a standard deviation of ",
            num("random_slope", "slope_sd"),
            f" {labels.rate()}: individual rates of change differ "
            f"{slope_variation(rs.re_cov[1, 1] ** 0.5, rs.slope.estimate)}; about 95% of {g}s are expected "
            "between ",
            num("random_slope", "slope_range_low"),
            " and ",
            num("random_slope", "slope_range_high"),
            ".",
        ),
        (
            f"The correlation of random intercepts (levels at {labels.time.lower()} 0) and slopes is ",
            num("random_slope", "corr"),
            ".",
        ),
        (convergence_note(rs.converged, rs.warnings),),
    ]
    if rs.singular:
        sentences.append((singular_note(True),))
    return sentences


def model_comparison(a: Analysis, labels: Labels) -> list[Sentence]:
    c = a.comparison
    return [
        (
            "Refitted by maximum likelihood, random slopes raise the log-likelihood from ",
            num("comparison", "loglik_ri"),
            " to ",
            num("comparison", "loglik_rs"),
            "; the likelihood-ratio statistic is ",
            num("comparison", "lrt_chisq"),
            " on ",
            num("comparison", "lrt_df", style="int"),
            " degrees of freedom (p ",
            num("comparison", "lrt_p", style="p"),
            ").",
        ),
        (criteria_verdict(c.aic_ri, c.aic_rs, c.bic_ri, c.bic_rs) + " (lower is better).",),
        (
            "The test is conservative: the slope variance is tested at its boundary, zero, where the "
            "statistic follows a 50:50 mixture of χ²(1) and χ²(2); that mixture gives p ",
            num("comparison", "lrt_p_boundary", style="p"),
            ".",
        ),
    ]


def between_subjects(a: Analysis, labels: Labels) -> list[Sentence]:
    g = labels.group.lower()
    return [
        (
            f"In the random-intercept model, {g}s account for ",
            num("random_intercept", "icc", style="pct"),
            " of the variance that the fixed effects leave unexplained (the intraclass correlation): two "
            f"measurements of the same {g} are that strongly correlated.",
        ),
        (
            "The fixed effects alone explain ",
            num("random_slope", "r2_marginal"),
            " of the variance (marginal R²); adding each subject's intercept raises this to ",
            num("random_intercept", "r2_conditional"),
            ", and adding their slopes too to ",
            num("random_slope", "r2_conditional"),
            " (conditional R²).",
        ),
        (subject_vs_time(a.explained_rs.marginal, a.explained_rs.conditional).capitalize() + ".",),
    ]


def partial_pooling(a: Analysis, labels: Labels) -> list[Sentence]:
    p = a.pooling
    g = labels.group.lower()
    return [
        (
            f"The random-slope model pulls each {g}'s line toward the population line: compared with "
            f"each {g}'s own least-squares line, the spread of intercepts shrinks by ",
            num("pooling", "intercept_shrinkage", style="pct"),
            " and the spread of slopes by ",
            num("pooling", "slope_shrinkage", style="pct"),
            f" ({shrinkage_words(max(p.intercept_shrinkage, p.slope_shrinkage))} pooling).",
        ),
        (
            f"{labels.group}s whose own lines rest on few or noisy observations are pulled furthest: "
            "the model borrows strength from the others.",
        ),
    ]


def caterpillar(a: Analysis, labels: Labels) -> list[Sentence]:
    p = a.pooling
    g = labels.group.lower()
    return [
        (
            num("pooling", "intercepts_away_from_zero", style="int"),
            " of ",
            num("pooling", "subjects", style="int"),
            f" {g}s have a random intercept whose 95% prediction interval excludes zero, and ",
            num("pooling", "slopes_away_from_zero", style="int"),
            " a random slope whose interval does: "
            f"{clear_differences(max(p.intercepts_away_from_zero, p.slopes_away_from_zero), p.subjects)}.",
        ),
    ]


def diagnostics(a: Analysis, labels: Labels) -> list[Sentence]:
    d = a.diagnostics
    sentences: list[Sentence] = [
        (
            f"The residuals of the random-slope model have {tail_weight(d.residual_excess_kurtosis)} "
            "(excess kurtosis ",
            num("diagnostics", "residual_excess_kurtosis"),
            "), with ",
            num("diagnostics", "outliers", style="int"),
            " standardized residuals beyond ±3.",
        ),
        (
            f"Against the fitted values they show {funnel_shape(d.funnel_rho)} (rank correlation of their "
            "size with the fitted value ",
            num("diagnostics", "funnel_rho"),
            ").",
        ),
        (
            f"The predicted random intercepts have {tail_weight(d.intercept_excess_kurtosis)}"
            + (
                f", the slopes {tail_weight(d.slope_excess_kurtosis)}"
                if d.slope_excess_kurtosis is not None
                else ""
            )
            + ".",
        ),
        (diagnostic_verdict(d.residual_excess_kurtosis, d.funnel_rho, d.outliers),),
    ]
    return sentences


def further_sentences(a: Analysis, labels: Labels) -> dict[str, list[Sentence]]:
    return {
        "g_slopes": random_slopes(a, labels),
        "g_compare": model_comparison(a, labels),
        "g_between": between_subjects(a, labels),
        "g_pooling": partial_pooling(a, labels),
        "g_caterpillar": caterpillar(a, labels),
        "g_diagnostics": diagnostics(a, labels),
    }
