"""A curved trend's headline and Going further 1's prompt (mail.compose.key_findings,
narrative.further.drawn_slopes): a logistic curve is not summed up by one straight slope and a
straight line's level, and GF1 reads the own lines Q4 reads too (Soybean: Q4's pair, 3.2 times as
steep, lay outside Q3's ten lines, and GF1 said the own lines "differ little in slope")."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from reportgen.config import Labels
from reportgen.mail.compose import _curved, key_findings
from reportgen.narrative import Num
from reportgen.narrative.further import drawn_slopes

LABELS = Labels("weight", "g", "Time", "day", "Plot")


def _paths(curved: bool) -> set[str]:
    findings = key_findings(LABELS, "gaussian", curved)
    return {".".join(p.path) for f in findings for p in f.parts if isinstance(p, Num)}


def test_a_curve_is_headlined_by_its_own_change_and_start() -> None:
    paths = _paths(True)
    assert {"trend.curve.change.estimate", "trend.curve.first.estimate", "trend.curve.first.time"} <= paths
    assert "headline.level" not in paths  # a straight line's level (Soybean: -2.60 g at day 14)
    words = " ".join(p for f in key_findings(LABELS, "gaussian", True) for p in f.parts if isinstance(p, str))
    assert "a straight line's average over the observed range, not a constant rate" in words


def test_a_straight_trend_keeps_its_slope_and_level() -> None:
    paths = _paths(False)
    assert {"headline.slope", "headline.level"} <= paths
    assert not any(p.startswith("trend.") for p in paths)


def test_a_curve_is_told_by_its_recorded_levels() -> None:
    assert _curved({"trend": {"curve": {"change": {}}}})
    assert not _curved({"trend": {"curve": None}})
    assert not _curved({"trend": None})


def _analysis(first: tuple[str, ...], pair: tuple[str, str], slopes: dict[str, float]) -> Any:
    return cast(
        Any,
        SimpleNamespace(
            first_subjects=first,
            subject_pair=SimpleNamespace(first=pair[0], second=pair[1]),
            subject_lines={s: SimpleNamespace(slope=v) for s, v in slopes.items()},
        ),
    )


def test_going_further_1_reads_q4s_pair_beside_q3s_lines() -> None:
    slopes = {"a": 0.30, "b": 0.32, "c": 0.42, "d": 0.13}
    assert sorted(drawn_slopes(_analysis(("a", "b"), ("c", "d"), slopes))) == [0.13, 0.30, 0.32, 0.42]
    # A pair among Q3's lines is read once.
    assert sorted(drawn_slopes(_analysis(("a", "b", "c"), ("c", "a"), slopes))) == [0.30, 0.32, 0.42]
