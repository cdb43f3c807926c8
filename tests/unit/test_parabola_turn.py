"""A parabola's turning point is named only when the data show it (issue 21, sixth read: Rabbit's
quadratic curve "highest at 27.20 at dose 182", one dose beyond it, a spline within 2 AIC). Flip the
inputs, the decision flips."""

from __future__ import annotations

from reportgen.analysis.time_basis import ShapeComparison, ShapeFit
from reportgen.narrative.shape import close_shapes, parabola_turn_shown


def _shapes(spline_aic: float) -> ShapeComparison:
    fits = {"linear": ShapeFit(-200.0, 410.0, 5), "quadratic": ShapeFit(-190.0, 392.0, 6)}
    return ShapeComparison("quadratic", fits | {"spline3": ShapeFit(-189.5, spline_aic, 7)})


def test_close_shapes_by_aic() -> None:
    assert close_shapes(_shapes(393.0))  # Rabbit: the spline within 2 AIC
    assert not close_shapes(_shapes(399.0))


def test_a_parabola_turn_needs_a_clear_turn_and_no_close_rival() -> None:
    assert not parabola_turn_shown("quadratic", turns=False, close=False)  # it only levels off
    assert not parabola_turn_shown("quadratic", turns=True, close=True)  # a rival shape fits as well
    assert parabola_turn_shown("quadratic", turns=True, close=False)
    assert parabola_turn_shown("spline3", turns=False, close=True)  # other curves' turns stand
