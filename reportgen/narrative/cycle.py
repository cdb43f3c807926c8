"""Words for a cyclic trend (the harmonic shape, :mod:`reportgen.analysis.cycle`): a cycle is told
by its period, when in each cycle it peaks and bottoms out, and its amplitude around its mean level,
not by a change over the observed range or a rate (it rises and falls by the same amount every
period, so an average rate depends only on where the observed times start and end).

Small named rules (numbers in, words out), then the sentences that use them: the trend section's,
the model section's headline and the email's key findings. Each sentence is built whole in one
function, numbers as results keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.i18n import gettext as _
from reportgen.i18n import label_noun
from reportgen.narrative.response_words import average_response, names_change
from reportgen.narrative.sentence import Num, Sentence, filled, num
from reportgen.words import agreeing, decimals_to_separate, noun, plural

if TYPE_CHECKING:
    from reportgen.config import Labels

CYCLE_KEY = ("trend", "curve", "cycle")


def _cycle(*path: str, style: str = "fixed") -> Num:
    return num(*CYCLE_KEY, *path, style=style)


def cycle_clear(amplitude_ci_low: float) -> bool:
    """Is the cycle clear: does the amplitude's 95% interval stay above zero?"""
    return amplitude_ci_low > 0


def cycle_verb(clear: bool) -> str:
    """What the average does over each period, by whether the cycle is clear (the verb leads, so it
    agrees with the response's noun: "follicles go", "uptake goes")."""
    if clear:
        return "goes through a clear cycle"
    return "shows no clear cycle (the amplitude's 95% interval reaches zero), though the fitted wave"


def cycle_sentence(labels: Labels, clear: bool) -> Sentence:
    """The trend section's sentence for a cycle: period, peak and trough in each cycle, amplitude
    around the mean level with its interval."""
    time, response = noun(labels.time), labels.response
    head = "value" if names_change(response) else response
    verb, _, rest = cycle_verb(clear).partition(" ")
    moves = " ".join(filter(None, (agreeing(head, verb), rest)))
    tail = " with" if clear else " has"
    return (
        f"The model the report stands on uses this shape; {average_response(response)} {moves}"
        f"{tail} a period of ",
        _cycle("period", style="auto"),
        f" (in units of {time}): within each cycle it is highest at {time} ",
        _cycle("peak_time"),
        f" and lowest at {time} ",
        _cycle("trough_time"),
        ", rising ",
        _cycle("amplitude", "estimate"),
        " (the amplitude; 95% CI ",
        _cycle("amplitude", "ci_low"),
        " to ",
        _cycle("amplitude", "ci_high"),
        ") above its mean level over a cycle, ",
        _cycle("mean_level", "estimate"),
        ", and falling as far below it.",
    )


def cycle_headline_sentence(labels: Labels) -> Sentence:
    """The model section's headline for a cycle: its amplitude and peak time, and why no rate."""
    time = noun(labels.time)
    times = plural(time)
    return (
        "With these random effects the headline of this cyclic trend is its amplitude, ",
        _cycle("amplitude", "estimate"),
        " (95% CI ",
        _cycle("amplitude", "ci_low"),
        " to ",
        _cycle("amplitude", "ci_high"),
        f"), reached at {time} ",
        _cycle("peak_time"),
        " in each cycle of ",
        _cycle("period", style="auto"),
        "; the report gives no average rate of change for it: a cycle rises and falls by the same "
        f"amount every period, so an average rate over the observed {times} would only say where "
        "they start and end within a cycle.",
    )


def cycle_slope_note(times: str) -> str:
    """What the seminar's straight-line slopes are beside a cycle."""
    return (
        "No single slope describes a cycle: the seminar's straight-line slopes are slopes of straight "
        f"lines laid over its rises and falls, and depend on where the observed {times} start and "
        "end within a cycle."
    )


def cycle_choice_reason(reason: str, group_plural: str) -> str:
    """Why the tests support a structure, on a cyclic trend: without random slopes every subject
    follows one shared cycle at its own level ("one shared slope" is a straight line's words);
    the other reasons read as :func:`reportgen.narrative.model_rules.choice_reason` says them."""
    from reportgen.narrative.model_rules import choice_reason

    if reason == "slopes_not_supported":
        return (
            f"the likelihood-ratio test gives no clear evidence that {group_plural} drift apart over "
            f"time, so the simpler model is kept: one shared cycle, the {group_plural} at their own levels"
        )
    return choice_reason(reason, group_plural)


def cycle_shape_words(contrast: bool) -> str:
    """A cyclic trend's shape after the quadratic test's verdict: no bend (a bend says how a rise or
    a fall changes pace; a cycle rises and falls by the same amount every period). ``contrast``: the
    verdict found no curvature, so the words follow a "but"; else a "so"."""
    if contrast:
        return (
            "the shape comparison below chooses a cycle, which rises and falls by the same amount every "
            "period rather than bending one way"
        )
    return (
        "the trend is not a straight line: the chosen cycle rises and falls by the same amount every "
        "period rather than bending one way"
    )


def amplitude_decimals(amplitude: float, without: float, decimals: int = 2) -> str:
    """The number style of the amplitude's move: more decimals than ``decimals`` until its value
    with and without the subject differ, at most 4 (statistician P 7: "from 0.42 to 0.42" for
    0.4227 -> 0.4155)."""
    return f"d{decimals_to_separate([amplitude, without], decimals, most=4)}"


def cycle_influence_sentence(
    clarity_changers: tuple[str, ...], most: str, labels: Labels, style: str = "fixed"
) -> Sentence:
    """The cycle refitted without each subject: what moves its amplitude (numbers in ``style``,
    :func:`amplitude_decimals`), and its peak then. It is the influence section's only reading of a
    cycle: the straight-line slope's refits read a rate the report does not give for a cycle."""
    path = ("influence", "curve", "cycle")
    message = (
        _(
            "Refitting the cycle the report stands on with each %(group)s left out in turn, its "
            "amplitude moves most without %(group)s %(most)s: from %(amplitude)s to %(without)s "
            "(%(shift)s standard errors), its peak from %(time)s %(peak)s to %(peak_without)s; leaving "
            "out %(group)s %(changer)s changes whether the amplitude's interval excludes 0, so read "
            "the cycle with care."
        )
        if clarity_changers
        else _(
            "Refitting the cycle the report stands on with each %(group)s left out in turn, its "
            "amplitude moves most without %(group)s %(most)s: from %(amplitude)s to %(without)s "
            "(%(shift)s standard errors), its peak from %(time)s %(peak)s to %(peak_without)s; no "
            "single %(group)s changes whether the amplitude's interval excludes 0."
        )
    )
    return filled(
        message,
        group=label_noun(labels.group),
        most=most,
        changer=clarity_changers[0] if clarity_changers else "",
        amplitude=num(*path, "amplitude", style=style),
        without=num(*path, "amplitude_without", style=style),
        shift=num(*path, "shift_in_se"),
        time=label_noun(labels.time),
        peak=num(*path, "peak_time"),
        peak_without=num(*path, "peak_time_without"),
    )
