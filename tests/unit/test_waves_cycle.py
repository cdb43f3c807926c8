"""A cycle only when the data can show one (reportgen.analysis.waves' ``regular_cycle``, issue 21's
sixth read): Soybean's residual means dip near days 20.5 and 29 and rise near 39 around its spline
(three seasons sampled on different days), which the report called "a wave, as a cycle makes"."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from reportgen.analysis.waves import Waves, residual_waves
from reportgen.narrative.further import _wave_sentence
from reportgen.narrative.sentence import Num
from reportgen.numbers import format_number

SOYBEAN = Waves(peaks=(39.0,), troughs=(20.5, 29.0), peak=39.0, trough=29.0)


def _waves(peaks: tuple[float, ...], troughs: tuple[float, ...]) -> Waves:
    return Waves(peaks, troughs, peaks[0] if peaks else None, troughs[0] if troughs else None)


def test_two_dips_in_a_row_and_a_rise_are_no_cycle() -> None:
    assert SOYBEAN.cyclic  # a trough and a peak both ...
    assert SOYBEAN.turns() == [(24.75, "trough"), (39.0, "peak")]  # ... but one dip, then one rise
    assert not SOYBEAN.regular_cycle


def test_alternating_evenly_spaced_turns_are_a_cycle_and_uneven_ones_are_not() -> None:
    assert _waves((0.25, 1.25), (0.75,)).regular_cycle  # peak, trough, peak: a whole period
    assert not _waves((0.25, 1.25), (0.4,)).regular_cycle  # gaps 0.15 and 0.85: no rhythm
    assert not _waves((0.25,), (0.75,)).regular_cycle  # half a period shows no cycle


def test_a_sine_around_the_fit_is_a_regular_cycle() -> None:
    """20 subjects at 25 times over 2.4 periods of a sine the fitted line misses."""
    rng = np.random.default_rng(3)
    time = np.tile(np.linspace(0.0, 2.4, 25), 20)
    line = 10 + 2 * time
    frame = pd.DataFrame(
        {"time": time, "response": line + 3 * np.sin(2 * np.pi * time) + rng.normal(0, 1, len(time))}
    )
    assert residual_waves(SimpleNamespace(fitted=line), frame).regular_cycle  # type: ignore[arg-type]


def _words(waves: Waves) -> tuple[str, list[Num]]:
    analysis = SimpleNamespace(
        residual_waves=waves,
        choice=SimpleNamespace(shape="spline4"),
        overview=SimpleNamespace(time_min=14.0, time_max=84.0),
    )
    (sentence,) = _wave_sentence(analysis, SimpleNamespace(time="Time"))  # type: ignore[arg-type]
    return "".join(p for p in sentence if isinstance(p, str)), [p for p in sentence if isinstance(p, Num)]


def test_the_words_flip_with_the_rhythm_and_times_print_as_the_data_do() -> None:
    uneven, numbers = _words(SOYBEAN)
    assert "cycle makes" not in uneven and "sine" not in uneven and "show no cycle" in uneven
    assert "without a regular rhythm" in uneven
    assert [".".join(n.path) for n in numbers] == [
        "residual_waves.troughs.0",
        "residual_waves.troughs.1",
        "residual_waves.peaks.0",
    ]
    # Whole days print whole ("29", not "29.00"); a bin's mean day keeps one more decimal.
    assert [format_number(v, n.style, 2) for v, n in zip((20.5, 29.0, 39.0), numbers, strict=True)] == [
        "20.5",
        "29",
        "39",
    ]
    even, numbers = _words(_waves((30.0, 70.0), (50.0,)))
    assert "a wave, as a cycle makes" in even and "sine and cosine" in even and "no cycle" not in even
    assert format_number(30.0, numbers[0].style, 2) == "30"
