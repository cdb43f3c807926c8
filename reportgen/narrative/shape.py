"""Words for the trend's shape: which shape the comparison picks, and a curve told by its levels.

Small named rules (numbers in, words out), then the sentences of the trend section and of the
model choice that use them. A curved trend is told by the fitted levels at the first, middle and
last observed times and the change between first and last, never by one slope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.shape import AIC_MARGIN
from reportgen.analysis.time_basis import HARMONIC, LINEAR, LOG, QUADRATIC
from reportgen.narrative.covariate_effects import kept_partners
from reportgen.narrative.measured_levels import level_caveats
from reportgen.narrative.model_rules import evidence
from reportgen.narrative.response_words import average_response, names_change
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.shape_choice import other_effects_note, shape_reason_parts
from reportgen.words import agreeing, noun, plural

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.analysis.time_basis import ShapeComparison
    from reportgen.config import Labels


def shape_name(shape: str, time: str) -> str:
    """A shape in words: "a straight line", "a curve in log(dose)", "a natural spline (3 df)"."""
    if shape == LINEAR:
        return "a straight line"
    if shape == LOG:
        return f"a straight line in the logarithm of {time} (each doubling of {time} adds the same change)"
    if shape == QUADRATIC:
        return f"a parabola (a quadratic in {time})"
    if shape == HARMONIC:
        return f"a cycle (a sine and a cosine wave in {time} of the given period)"
    if shape.startswith("spline"):
        return f"a smooth curve (a natural cubic spline in {time} with {shape[6:]} degrees of freedom)"
    raise ValueError(f"unknown trend shape {shape!r}")


def parabola_misses_shape(supported: str, shape: str, line_misses: bool) -> bool:
    """Does the quadratic test find no bend where the shape comparison picks a curve?

    A curve that is not a parabola (an S-shape, a cycle) can leave a quadratic term little to
    find; the trend section must then not call the straight line adequate.
    """
    return supported == "linear" and not line_misses and shape != LINEAR


def bend_found(supported: str, shape: str) -> str:
    """The quadratic test's verdict, or "curved" when the shape comparison picks a curve: either
    way a smooth bend is there to explain the straight line's residual pattern."""
    return supported if shape == LINEAR else "curved"


def line_level_note(line_level: float, curve_level: float | None, lowest_response: float, shown: str) -> str:
    """What a straight-line summary's level at the first observed time is, when the trend is a curve.

    ``curve_level``: the chosen curve's level there (None: the trend is a straight line, nothing to
    say); ``shown``: the curve's level as printed. A line's level below zero where no measured value
    is (Soybean: -2.60 at day 14, weights from 0.03) is said to be the line's, not a weight.
    """
    if curve_level is None:
        return ""
    below = " and below every measured value" if lowest_response >= 0 > line_level else ""
    return f" (a straight line's level{below}; the curve the report stands on is at {shown} there)"


def chosen_curve_words(shape: str, time: str) -> str:
    """The trend figure's extra curve, for its alt text (none when the line or parabola is chosen)."""
    if shape in (LINEAR, QUADRATIC):
        return ""
    return f", and the chosen shape, {shape_name(shape, time)}"


def change_words(change: float, low: float, high: float) -> str:
    """The net change from the first to the last observed time, by its 95% interval."""
    if low > 0 or high < 0:
        return "rises" if change > 0 else "falls"
    return "shows no clear net change (the change's 95% interval includes zero), though the curve moves"


def agreeing_words(label: str, words: str) -> str:
    """``words`` with their leading verb agreeing with the label's noun: "follicles fall", "uptake rises"."""
    verb, _, rest = words.partition(" ")
    return " ".join(filter(None, (agreeing(label, verb), rest)))


