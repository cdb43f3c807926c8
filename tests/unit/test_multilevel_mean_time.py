"""A new clinic's range is read "at the mean month (2.3)", a mean of times in the report's
decimals, trailing zeros dropped, not "2.3033" (statistician N, session 7, item 6)."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.config import Labels
from reportgen.narrative.multilevel import multilevel_words
from reportgen.narrative.sentence import Num
from reportgen.numbers import format_number

FIT = SimpleNamespace(
    levels=("clinic", "patient"),
    shares={"clinic": SimpleNamespace(icc=0.165)},
    held_at={},
    n_groups={"clinic": 10},
    new_group_slope=None,
    report_shape="linear",
    shape="linear",
    within=(),
    simplified={},
    time="month",
    crossed=False,
)


def test_the_mean_month_is_written_as_a_mean_of_times() -> None:
    words = multilevel_words(FIT, Labels("score", "", "month", "", "patient"))  # type: ignore[arg-type]
    (mean,) = [p for s in words["g_levels"] for p in s if isinstance(p, Num) and p.path[-1] == "t_mean"]
    assert format_number(2.3033, mean.style, 2) == "2.3"
    assert format_number(435.0, mean.style, 2) == "435"
