"""When each outer group is left out of the line with every level (reportgen.analysis.outer_influence):
not with one grouping, too few outer groups, or too many refits; nothing is fitted then."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pandas as pd
import pytest

from reportgen.analysis.outer_influence import OuterSlope, outer_influence

module = sys.modules["reportgen.analysis.outer_influence"]  # the package exports a function of its name


def _frame(sites: int, patients: int = 2, times: int = 2) -> pd.DataFrame:
    rows = [
        {"site": f"S{s}", "group": f"P{p}", "time": t, "response": float(s + p + t)}
        for s in range(sites)
        for p in range(patients)
        for t in range(times)
    ]
    return pd.DataFrame(rows)


def _nested(crossed: bool = False) -> SimpleNamespace:
    return SimpleNamespace(levels=("site", "patient"), within=(), crossed=crossed, time="time", random={})


@pytest.fixture
def no_fits(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("nothing may be fitted")

    monkeypatch.setattr(module, "_slope", refuse)


@pytest.mark.usefixtures("no_fits")
def test_one_grouping_and_too_few_sites_are_not_refitted() -> None:
    assert outer_influence(_frame(6), None) is None
    assert outer_influence(_frame(module.MIN_GROUPS - 1), _nested()) is None  # type: ignore[arg-type]
    one_level = SimpleNamespace(levels=("patient",), within=(), crossed=False, time="time", random={})
    assert outer_influence(_frame(6), one_level) is None  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_fits")
def test_too_many_sites_or_rows_are_not_refitted(monkeypatch: pytest.MonkeyPatch) -> None:
    assert outer_influence(_frame(module.MAX_GROUPS + 1), _nested()) is None  # type: ignore[arg-type]
    monkeypatch.setattr(module, "MAX_ROWS_REFITTED", 6 * 6 * 4 - 1)  # 6 refits of 24 rows, one row over
    assert outer_influence(_frame(6, patients=3, times=2), _nested()) is None  # type: ignore[arg-type]


def test_the_site_that_moves_the_slope_most_and_the_flips(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stand-in refits: without S1 the slope changes sign (its interval still excludes 0), without S2
    its interval covers 0."""
    slopes = {"all": (1.0, 0.2, 1.8), "S0": (1.1, 0.3, 1.9), "S1": (-0.4, -1.0, -0.1), "S2": (0.9, -0.1, 1.9)}
    slopes |= {"S3": (1.0, 0.2, 1.8)}

    def stand_in(data: pd.DataFrame, formula: str) -> tuple[OuterSlope, float]:
        left = sorted({"S0", "S1", "S2", "S3"} - set(data["l0"]))
        return OuterSlope(*slopes[left[0] if left else "all"]), 0.4

    monkeypatch.setattr(module, "_slope", stand_in)
    result = outer_influence(_frame(4), _nested())  # type: ignore[arg-type]
    assert result is not None
    assert result.most_influential == "S1" and result.slope_change == pytest.approx(-1.4)
    assert result.change_in_se == pytest.approx(3.5)
    assert result.sign_changers == ("S1",) and result.significance_changers == ("S2",)
    assert result.changes_conclusion and result.subjects == 8
    slopes |= {"S1": (1.05, 0.25, 1.85), "S2": (0.95, 0.15, 1.75)}
    steady = outer_influence(_frame(4), _nested())  # type: ignore[arg-type]
    assert steady is not None and not steady.changes_conclusion and steady.most_influential == "S0"
