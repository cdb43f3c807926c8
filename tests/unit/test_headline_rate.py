"""A cycle's headline has no rate (``reportgen/headline_rate.py``; statistician S 5, Ovary
``--period 1``: headline.slope -4.176 was the average rate the text says a cycle has not)."""

from __future__ import annotations

from reportgen.config import Labels
from reportgen.headline_rate import RATE_KEYS, headline_rate
from reportgen.mail.compose import SUBJECT, default_subject

RATE = {"slope": -4.176, "slope_se": 0.341, "slope_t": -12.2, "slope_p": 5e-28}
RATE |= {"slope_ci_low": -4.85, "slope_ci_high": -3.51, "slope_df": 250.0}


def test_a_cycle_writes_every_rate_key_as_null() -> None:
    assert headline_rate("cycle", RATE) == dict.fromkeys(RATE_KEYS)
    assert set(RATE_KEYS) == set(RATE)


def test_a_line_or_a_curve_keeps_its_rate() -> None:
    assert headline_rate("line", RATE) == RATE
    assert headline_rate("curve", RATE) == RATE


def test_a_cycles_default_subject_gives_its_amplitude_not_a_slope() -> None:
    cycle = {"amplitude": {"estimate": 3.3312}, "period": 1.0}
    results = {
        "family": {"name": "gaussian"},
        "headline": {"slope_source": "cycle", "slope": None},
        "trend": {"curve": {"cycle": cycle}},
    }
    labels = Labels("follicles", "", "Time", "", "Mare")
    assert default_subject(results, labels, 2) == "{title}, cycle amplitude 3.33"
    line = {"family": {"name": "gaussian"}, "headline": {"slope_source": "line", "slope": 1.0}}
    assert default_subject(line, labels, 2) == SUBJECT
