"""Questions 3 and 5's straight-line ratio on a curved GLMM (``narrative/straight_ratio_words.py``;
statistician S 3, binq: "its odds ratio per visit is 1.21 ..., so the odds rise with each visit"
beside a curve that peaks at visit 2.81)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportgen.i18n import speaking
from reportgen.narrative.family import DOWN, UP
from reportgen.narrative.family_questions import _ratio_clause
from reportgen.narrative.straight_ratio_words import PEAK, TROUGH, curve_ratio_words, straight_test_words


def _analysis(curve_kind: str | None, family: str = "binomial") -> Any:
    curve = None if curve_kind is None else SimpleNamespace(extreme_kind=curve_kind)
    return SimpleNamespace(glmm=SimpleNamespace(curve=curve, family=family))


def test_a_peak_or_a_trough_is_named_and_no_single_ratio_claimed() -> None:
    peak = curve_ratio_words("odds ratio", "visit", PEAK)
    trough = curve_ratio_words("odds ratio", "visit", TROUGH)
    assert "a curve (going further) that peaks inside the observed range" in peak
    assert "falls to its lowest inside the observed range" in trough and "peaks" not in trough
    assert peak.endswith("so no single odds ratio per visit describes it")
    plain = curve_ratio_words("rate ratio", "week", "")
    assert plain.endswith("which no single rate ratio per week describes") and "inside" not in plain


def test_on_a_curve_the_questions_do_not_say_with_each_visit() -> None:
    curved = _ratio_clause(_analysis(PEAK), UP, ", so ", "odds", "visit")
    assert curved.startswith(", but that is a straight line's summary")
    assert "with each visit" not in curved
    straight = _ratio_clause(_analysis(None), UP, ", so ", "odds", "visit")
    assert straight == ", so the odds rise with each visit"
    assert _ratio_clause(_analysis(None), DOWN, ": ", "odds", "visit") == ": the odds fall with each visit"


def test_the_words_are_translated() -> None:
    with speaking("de"):
        words = curve_ratio_words("Odds-Verhältnis", "Besuch", PEAK)
    assert words.startswith("aber das ist die Zusammenfassung einer Geraden")


def test_the_random_slope_test_of_a_curve_is_said_to_be_the_straight_glmms() -> None:
    assert straight_test_words(True, "visit").startswith("The test compares the straight-line GLMMs in visit")
    assert straight_test_words(False, "visit") == ""