def extreme_words(kind: str, turns: bool) -> str:
    """How a curve's interior peak or trough is named after its levels at the ends and middle.

    ``turns``: the curve moves back clearly after it (the change to the last time has a 95% interval
    excluding zero); otherwise the curve only levels off there (Dialyzer: 51.85, then 50.73).
    """
    if not turns:
        return (
            "; in between it levels off, highest at "
            if kind == "peak"
            else "; in between it levels off, lowest at "
        )
    return "; in between it peaks at " if kind == "peak" else "; in between it bottoms out at "


def close_shapes(shapes: ShapeComparison) -> bool:
    """Does another candidate shape fit within AIC_MARGIN of the chosen one (the data cannot tell
    them apart)?"""
    chosen = shapes.fits[shapes.shape].aic
    return any(abs(f.aic - chosen) <= AIC_MARGIN for name, f in shapes.fits.items() if name != shapes.shape)


def parabola_turn_shown(shape: str, turns: bool, close: bool) -> bool:
    """Is a curve's interior peak or trough named? A parabola has to turn somewhere, so its turn is
    read only when the data show it: the curve moves back clearly after it (``turns``) and no other
    shape fits about as well (``close``); else it is left unsaid (Rabbit: a parabola "highest at
    27.20 at dose 182" with one dose beyond and a spline within 2 AIC). Other curves' turns stand."""
    if shape != QUADRATIC:
        return True
    return turns and not close


def extreme_parts(kind: str, turns: bool, time: str) -> tuple[str | Num, ...]:
    """The interior peak or trough of the chosen curve (level and time), or nothing."""
    if not kind:
        return ()
    return (
        extreme_words(kind, turns),
        num("trend", "curve", "extreme", "estimate"),
        f" at {time} ",
        num("trend", "curve", "extreme", "time", style="auto"),
    )


def fastest_parts(bend: str, rising: bool, time: str) -> tuple[str | Num, ...]:
    """Where an S-shaped curve changes fastest, after which its change slows (else nothing)."""
    if bend != "s_shaped":
        return ()
    change = "rises" if rising else "falls"
    return (
        f"; it {change} fastest at {time} ",
        num("trend", "curve", "fastest_time", style="auto"),
        ", and more slowly after that",
    )


def shape_effects_words(random: str, time: str = "time", stood_on: str | None = None) -> str:
    """The random effects every candidate shape was fitted with (``ShapeComparison.random``): the
    maximal ones, correlated random slopes, or the random intercept when their straight-line fit
    failed. Not the model the data support: the shape is chosen first, its random effects after;
    ``stood_on`` (the model the report stands on) is named when its random effects differ."""
    note = other_effects_note(random, stood_on)
    if random == "random_slope":
        return (
            f"each fitted with the maximal random effects (correlated random slopes in linear {time}"
            f"{note}) so that only the fixed shape differs"
        )
    return (
        "each fitted with a random intercept (the correlated random slopes could not be fitted to "
        f"the straight line{note}) so that only the fixed shape differs"
    )


def headline_source(a: Analysis) -> str:
    """Where the headline rate is read (analysis.headline): "line" or "curve"."""
    from reportgen.analysis.headline import analysis_headline

    return analysis_headline(a).source


def headline_fault(a: Analysis) -> str:
    """What is wrong with a curve's straight line besides (analysis.headline.line_fault)."""
    from reportgen.analysis.headline import analysis_headline

    return analysis_headline(a).why


def headline_opposed(a: Analysis) -> bool:
    """Does the straight line's slope oppose the curve the headline rate is read from?"""
    from reportgen.analysis.headline import LINE_OPPOSES

    return headline_fault(a) == LINE_OPPOSES


# How the curve's sentence opens after the shape comparison (a summary read alone drops it).
SHAPE_USED = "The model the report stands on uses this shape; "


