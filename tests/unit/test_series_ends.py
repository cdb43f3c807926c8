"""Series that end at different times are not "no plot drops out" (statistician M, session 7, item
7: Soybean's plots follow each year's schedule, 32 of 48 last measured before day 84)."""

from __future__ import annotations

import pandas as pd

from reportgen.analysis.describe import observation_design
from reportgen.config import Labels
from reportgen.narrative.sentence import Num
from reportgen.narrative.series_ends import different_times

LABELS = Labels("weight", "g", "Time", "days", "Plot")


def _schedules(last_b: int) -> pd.DataFrame:
    """Plot A measured on days 14, 21, 28; plot B on days 15, 22 and ``last_b``."""
    rows = [("A", t) for t in (14, 21, 28)] + [("B", t) for t in (15, 22, last_b)]
    return pd.DataFrame({"group": [g for g, _ in rows], "time": [t for _, t in rows], "response": 1.0})


WORDS: dict = {
    "groups": "plots",
    "group": "plot",
    "time": "Time",
    **{k: Num(("describe", "design", k)) for k in ("subjects", "time_points", "planned")},
    "common": Num(("describe", "design", "planned_subjects")),
    "common_groups": "plots",
}


def different_times_ending(ends_early: int, labels: object) -> tuple:
    """The seminar's sentence for plots measured at different times, most of them equally often."""
    return different_times(True, ends_early, WORDS)


def _words(sentence: tuple) -> str:
    return "".join(p if isinstance(p, str) else f"<{'.'.join(p.path)}>" for p in sentence)


def test_series_ending_early_are_counted_and_said() -> None:
    design = observation_design(_schedules(last_b=25))
    assert design.shorter == 0 and not design.shared_times and design.ends_early == 1
    said = _words(different_times_ending(design.ends_early, LABELS))
    assert "drops out" not in said and "their series end at different times" in said
    assert "<describe.design.ends_early> of the <describe.design.subjects> plots is last measured" in said
    assert said.count("<") == 5 and all(isinstance(p, str | Num) for p in different_times_ending(1, LABELS))


def test_series_ending_together_still_say_no_dropout() -> None:
    design = observation_design(_schedules(last_b=28))
    assert design.ends_early == 0
    assert "but no plot drops out" in _words(different_times_ending(design.ends_early, LABELS))
