"""A difference between levels that is clear at one end only is said, whatever the words for its
change (final read, ChickWeight with --factor Diet: Diet 2 is 46.92 heavier at day 21, 95% CI 0.64
to 93.19, p = 0.047 as R's lmerTest gives it, but the body said only "no clear change between them")."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportgen.analysis.regression import Coefficient
from reportgen.narrative.covariate_effects import clear_end, clear_end_parts


def test_the_clear_end_is_named_when_the_change_words_do_not_say_it() -> None:
    assert clear_end("steady", first_clear=False, last_clear=True) == "last"  # Diet 2
    assert clear_end("steady", first_clear=True, last_clear=False) == "first"
    assert clear_end("steady", first_clear=False, last_clear=False) == ""  # flip: neither end
    assert clear_end("steady", first_clear=True, last_clear=True) == ""
    assert clear_end("opens", first_clear=False, last_clear=True) == ""  # "clear by the last" says it
    assert clear_end("widens", first_clear=False, last_clear=True) == "last"


def _effect(kind: str, low: float, high: float) -> Any:
    last = Coefficient(
        estimate=(low + high) / 2, se=1.0, stat=2.0, p=0.047, ci_low=low, ci_high=high, df=46.8
    )
    differences = SimpleNamespace(reference="1", at={"2": {"last": last}})
    return SimpleNamespace(kind=kind, column="Diet", differences=differences)


def _words(parts: tuple[object, ...]) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in parts)


def test_the_clear_end_says_which_level_is_higher_and_flips() -> None:
    base = ("covariates", "Diet", "differences")
    higher = clear_end_parts(_effect("categorical", 0.64, 93.19), base, "2", "last")
    assert _words(higher) == "; by the last, Diet 2 is higher than Diet 1 (95% CI # to #)"
    assert ".".join(higher[1].path) == "covariates.Diet.differences.at.2.last.ci_low"  # type: ignore[union-attr]
    lower = clear_end_parts(_effect("categorical", -93.19, -0.64), base, "2", "last")
    assert "Diet 2 is lower than Diet 1" in _words(lower)
    assert "per unit is below zero" in _words(
        clear_end_parts(_effect("numeric", -3.0, -1.0), base, "2", "last")
    )
    assert clear_end_parts(_effect("categorical", 0.64, 93.19), base, "2", "") == ()
