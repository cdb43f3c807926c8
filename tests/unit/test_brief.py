"""The study report's "In brief" (reportgen.narrative.brief): the report's own sentences, picked by
what they report; a sentence the report does not have is left out."""

from __future__ import annotations

from reportgen.narrative.brief import in_brief
from reportgen.narrative.measured_levels import LEVEL_BELOW_LEAD
from reportgen.narrative.rules import diagnostic_verdict
from reportgen.narrative.sentence import num
from reportgen.narrative.shape import SHAPE_USED, slope_lead

CURVE = (
    f"{SHAPE_USED}its average size rises: a change of ",
    num("trend", "curve", "change", "estimate"),
    ".",
)
SLOPE = (slope_lead("linear"), num("headline", "slope"), " ms/day.")
COVARIATE = (
    "With treat ozone, size is ",
    num("covariates", "treat", "differences", "at", "ozone", "mean", "estimate"),
    " lower.",
)
SPREAD = ("Slopes vary with a standard deviation of ", num("model_choice", "slope_sd"), ".")
ICC = ("Subjects account for ", num("random_intercept", "icc"), ".")


def _text(sentences: list) -> list[str]:  # type: ignore[type-arg]
    return ["".join(p if isinstance(p, str) else "{" + ".".join(p.path) + "}" for p in s) for s in sentences]


def test_a_curve_with_a_covariate() -> None:
    sentences = {
        "g_trend": [("The shapes compared.",), CURVE],
        "g_choice": [("The data support it.",), SPREAD, ("Other.",)],
        "g_between": [ICC],
        "covariate:treat": [("The type-III test.",), COVARIATE],
        "g_diagnostics": [("Tails.",), (diagnostic_verdict(["heavy tails"], "the fitted curve"),)],
    }
    assert _text(in_brief(sentences)) == [
        "The model's average size rises: a change of {trend.curve.change.estimate}.",
        "With treat ozone, size is {covariates.treat.differences.at.ozone.mean.estimate} lower.",
        "Slopes vary with a standard deviation of {model_choice.slope_sd}.",
        "The checks find heavy tails: the fixed-effect estimates stay usable, but standard errors and "
        "p-values deserve caution until the model accounts for this.",
    ]


def test_a_straight_line_without_covariates_says_only_what_the_report_has() -> None:
    sentences = {"g_choice": [SLOPE], "g_between": [ICC], "g_diagnostics": [(diagnostic_verdict([]),)]}
    brief = _text(in_brief(sentences))
    assert brief[0] == "In the model the report stands on, the average slope is {headline.slope} ms/day."
    assert brief[1] == "Subjects account for {random_intercept.icc}."
    assert brief[2].startswith("Nothing here contradicts")
    assert len(brief) == 3 and not any("treat" in s for s in brief)
    assert in_brief({}) == []


def test_a_curve_below_zero_keeps_its_caveat() -> None:
    # Seventh read: Soybean's summary gave the curve's -0.042 g at day 14 without the body's caveat.
    caveat = (LEVEL_BELOW_LEAD + ", where no measured weight lies, is the curve's summary.",)
    with_caveat = in_brief({"g_trend": [CURVE, ("Other.",), caveat]})
    assert _text(with_caveat)[1].startswith(LEVEL_BELOW_LEAD)
    assert len(in_brief({"g_trend": [CURVE, ("Other.",)]})) == 1  # flip: no caveat, none added
