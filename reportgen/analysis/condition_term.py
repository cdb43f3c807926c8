"""The subject x condition term of a one-grouping covariate model.

When a covariate varies within subjects at the same times (each dog measured on both sides at the
same days: nlme::Pixel; each rabbit under both treatments at the same doses: MASS::Rabbit), the
measurements of one subject under one condition share more than the subject's level. The covariate
model then needs ``(1 | subject:condition)`` beside its random effects for the subject, and the
condition is tested against it; without it the test of the condition is too optimistic (Pixel's
Side: F = 4.29, p = 0.041 without the term, F = 2.43, p = 0.139 with it in lme4).

The covariate model's own fixed effects (its design, whatever the trend's shape) are refitted here
with the multilevel engine's ``lmer`` (:mod:`reportgen.analysis.multilevel`), the same random effects
for the subjects plus one term per such condition, and every term's type-III F test is made from
the design's type-III contrasts with Satterthwaite df, as lmerTest's ``anova(m, type = 3)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.lmer_estimates import LmerEstimates, lmer_estimates
from reportgen.analysis.multilevel import lmer_fit
from reportgen.analysis.satterthwaite import FTest, f_test
from reportgen.errors import ModelError

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from reportgen.analysis.model_matrix import ModelMatrix


def subject_terms(random: int, covariance: str, time: str, group: str) -> str:
    """The subjects' random effects in lme4's notation: ``(1 | g)``, ``(t | g)`` or, uncorrelated,
    ``(1 | g) + (0 + t | g)``."""
    if random == 1:
        return f"(1 | {group})"
    if covariance == "diagonal":
        return f"(1 | {group}) + (0 + {time} | {group})"
    return f"({time} | {group})"


def condition_terms(group: str, conditions: tuple[str, ...]) -> tuple[str, ...]:
    """``(1 | group:condition)`` for each condition."""
    return tuple(f"(1 | {group}:{condition})" for condition in conditions)


def fit_condition_tests(
    frame: pd.DataFrame,
    design: ModelMatrix,
    structure: tuple[int, str, float],
    conditions: tuple[str, ...],
    joint: dict[str, list[str]] | None = None,
    kept: list[LmerEstimates] | None = None,
) -> dict[str, FTest]:
    """Refit ``design`` with a ``(1 | group:condition)`` term per condition; each term's type-III test.

    Args:
        frame: the cleaned data (``response``, ``time``, ``group`` and the conditions), the rows
            ``design`` was built from.
        design: the covariate model's fixed effects.
        structure: its random effects per subject (1 or 2), covariance and time origin.
        conditions: the covariates that vary within subjects at the same times.
        joint: tests of several terms at once, by the name they are kept under (a curve's terms x
            the covariate).
        kept: a list the fit's estimates are appended to (its contrasts read the differences).

    Raises:
        ModelError: the model cannot be fitted.
    """
    import pandas as pd

    random, covariance, origin = structure
    # Columns on one scale (Rabbit's dose squared reaches 40,000): the F tests do not change.
    scale = np.abs(design.X).max(axis=0)
    scale[scale == 0] = 1.0
    x = design.X / scale
    data = pd.DataFrame(x, columns=[f"x{j}" for j in range(x.shape[1])], index=frame.index)
    data["y"] = frame["response"].to_numpy(float)
    data["t"] = frame["time"].to_numpy(float) - origin
    data["g"] = frame["group"].astype(str)
    for k, condition in enumerate(conditions):
        data[f"c{k}"] = frame[condition].astype(str)
    fixed = " + ".join(data.columns[: x.shape[1]])
    terms = condition_terms("g", tuple(f"c{k}" for k in range(len(conditions))))
    model = lmer_fit(
        f"y ~ 0 + {fixed} + {subject_terms(random, covariance, 't', 'g')} + {' + '.join(terms)}",
        data,
        reml=True,
    )
    estimates = lmer_estimates(model, scale)
    if kept is not None:  # the fit itself, for the differences' contrasts (condition_tests)
        kept.append(estimates)
    rows = type3_rows(design)
    tests = {term: f_test(estimates, matrix) for term, matrix in rows.items()}
    for name, group in (joint or {}).items():
        stacked = np.vstack([rows[term] for term in group])
        tests[name] = tests[group[0]] if len(group) == 1 else f_test(estimates, stacked)
    return tests


def condition_tests(
    paired: tuple[str, ...],
    frame: pd.DataFrame,
    fitted: tuple[tuple[ModelMatrix, tuple[int, str, float]], tuple[ModelMatrix, tuple[int, str, float]]],
    interaction_terms: Callable[[ModelMatrix, str], list[str]],
    kept: list[LmerEstimates] | None = None,
) -> dict[str, tuple[FTest | None, FTest | None]]:
    """For each covariate paired within subjects (varying within them at the same times), its
    type-III main-effect and time-interaction tests from the model with the subject x condition
    terms; empty when there is none or that model cannot be fitted (the tests then stay the
    one-grouping model's, with their caveat).

    ``fitted`` are the design (and random effects) the interaction tests stand on, then the one
    the main effects stand on (the same unless a curve kept only some covariates' interactions).
    ``kept``: a list the latter fit's estimates are appended to, for the differences between levels
    (statistician Q, session 8, Rabbit: 7.61 to 14.42 lower on 19.5 df in lmerTest, where the model
    without the pairing gives 8.09 to 13.94).
    """
    (design, structure), (used, used_structure) = fitted
    if not paired or max(structure[0], used_structure[0]) > 2:  # subject_terms: 1 or 2 per subject
        return {}
    interactions = {f"{column} x time": interaction_terms(design, column) for column in paired}
    interactions = {name: terms for name, terms in interactions.items() if terms}
    try:
        found: list[LmerEstimates] = []
        tests = fit_condition_tests(frame, design, structure, paired, interactions, found)
        mains = (
            tests if used is design else fit_condition_tests(frame, used, used_structure, paired, kept=found)
        )
        if kept is not None:
            kept.append(found[-1])
    except ModelError:
        return {}
    out = {}
    for column in paired:
        main = next((t for t in type3_rows(used) if t.strip("`") == column), None)
        out[column] = (mains[main] if main is not None else None, tests.get(f"{column} x time"))
    return out


def type3_rows(design: ModelMatrix) -> dict[str, Any]:
    """Each term's type-III contrast rows (its own columns when no term contains another)."""
    if design.levels:
        return dict(design.type3)
    eye = np.eye(len(design.names))
    return {
        term: eye[[j for j, a in enumerate(design.assign) if a == k]]
        for k, term in enumerate(design.terms)
        if term != "(Intercept)"
    }
