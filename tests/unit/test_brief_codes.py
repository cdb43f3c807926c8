"""The study report's "In brief" on ChickWeight (eighth read): it led with "With one unit more of
Diet, weight is 11.39 higher" where Diet is 4 groups coded 1 to 4, and gave the chicks' levels at
time 0 (SD 12.01) without the body's caveat that the weights measured there spread by 1.13."""

from __future__ import annotations

from reportgen.narrative.brief import in_brief
from reportgen.narrative.model import START_SPREAD_LEAD
from reportgen.narrative.model_rules import covariate_reading, numbers_or_codes, start_spread_departs
from reportgen.narrative.sentence import num

PER_UNIT = (
    "With one unit more of Diet, weight is ",
    num("covariates", "Diet", "differences", "at", "Diet", "mean", "estimate"),
    " higher.",
)
SPREAD = ("Chicks' intercepts vary with a standard deviation of ", num("model_choice", "intercept_sd"), ".")
CAVEAT = (f"{START_SPREAD_LEAD}, time 0, have a standard deviation of ", num("model_choice", "x"), ".")


def _text(sentences: list) -> list[str]:  # type: ignore[type-arg]
    return ["".join(p if isinstance(p, str) else "#" for p in s) for s in sentences]


def test_a_covariate_that_may_be_a_code_leads_with_its_warning_not_a_per_unit_effect() -> None:
    codes = numbers_or_codes("Diet", "numeric", 4, True)
    brief = _text(in_brief({"covariate:Diet": [(codes + ".",), PER_UNIT]}))
    assert brief == [codes + "."] and "--factor Diet" in brief[0]
    # a real amount (many values, or not whole numbers) has no warning: the per-unit effect leads
    assert numbers_or_codes("dose", "numeric", 12, True) == ""
    assert _text(in_brief({"covariate:Diet": [PER_UNIT]})) == _text([PER_UNIT])


def test_figure_words_say_quartiles_only_for_a_real_continuous_covariate() -> None:
    assert covariate_reading("numeric", 4, codes=True) == "value it is held at"
    assert covariate_reading("numeric", 40) == "quartile"
    assert covariate_reading("numeric", 2, codes=True) == "value"


def test_the_levels_spread_keeps_its_caveat_beside_it() -> None:
    sentences = {"g_choice": [("The data support it.",), SPREAD, CAVEAT, ("Other.",)]}
    assert _text(in_brief(sentences)) == _text([SPREAD, CAVEAT])
    without = {"g_choice": [("The data support it.",), SPREAD, ("Other.",)]}
    assert _text(in_brief(without)) == _text([SPREAD])


def test_the_caveat_fires_only_when_the_measured_spread_departs_from_the_model() -> None:
    # ChickWeight: 1.13 measured at day 0 by 50 chicks where the model expects 16.57
    assert start_spread_departs(16.57, 1.13, 50)
    assert not start_spread_departs(16.57, 15.9, 50)  # within sampling
    assert not start_spread_departs(16.57, 1.13, 2)  # too few chicks to compare
    assert not start_spread_departs(16.57, None, 50)
