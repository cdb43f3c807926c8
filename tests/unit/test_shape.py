"""The trend-shape rules (reportgen.analysis.shape) and their words (reportgen.narrative.shape):
flip the input, the choice and the words flip. R's own ns() is compared in tests/crosscheck."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.model_matrix import build_model_matrix
from reportgen.analysis.shape import pick_shape
from reportgen.analysis.time_basis import ShapeFit, candidates, make_shape, ns_basis, relabel
from reportgen.narrative.shape import (
    bend_found,
    change_words,
    curve_slope_note,
    parabola_misses_shape,
    shape_effects_words,
    shape_name,
    slope_lead,
    slope_use_note,
)
from reportgen.narrative.shape_choice import shape_reason_parts


def _fits(**aics: tuple[float, int]) -> dict[str, ShapeFit]:
    return {name: ShapeFit(loglik=-aic / 2 + df, aic=aic, df=df) for name, (aic, df) in aics.items()}


def test_a_curve_must_beat_the_line_by_more_than_two_aic() -> None:
    assert pick_shape(_fits(linear=(100.0, 4), quadratic=(98.5, 5))) == "linear"
    assert pick_shape(_fits(linear=(100.0, 4), quadratic=(97.5, 5))) == "quadratic"


def test_a_shape_of_the_same_size_wins_on_a_lower_aic_alone() -> None:
    assert pick_shape(_fits(linear=(100.0, 4), log=(99.9, 4))) == "log"
    assert pick_shape(_fits(linear=(99.9, 4), log=(100.0, 4))) == "linear"
    assert pick_shape(_fits(linear=(100.0, 4), log=(100.0, 4))) == "linear"  # a tie: the simpler


def test_each_step_up_is_against_the_current_choice() -> None:
    # spline3 is 2.5 below the line but only 1 below the quadratic, which already beat the line.
    fits = _fits(linear=(100.0, 4), quadratic=(98.0 - 0.5, 5), spline3=(96.5, 6))
    assert pick_shape(fits) == "quadratic"
    fits = _fits(linear=(100.0, 4), quadratic=(97.5, 5), spline3=(95.0, 6))
    assert pick_shape(fits) == "spline3"


def test_log_is_a_candidate_only_for_positive_times_spanning_a_factor_of_ten() -> None:
    assert "log" in candidates(np.array([6.25, 12.5, 25, 50, 100, 200]))
    assert "log" not in candidates(np.array([20.0, 40, 80, 160, 190]))  # max / min 9.5
    assert "log" not in candidates(np.array([0.0, 1, 2, 3, 9]))  # a zero time
    assert candidates(np.array([1.0, 2.0, 1.0])) == ("linear",)  # two times: a line only


def test_splines_need_more_distinct_times_than_coefficients() -> None:
    assert candidates(np.arange(3.0)) == ("linear", "quadratic")
    assert candidates(np.arange(4.0))[-1] == "spline2"
    assert candidates(np.arange(5.0))[-1] == "spline3"
    assert candidates(np.arange(6.0))[-1] == "spline4"


def test_column_names_are_lme4s_and_relabel_to_the_users_time() -> None:
    time = np.arange(1.0, 11.0)
    assert make_shape("quadratic", time).names == ("time", "I(time^2)")
    assert make_shape("log", time).names == ("log(time)",)
    assert make_shape("spline3", time).names == tuple(f"splines::ns(time, 3){k}" for k in (1, 2, 3))
    assert make_shape("spline3", time).term == "splines::ns(time, 3)"
    assert [relabel(n, "Dose") for n in ("time", "I(time^2)", "log(time)", "splines::ns(time, 4)2")] == [
        "Dose",
        "I(Dose^2)",
        "log(Dose)",
        "splines::ns(Dose, 4)2",
    ]
    assert relabel("time:SexM", "Days") == "time:SexM"  # interactions are split by the caller
    with pytest.raises(ValueError, match="unknown trend shape"):
        make_shape("cubic", time)


def test_natural_spline_is_linear_beyond_its_boundary_knots() -> None:
    x = np.array([0.0, 1, 2, 4, 7, 9, 10])
    basis = ns_basis(x, 3)
    assert basis.shape == (7, 3)
    assert np.allclose(basis[0], 0.0)  # R's ns without intercept is 0 at the left boundary
    # Second differences vanish just inside both boundaries (second derivative 0 there).
    for edge, step in ((0.0, 1e-3), (10.0, -1e-3)):
        near = ns_basis(
            np.array([edge, edge + step, edge + 2 * step]), 3, np.quantile(x, [1 / 3, 2 / 3]), (0, 10)
        )
        assert np.allclose(near[0] - 2 * near[1] + near[2], 0.0, atol=1e-8)


def test_shape_matrix_puts_the_spline_columns_in_one_term() -> None:
    frame = pd.DataFrame({"time": np.arange(8.0)})
    design = build_model_matrix(frame, shape=make_shape("spline3", frame["time"].to_numpy()))
    assert design.names[0] == "(Intercept)" and design.X.shape == (8, 4)
    assert design.terms == ("(Intercept)", "splines::ns(time, 3)") and design.assign == (0, 1, 1, 1)
    linear = build_model_matrix(frame, shape=make_shape("linear", frame["time"].to_numpy()))
    assert linear.names == ("(Intercept)", "time")  # a straight line is the seminar's design


def test_shape_words_follow_the_shape() -> None:
    assert shape_name("linear", "day") == "a straight line"
    assert "logarithm of dose" in shape_name("log", "dose")
    assert "3 degrees of freedom" in shape_name("spline3", "age")
    from reportgen.analysis.time_basis import ShapeComparison

    def reason(**aics: tuple[float, int]) -> str:
        fits = _fits(**aics)
        parts = shape_reason_parts(ShapeComparison(pick_shape(fits), fits), "day")
        return "".join(p for p in parts if isinstance(p, str))

    assert "straight line stands" in reason(linear=(100.0, 4), quadratic=(99.0, 5))
    assert "no curve can be compared" in reason(linear=(100.0, 4))
    assert "as many parameters" in reason(linear=(100.0, 4), log=(99.0, 4))
    assert "extra parameters" in reason(linear=(100.0, 4), spline3=(90.0, 6))


def test_change_words_follow_the_interval() -> None:
    assert change_words(5.0, 1.0, 9.0) == "rises"
    assert change_words(-5.0, -9.0, -1.0) == "falls"
    assert change_words(5.0, -1.0, 9.0).startswith("shows no clear net change")


def test_parabola_missing_a_chosen_curve_is_said() -> None:
    assert parabola_misses_shape("linear", "spline3", False)
    assert not parabola_misses_shape("quadratic", "spline3", False)
    assert not parabola_misses_shape("linear", "linear", False)
    assert not parabola_misses_shape("linear", "spline3", True)  # the residual rule already says it
    assert bend_found("linear", "spline3") == "curved" and bend_found("linear", "linear") == "linear"


def test_the_headline_slope_is_the_straight_lines_for_a_curve() -> None:
    assert slope_lead("linear").startswith("In that model")
    assert "straight line" in slope_lead("spline3")
    assert slope_use_note(
        "linear"
    ) == "this is the slope the report's summaries use" and "curve" in slope_use_note("quadratic")
    assert curve_slope_note("linear") == ""
    assert "shrinks as doses grow" in curve_slope_note("log", "doses")
    assert curve_slope_note("spline3", "ages").endswith("over the observed ages.")


def test_shape_by_covariate_words_follow_the_p_value() -> None:
    from reportgen.narrative.shape import covariate_shape_sentence, shape_differs

    assert shape_differs(0.0001, "Treatment") == "strong evidence that the curve differs with Treatment"
    assert (
        shape_differs(0.5, "Treatment") == "the data give no evidence that the curve differs with Treatment"
    )
    words = covariate_shape_sentence("Treatment", "dose", 0.5)
    assert words[-1].endswith("no evidence that the curve differs with Treatment.")
    keys = [".".join(part.path) for part in words if not isinstance(part, str)]
    assert keys == [
        "trend.by_covariate.Treatment.chisq",
        "trend.by_covariate.Treatment.df",
        "trend.by_covariate.Treatment.p",
    ]


def test_the_figure_names_the_chosen_curve_only_when_it_draws_one() -> None:
    from reportgen.narrative.shape import chosen_curve_words

    assert chosen_curve_words("linear", "day") == "" and chosen_curve_words("quadratic", "day") == ""
    assert "natural cubic spline in age" in chosen_curve_words("spline3", "age")


def test_no_spline_whose_knots_coincide() -> None:
    # Most values at the first two times: the 1/3 and 2/3 quantiles coincide or sit on the edge.
    tied = np.array([0.0] * 20 + [1.0] * 20 + [2.0, 3.0, 4.0, 5.0])
    assert not any(name.startswith("spline") and name != "spline2" for name in candidates(tied))


def test_an_interior_peak_or_trough_is_found_and_the_ends_are_not() -> None:
    import numpy as np

    from reportgen.analysis.regression import t_coefficient
    from reportgen.analysis.shape import CurveSummary, interior_extreme

    t = np.linspace(-0.17, 1.17, 401)
    ovary = 12 + 4 * np.sin(np.pi * (t + 0.05) / 1.3)  # up to a peak inside, then down
    kind, index = interior_extreme(t, ovary)  # type: ignore[misc]
    assert kind == "peak" and 0 < index < 400
    assert interior_extreme(t, -ovary) == ("trough", index)  # the flip
    assert interior_extreme(t, 2 + 3 * t) is None  # a straight rise: highest and lowest at the ends
    level = t_coefficient(15.8, 1.1, 11.0)

    def summary(after: float) -> CurveSummary:
        fall = t_coefficient(after, 1.0, 11.0)
        return CurveSummary("spline3", (0, 0.5, 1), (level, level, level), fall, "peak", 0.74, level, fall)

    assert summary(-7.8).turns  # Ovary: 15.8 -> 8.0, clearly down
    assert not summary(-1.1).turns  # Dialyzer: 51.85 -> 50.73, within the uncertainty


def test_shapes_are_said_to_be_compared_with_the_maximal_random_effects() -> None:
    # analysis.shape.choose_shape fits every shape with correlated random slopes (Orthodont: the
    # table's straight line, loglik -219.61, is R's lmer(distance ~ age + (age | Subject), REML =
    # FALSE)), not with "those of the model the data support" (there, the random intercept).
    maximal = shape_effects_words("random_slope", "age")
    assert "correlated random slopes in linear age" in maximal and "data support" not in maximal
    fallback = shape_effects_words("random_intercept", "age")
    assert (
        "with a random intercept" in fallback and "correlated random slopes could not be fitted" in fallback
    )
