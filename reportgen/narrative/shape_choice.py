"""Why the shape comparison's rule picks a shape, in words true of the comparison it made.

The rule (:mod:`reportgen.analysis.shape`) steps up in size only for more than ``AIC_MARGIN`` of
AIC, so the shape it picks need not have the lowest AIC: a larger shape can sit within 2 below it
(Rabbit: the parabola is chosen at AIC 380.22, the 3-df spline has 379.16). The words say the shape
"is chosen", name the shape it was compared with (the one held before it), the shapes of its own
size it beat, and the larger ones whose lower AIC was too small a gain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.analysis.shape import AIC_MARGIN, held_shapes
from reportgen.analysis.time_basis import HARMONIC, LINEAR, LOG, QUADRATIC
from reportgen.narrative.sentence import Num, num

if TYPE_CHECKING:
    from reportgen.analysis.time_basis import ShapeComparison


# Shapes named briefly, for the comparison's reasons (log and splines are named with their df or time).
SHORT_NAMES = {LINEAR: "the straight line", QUADRATIC: "the parabola", HARMONIC: "the cycle"}


def short_shape(shape: str, time: str) -> str:
    """A shape named briefly: "the parabola", "the line in log(dose)", "the 3-df spline"."""
    if shape == LOG:
        return f"the line in log({time})"
    return SHORT_NAMES.get(shape) or f"the {shape[6:]}-df spline"


def _aic(shape: str) -> Num:
    return num("trend", "shapes", shape, "aic")


def _named(shapes: list[str], time: str) -> tuple[str | Num, ...]:
    """Shapes with their AICs: "the 3-df spline (379.16) and the 4-df spline (380.10)"."""
    parts: list[str | Num] = []
    for i, shape in enumerate(shapes):
        if i:
            parts.append(" and " if i == len(shapes) - 1 else ", ")
        parts += [f"{short_shape(shape, time)} (", _aic(shape), ")"]
    return tuple(parts)


def lower_but_larger(shapes: ShapeComparison) -> list[str]:
    """The shapes with a lower AIC than the chosen one: larger shapes within ``AIC_MARGIN`` of it."""
    chosen = shapes.fits[shapes.shape].aic
    return [name for name, fit in shapes.fits.items() if name != shapes.shape and fit.aic < chosen]


def same_size_rivals(shapes: ShapeComparison) -> list[str]:
    """The other shapes with as many parameters as the chosen one (their AIC is not lower)."""
    size = shapes.fits[shapes.shape].df
    return [
        name for name, fit in shapes.fits.items() if name not in (shapes.shape, LINEAR) and fit.df == size
    ]


def within_parts(shapes: ShapeComparison, time: str) -> tuple[str | Num, ...]:
    """Why a larger shape with a lower AIC is not chosen (nothing when none has one)."""
    lower = lower_but_larger(shapes)
    if not lower:
        return ()
    verb = "is" if len(lower) == 1 else "are"
    return (
        f"; the lower AIC of {'' if len(lower) == 1 else 'each of '}",
        *_named(lower, time),
        f" {verb} within {AIC_MARGIN:g} of it, too small a gain to pay for more parameters",
    )


def shape_reason_parts(shapes: ShapeComparison, time: str) -> tuple[str | Num, ...]:
    """Why the rule picked ``shapes.shape``, naming each comparison the rule made."""
    chosen = shapes.shape
    held = held_shapes(shapes.fits)
    if chosen == LINEAR:
        if len(shapes.fits) <= 1:
            return ("with so few distinct times no curve can be compared with the straight line",)
        return (
            f"no curve compared lowers the AIC by more than {AIC_MARGIN:g} below the straight line's, "
            "so the straight line stands",
            *within_parts(shapes, time),
        )
    rivals = same_size_rivals(shapes)
    rival_parts: tuple[str | Num, ...] = (
        (", and its AIC is lower than that of ", *_named(rivals, time), ", with as many parameters")
        if rivals
        else ()
    )
    if len(held) < 2:  # picked at the straight line's size
        return (
            "it has as many parameters as the straight line and a lower AIC",
            *rival_parts,
            *within_parts(shapes, time),
        )
    before = held[-2]
    below: tuple[str | Num, ...] = (
        ("the straight line's",)
        if before == LINEAR
        else (f"that of {short_shape(before, time)} (", _aic(before), ")")
    )
    return (
        f"it lowers the AIC by more than {AIC_MARGIN:g} below ",
        *below,
        ", which pays for its extra parameters",
        *rival_parts,
        *within_parts(shapes, time),
    )


# What a shape comparison's random effects are called when the model stood on has others.
STOOD_ON_WORDS = {
    "uncorrelated_slope": "the uncorrelated random slopes",
    "random_intercept": "the random intercept alone",
    "random_slope": "the correlated random slopes",
}


def other_effects_note(random: str, stood_on: str | None) -> str:
    """Said when the shapes were fitted with other random effects than the model the report stands
    on (Rabbit: correlated slopes here, uncorrelated in the equation above), so that the shapes'
    log-likelihoods are not read as those of the straight-line-against-quadratic test."""
    if stood_on is None or stood_on == random or stood_on not in STOOD_ON_WORDS:
        return ""
    return (
        f"; not {STOOD_ON_WORDS[stood_on]} of the model the report stands on and of the "
        "quadratic test above, whose log-likelihoods therefore differ"
    )
