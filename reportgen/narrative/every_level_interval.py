"""Question 5's pointer to a wider interval when the subjects sit in an outer or crossed level
(statistician P 5, session 7).

Question 5's note says its random-intercept interval is too narrow and pointed at the one-grouping
random-slope model's interval (nested study: -1.72 to -1.38), a model Table 8 calls "not the
report's model", while the summaries read the model with every level (-1.76 to -1.05). With an
outer level the note points at that interval, ``headline.slope_ci_*``, and names its model. One
whole message (docs/development.md "Languages"), its German entry in
reportgen/locale/de/LC_MESSAGES/reportgen.po.

The note says "too narrow" against the other interval only when that interval is wider
(:func:`wider_interval`): break12's every-level model had lost the patients' slopes and gave 8.91 to
10.23, "against 8.91 to 10.23 here"; an interval no wider is said as such.
"""

from __future__ import annotations

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun
from reportgen.narrative.sentence import Num, Sentence, filled, num


def wider_interval(there: tuple[float, float], here: tuple[float, float]) -> bool:
    """Whether the interval ``there`` (low, high) is wider than ``here``: the one rule that lets the
    note call ``here`` too narrow beside it."""
    return there[1] - there[0] > here[1] - here[0]


def every_level_interval_note(group: str, top: str, style: str = "fixed", wider: bool = True) -> Sentence:
    """Question 5's random-intercept interval beside the one the summaries use, of the model with
    every level (``top``: its outer level's label; ``group``: the subjects'), in ``style``;
    ``wider``: that interval is wider (:func:`wider_interval`), else the note says it is not."""
    if not wider:
        return filled(
            _(
                "The tests in Going further support individual slopes, which widen the interval of the "
                "average slope; yet the model with every level (the %(top)s level included), whose slope "
                "the report's summaries read, gives %(low)s to %(high)s, no wider than %(here_low)s to "
                "%(here_high)s here."
            ),
            top=label_noun(top),
            **_intervals(style),
        )
    return filled(
        _(
            "The tests in Going further support individual slopes, so this model, which gives every "
            "%(group)s the same rate of change, understates the uncertainty of the average slope: its "
            "interval is too narrow; the model with every level (the %(top)s level included), whose "
            "slope the report's summaries read, gives %(low)s to %(high)s, against %(here_low)s to "
            "%(here_high)s here."
        ),
        group=label_noun(group),
        top=label_noun(top),
        **_intervals(style),
    )


def _intervals(style: str) -> dict[str, Num]:
    """The two intervals' placeholders: the headline's (the model with every level) and this one's."""
    return {
        "low": num("headline", "slope_ci_low", style=style),
        "high": num("headline", "slope_ci_high", style=style),
        "here_low": num("random_intercept", "slope_ci_low", style=style),
        "here_high": num("random_intercept", "slope_ci_high", style=style),
    }
