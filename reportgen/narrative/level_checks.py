"""Which model the residual checks read when there is an outer or crossed grouping (section
diagnostics): the residuals are the model with every level's, the report's own
(:mod:`reportgen.analysis.level_residuals`); the predicted random effects and the leave-one-out
refits stay on the subjects' grouping alone.

Each sentence is one whole message with named placeholders (docs/development.md "Languages"), with
its German entry in reportgen/locale/de/LC_MESSAGES/reportgen.po.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun as noun
from reportgen.i18n import label_plural as plural
from reportgen.narrative.sentence import Sentence, filled


def every_level_checks_line(
    formula: str, model: str, levels: tuple[str, ...], group: str, *, crossed: bool
) -> Sentence:
    """The section's first sentence: the residuals read (``formula``: the model with every level),
    and what stays on one grouping (``model``: the one-grouping model's name; ``levels``: the
    grouping columns, outermost first; ``group``: the subjects' label). Nested subjects are read on
    ``site:patient``; crossed ones on their own column, as the one-grouping model groups them."""
    message = (
        _(
            "The residual checks below read the model the report stands on, with every level "
            "(%(formula)s); the predicted random effects and each %(group)s left out read the %(model)s "
            "on %(term)s alone, without the %(top)s level, where the %(tops)s' differences count as the "
            "%(groups)s'."
        )
        if not crossed
        else _(
            "The residual checks below read the model the report stands on, with every level "
            "(%(formula)s); the predicted random effects and each %(group)s left out read the %(model)s "
            "on %(term)s alone, without the crossed %(top)s level, where the %(tops)s' differences count "
            "as the %(groups)s'."
        )
    )
    return filled(
        message,
        formula=formula,
        group=noun(group),
        groups=plural(group),
        model=model,
        term=levels[-1] if crossed else ":".join(levels),
        top=noun(levels[0]),
        tops=plural(levels[0]),
    )


def residuals_named(every_level: bool, chosen: str) -> str:
    """Whose residuals the first check names, inside its sentence (not yet a message of its own, as
    the rest of that sentence): the model with every level's, or the chosen one-grouping model's
    (``chosen``: its name) as the model the tests support."""
    return "model with every level" if every_level else f"{chosen} (the model the tests support)"
