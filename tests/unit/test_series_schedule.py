"""Where series end: design values measured with small variation, and schedules (statistician Q,
session 8: Dialyzer's last pressures 2.97 to 3.03 made 19 of 20 subjects "end early"; Soybean's
plots end on each year's schedule, not by dropping out)."""

from __future__ import annotations

import pandas as pd

from reportgen.analysis.series_schedule import series_ends, series_keys, visit_clusters
from reportgen.narrative.sentence import Num
from reportgen.narrative.series_ends import series_end_sentences


def _frame(rows: dict[str, list[float]], **columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [{"group": g, "time": t, "response": 1.0} for g, times in rows.items() for t in times]
    )
    for name, by_group in columns.items():
        frame[name] = frame["group"].map(by_group)
    return frame


def _grids(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby("group", sort=True)["time"].agg(lambda t: tuple(sorted(set(t))))


def _ends(frame: pd.DataFrame, covariates: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return series_ends(frame, _grids(frame), covariates)


# Four subjects at set pressures 0.25, 0.5, ..., 3.0, each measured a little off the set value.
JITTERED = {
    "a": [0.24, 0.5, 1.0, 1.5, 2.0, 2.5, 2.97],
    "b": [0.25, 0.51, 0.99, 1.52, 2.01, 2.49, 3.0],
    "c": [0.26, 0.49, 1.01, 1.48, 1.99, 2.51, 3.03],
    "d": [0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.01],
}


def test_times_around_design_values_end_together() -> None:
    ends = _ends(_frame(JITTERED))
    assert ends.visits and ends.ends_early == 0
    assert (ends.last_low, ends.last_high) == (2.97, 3.03)
    assert ends.tolerance == 0.1 * 0.5  # a tenth of the median step


def test_times_read_exactly_when_the_spread_is_a_step() -> None:
    # The flip: the last values 2.0 to 3.03 differ by steps, not by jitter: one series ends early.
    rows = {**JITTERED, "a": [0.24, 0.5, 1.0, 1.5, 2.0]}
    ends = _ends(_frame(rows))
    assert ends.ends_early == 1 and ends.last_low == 3.0


def test_a_subject_measured_twice_in_a_cluster_means_no_design_values() -> None:
    times = [0.0, 1.0, 1.05, 2.0]
    assert visit_clusters(times, [(0.0, 1.0, 2.0), (0.0, 1.05, 2.0)]) == {
        0.0: 0.0,
        1.0: 1.0,
        1.05: 1.0,
        2.0: 2.0,
    }
    assert visit_clusters(times, [(0.0, 1.0, 1.05, 2.0), (0.0, 1.0, 2.0)]) == {}
    assert visit_clusters([0.0, 1.0, 2.0], [(0.0, 1.0, 2.0)]) == {}  # nothing merges: exact


WEEKLY = [float(day) for day in range(14, 71, 7)]


def _schedule_rows() -> tuple[dict[str, list[float]], dict[str, str]]:
    """Three years of five plots, each year ending on its own day; one plot stops early."""
    rows, years = {}, {}
    for year, last in (("1988", 77.0), ("1989", 84.0), ("1990", 79.0)):
        for i in range(5):
            rows[f"{year}-{i}"] = [*WEEKLY, last]
            years[f"{year}-{i}"] = year
    rows["1988-0"] = WEEKLY  # stops at day 70
    return rows, years


def test_common_ends_are_a_schedule_named_by_the_column_that_sets_them() -> None:
    rows, years = _schedule_rows()
    ends = _ends(_frame(rows, Year=years), ("Year",))
    assert ends.schedule == (77.0, 79.0, 84.0) and ends.off_schedule == 1
    assert ends.schedule_column == "Year"
    assert series_keys(ends)["schedule"] == {"ends": [77.0, 79.0, 84.0], "column": "Year", "off_schedule": 1}
    # a column that does not set the ends is not named
    other = {g: ("x" if i % 2 else "y") for i, g in enumerate(rows)}
    assert _ends(_frame(rows, Variety=other), ("Variety",)).schedule_column == ""


def test_ends_spread_over_many_times_are_no_schedule() -> None:
    rows = {f"s{i}": [0.0, 1.0, 2.0 + i] for i in range(10)}  # every series ends at its own time
    ends = _ends(_frame(rows))
    assert ends.schedule == () and ends.ends_early == 9 and series_keys(ends) == {}


def _text(sentences: list[tuple[str | Num, ...]]) -> str:
    return " ".join("".join(p if isinstance(p, str) else "N" for p in s) for s in sentences)


WORDS: dict[str, str | Num] = {
    "groups": "plots",
    "group": "plot",
    "time": "day",
    "time_points": "N",
    "planned": "N",
}


def test_the_sentence_names_the_schedule_and_keeps_dropout_for_the_rest() -> None:
    rows, years = _schedule_rows()
    text = _text(series_end_sentences(True, _ends(_frame(rows, Year=years), ("Year",)), WORDS))
    assert "where their Year's schedule ends (day N, N or N), not by dropping out" in text
    assert "N plot ends at none of these values" in text and "unrelated to the values" in text
    unnamed = _text(series_end_sentences(True, _ends(_frame(rows)), WORDS))
    assert "a few schedules that end at common values of day" in unnamed


def test_the_sentence_reads_design_values_and_no_one_drops_out() -> None:
    text = _text(series_end_sentences(True, _ends(_frame(JITTERED)), WORDS))
    assert "every series ends at the last one (day N to N); no plot drops out" in text
    assert "unrelated to the values" not in text
    # neither: the caller keeps its own sentence
    assert (
        series_end_sentences(True, _ends(_frame({f"s{i}": [0.0, 1.0, 2.0 + i] for i in range(10)})), WORDS)
        == []
    )
