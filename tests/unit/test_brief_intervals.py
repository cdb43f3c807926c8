"""The study report's "In brief" does not print intervals as answers when its own diagnostics call
them wrong (issue 21, eighth read: Soybean's summary printed "a change of 18.41 (95% CI 17.21 to
19.61)" and then "the model's standard errors, intervals and p-values are wrong")."""

from __future__ import annotations

from reportgen.narrative.brief import INTERVALS_LEFT_OUT, in_brief, without_intervals
from reportgen.narrative.rules import diagnostic_verdict
from reportgen.narrative.sentence import Num, Sentence, num
from reportgen.narrative.shape import SHAPE_USED

CHANGE = ("trend", "curve", "change")
CURVE = (
    f"{SHAPE_USED}its average weight rises: a change of ",
    num(*CHANGE, "estimate"),
    " (95% CI ",
    num(*CHANGE, "ci_low"),
    " to ",
    num(*CHANGE, "ci_high"),
    "); it rises fastest at time ",
    num("trend", "curve", "turn"),
    ".",
)
DIFFERENCE = ("covariates", "Variety", "differences", "at", "P", "mean")
COVARIATE = (
    "With Variety P, weight is ",
    num(*DIFFERENCE, "estimate", style="abs"),
    " higher than with Variety F (95% CI ",
    num(*DIFFERENCE, "ci_low", style="abs"),
    " to ",
    num(*DIFFERENCE, "ci_high", style="abs"),
    " higher), at time 43.7.",
)


def _text(sentences: list[Sentence]) -> list[str]:
    return ["".join(p if isinstance(p, str) else "{" + p.path[-1] + "}" for p in s) for s in sentences]


def _brief(intervals_wrong: bool) -> list[Sentence]:
    verdict = diagnostic_verdict(["a spread that grows"], "the fitted curve", intervals_wrong=intervals_wrong)
    return in_brief({"g_trend": [CURVE], "covariate:Variety": [COVARIATE], "g_diagnostics": [(verdict,)]})


def test_intervals_called_wrong_are_left_out_and_the_summary_says_so() -> None:
    brief = _brief(intervals_wrong=True)
    keys = [part.path[-1] for sentence in brief for part in sentence if isinstance(part, Num)]
    assert "ci_low" not in keys and "ci_high" not in keys
    text = _text(brief)
    assert (
        text[0]
        == "The model's average weight rises: a change of {estimate}; it rises fastest at time {turn}."
    )
    assert text[1] == "With Variety P, weight is {estimate} higher than with Variety F, at time 43.7."
    assert "wrong, not just uncertain" in text[2] and brief[-1] == INTERVALS_LEFT_OUT


def test_intervals_merely_uncertain_are_kept() -> None:
    brief = _brief(intervals_wrong=False)
    keys = [part.path[-1] for sentence in brief for part in sentence if isinstance(part, Num)]
    assert keys.count("ci_low") == 2 and INTERVALS_LEFT_OUT not in brief


def test_an_interval_outside_brackets_is_kept_whole() -> None:
    bare = ("from ", num("a", "ci_low"), " (the first) to ", num("a", "ci_high"), ".")
    assert without_intervals(bare) == bare
