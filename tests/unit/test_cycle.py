"""The harmonic (cycle) shape: its columns and names (reportgen.analysis.time_basis), when it is a
candidate, its phase rules (reportgen.analysis.cycle) and its words (reportgen.narrative.cycle):
flip the input, the numbers and words flip. R's fits are compared in
tests/crosscheck/test_harmonic_shape.py."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.cycle import peak_phase, summarise_cycle, trough_phase
from reportgen.analysis.headline import CURVE, CYCLE, rate_source
from reportgen.analysis.time_basis import (
    HARMONIC,
    candidates,
    harmonic_allowed,
    harmonic_terms,
    make_shape,
    relabel,
)
from reportgen.config import Labels
from reportgen.narrative.cycle import cycle_clear, cycle_sentence, cycle_verb
from reportgen.settings import as_period

LABELS = Labels("follicles", "", "Time", "", "Mare")


def test_harmonic_columns_are_sine_and_cosine_of_the_period_named_as_r_names_them() -> None:
    shape = make_shape(HARMONIC, np.array([0.0, 6.0, 12.0]), label="Hour", period=24.0)
    assert shape.names == ("sin(2 * pi * Hour/24)", "cos(2 * pi * Hour/24)")
    assert shape.term == "sin(2 * pi * Hour/24) + cos(2 * pi * Hour/24)"
    np.testing.assert_allclose(shape.columns(np.array([6.0, 12.0])), [[1.0, 0.0], [0.0, -1.0]], atol=1e-12)
    assert harmonic_terms("Time", 1.0) == ("sin(2 * pi * Time)", "cos(2 * pi * Time)")
    assert harmonic_terms("t", 0.5) == ("sin(2 * pi * t/0.5)", "cos(2 * pi * t/0.5)")
    with pytest.raises(ValueError, match="period"):
        make_shape(HARMONIC, np.array([0.0, 1.0]))


def test_relabel_renames_the_time_inside_the_harmonic_and_wide_splines() -> None:
    assert relabel("sin(2 * pi * time)", "Time") == "sin(2 * pi * Time)"
    assert relabel("cos(2 * pi * time/24)", "Hour") == "cos(2 * pi * Hour/24)"
    assert relabel("splines::ns(time, 10)3", "Time") == "splines::ns(Time, 10)3"


def test_the_harmonic_is_a_candidate_only_with_a_period_and_three_phases() -> None:
    time = np.linspace(0.0, 1.0, 9)
    assert HARMONIC not in candidates(time)  # no period is guessed
    assert HARMONIC in candidates(time, period=1.0)
    whole_periods = np.array([0.0, 1.0, 2.0, 0.0, 1.0, 2.0])  # one phase: sin and cos constant
    assert not harmonic_allowed(whole_periods, 1.0)
    assert HARMONIC not in candidates(whole_periods, period=1.0)
    assert harmonic_allowed(np.array([0.0, 1 / 3, 2 / 3]), 1.0)


@pytest.mark.parametrize(
    ("sine", "cosine", "peak"),
    [(1.0, 0.0, 0.25), (-1.0, 0.0, 0.75), (0.0, 1.0, 0.0), (0.0, -1.0, 0.5), (-3.2148, -0.8624, 0.70829)],
)
def test_the_peak_is_where_the_wave_is_highest(sine: float, cosine: float, peak: float) -> None:
    assert peak_phase(sine, cosine, 1.0) == pytest.approx(peak, abs=1e-4)
    grid = np.linspace(0.0, 1.0, 100001)[:-1]
    wave = sine * np.sin(2 * math.pi * grid) + cosine * np.cos(2 * math.pi * grid)
    assert grid[np.argmax(wave)] == pytest.approx(peak, abs=1e-4)
    assert grid[np.argmin(wave)] == pytest.approx(trough_phase(peak, 1.0), abs=1e-4)
    assert peak_phase(sine, cosine, 24.0) == pytest.approx(24 * peak, abs=1e-3)


def test_summarise_cycle_reads_amplitude_and_phase_off_a_fit() -> None:
    from reportgen.analysis.mixed import fit_model
    from reportgen.analysis.shape import shape_design

    rng = np.random.default_rng(21)
    time = np.tile(np.linspace(0.0, 2.0, 13), 8)
    group = np.repeat([f"g{i}" for i in range(8)], 13)
    level = np.repeat(rng.normal(0, 1, 8), 13)
    for amplitude, peak in ((4.0, 0.3), (1.5, 0.8)):  # flip the wave: the summary follows
        y = 10 + level + amplitude * np.cos(2 * math.pi * (time - peak)) + rng.normal(0, 0.3, time.size)
        frame = pd.DataFrame({"response": y, "time": time, "group": group})
        shape = make_shape(HARMONIC, time, period=1.0)
        fit = fit_model(frame, shape_design(frame, shape), random=1, covariance="unstructured", reml=True)
        cycle = summarise_cycle(fit, shape)
        assert cycle.amplitude.estimate == pytest.approx(amplitude, rel=0.05)
        assert cycle.amplitude.ci_low < amplitude < cycle.amplitude.ci_high
        assert cycle.peak_time == pytest.approx(peak, abs=0.02)
        assert cycle.trough_time == pytest.approx((peak + 0.5) % 1, abs=0.02)
        assert cycle.mean_level.estimate == pytest.approx(10, abs=1.0)


def test_a_cycles_headline_is_no_curve_rate() -> None:
    assert rate_source(True, cyclic=True) == CYCLE
    assert rate_source(True, cyclic=False) == CURVE


def test_cycle_words_flip_with_the_amplitudes_interval() -> None:
    assert cycle_clear(0.5) and not cycle_clear(-0.1)
    assert cycle_verb(True) == "goes through a clear cycle"
    assert cycle_verb(False).startswith("shows no clear cycle")
    clear = "".join(p for p in cycle_sentence(LABELS, True) if isinstance(p, str))
    unclear = "".join(p for p in cycle_sentence(LABELS, False) if isinstance(p, str))
    assert "its average follicles go through a clear cycle with a period of" in clear
    assert "shows no clear cycle" not in clear and "show no clear cycle" in unclear
    assert "highest at time" in clear and "rate" not in clear


def test_period_setting_is_a_positive_number() -> None:
    assert as_period("24") == 24.0 and as_period(1) == 1.0
    for bad in (0, -1, "x", True, float("inf")):
        with pytest.raises(ValueError, match="positive number"):
            as_period(bad)


def test_question_5s_note_points_at_the_cycle_not_at_a_rate() -> None:
    from reportgen.narrative.model_rules import narrow_interval_note

    cycle = narrow_interval_note("random_slope", "mare", curve=True, cycle=True)
    curve = narrow_interval_note("random_slope", "mare", curve=True)
    assert "amplitude and peak time" in cycle and "average rate and its interval" not in cycle
    assert "average rate and its interval" in curve and "amplitude" not in curve


def test_in_brief_leads_with_the_cycle() -> None:
    from reportgen.narrative.brief import in_brief

    (first,) = in_brief({"g_trend": [("Comparing shapes ...",), cycle_sentence(LABELS, True)]})
    assert str(first[0]).startswith("The model's average follicles go through a clear cycle")
    assert any(getattr(p, "path", ()) == ("trend", "curve", "cycle", "amplitude", "estimate") for p in first)


def test_the_emails_headline_rows_for_a_cycle_give_its_amplitude_not_a_rate() -> None:
    from reportgen.mail.compose import curve_findings

    def keys(source: str) -> list[str]:
        return [
            ".".join(p.path)
            for row in curve_findings(LABELS, source)
            for p in row.parts
            if not isinstance(p, str)
        ]

    assert [row.label for row in curve_findings(LABELS, "cycle")] == ["Cycle"]
    assert "trend.curve.cycle.amplitude.estimate" in keys("cycle") and "headline.slope" not in keys("cycle")
    assert "headline.slope" in keys("curve") and "trend.curve.cycle.amplitude.estimate" not in keys("curve")
