"""Count words from counts (reportgen.narrative.counts): Rabbit's curve "misses the average at
several values of dose" rested on 2 of 6 residual means (seventh read)."""

from __future__ import annotations

from reportgen.narrative.axis import on_axis
from reportgen.narrative.counts import count_word, of_the
from reportgen.narrative.rules import diagnostic_problems


def test_counts_are_words_up_to_twelve() -> None:
    assert [count_word(n) for n in (0, 2, 6, 12)] == ["no", "two", "six", "twelve"]
    assert count_word(13) == "13"
    assert of_the(2, 6, "observed times") == "two of the six observed times"
    assert of_the(6, 6, "observed times") == "all six observed times"


def test_the_verdict_counts_the_times_a_curve_misses() -> None:
    def problems(missed: tuple[int, int, str] | None, **kind: bool) -> list[str]:
        flags = {"curve_misses": False, "line_misses": False} | kind
        return diagnostic_problems(
            heavy_tails=False, excess_outliers=False, spread="constant", curved=False, serial=False,
            missed=missed, **flags,
        )  # fmt: skip

    (rabbit,) = problems((2, 6, "observed times"), curve_misses=True)
    assert rabbit == "a fitted curve that misses the average at two of the six observed times"
    assert "several" not in rabbit
    assert on_axis(rabbit, "dose").endswith("at two of the six observed values of dose")
    (line,) = problems((5, 6, "observed times"), line_misses=True)
    assert line == "a straight trend that misses the average at five of the six observed times"
    (binned,) = problems((7, 12, "groups of neighbouring times"), curve_misses=True)
    assert binned.endswith("at seven of the twelve groups of neighbouring times")  # Soybean: 25 times