def shape_sentences(a: Analysis, labels: Labels) -> list[Sentence]:
    """The shape comparison and, for a curve, its levels at named times and the change."""
    shapes = a.choice.shapes
    if shapes is None or a.trend is None:
        return []
    time = noun(labels.time)
    sentences: list[Sentence] = [
        (
            "Comparing shapes of the average trend by maximum likelihood, "
            f"{shape_effects_words(shapes.random, time, a.choice.model)}, "
            f"{shape_name(shapes.shape, time)} is chosen (AIC ",
            num("trend", "shapes", shapes.shape, "aic"),
            *(() if not shapes.curved else (", the straight line's ", num("trend", "shapes", LINEAR, "aic"))),
            "): ",
            *shape_reason_parts(shapes, time),
            ".",
        )
    ]
    curve = a.trend.curve
    if curve is None:
        return sentences
    if curve.cycle is not None:  # a cycle: its period, peak, trough and amplitude, no net change
        from reportgen.narrative.cycle import cycle_clear, cycle_sentence, cycle_slope_note

        sentences += [
            cycle_sentence(labels, cycle_clear(curve.cycle.amplitude.ci_low)),
            (cycle_slope_note(plural(time)),),
        ]
        return sentences + _shape_by_covariate_sentences(a, time)
    change = curve.change
    response = noun(labels.response)
    head = "value" if names_change(labels.response) else labels.response  # "its average value of rate rises"
    sentences += [
        (
            f"{SHAPE_USED}{average_response(labels.response)} "
            f"{agreeing_words(head, change_words(change.estimate, change.ci_low, change.ci_high))}"
            " over the observed "
            f"{plural(time)}: ",
            num("trend", "curve", "first", "estimate"),
            f" at {time} ",
            num("trend", "curve", "first", "time", style="auto"),
            " (the first), ",
            num("trend", "curve", "middle", "estimate"),
            f" at {time} ",
            num("trend", "curve", "middle", "time", style="auto"),
            " and ",
            num("trend", "curve", "last", "estimate"),
            f" at {time} ",
            num("trend", "curve", "last", "time", style="auto"),
            " (the last), a change of ",
            num("trend", "curve", "change", "estimate"),
            " (95% CI ",
            num("trend", "curve", "change", "ci_low"),
            " to ",
            num("trend", "curve", "change", "ci_high"),
            ")",
            *extreme_parts(
                curve.extreme_kind
                if parabola_turn_shown(shapes.shape, curve.turns, close_shapes(shapes))
                else "",
                curve.turns,
                time,
            ),
            *fastest_parts(curve.bend, change.estimate > 0, time),
            ".",
        ),
        (curve_slope_note(curve.shape, plural(time), headline_source(a), headline_opposed(a)),),
    ]
    sentences += _shape_by_covariate_sentences(a, time)
    sentences += level_caveats(curve, a.overview.response_min, response, time, noun(labels.group))
    return sentences


def _shape_by_covariate_sentences(a: Analysis, time: str) -> list[Sentence]:
    """Each covariate's shape x covariate test, adjusted for the others."""
    sentences: list[Sentence] = []
    for column in a.shape_by_covariate:
        others = tuple(c for c in a.covariates if c != column)
        effect = a.covariates.get(column)
        crossed = kept_partners(effect) if effect is not None else ()
        sentences.append(
            covariate_shape_sentence(column, time, a.shape_by_covariate[column].p, others, crossed)
        )
    return sentences


def shape_differs(p: float, column: str) -> str:
    """Whether a covariate changes the chosen curve, graded by the test's p-value."""
    words = evidence(p)
    if words == "no evidence":
        return f"the data give no evidence that the curve differs with {column}"
    return f"{words} that the curve differs with {column}"


