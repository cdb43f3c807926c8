"""Why the shape rule picks a shape (reportgen.narrative.shape_choice): the words say "is chosen"
and name the comparisons the rule made, so they stay true when a larger shape has a lower AIC
within 2 (Rabbit, clinics: seventh read) or a same-size shape sits above the chosen one."""

from __future__ import annotations

from reportgen.analysis.shape import held_shapes, pick_shape
from reportgen.analysis.time_basis import ShapeComparison, ShapeFit
from reportgen.narrative.sentence import Num
from reportgen.narrative.shape import shape_effects_words
from reportgen.narrative.shape_choice import other_effects_note, shape_reason_parts


def _comparison(**aics: tuple[float, int]) -> ShapeComparison:
    fits = {name: ShapeFit(loglik=-aic / 2 + df, aic=aic, df=df) for name, (aic, df) in aics.items()}
    return ShapeComparison(pick_shape(fits), fits)


def _text(parts: tuple[str | Num, ...], shapes: ShapeComparison) -> str:
    """The words with each AIC written in, as the report prints it."""
    return "".join(p if isinstance(p, str) else f"{shapes.fits[p.path[2]].aic:.2f}" for p in parts)


# The Rabbit report's table (AIC, parameters): the parabola is chosen, spline3 is lower by 1.06.
RABBIT = {
    "linear": (398.79, 6),
    "log": (395.41, 6),
    "quadratic": (380.22, 7),
    "spline2": (381.49, 7),
    "spline3": (379.16, 8),
    "spline4": (381.18, 9),
}


def test_a_lower_aic_within_two_is_named_as_the_reason_the_simpler_shape_is_kept() -> None:
    shapes = _comparison(**RABBIT)
    assert shapes.shape == "quadratic" and held_shapes(shapes.fits) == ["log", "quadratic"]
    words = _text(shape_reason_parts(shapes, "dose"), shapes)
    assert "the lower AIC of the 3-df spline (379.16) is within 2 of it" in words
    # compared with the shape held before it (log dose), not "every simpler shape": spline2 has as
    # many parameters and an AIC only 1.27 above
    assert "every simpler shape" not in words
    assert "more than 2 below that of the line in log(dose) (395.41)" in words
    assert "lower than that of the 2-df spline (381.49), with as many parameters" in words


def test_without_a_lower_larger_shape_nothing_is_said_to_be_within_two() -> None:
    shapes = _comparison(**{**RABBIT, "spline3": (382.0, 8)})
    words = _text(shape_reason_parts(shapes, "dose"), shapes)
    assert "within 2" not in words and "more than 2 below that of the line in log(dose)" in words


def test_a_straight_line_kept_names_the_curve_whose_lower_aic_is_within_two() -> None:
    # clinics: the straight line at 2401.36 is kept, spline3 has 2400.22
    shapes = _comparison(linear=(2401.36, 6), quadratic=(2402.5, 7), spline3=(2400.22, 8))
    assert shapes.shape == "linear"
    words = _text(shape_reason_parts(shapes, "month"), shapes)
    assert "so the straight line stands" in words
    assert "the lower AIC of the 3-df spline (2400.22) is within 2" in words
    higher = _comparison(linear=(2401.36, 6), quadratic=(2402.5, 7), spline3=(2403.0, 8))
    assert "within 2" not in _text(shape_reason_parts(higher, "month"), higher)


def test_a_curve_held_before_the_straight_line_is_named() -> None:
    shapes = _comparison(linear=(100.0, 6), quadratic=(97.0, 7), spline4=(94.0, 9))
    words = _text(shape_reason_parts(shapes, "time"), shapes)
    assert shapes.shape == "spline4" and "more than 2 below that of the parabola (97.00)" in words
    stepped = _comparison(linear=(100.0, 6), spline4=(94.0, 9))
    assert "more than 2 below the straight line's" in _text(shape_reason_parts(stepped, "t"), stepped)


def test_shapes_fitted_with_other_random_effects_than_the_model_stood_on_say_so() -> None:
    # Rabbit: shapes with correlated slopes, the equation above (and its chi2 test) uncorrelated
    rabbit = shape_effects_words("random_slope", "dose", "uncorrelated_slope")
    assert "not the uncorrelated random slopes of the model the report stands on" in rabbit
    assert "quadratic test above, whose log-likelihoods therefore differ" in rabbit
    assert other_effects_note("random_slope", "random_slope") == ""
    assert "random intercept alone" in other_effects_note("random_slope", "random_intercept")
    assert other_effects_note("random_intercept", "random_intercept") == ""
