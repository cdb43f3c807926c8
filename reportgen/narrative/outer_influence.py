"""What leaving out one outer group (site) does to the average slope with every level (section
diagnostics, ``influence.outer``), and why the subjects are left out of the one-grouping model only.

Each sentence is one whole message with named placeholders (docs/development.md "Languages"), with
its German entry in reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun as noun
from reportgen.narrative.outer_level import line_formula
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.words import decimals_to_separate

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.config import Labels


def subjects_left_out_line(group: str, top: str) -> Sentence:
    """Why each subject is left out of the one-grouping model only: with every level it would take
    one refit of that model per subject (``influence.outer.subjects``); the outer groups are few."""
    return filled(
        _(
            "Each %(group)s is left out of the one-grouping model only: with every level that would "
            "take %(subjects)s refits of the model, one per %(group)s, so each %(top)s is left out "
            "of it instead."
        ),
        group=noun(group),
        top=noun(top),
        subjects=num("influence", "outer", "subjects", style="int"),
    )


def outer_verdict(top: str, sign_changers: tuple[str, ...], significance_changers: tuple[str, ...]) -> str:
    """Whether one outer group carries the average slope: its sign, or whether its interval
    excludes 0, changes without one of them (the first named), or neither does."""
    if sign_changers:
        return _("Leaving out %(top)s %(which)s flips the average slope's sign: read it with care.") % {
            "top": noun(top),
            "which": sign_changers[0],
        }
    if significance_changers:
        return _(
            "Leaving out %(top)s %(which)s changes whether the average slope's 95%% interval excludes 0: "
            "read it with care."
        ) % {"top": noun(top), "which": significance_changers[0]}
    return _("No single %(top)s flips the average slope's sign or whether its 95%% interval excludes 0.") % {
        "top": noun(top)
    }


def outer_influence_sentences(a: Analysis, labels: Labels, decimals: int = 2) -> list[Sentence]:
    """The line with every level refitted without each outer group: which one moves the average
    slope most, from what to what, and whether any changes a conclusion ([] with one grouping).
    The formula printed is the one refitted: the headline's model (``analysis.headline_multilevel``,
    without the covariates and with its own random part), not the model with the covariates."""
    outer = a.outer_influence
    if outer is None or a.multilevel is None:
        return []
    fit = a.headline_multilevel or a.multilevel
    top = outer.level
    moved = outer.without[outer.most_influential]
    d = f"d{decimals_to_separate([outer.slope.estimate, moved.estimate], decimals)}"

    def slope(*path: str) -> Num:
        return num("influence", "outer", *path, style=d)

    sentences = [
        subjects_left_out_line(labels.group, top),
        filled(
            _(
                "Refitting the straight line with every level (%(formula)s) with each %(top)s left out "
                "in turn, the average slope moves most without %(top)s %(which)s: from %(slope)s %(rate)s "
                "(95%% CI %(low)s to %(high)s) to %(without)s (%(without_low)s to %(without_high)s), "
                "a change of %(change)s (%(change_se)s standard errors)."
            ),
            formula=line_formula(fit.formula, fit.time),
            top=noun(top),
            which=outer.most_influential,
            slope=slope("slope", "estimate"),
            low=slope("slope", "ci_low"),
            high=slope("slope", "ci_high"),
            without=slope("slope_without", "estimate"),
            without_low=slope("slope_without", "ci_low"),
            without_high=slope("slope_without", "ci_high"),
            rate=labels.rate(),
            change=slope("slope_change"),
            change_se=num("influence", "outer", "change_in_se"),
        ),
        (outer_verdict(top, outer.sign_changers, outer.significance_changers),),
    ]
    if outer.not_fitted:
        sentences.append(
            (
                _("Without %(top)s %(which)s the line could not be refitted.")
                % {"top": noun(top), "which": ", ".join(outer.not_fitted)},
            )
        )
    return sentences