def covariate_shape_sentence(
    column: str, time: str, p: float, others: tuple[str, ...] = (), crossed: tuple[str, ...] = ()
) -> Sentence:
    """The shape x covariate test, in the trend section (the covariate's own section tests lines).

    ``others``: the other covariates, whose main effects both models hold (each test adjusted for
    the others, said so). ``crossed``: those whose interaction with this one the covariate model
    keeps; this test's model has no such interaction, so it is named, and the covariate section's
    test (in its own model) is said to differ.
    """
    adjusted = f", and {' and '.join(others)} in both" if others else ""
    if crossed:
        pairs = " and ".join(f"{column} × {other}" for other in crossed)
        adjusted += (
            f" as main effects only; the covariate section's model also has the {pairs} interaction, "
            "so its test of the curve differs"
        )
    return (
        f"Letting the curve differ with {column} (the shape's {time} terms crossed with {column}, both "
        f"models by maximum likelihood with the same random effects{adjusted}) changes the fit by χ² = ",
        num("trend", "by_covariate", column, "chisq"),
        " on ",
        num("trend", "by_covariate", column, "df", style="int"),
        " degrees of freedom (p ",
        num("trend", "by_covariate", column, "p", style="p_eq"),
        f"): {shape_differs(p, column)}.",
    )


def curve_slope_note(shape: str, times: str = "times", source: str = "line", opposes: bool = False) -> str:
    """What the report's single slopes mean when the trend is curved (``times``: the time's plural;
    ``source`` "curve": the headline rate is the curve's own, not a straight line's; ``opposes``:
    because the straight line's slope has the other sign than the curve's change)."""
    if shape == LINEAR:
        return ""
    if source == "curve" and opposes:
        return (
            "No single slope describes a curve: the seminar's straight-line slopes average over its "
            f"rise and fall, and here have the other sign than its change over the observed {times}, "
            "so they hide its shape; the headline rate is the curve's own change over the observed "
            "range, divided by the range."
        )
    if source == "curve":
        return (
            "No single slope describes a curve: the seminar's straight-line slopes are slopes of "
            f"straight lines laid over it, not its average rate over the observed {times}; the "
            "headline rate is the curve's own change over the observed range, divided by the range."
        )
    if shape == LOG:
        return (
            f"A slope per unit does not describe this trend (the change per unit shrinks as {times} "
            f"grow); the report's straight-line slopes are average rates over the observed {times}."
        )
    return (
        "No single slope describes a curve: the report's straight-line slopes (the seminar's "
        f"questions, the headline slope) are average rates over the observed {times}."
    )


def slope_lead(shape: str, source: str = "line") -> str:
    """How the headline slope is introduced: the chosen model's own slope, the straight line's, or
    (``source`` "curve", analysis.headline) the curve's own average rate."""
    if shape == LINEAR:
        return "In that model the average slope is "
    if source == "curve":
        return (
            "With these random effects the curve's average rate over the observed times (its change "
            "from the first to the last, over the range) is "
        )
    return "With these random effects a straight line's average slope is "


def slope_use_note(shape: str, source: str = "line", why: str = "") -> str:
    """The headline slope's sentence after its numbers: what the summaries use, and for a curved
    trend (``source`` "curve") what the straight line's slope would not be; ``why`` (analysis.
    headline.line_fault): its straight line is singular, or of the other sign than the curve's
    clear change."""
    from reportgen.analysis.headline import LINE_OPPOSES, SINGULAR_LINE

    if shape == LINEAR:
        return "this is the slope the report's summaries use"
    if source == "curve" and why == LINE_OPPOSES:
        return (
            "this is the rate the report's summaries use: a straight line with these random effects "
            "has a slope of the other sign, an average over the curve's rise and fall that hides its "
            "shape, so no rate is read from it"
        )
    if source == "curve" and why == SINGULAR_LINE:
        return (
            "this is the rate the report's summaries use: the straight line with these random effects "
            "is a singular fit (the curve's own fit is not), so no rate is read from it"
        )
    if source == "curve":
        return (
            "this is the rate the report's summaries use (a straight line's slope is not the "
            "curve's average rate, and is not read as one)"
        )
    return (
        "this is the slope the report's summaries use as the average rate over the observed times, "
        "while the model the report stands on follows the curve the trend section describes"
    )
